#include "gemba/batch/pdf/record_pdf.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <new>
#include <vector>

#include "gemba/batch/pdf/pdf_document.h"
#include "gemba/batch/pdf/record_text.h"
#include "gemba/batch/pdf/winansi.h"
#include "gemba/core/json.h"
#include "gemba/core/time.h"

namespace gemba::batch {
namespace {

namespace json = boost::json;
using pdf::FontStyle;
using pdf::PdfDocument;
using pdf::Span;
using pdf::Spans;

constexpr float kBodySize = 9;
constexpr float kDetailSize = 8.5f;
constexpr float kStepIndent = 0;
constexpr float kRunIndent = 12;
constexpr float kRunDetailIndent = 24;
constexpr std::string_view kDash = " \u2014 ";

Span regular(std::string_view utf8) { return {pdf::utf8_to_winansi(utf8), FontStyle::kRegular}; }
Span bold(std::string_view utf8) { return {pdf::utf8_to_winansi(utf8), FontStyle::kBold}; }
Span struck(std::string_view utf8) {
  return {pdf::utf8_to_winansi(utf8), FontStyle::kRegular, true};
}

std::string joined(std::initializer_list<std::string> parts, std::string_view separator) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

// Lays the record out on `doc`, section by section. Borrows both; lives for one render.
class RecordLayout {
 public:
  RecordLayout(PdfDocument& doc, const json::object& record) : doc_(doc), record_(record) {}

  void header();
  void formula();
  void execution();
  void exceptions();
  void signatures();

 private:
  void section_heading(std::string_view title);
  void heading(std::string_view title, float size, float space_before);
  void line(Spans spans, float indent, float size = kBodySize, float keep_with_next = 0) {
    doc_.paragraph(spans, {.font_size = size, .indent = indent, .keep_with_next = keep_with_next});
  }
  void labeled(std::string_view label, const std::string& text, float indent,
               float size = kDetailSize) {
    if (!text.empty()) line({bold(label), regular(text)}, indent, size);
  }
  // A member that is not what the format says it is: printed as its JSON, never skipped.
  void unreadable(std::string_view what, const json::value& v, float indent) {
    line({bold(what), regular(" (not in the expected form): "), regular(canonical_json(v))}, indent,
         kDetailSize);
  }
  void step(const json::object& step);
  void run(const json::object& run, const json::object& spec);
  void entry(const json::object& entry, const json::object& spec);
  void corrections(const json::array& corrections, const json::object& run,
                   const json::object& spec);
  void comments(const json::array& comments);

  PdfDocument& doc_;
  const json::object& record_;
};

void RecordLayout::section_heading(std::string_view title) {
  doc_.paragraph({bold(title)}, {.font_size = 12, .space_before = 12, .keep_with_next = 40});
  doc_.rule();
  doc_.vertical_space(3);
}

void RecordLayout::heading(std::string_view title, float size, float space_before) {
  doc_.paragraph({bold(title)},
                 {.font_size = size, .space_before = space_before, .keep_with_next = 30});
}

void RecordLayout::header() {
  static const json::object kEmpty;
  const json::value* batch_value = pdf::member(record_, "batch");
  const json::object* batch = batch_value != nullptr ? batch_value->if_object() : nullptr;
  const json::object& b = batch != nullptr ? *batch : kEmpty;
  doc_.paragraph({bold("Batch record " + pdf::text_member(b, "number"))}, {.font_size = 16});
  doc_.paragraph(
      {regular(joined({pdf::text_member(b, "product_code"), pdf::text_member(b, "product_name")},
                      kDash))},
      {.font_size = 11, .space_after = 6});
  if (batch == nullptr && batch_value != nullptr) unreadable("batch", *batch_value, 0);

  std::vector<pdf::TableRow> rows;
  auto row = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) rows.push_back({{bold(label)}, {regular(value)}});
  };
  auto at_by = [&](std::string_view at, std::string_view by) {
    const std::string who = pdf::person_text(pdf::member(b, by));
    return joined({pdf::time_member(b, at), who.empty() ? "" : "by " + who}, " ");
  };
  row("Product",
      joined({pdf::text_member(b, "product_code"), pdf::text_member(b, "product_name")}, kDash));
  row("Batch number", pdf::text_member(b, "number"));
  row("Batch ID", pdf::text_member(b, "id"));
  row("Status", pdf::text_member(b, "state"));
  row("Batch version", pdf::text_member(b, "version"));
  row("Site", pdf::text_member(b, "site"));
  const std::string recipe_version = pdf::text_member(b, "recipe_version");
  row("Recipe", joined({pdf::text_member(b, "recipe_id"),
                        recipe_version.empty() ? "" : "version " + recipe_version},
                       ", "));
  row("Recipe content SHA-256", pdf::text_member(b, "recipe_content_sha256"));
  if (const auto* size = pdf::object_member(b, "batch_size")) {
    row("Batch size",
        joined({pdf::number_text(pdf::member(*size, "value")), pdf::text_member(*size, "unit")},
               " "));
  } else {
    row("Batch size", pdf::text_member(b, "batch_size"));
  }
  row("Planned start", pdf::time_member(b, "planned_start"));
  row("Created", at_by("created_at", "created_by"));
  row("Started", pdf::time_member(b, "started_at"));
  row("Completed", pdf::time_member(b, "completed_at"));
  row("Review started", pdf::time_member(b, "review_started_at"));
  row("Closed", pdf::time_member(b, "closed_at"));
  const std::string yield = pdf::number_text(pdf::member(b, "yield_percent"));
  row("Yield", yield.empty() ? "" : yield + " %");
  row("Hold reason", pdf::text_member(b, "hold_reason"));
  row("Abort reason", pdf::text_member(b, "abort_reason"));
  row("Reject reason", pdf::text_member(b, "reject_reason"));
  row("Record format", pdf::text_member(record_, "format"));
  row("Record generated", pdf::time_member(record_, "generated_at"));
  pdf::Table table{.columns = {{{}, 0.27f}, {{}, 0.73f}}, .header_row = false, .font_size = 9};
  doc_.table(table, rows);
}

void RecordLayout::formula() {
  section_heading("Formula");
  const json::value* value = pdf::member(record_, "formula");
  const json::array* lines = value != nullptr ? value->if_array() : nullptr;
  if (lines == nullptr || lines->empty()) {
    if (value != nullptr && lines == nullptr) unreadable("formula", *value, 0);
    line({regular("No formula lines.")}, 0);
    return;
  }
  pdf::Table table{.columns = {{{bold("Line")}, 0.18f},
                               {{bold("Material")}, 0.10f},
                               {{bold("Name")}, 0.30f},
                               {{bold("Target")}, 0.09f},
                               {{bold("Low")}, 0.09f},
                               {{bold("High")}, 0.09f},
                               {{bold("Unit")}, 0.06f},
                               {{bold("Scaling")}, 0.09f}},
                   .header_row = true,
                   .font_size = 8};
  std::vector<pdf::TableRow> rows;
  rows.reserve(lines->size());
  for (const auto& item : *lines) {
    const auto* l = item.if_object();
    if (l == nullptr) {
      rows.push_back({{}, {}, {regular(canonical_json(item))}});
      continue;
    }
    rows.push_back({{regular(pdf::text_member(*l, "key"))},
                    {regular(pdf::text_member(*l, "material_code"))},
                    {regular(pdf::text_member(*l, "name"))},
                    {regular(pdf::number_text(pdf::member(*l, "target")))},
                    {regular(pdf::number_text(pdf::member(*l, "low")))},
                    {regular(pdf::number_text(pdf::member(*l, "high")))},
                    {regular(pdf::text_member(*l, "unit"))},
                    {regular(pdf::text_member(*l, "scaling"))}});
  }
  doc_.table(table, rows);
}

void RecordLayout::execution() {
  section_heading("Execution");
  const json::value* value = pdf::member(record_, "unit_procedures");
  const json::array* procedures = value != nullptr ? value->if_array() : nullptr;
  if (procedures == nullptr || procedures->empty()) {
    if (value != nullptr && procedures == nullptr) unreadable("unit_procedures", *value, 0);
    line({regular("No unit procedures.")}, 0);
    return;
  }
  for (const auto& up_value : *procedures) {
    if (doc_.failed()) return;
    const auto* up = up_value.if_object();
    if (up == nullptr) {
      unreadable("unit procedure", up_value, 0);
      continue;
    }
    heading("Unit procedure " +
                joined({pdf::text_member(*up, "key"), pdf::text_member(*up, "name")}, kDash),
            11, 10);
    const auto* ops_value = pdf::member(*up, "operations");
    const auto* ops = ops_value != nullptr ? ops_value->if_array() : nullptr;
    if (ops == nullptr) {
      if (ops_value != nullptr) unreadable("operations", *ops_value, 0);
      continue;
    }
    for (const auto& op_value : *ops) {
      const auto* op = op_value.if_object();
      if (op == nullptr) {
        unreadable("operation", op_value, 0);
        continue;
      }
      heading("Operation " +
                  joined({pdf::text_member(*op, "key"), pdf::text_member(*op, "name")}, kDash),
              10, 6);
      const auto* steps_value = pdf::member(*op, "steps");
      const auto* steps = steps_value != nullptr ? steps_value->if_array() : nullptr;
      if (steps == nullptr) {
        if (steps_value != nullptr) unreadable("steps", *steps_value, 0);
        continue;
      }
      for (const auto& step_value : *steps) {
        if (doc_.failed()) return;
        if (const auto* s = step_value.if_object()) {
          step(*s);
        } else {
          unreadable("step", step_value, kStepIndent);
        }
      }
    }
  }
}

void RecordLayout::step(const json::object& s) {
  static const json::object kNoSpec;
  const std::string type = pdf::text_member(s, "type");
  doc_.paragraph(
      {bold(pdf::text_member(s, "key")), regular("  " + pdf::text_member(s, "name")),
       regular(type.empty() ? "" : "  (" + type + ")")},
      {.font_size = kBodySize, .indent = kStepIndent, .space_before = 6, .keep_with_next = 20});
  const std::string text = pdf::text_member(s, "text");
  if (!text.empty()) line({regular(text)}, kRunIndent);
  const json::value* spec_value = pdf::member(s, "spec");
  const json::object* spec = spec_value != nullptr ? spec_value->if_object() : nullptr;
  if (spec != nullptr) {
    labeled("Limits: ", pdf::limits_text(*spec), kRunIndent);
    labeled("Specification: ", pdf::spec_details_text(*spec), kRunIndent);
  } else if (spec_value != nullptr) {
    unreadable("spec", *spec_value, kRunIndent);
  }
  const json::value* runs_value = pdf::member(s, "runs");
  const json::array* runs = runs_value != nullptr ? runs_value->if_array() : nullptr;
  if (runs == nullptr || runs->empty()) {
    if (runs_value != nullptr && runs == nullptr) unreadable("runs", *runs_value, kRunIndent);
    line({regular("No runs recorded.")}, kRunIndent, kDetailSize);
    return;
  }
  for (const auto& r : *runs) {
    if (const auto* run_object = r.if_object()) {
      run(*run_object, spec != nullptr ? *spec : kNoSpec);
    } else {
      unreadable("run", r, kRunIndent);
    }
  }
}

void RecordLayout::run(const json::object& r, const json::object& spec) {
  const std::string occurrence = pdf::text_member(r, "occurrence");
  const std::string state = pdf::text_member(r, "state");
  const auto when = [&](std::string_view label, std::string_view key) {
    const std::string t = pdf::time_member(r, key);
    return t.empty() ? t : std::string(label) + " " + t;
  };
  const std::string status = joined(
      {state, when("due", "due_at"), when("ready", "ready_at"), when("done", "done_at")}, kDash);
  line({bold("Run " + (occurrence.empty() ? std::string("?") : occurrence)),
        regular(status.empty() ? "" : std::string(kDash) + status)},
       kRunIndent, kBodySize, /*keep_with_next=*/24);
  if (const auto* e = pdf::member(r, "entry")) {
    if (const auto* entry_object = e->if_object()) {
      entry(*entry_object, spec);
    } else {
      unreadable("entry", *e, kRunDetailIndent);
    }
  }
  if (const auto* c = pdf::member(r, "corrections")) {
    if (const auto* list = c->if_array()) {
      corrections(*list, r, spec);
    } else {
      unreadable("corrections", *c, kRunDetailIndent);
    }
  }
  if (const auto* w = pdf::member(r, "witness")) {
    if (const auto* m = w->if_object()) {
      labeled("Witness: ", pdf::manifestation_text(*m), kRunDetailIndent);
    } else {
      unreadable("witness", *w, kRunDetailIndent);
    }
  }
  labeled("Not applicable: ", pdf::text_member(r, "not_applicable_reason"), kRunDetailIndent);
  if (const auto* d = pdf::member(r, "decided_by")) {
    std::string decided;
    if (const auto* o = d->if_object()) {
      for (const auto& kv : *o) {
        decided += (decided.empty() ? "" : ", ") + std::string(kv.key()) + " = " +
                   pdf::scalar_text(&kv.value());
      }
    } else {
      decided = pdf::scalar_text(d);
    }
    labeled("Decided by: ", decided, kRunDetailIndent);
  }
  if (const auto* c = pdf::member(r, "comments")) {
    if (const auto* list = c->if_array()) {
      comments(*list);
    } else {
      unreadable("comments", *c, kRunDetailIndent);
    }
  }
}

void RecordLayout::entry(const json::object& e, const json::object& spec) {
  const int decimals = pdf::spec_decimals(spec);
  std::string value;
  if (const auto* v = pdf::member(e, "value")) {
    value = v->is_object() ? pdf::value_text(v->get_object(), decimals) : pdf::scalar_text(v);
  }
  const std::string limits = pdf::limits_text(spec);
  // An entry without a value (a sign-off) is its signature; one with limits says what it lacks.
  if (!value.empty() || !limits.empty()) {
    line({bold("Value: "), regular(value.empty() ? "(no value)" : value),
          regular(limits.empty() ? "" : std::string(kDash) + limits)},
         kRunDetailIndent, kBodySize);
  }
  const std::string performer = pdf::person_text(pdf::member(e, "performer"));
  labeled("Recorded: ",
          joined({pdf::text_member(e, "source"), performer.empty() ? "" : "by " + performer,
                  pdf::time_member(e, "recorded_at")},
                 kDash),
          kRunDetailIndent);
  labeled("Entry comment: ", pdf::text_member(e, "comment"), kRunDetailIndent);
  if (const auto* s = pdf::member(e, "signature")) {
    if (const auto* m = s->if_object()) {
      labeled("Signature: ", pdf::manifestation_text(*m), kRunDetailIndent);
    } else {
      unreadable("signature", *s, kRunDetailIndent);
    }
  }
}

// Correction i replaced corrections[i].previous with the entry that followed it: the next
// correction's previous entry, or the run's current entry for the last one.
void RecordLayout::corrections(const json::array& list, const json::object& run,
                               const json::object& spec) {
  const auto value_of = [&](const json::value* entry) -> std::string {
    if (entry == nullptr || !entry->is_object()) return pdf::scalar_text(entry);
    const auto* v = pdf::member(entry->get_object(), "value");
    if (v == nullptr) return "(no value)";
    const int decimals = pdf::spec_decimals(spec);
    return v->is_object() ? pdf::value_text(v->get_object(), decimals) : pdf::scalar_text(v);
  };
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto* c = list[i].if_object();
    if (c == nullptr) {
      unreadable("correction", list[i], kRunDetailIndent);
      continue;
    }
    const json::value* next = nullptr;
    if (i + 1 < list.size() && list[i + 1].is_object()) {
      next = pdf::member(list[i + 1].get_object(), "previous");
    } else if (i + 1 == list.size()) {
      next = pdf::member(run, "entry");
    }
    const std::string reason = pdf::text_member(*c, "reason");
    line({bold("Correction: "), struck(value_of(pdf::member(*c, "previous"))),
          regular(" corrected to "), regular(value_of(next)),
          regular(reason.empty() ? "" : std::string(kDash) + "reason: " + reason)},
         kRunDetailIndent, kDetailSize);
    std::string original;
    if (const auto* p = pdf::object_member(*c, "previous")) {
      const std::string who = pdf::person_text(pdf::member(*p, "performer"));
      original = joined({"originally recorded", who.empty() ? "" : "by " + who,
                         pdf::time_member(*p, "recorded_at")},
                        " ");
    }
    const std::string by = pdf::person_text(pdf::member(*c, "corrected_by"));
    const std::string corrected = joined(
        {"corrected", by.empty() ? "" : "by " + by, pdf::time_member(*c, "corrected_at")}, " ");
    line({regular(joined({original, corrected}, "; "))}, kRunDetailIndent + 10, kDetailSize);
    if (const auto* s = pdf::member(*c, "signature")) {
      if (const auto* m = s->if_object()) {
        labeled("Signature: ", pdf::manifestation_text(*m), kRunDetailIndent + 10);
      } else {
        unreadable("signature", *s, kRunDetailIndent + 10);
      }
    }
  }
}

void RecordLayout::comments(const json::array& list) {
  for (const auto& item : list) {
    const auto* c = item.if_object();
    if (c == nullptr) {
      unreadable("comment", item, kRunDetailIndent);
      continue;
    }
    const auto* flagged = pdf::member(*c, "flagged");
    const std::string author = pdf::person_text(pdf::member(*c, "author"));
    const std::string label =
        joined({"Comment", author.empty() ? "" : "by " + author, pdf::time_member(*c, "at"),
                flagged != nullptr && flagged->is_bool() && flagged->get_bool() ? "(flagged)" : ""},
               " ");
    line({bold(label + ": "), regular(pdf::text_member(*c, "text"))}, kRunDetailIndent,
         kDetailSize);
  }
}

void RecordLayout::exceptions() {
  section_heading("Exceptions");
  const json::value* value = pdf::member(record_, "exceptions");
  const json::array* list = value != nullptr ? value->if_array() : nullptr;
  if (list == nullptr || list->empty()) {
    if (value != nullptr && list == nullptr) unreadable("exceptions", *value, 0);
    line({regular("No exceptions were raised.")}, 0);
    return;
  }
  for (const auto& item : *list) {
    if (doc_.failed()) return;
    const auto* x = item.if_object();
    if (x == nullptr) {
      unreadable("exception", item, 0);
      continue;
    }
    const std::string step_key = pdf::text_member(*x, "step_key");
    const std::string occurrence = pdf::text_member(*x, "occurrence");
    doc_.paragraph({bold(joined({"Exception " + pdf::text_member(*x, "id"),
                                 pdf::text_member(*x, "severity"), pdf::text_member(*x, "kind")},
                                kDash)),
                    regular(step_key.empty() ? "" : std::string(kDash) + "step " + step_key),
                    regular(occurrence.empty() ? "" : ", run " + occurrence)},
                   {.font_size = kBodySize, .space_before = 6, .keep_with_next = 20});
    labeled("", pdf::text_member(*x, "message"), kRunIndent, kBodySize);
    if (const auto* v = pdf::member(*x, "values")) {
      std::string values;
      if (const auto* o = v->if_object()) {
        for (const auto& kv : *o) {
          values += (values.empty() ? "" : ", ") + std::string(kv.key()) + " = " +
                    pdf::scalar_text(&kv.value());
        }
      } else {
        values = pdf::scalar_text(v);
      }
      labeled("Values: ", values, kRunIndent);
    }
    const std::string raised_by = pdf::person_text(pdf::member(*x, "raised_by"));
    labeled("Raised: ",
            joined({raised_by.empty() ? "" : "by " + raised_by, pdf::time_member(*x, "raised_at")},
                   " "),
            kRunIndent);
    const json::value* d_value = pdf::member(*x, "disposition");
    const json::object* d = d_value != nullptr ? d_value->if_object() : nullptr;
    if (d == nullptr) {
      if (d_value != nullptr) {
        unreadable("disposition", *d_value, kRunIndent);
      } else {
        labeled("Disposition: ", "open (none recorded)", kRunIndent);
      }
      continue;
    }
    const std::string by = pdf::person_text(pdf::member(*d, "by"));
    const std::string ref = pdf::text_member(*d, "deviation_ref");
    labeled("Disposition: ",
            joined({pdf::text_member(*d, "outcome"), pdf::text_member(*d, "comment"),
                    ref.empty() ? "" : "deviation " + ref,
                    joined({by.empty() ? "" : "by " + by, pdf::time_member(*d, "at")}, " ")},
                   kDash),
            kRunIndent);
    if (const auto* s = pdf::member(*d, "signature")) {
      if (const auto* m = s->if_object()) {
        labeled("Signature: ", pdf::manifestation_text(*m), kRunDetailIndent);
      } else {
        unreadable("signature", *s, kRunDetailIndent);
      }
    }
  }
}

void RecordLayout::signatures() {
  section_heading("Batch signatures");
  const json::value* value = pdf::member(record_, "signatures");
  const json::array* list = value != nullptr ? value->if_array() : nullptr;
  if (list == nullptr || list->empty()) {
    if (value != nullptr && list == nullptr) unreadable("signatures", *value, 0);
    line({regular("No batch-level signatures.")}, 0);
    return;
  }
  // In the record's order, except that release comes last.
  const auto is_release = [](const json::value& v) {
    const auto* o = v.if_object();
    return o != nullptr && pdf::text_member(*o, "meaning") == "released";
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& item : *list) {
      if (is_release(item) != (pass == 1)) continue;
      if (const auto* m = item.if_object()) {
        line({regular(pdf::manifestation_text(*m))}, 0);
      } else {
        unreadable("signature", item, 0);
      }
    }
  }
}

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

pdf::DocumentInfo document_info(const json::object& record) {
  pdf::DocumentInfo info;
  std::string number;
  if (const auto* b = pdf::object_member(record, "batch")) number = pdf::text_member(*b, "number");
  // Metadata only (the pages carry the full number): short, and free of the bytes PDF text
  // strings read differently from WinAnsi.
  info.title = pdf::utf8_to_winansi("Batch record " + number.substr(0, 120));
  for (char& c : info.title) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 && u < 0xA0) c = '?';
  }
  const auto* generated = pdf::member(record, "generated_at");
  if (generated != nullptr && generated->is_string()) {
    if (auto t = parse_rfc3339(generated->get_string()); t.ok()) {
      using namespace std::chrono;
      const auto day = floor<days>(*t);
      const year_month_day ymd(day);
      const hh_mm_ss hms(*t - day);
      info.created = pdf::DocumentInfo::Date{
          int(ymd.year()),          int(unsigned(ymd.month())), int(unsigned(ymd.day())),
          int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count())};
    }
  }
  return info;
}

}  // namespace

Result<std::string> render_record_pdf(const json::object& record, std::string_view record_sha256) {
  if (!is_sha256_hex(record_sha256)) {
    return Error::invalid_argument("record_sha256 must be the record's SHA-256 as 64 hex digits",
                                   {{"field", "record_sha256"}});
  }
  std::string sha(record_sha256);
  for (char& c : sha) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  try {
    GEMBA_TRY(doc, PdfDocument::create(document_info(record)));
    RecordLayout layout(*doc, record);
    layout.header();
    layout.formula();
    layout.execution();
    layout.exceptions();
    layout.signatures();
    std::string number;
    if (const auto* b = pdf::object_member(record, "batch")) {
      number = pdf::text_member(*b, "number");
    }
    return doc->finish({.left = pdf::utf8_to_winansi(
                            "Batch " + (number.empty() ? std::string("(no number)") : number)),
                        .second_line = "SHA-256 " + sha});
  } catch (const std::bad_alloc&) {
    return Error::internal("out of memory while rendering the batch record PDF");
  }
}

}  // namespace gemba::batch
