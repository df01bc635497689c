// Persistence JSON of batch headers, step runs and exceptions (batch_json.h).

#include "gemba/batch/model/batch_json.h"

#include <cmath>
#include <limits>

#include "gemba/core/time.h"

namespace gemba::batch {
namespace {

namespace json = boost::json;

// ---- Writing ----

void put_string(json::object& o, std::string_view key, const std::string& s) {
  if (!s.empty()) o[key] = s;
}
void put_time(json::object& o, std::string_view key, const std::optional<Timestamp>& t) {
  if (t) o[key] = format_rfc3339(*t);
}
void put_values(json::object& o, std::string_view key, const recipe::ExpressionValues& values) {
  if (values.empty()) return;
  json::object v;
  for (const auto& [name, number] : values) v[name] = number;
  o[key] = std::move(v);
}
template <typename T, typename F>
void put_array(json::object& o, std::string_view key, const std::vector<T>& items, F to_json) {
  if (items.empty()) return;
  json::array a;
  a.reserve(items.size());
  for (const auto& item : items) a.push_back(to_json(item));
  o[key] = std::move(a);
}

json::object value_to_json(const Value& v) {
  json::object o;
  if (v.number) o["number"] = *v.number;
  put_string(o, "unit", v.unit);
  if (v.text) o["text"] = *v.text;
  if (v.boolean) o["boolean"] = *v.boolean;
  put_time(o, "time", v.time);
  put_string(o, "lot", v.lot);
  if (v.entered_number) o["entered_number"] = *v.entered_number;
  put_string(o, "entered_unit", v.entered_unit);
  put_string(o, "tag", v.tag);
  put_time(o, "tag_time", v.tag_time);
  if (v.tag_quality) o["tag_quality"] = tag_quality_name(*v.tag_quality);
  return o;
}

json::object correction_to_json(const Correction& c) {
  json::object o;
  o["previous"] = entry_to_json(c.previous);
  put_string(o, "reason", c.reason);
  o["corrected_by"] = person_to_json(c.corrected_by);
  o["corrected_at"] = format_rfc3339(c.corrected_at);
  if (c.signature) o["signature"] = signature_to_json(*c.signature);
  return o;
}

json::object comment_to_json(const Comment& c) {
  json::object o;
  put_string(o, "id", c.id);
  put_string(o, "text", c.text);
  o["author"] = person_to_json(c.author);
  o["at"] = format_rfc3339(c.at);
  if (c.flagged) o["flagged"] = true;
  return o;
}

// ---- Reading: the first problem wins, located by its path ----

class Reader {
 public:
  Reader(const json::value& v, std::string path, std::optional<Error>& error)
      : path_(std::move(path)), error_(error) {
    object_ = v.if_object();
    if (!object_) fail("", "expected an object");
  }

  bool failed() const { return error_.has_value(); }

  const json::value* raw(std::string_view key) const {
    if (!object_ || failed()) return nullptr;
    return object_->if_contains(key);
  }
  std::string path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  void fail(std::string_view key, std::string_view why) {
    if (failed()) return;
    const std::string field = key.empty() ? path_ : path(key);
    error_ = Error::invalid_argument((field.empty() ? "" : field + ": ") + std::string(why),
                                     {{"field", field}});
  }

  std::string string(std::string_view key, bool required = false) {
    const json::value* v = raw(key);
    if (!v) {
      if (required) fail(key, "is required");
      return {};
    }
    if (!v->is_string()) {
      fail(key, "expected a string");
      return {};
    }
    return std::string(v->get_string());
  }
  std::optional<std::string> optional_string(std::string_view key) {
    if (!raw(key)) return std::nullopt;
    return string(key);
  }
  std::optional<double> number(std::string_view key) {
    const json::value* v = raw(key);
    if (!v) return std::nullopt;
    if (v->is_double()) return v->get_double();
    if (v->is_int64()) return static_cast<double>(v->get_int64());
    if (v->is_uint64()) return static_cast<double>(v->get_uint64());
    fail(key, "expected a number");
    return std::nullopt;
  }
  std::optional<std::int64_t> integer(std::string_view key) {
    const json::value* v = raw(key);
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() &&
        v->get_uint64() <= std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
      return static_cast<std::int64_t>(v->get_uint64());
    }
    if (v->is_double() && std::trunc(v->get_double()) == v->get_double() &&
        std::fabs(v->get_double()) < 9e15) {
      return static_cast<std::int64_t>(v->get_double());
    }
    fail(key, "expected an integer");
    return std::nullopt;
  }
  int small_int(std::string_view key, int fallback) {
    const auto v = integer(key);
    if (!v) return fallback;
    if (*v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
      fail(key, "is out of range");
      return fallback;
    }
    return static_cast<int>(*v);
  }
  std::optional<bool> boolean(std::string_view key) {
    const json::value* v = raw(key);
    if (!v) return std::nullopt;
    if (!v->is_bool()) {
      fail(key, "expected true or false");
      return std::nullopt;
    }
    return v->get_bool();
  }
  std::optional<Timestamp> time(std::string_view key, bool required = false) {
    const json::value* v = raw(key);
    if (!v) {
      if (required) fail(key, "is required");
      return std::nullopt;
    }
    if (!v->is_string()) {
      fail(key, "expected an RFC 3339 time");
      return std::nullopt;
    }
    auto t = parse_rfc3339(std::string_view(v->get_string()));
    if (!t.ok()) {
      fail(key, t.error().message);
      return std::nullopt;
    }
    return *t;
  }
  Timestamp required_time(std::string_view key) { return time(key, true).value_or(Timestamp{}); }

  template <typename E>
  std::optional<E> name(std::string_view key, std::optional<E> (*parse)(std::string_view),
                        bool required) {
    const std::string s = string(key, required);
    if (s.empty()) return std::nullopt;
    auto e = parse(s);
    if (!e) fail(key, "unknown value \"" + s + "\"");
    return e;
  }

  recipe::ExpressionValues values(std::string_view key) {
    recipe::ExpressionValues out;
    const json::value* v = raw(key);
    if (!v) return out;
    Reader r(*v, path(key), error_);
    if (r.failed()) return out;
    for (const auto& kv : *r.object_) {
      if (auto n = r.number(kv.key())) out[std::string(kv.key())] = *n;
    }
    return out;
  }

  // Reads the object at `key` with `read` (absent: nullopt).
  template <typename T, typename F>
  std::optional<T> object(std::string_view key, F read) {
    const json::value* v = raw(key);
    if (!v) return std::nullopt;
    Reader r(*v, path(key), error_);
    if (r.failed()) return std::nullopt;
    return read(r);
  }
  template <typename T, typename F>
  std::vector<T> array(std::string_view key, F read) {
    std::vector<T> out;
    const json::value* v = raw(key);
    if (!v) return out;
    if (!v->is_array()) {
      fail(key, "expected an array");
      return out;
    }
    const auto& a = v->get_array();
    for (std::size_t i = 0; i < a.size() && !failed(); ++i) {
      Reader r(a[i], path(key) + "[" + std::to_string(i) + "]", error_);
      if (r.failed()) break;
      out.push_back(read(r));
    }
    return out;
  }

 private:
  const json::object* object_ = nullptr;
  std::string path_;
  std::optional<Error>& error_;
};

Person read_person(Reader& r) { return {r.string("user_id"), r.string("printed_name")}; }

SignatureRef read_signature(Reader& r) {
  SignatureRef s;
  s.signature_id = r.string("signature_id", true);
  s.user_id = r.string("user_id");
  s.printed_name = r.string("printed_name");
  s.meaning = r.string("meaning", true);
  s.signed_at = r.required_time("signed_at");
  return s;
}

Value read_value(Reader& r) {
  Value v;
  v.number = r.number("number");
  v.unit = r.string("unit");
  v.text = r.optional_string("text");
  v.boolean = r.boolean("boolean");
  v.time = r.time("time");
  v.lot = r.string("lot");
  v.entered_number = r.number("entered_number");
  v.entered_unit = r.string("entered_unit");
  v.tag = r.string("tag");
  v.tag_time = r.time("tag_time");
  v.tag_quality = r.name<TagQuality>("tag_quality", parse_tag_quality, false);
  return v;
}

Entry read_entry(Reader& r) {
  Entry e;
  e.value = r.object<Value>("value", read_value).value_or(Value{});
  e.source = r.name<ValueSource>("source", parse_value_source, true).value_or(ValueSource::kManual);
  e.performer = r.object<Person>("performer", read_person).value_or(Person{});
  e.recorded_at = r.required_time("recorded_at");
  e.comment = r.string("comment");
  e.signature = r.object<SignatureRef>("signature", read_signature);
  return e;
}

Correction read_correction(Reader& r) {
  Correction c;
  c.previous = r.object<Entry>("previous", read_entry).value_or(Entry{});
  c.reason = r.string("reason");
  c.corrected_by = r.object<Person>("corrected_by", read_person).value_or(Person{});
  c.corrected_at = r.required_time("corrected_at");
  c.signature = r.object<SignatureRef>("signature", read_signature);
  return c;
}

Comment read_comment(Reader& r) {
  Comment c;
  c.id = r.string("id");
  c.text = r.string("text");
  c.author = r.object<Person>("author", read_person).value_or(Person{});
  c.at = r.required_time("at");
  c.flagged = r.boolean("flagged").value_or(false);
  return c;
}

Disposition read_disposition(Reader& r) {
  Disposition d;
  d.outcome = r.name<DispositionOutcome>("outcome", parse_disposition_outcome, true)
                  .value_or(DispositionOutcome::kAccepted);
  d.comment = r.string("comment");
  d.deviation_ref = r.string("deviation_ref");
  d.by = r.object<Person>("by", read_person).value_or(Person{});
  d.at = r.required_time("at");
  d.signature = r.object<SignatureRef>("signature", read_signature);
  return d;
}

recipe::Quantity read_quantity(Reader& r) {
  return {r.number("value").value_or(0), r.string("unit")};
}

template <typename T, typename F>
Result<T> read_top(const json::value& v, F read) {
  std::optional<Error> error;
  Reader r(v, "", error);
  T out{};
  if (!r.failed()) out = read(r);
  if (error) return std::move(*error);
  return out;
}

}  // namespace

json::object person_to_json(const Person& p) {
  return {{"user_id", p.user_id}, {"printed_name", p.printed_name}};
}

json::object signature_to_json(const SignatureRef& s) {
  json::object o;
  o["signature_id"] = s.signature_id;
  o["printed_name"] = s.printed_name;
  o["user_id"] = s.user_id;
  o["meaning"] = s.meaning;
  o["signed_at"] = format_rfc3339(s.signed_at);
  return o;
}

json::object entry_to_json(const Entry& e) {
  json::object o;
  o["value"] = value_to_json(e.value);
  o["source"] = value_source_name(e.source);
  o["performer"] = person_to_json(e.performer);
  o["recorded_at"] = format_rfc3339(e.recorded_at);
  put_string(o, "comment", e.comment);
  if (e.signature) o["signature"] = signature_to_json(*e.signature);
  return o;
}

json::object header_to_json(const BatchHeader& h) {
  json::object o;
  o["id"] = h.id;
  o["number"] = h.number;
  o["state"] = batch_state_name(h.state);
  o["version"] = h.version;
  put_string(o, "product_code", h.product_code);
  put_string(o, "product_name", h.product_name);
  put_string(o, "site", h.site);
  o["recipe_id"] = h.recipe_id;
  o["recipe_version"] = h.recipe_version;
  put_string(o, "recipe_content_sha256", h.recipe_content_sha256);
  o["batch_size"] = json::object{{"value", h.batch_size.value}, {"unit", h.batch_size.unit}};
  put_time(o, "planned_start", h.planned_start);
  o["created_at"] = format_rfc3339(h.created_at);
  o["created_by"] = person_to_json(h.created_by);
  put_time(o, "started_at", h.started_at);
  put_time(o, "completed_at", h.completed_at);
  put_time(o, "review_started_at", h.review_started_at);
  put_time(o, "closed_at", h.closed_at);
  put_string(o, "hold_reason", h.hold_reason);
  put_string(o, "abort_reason", h.abort_reason);
  put_string(o, "reject_reason", h.reject_reason);
  put_array(o, "signatures", h.signatures, signature_to_json);
  return o;
}

Result<BatchHeader> header_from_json(const json::value& v) {
  return read_top<BatchHeader>(v, [](Reader& r) {
    BatchHeader h;
    h.id = r.string("id", true);
    h.number = r.string("number");
    h.recipe_id = r.string("recipe_id");
    h.recipe_version = r.small_int("recipe_version", 0);
    h.recipe_content_sha256 = r.string("recipe_content_sha256");
    h.product_code = r.string("product_code");
    h.product_name = r.string("product_name");
    h.site = r.string("site");
    h.batch_size =
        r.object<recipe::Quantity>("batch_size", read_quantity).value_or(recipe::Quantity{});
    h.planned_start = r.time("planned_start");
    h.state = r.name<BatchState>("state", parse_batch_state, true).value_or(BatchState::kCreated);
    h.version = r.integer("version").value_or(1);
    h.created_by = r.object<Person>("created_by", read_person).value_or(Person{});
    h.created_at = r.required_time("created_at");
    h.started_at = r.time("started_at");
    h.completed_at = r.time("completed_at");
    h.review_started_at = r.time("review_started_at");
    h.closed_at = r.time("closed_at");
    h.hold_reason = r.string("hold_reason");
    h.abort_reason = r.string("abort_reason");
    h.reject_reason = r.string("reject_reason");
    h.signatures = r.array<SignatureRef>("signatures", read_signature);
    return h;
  });
}

json::object step_run_to_json(const StepRun& r) {
  json::object o;
  o.reserve(12);  // a done run's members: one allocation instead of growing
  o["key"] = r.key;
  o["occurrence"] = r.occurrence;
  o["state"] = step_state_name(r.state);
  o["version"] = r.version;
  put_time(o, "due_at", r.due_at);
  put_time(o, "not_before", r.not_before);
  put_time(o, "ready_at", r.ready_at);
  put_time(o, "done_at", r.done_at);
  if (r.entry) o["entry"] = entry_to_json(*r.entry);
  put_array(o, "corrections", r.corrections, correction_to_json);
  if (r.witness) o["witness"] = signature_to_json(*r.witness);
  if (r.witnessed_by) o["witnessed_by"] = person_to_json(*r.witnessed_by);
  put_time(o, "witnessed_at", r.witnessed_at);
  put_string(o, "not_applicable_reason", r.not_applicable_reason);
  put_values(o, "decided_by", r.decided_by);
  put_string(o, "blocked_reason", r.blocked_reason);
  put_array(o, "comments", r.comments, comment_to_json);
  return o;
}

Result<StepRun> step_run_from_json(const json::value& v) {
  return read_top<StepRun>(v, [](Reader& r) {
    StepRun run;
    run.key = r.string("key", true);
    run.occurrence = r.small_int("occurrence", 1);
    run.state = r.name<StepState>("state", parse_step_state, true).value_or(StepState::kPending);
    run.version = r.integer("version").value_or(1);
    run.due_at = r.time("due_at");
    run.not_before = r.time("not_before");
    run.ready_at = r.time("ready_at");
    run.done_at = r.time("done_at");
    run.entry = r.object<Entry>("entry", read_entry);
    run.corrections = r.array<Correction>("corrections", read_correction);
    run.witness = r.object<SignatureRef>("witness", read_signature);
    run.witnessed_by = r.object<Person>("witnessed_by", read_person);
    run.witnessed_at = r.time("witnessed_at");
    run.not_applicable_reason = r.string("not_applicable_reason");
    run.decided_by = r.values("decided_by");
    run.blocked_reason = r.string("blocked_reason");
    run.comments = r.array<Comment>("comments", read_comment);
    return run;
  });
}

json::object exception_to_json(const BatchException& e) {
  json::object o;
  o["id"] = e.id;
  o["kind"] = exception_kind_name(e.kind);
  o["severity"] = severity_name(e.severity);
  put_string(o, "step_key", e.step_key);
  if (e.occurrence != 0) o["occurrence"] = e.occurrence;
  o["message"] = e.message;
  put_values(o, "values", e.values);
  o["raised_by"] = person_to_json(e.raised_by);
  o["raised_at"] = format_rfc3339(e.raised_at);
  if (e.disposition) {
    const Disposition& d = *e.disposition;
    json::object disp;
    disp["outcome"] = disposition_outcome_name(d.outcome);
    put_string(disp, "comment", d.comment);
    put_string(disp, "deviation_ref", d.deviation_ref);
    disp["by"] = person_to_json(d.by);
    disp["at"] = format_rfc3339(d.at);
    if (d.signature) disp["signature"] = signature_to_json(*d.signature);
    o["disposition"] = std::move(disp);
  }
  return o;
}

Result<BatchException> exception_from_json(const json::value& v) {
  return read_top<BatchException>(v, [](Reader& r) {
    BatchException e;
    e.id = r.string("id", true);
    e.kind = r.name<ExceptionKind>("kind", parse_exception_kind, true)
                 .value_or(ExceptionKind::kAlarmExcursion);
    e.severity = r.name<Severity>("severity", parse_severity, true).value_or(Severity::kMinor);
    e.step_key = r.string("step_key");
    e.occurrence = r.small_int("occurrence", 0);
    e.message = r.string("message");
    e.values = r.values("values");
    e.raised_by = r.object<Person>("raised_by", read_person).value_or(Person{});
    e.raised_at = r.required_time("raised_at");
    e.disposition = r.object<Disposition>("disposition", read_disposition);
    return e;
  });
}

}  // namespace gemba::batch
