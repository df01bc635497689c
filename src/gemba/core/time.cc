#include "gemba/core/time.h"

#include <charconv>
#include <cstdio>

namespace gemba {
namespace {

using namespace std::chrono;

bool read_digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

Error bad_time(std::string_view s, std::string_view why) {
  return Error::invalid_argument("'" + std::string(s.substr(0, 64)) +
                                 "' is not an RFC 3339 time: " + std::string(why));
}

}  // namespace

std::string format_rfc3339(Timestamp t) {
  const auto day = floor<days>(t);
  const year_month_day ymd(day);
  const hh_mm_ss hms(t - day);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()),
                static_cast<long long>(hms.subseconds().count()));
  return buf;
}

Result<Timestamp> parse_rfc3339(std::string_view s) {
  int Y, M, D, h, m, sec;
  if (s.size() < 20 || !read_digits(s, 0, 4, Y) || s[4] != '-' || !read_digits(s, 5, 2, M) ||
      s[7] != '-' || !read_digits(s, 8, 2, D) || (s[10] != 'T' && s[10] != 't') ||
      !read_digits(s, 11, 2, h) || s[13] != ':' || !read_digits(s, 14, 2, m) || s[16] != ':' ||
      !read_digits(s, 17, 2, sec)) {
    return bad_time(s, "expected YYYY-MM-DDTHH:MM:SS followed by a zone");
  }
  const year_month_day ymd{year(Y), month(unsigned(M)), day(unsigned(D))};
  if (!ymd.ok()) return bad_time(s, "no such date");
  if (h > 23 || m > 59 || sec > 59) return bad_time(s, "no such time of day");
  size_t pos = 19;
  long long micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    const size_t n = pos - start;
    if (n == 0 || n > 9) return bad_time(s, "a fraction needs 1 to 9 digits");
    for (size_t i = 0; i < 6; ++i) micros = micros * 10 + (i < n ? s[start + i] - '0' : 0);
  }
  if (pos >= s.size()) return bad_time(s, "missing zone (Z or ±HH:MM)");
  int offset_minutes = 0;
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
  } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
    int oh, om;
    if (!read_digits(s, pos + 1, 2, oh) || !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return bad_time(s, "bad zone offset");
    offset_minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
  } else {
    return bad_time(s, "bad zone (Z or ±HH:MM)");
  }
  Timestamp t = time_point_cast<microseconds>(sys_days(ymd)) + hours(h) + minutes(m) +
                seconds(sec) + microseconds(micros) - minutes(offset_minutes);
  return t;
}

std::string format_iso8601_duration(Duration d) {
  long long us = d.count();
  std::string out = us < 0 ? "-P" : "P";
  if (us < 0) us = -us;
  const long long day_us = 86400LL * 1000000;
  if (us >= day_us) {
    out += std::to_string(us / day_us) + "D";
    us %= day_us;
  }
  if (us == 0) return out == "P" || out == "-P" ? "PT0S" : out;
  out += "T";
  if (us >= 3600LL * 1000000) {
    out += std::to_string(us / (3600LL * 1000000)) + "H";
    us %= 3600LL * 1000000;
  }
  if (us >= 60LL * 1000000) {
    out += std::to_string(us / (60LL * 1000000)) + "M";
    us %= 60LL * 1000000;
  }
  if (us > 0) {
    out += std::to_string(us / 1000000);
    if (us % 1000000) {
      char frac[8];
      std::snprintf(frac, sizeof frac, ".%06lld", us % 1000000);
      std::string f = frac;
      while (f.back() == '0') f.pop_back();
      out += f;
    }
    out += "S";
  }
  return out;
}

Result<Duration> parse_iso8601_duration(std::string_view s) {
  auto bad = [&](std::string_view why) {
    return Error::invalid_argument(
        "'" + std::string(s.substr(0, 64)) +
        "' is not an ISO 8601 duration (e.g. PT30M): " + std::string(why));
  };
  size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && s[pos] == '-') {
    negative = true;
    ++pos;
  }
  if (pos >= s.size() || s[pos] != 'P') return bad("must start with P");
  ++pos;
  bool in_time = false, any = false;
  long long total = 0;
  const long long kMax = 100LL * 365 * 86400 * 1000000;  // a century is plenty
  while (pos < s.size()) {
    if (s[pos] == 'T') {
      if (in_time) return bad("T appears twice");
      in_time = true;
      ++pos;
      continue;
    }
    size_t start = pos;
    while (pos < s.size() && ((s[pos] >= '0' && s[pos] <= '9') || s[pos] == '.')) ++pos;
    if (start == pos || pos >= s.size()) return bad("expected a number followed by a unit");
    double v = 0;
    auto [p, ec] = std::from_chars(s.data() + start, s.data() + pos, v);
    if (ec != std::errc() || p != s.data() + pos) return bad("bad number");
    long long unit_us = 0;
    switch (s[pos]) {
      case 'D':
        if (in_time) return bad("D belongs before T");
        unit_us = 86400LL * 1000000;
        break;
      case 'W':
        if (in_time) return bad("W belongs before T");
        unit_us = 7 * 86400LL * 1000000;
        break;
      case 'H':
        if (!in_time) return bad("H belongs after T");
        unit_us = 3600LL * 1000000;
        break;
      case 'M':
        if (!in_time) return bad("months are not supported; use days");
        unit_us = 60LL * 1000000;
        break;
      case 'S':
        if (!in_time) return bad("S belongs after T");
        unit_us = 1000000;
        break;
      default: return bad("unknown unit");
    }
    ++pos;
    const double add = v * double(unit_us);
    if (add > double(kMax) || double(total) + add > double(kMax)) return bad("too long");
    total += static_cast<long long>(add);
    any = true;
  }
  if (!any) return bad("no value");
  return Duration(negative ? -total : total);
}

}  // namespace gemba
