#include "gemba/store/postgres/placeholders.h"

#include <cctype>

namespace gemba::store::postgres {
namespace {

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Index just past a quoted run that starts at `i` (on the opening quote). `backslash` also lets
// a backslash escape the next character (E'…' strings).
std::size_t skip_quoted(std::string_view s, std::size_t i, char quote, bool backslash) {
  for (++i; i < s.size(); ++i) {
    if (backslash && s[i] == '\\') {
      ++i;
    } else if (s[i] == quote) {
      if (i + 1 < s.size() && s[i + 1] == quote) {
        ++i;  // doubled quote: an escaped quote, still inside
      } else {
        return i + 1;
      }
    }
  }
  return s.size();
}

std::size_t skip_block_comment(std::string_view s, std::size_t i) {
  int depth = 0;
  while (i < s.size()) {
    if (s.compare(i, 2, "/*") == 0) {
      ++depth;
      i += 2;
    } else if (s.compare(i, 2, "*/") == 0) {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return s.size();
}

// If a dollar quote opens at `i` ($$ or $tag$, tag not starting with a digit), the index just
// past its closing delimiter; otherwise `i` (e.g. "$1" is a parameter, not a quote).
std::size_t skip_dollar_quoted(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) return i;
  while (j < s.size() && is_ident_char(s[j]) && s[j] != '$') ++j;
  if (j >= s.size() || s[j] != '$') return i;
  const std::string_view tag = s.substr(i, j - i + 1);
  const std::size_t close = s.find(tag, j + 1);
  return close == std::string_view::npos ? s.size() : close + tag.size();
}

}  // namespace

NumberedSql number_placeholders(std::string_view s) {
  NumberedSql out;
  out.sql.reserve(s.size() + 8);
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    std::size_t end = i;
    if (c == '\'') {
      const bool escape_string =
          i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') && (i < 2 || !is_ident_char(s[i - 2]));
      end = skip_quoted(s, i, '\'', escape_string);
    } else if (c == '"') {
      end = skip_quoted(s, i, '"', false);
    } else if (c == '-' && s.compare(i, 2, "--") == 0) {
      end = s.find('\n', i);
      if (end == std::string_view::npos) end = s.size();
    } else if (c == '/' && s.compare(i, 2, "/*") == 0) {
      end = skip_block_comment(s, i);
    } else if (c == '$' && (i == 0 || !is_ident_char(s[i - 1]))) {
      end = skip_dollar_quoted(s, i);
    } else if (c == '?') {
      out.sql += '$';
      out.sql += std::to_string(++out.placeholders);
      ++i;
      continue;
    }
    if (end > i) {
      out.sql.append(s.substr(i, end - i));
      i = end;
    } else {
      out.sql += c;
      ++i;
    }
  }
  return out;
}

}  // namespace gemba::store::postgres
