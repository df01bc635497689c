#include "gemba/batch/request_body.h"

#include <cmath>

#include "gemba/core/time.h"
#include "gemba/trust/views.h"

namespace gemba::batch {
namespace {

namespace json = boost::json;
namespace views = trust::views;

constexpr std::size_t kMaxPassword = 1024;
constexpr std::size_t kMaxText = 100'000;

Error field_error(std::string field, std::string message) {
  return Error::invalid_argument(std::move(message), {{"field", std::move(field)}});
}

}  // namespace

Result<std::optional<std::int64_t>> parse_int(const json::object& o, std::string_view key,
                                              std::int64_t min, std::int64_t max) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::int64_t>();
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(max)) {
    n = static_cast<std::int64_t>(v->as_uint64());
  } else {
    return field_error(std::string(key), std::string(key) + " must be a whole number");
  }
  if (n < min || n > max) {
    return field_error(std::string(key), std::string(key) + " must be from " + std::to_string(min) +
                                             " to " + std::to_string(max));
  }
  return std::optional<std::int64_t>(n);
}

// {"signature": {"username"?, "password", "comment"?}}; absent = no signature.
Result<std::optional<SignatureInput>> parse_signature(const json::object& o) {
  const auto* v = o.if_contains("signature");
  if (!v || v->is_null()) return std::optional<SignatureInput>();
  if (!v->is_object()) {
    return field_error("signature",
                       "signature must be an object: {\"username\"?, \"password\", \"comment\"?}");
  }
  const json::object& s = v->as_object();
  for (const auto& kv : s) {
    if (kv.key() != "username" && kv.key() != "password" && kv.key() != "comment" &&
        kv.key() != "meaning") {
      return field_error("signature." + std::string(kv.key().substr(0, 64)),
                         "signature." + std::string(kv.key().substr(0, 64)) +
                             " is not a field here; the fields are: username, password, comment");
    }
  }
  SignatureInput out;
  GEMBA_TRY(username, views::opt_string(s, "username", 1024));
  GEMBA_TRY(password, views::opt_string(s, "password", kMaxPassword));
  GEMBA_TRY(comment, views::opt_string(s, "comment", 8192));
  out.username = std::move(username);
  out.password = password.value_or("");
  out.comment = comment.value_or("");
  return std::optional<SignatureInput>(std::move(out));
}

Result<SignatureInput> parse_required_signature(const json::object& o, std::string_view what) {
  GEMBA_TRY(s, parse_signature(o));
  if (!s) {
    return field_error("signature",
                       std::string(what) + " is signed: add \"signature\": {\"password\": …}");
  }
  return std::move(*s);
}

// The value members of a complete/correct body.
Result<ValueInput> parse_value(const json::object& o) {
  ValueInput in;
  if (const auto* v = o.if_contains("value"); v && !v->is_null()) {
    if (v->is_bool()) {
      in.boolean = v->as_bool();
    } else if (v->is_number()) {
      const double d = v->to_number<double>();
      if (!std::isfinite(d)) return field_error("value", "value must be a finite number");
      in.number = d;
    } else if (v->is_string()) {
      if (v->as_string().size() > kMaxText) {
        return field_error("value", "value is too long (at most 100000 bytes)");
      }
      in.text = std::string(v->as_string());
    } else {
      return field_error("value", "value must be a number, a string or true/false");
    }
  }
  GEMBA_TRY(unit, views::opt_string(o, "unit", 32));
  in.unit = unit.value_or("");
  GEMBA_TRY(time, views::opt_string(o, "time", 64));
  if (time) {
    auto t = parse_rfc3339(*time);
    if (!t.ok()) return field_error("time", "time must be an RFC 3339 time: " + t.error().message);
    in.time = *t;
  }
  GEMBA_TRY(lot, views::opt_string(o, "lot", 200));
  in.lot = lot.value_or("");
  GEMBA_TRY(source, views::opt_string(o, "source", 32));
  if (source) {
    auto s = parse_value_source(*source);
    if (!s || (*s != ValueSource::kManual && *s != ValueSource::kScanned)) {
      return field_error("source", "source must be \"manual\" or \"scanned\"");
    }
    in.source = *s;
  }
  return in;
}

Result<CompleteBody> parse_complete_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(
      views::only_fields(o, {"value", "unit", "time", "lot", "source", "occurrence", "version",
                             "comment", "manual_override", "signature"}));
  CompleteBody out;
  GEMBA_TRY(value, parse_value(o));
  out.value = std::move(value);
  GEMBA_TRY(occ, parse_int(o, "occurrence", 1, 1'000'000));
  if (occ) out.occurrence = static_cast<int>(*occ);
  GEMBA_TRY(version, parse_int(o, "version", 1, INT64_MAX));
  out.version = version;
  GEMBA_TRY(comment, views::opt_string(o, "comment", kMaxText));
  out.comment = comment.value_or("");
  GEMBA_TRY(override_flag, views::opt_bool(o, "manual_override"));
  out.manual_override = override_flag.value_or(false);
  GEMBA_TRY(sig, parse_signature(o));
  out.signature = std::move(sig);
  return out;
}

Result<CorrectBody> parse_correct_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"value", "unit", "time", "lot", "source",
                                               "occurrence", "version", "reason", "signature"}));
  CorrectBody out;
  GEMBA_TRY(value, parse_value(o));
  out.value = std::move(value);
  GEMBA_TRY(occ, parse_int(o, "occurrence", 1, 1'000'000));
  if (occ) out.occurrence = static_cast<int>(*occ);
  GEMBA_TRY(version, parse_int(o, "version", 1, INT64_MAX));
  out.version = version;
  GEMBA_TRY(reason, views::opt_string(o, "reason", 4000));
  out.reason = reason.value_or("");
  GEMBA_TRY(sig, parse_required_signature(o, "correcting a value"));
  out.signature = std::move(sig);
  return out;
}

Result<DispositionBody> parse_disposition_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(
      views::only_fields(o, {"outcome", "comment", "deviation_ref", "signature"}));
  DispositionBody out;
  GEMBA_TRY(outcome_name, views::req_string(o, "outcome", 32));
  auto outcome = parse_disposition_outcome(outcome_name);
  if (!outcome) return field_error("outcome", "outcome must be \"accepted\" or \"escalated\"");
  out.outcome = *outcome;
  GEMBA_TRY(comment, views::opt_string(o, "comment", 4000));
  out.comment = comment.value_or("");
  GEMBA_TRY(deviation, views::opt_string(o, "deviation_ref", 100));
  out.deviation_ref = deviation.value_or("");
  GEMBA_TRY(sig, parse_required_signature(o, "a disposition"));
  out.signature = std::move(sig);
  return out;
}

}  // namespace gemba::batch
