#include "gemba/batch/pdf/record_pdf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gemba/batch/pdf/test_records.h"

namespace gemba::batch {
namespace {

namespace json = boost::json;
using pdf::make_test_record;
using pdf::TestRecordOptions;

constexpr const char* kSha = "3f1c9b0d5e7a2468ace013579bdf2468ace013579bdf2468ace013579bdf0a1b";

bool have_tool(const char* name) {
  return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

// A file in the test's temporary directory, removed with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& suffix) {
    static int counter = 0;
    path_ =
        std::filesystem::temp_directory_path() / ("gemba_batch_pdf_" + std::to_string(::getpid()) +
                                                  "_" + std::to_string(counter++) + suffix);
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `tool <pdf> <args>` and returns its standard output; a test failure if it fails.
std::string run_on_pdf(const std::string& pdf, const std::string& tool, const std::string& args) {
  TempFile in(".pdf"), out(".txt");
  std::ofstream(in.path(), std::ios::binary) << pdf;
  const std::string cmd =
      tool + " '" + in.path().string() + "' " + args + " > '" + out.path().string() + "'";
  const int rc = std::system(cmd.c_str());
  EXPECT_EQ(rc, 0) << cmd;
  return read_file(out.path());
}

std::string pdf_text(const std::string& pdf) { return run_on_pdf(pdf, "pdftotext -layout", "-"); }

// Runs of spaces become one space (pdftotext -layout pads columns).
std::string squeeze(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

// The body text of every page as one line: footers dropped, all whitespace one space. Text that
// wraps (or breaks across pages) reads as it was written.
std::string flowing_body(const std::string& text) {
  static const std::regex kFooter(R"(Page \d+ of \d+|^ *SHA-256 [0-9a-f]{64} *$)");
  std::string out;
  for (const auto& line : split(text, '\n')) {
    if (std::regex_search(line, kFooter)) continue;
    for (char c : line) {
      const char w = (c == ' ' || c == '\f' || c == '\t') ? ' ' : c;
      if (w == ' ' && (out.empty() || out.back() == ' ')) continue;
      out += w;
    }
    if (!out.empty() && out.back() != ' ') out += ' ';
  }
  return out;
}

std::string utc(std::string_view rfc3339) {
  std::string s(rfc3339.substr(0, 19));
  s[10] = ' ';
  return s + " UTC";
}

// What a manifestation must read, computed independently of the renderer.
std::string expected_manifestation(const json::object& m) {
  const std::string meaning(m.at("meaning").as_string());
  std::string by = meaning == "performed"   ? "Performed by"
                   : meaning == "verified"  ? "Verified by"
                   : meaning == "released"  ? "Released by"
                   : meaning == "reviewed"  ? "Reviewed by"
                   : meaning == "completed" ? "Completed by"
                                            : "?";
  std::string qualifier = meaning == "verified"   ? " (witness)"
                          : meaning == "released" ? " (qualified person)"
                                                  : "";
  return by + " " + std::string(m.at("printed_name").as_string()) + qualifier + " \u2014 " +
         utc(m.at("signed_at").as_string()) + " \u2014 " + meaning;
}

void collect_manifestations(const json::value& v, std::vector<std::string>& out) {
  if (const auto* o = v.if_object()) {
    if (o->contains("signature_id") && o->contains("meaning")) {
      out.push_back(expected_manifestation(*o));
      return;
    }
    for (const auto& kv : *o) collect_manifestations(kv.value(), out);
  } else if (const auto* a = v.if_array()) {
    for (const auto& item : *a) collect_manifestations(item, out);
  }
}

std::string render(const json::object& record) {
  auto pdf = render_record_pdf(record, kSha);
  EXPECT_TRUE(pdf.ok()) << pdf.error().to_string();
  return pdf.ok() ? *pdf : std::string();
}

class RecordPdf : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_tool("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  }
};

TEST_F(RecordPdf, PrintsEveryStepValueAndSignature) {
  const TestRecordOptions options{.steps = 40};
  const json::object record = make_test_record(options);
  const std::string text = squeeze(pdf_text(render(record)));
  const std::vector<std::string> lines = split(text, '\n');
  const auto has_line_containing = [&](const std::string& needle) {
    for (const auto& l : lines) {
      if (l.find(needle) != std::string::npos) return true;
    }
    return false;
  };

  for (std::size_t i = 0; i < options.steps; ++i) {
    char key[32];
    std::snprintf(key, sizeof key, "S%04zu", i);
    EXPECT_TRUE(has_line_containing(key)) << key;
    if (pdf::test_step_is_numeric(i) && !pdf::test_step_not_applicable(i)) {
      char value[64];
      std::snprintf(value, sizeof value, "Value: %.2f %s", (1000.0 + double(i)) / 100.0,
                    pdf::test_step_unit(i).c_str());
      EXPECT_TRUE(has_line_containing(value)) << value;
    }
  }
  std::vector<std::string> manifestations;
  collect_manifestations(record, manifestations);
  ASSERT_GT(manifestations.size(), 40u);
  for (const auto& m : manifestations) EXPECT_TRUE(has_line_containing(m)) << m;

  // The example of docs/batch-record.md, literally; the limits beside the value.
  EXPECT_TRUE(has_line_containing(
      "Performed by Anna Operator \u2014 2026-11-25 08:01:00 UTC \u2014 performed"));
  EXPECT_TRUE(
      has_line_containing("Value: 10.00 kg \u2014 target 10.00 kg; limits 9.00 \u2013 11.00 "
                          "kg; alarm 9.50 \u2013 10.50 kg"));
  EXPECT_TRUE(has_line_containing("Value: 10.05 kg, lot LOT-7005 (entered as 10050 g)"));
  EXPECT_TRUE(has_line_containing(
      "Recorded: manual \u2014 by Anna Operator \u2014 2026-11-25 08:01:00 UTC"));
  // Corrections: the original value beside the corrected one, with the reason.
  EXPECT_TRUE(
      has_line_containing("Correction: 10.50 kg corrected to 10.00 kg \u2014 reason: Transcription "
                          "error: wrong digit keyed"));
  EXPECT_TRUE(has_line_containing("Correction: TYPO-S0020 corrected to pass"));
  EXPECT_TRUE(has_line_containing("corrected by Sam Supervisor 2026-11-25 08:02:00 UTC"));
  EXPECT_TRUE(
      has_line_containing("Not applicable: Condition false: no rework of batch needed (S0010)"));
  EXPECT_TRUE(has_line_containing("Decided by: moisture_pct = 1.8"));
  EXPECT_TRUE(
      has_line_containing("Comment by Anna Operator 2026-11-25 08:01:00 UTC (flagged): Granulate"));
  // Exceptions with dispositions; an open one says so.
  EXPECT_TRUE(has_line_containing(
      "Exception EX-1 \u2014 major \u2014 out_of_limits \u2014 step S0000, run 1"));
  EXPECT_TRUE(has_line_containing("deviation DEV-2026-117 \u2014 by Quinn Assurance"));
  EXPECT_TRUE(has_line_containing("Raised: by system 2026-11-25 08:02:00 UTC"));
  EXPECT_TRUE(has_line_containing("Disposition: open (none recorded)"));
  // QA's signature on a disposition, under it (an unsigned one, recorded before dispositions
  // were signed, has none).
  EXPECT_TRUE(has_line_containing(
      "Signature: Reviewed by Quinn Assurance \u2014 2026-11-27 10:00:00 UTC \u2014 reviewed"));
  // Header block.
  EXPECT_TRUE(has_line_containing("Batch record PCM-2026-0042"));
  EXPECT_TRUE(has_line_containing("PCM-500 \u2014 Paracetamol 500 mg tablets"));
  EXPECT_TRUE(has_line_containing("Batch size 120 kg"));
  EXPECT_TRUE(has_line_containing("Yield 98.7 %"));
  EXPECT_TRUE(has_line_containing("Created 2026-11-25 06:00:00 UTC by Paula Planner"));
  // Latin-1 survives: names, units, places.
  EXPECT_NE(text.find("J\u00fcrgen M\u00fcller"), std::string::npos);
  EXPECT_NE(text.find("\u00b0C"), std::string::npos);
  EXPECT_NE(text.find("\u00b5m"), std::string::npos);
  EXPECT_NE(text.find("K\u00f6ln"), std::string::npos);
  EXPECT_NE(text.find("Gr\u00f6\u00dfe OK"), std::string::npos);
  // Batch signatures close the record, release last.
  const auto reviewed = text.rfind("Reviewed by Rita Reviewer");
  const auto released = text.rfind("Released by Quentin M\u00fcller-QP (qualified person)");
  const auto exceptions = text.find("Exceptions");
  ASSERT_NE(released, std::string::npos);
  EXPECT_LT(exceptions, reviewed);
  EXPECT_LT(reviewed, released);
}

TEST_F(RecordPdf, EveryPageHasPageNOfMTheBatchNumberAndTheRecordHash) {
  const std::string pdf = render(make_test_record({.steps = 60}));
  std::vector<std::string> pages = split(pdf_text(pdf), '\f');
  if (!pages.empty() && pages.back().find_first_not_of(" \n") == std::string::npos) {
    pages.pop_back();
  }
  const int n = static_cast<int>(pages.size());
  ASSERT_GE(n, 3);
  for (int i = 0; i < n; ++i) {
    const std::string page = squeeze(pages[static_cast<std::size_t>(i)]);
    EXPECT_NE(page.find("Page " + std::to_string(i + 1) + " of " + std::to_string(n)),
              std::string::npos)
        << "page " << i + 1;
    EXPECT_NE(page.find("Batch PCM-2026-0042"), std::string::npos) << "page " << i + 1;
    EXPECT_NE(page.find(std::string("SHA-256 ") + kSha), std::string::npos) << "page " << i + 1;
  }
  if (have_tool("pdfinfo")) {
    const std::string info = squeeze(run_on_pdf(pdf, "pdfinfo", ""));
    EXPECT_NE(info.find("Pages: " + std::to_string(n)), std::string::npos) << info;
    EXPECT_NE(info.find("(A4)"), std::string::npos) << info;
    EXPECT_NE(info.find("Title: Batch record PCM-2026-0042"), std::string::npos) << info;
  }
}

TEST_F(RecordPdf, LongInstructionIsPrintedWhole) {
  const json::object record = make_test_record({.steps = 3, .long_instruction_chars = 2000});
  const std::string instruction(record.at("unit_procedures")
                                    .at(0)
                                    .at("operations")
                                    .at(0)
                                    .at("steps")
                                    .at(0)
                                    .at("text")
                                    .as_string());
  ASSERT_GE(instruction.size(), 2000u);
  const std::string body = flowing_body(pdf_text(render(record)));
  EXPECT_NE(body.find(instruction), std::string::npos);
}

TEST_F(RecordPdf, FormulaTableBreaksAcrossPagesRepeatingItsHeader) {
  const std::string text = pdf_text(render(make_test_record({.steps = 2, .formula_lines = 200})));
  const std::string header = "Line Material Name Target Low High Unit Scaling";
  int pages_with_rows = 0;
  for (const auto& page : split(text, '\f')) {
    const std::string p = squeeze(page);
    if (p.find("RM-1") == std::string::npos) continue;  // no formula rows on this page
    ++pages_with_rows;
    const auto at_header = p.find(header);
    ASSERT_NE(at_header, std::string::npos) << "a page of the formula without its header";
    EXPECT_LT(at_header, p.find("RM-1"));
  }
  EXPECT_GE(pages_with_rows, 3);
  const std::string all = squeeze(text);
  for (int f = 1; f <= 200; ++f) {
    char row[64];
    std::snprintf(row, sizeof row, "F-%03d RM-%d", f, 999 + f);
    EXPECT_NE(all.find(row), std::string::npos) << row;
  }
}

// Word boxes from `pdftotext -bbox`: nothing may cross the right margin (50 pt on A4).
TEST_F(RecordPdf, NothingCrossesTheRightMargin) {
  json::object record = make_test_record({.steps = 12, .long_instruction_chars = 3000});
  auto& batch = record["batch"].as_object();
  batch["hold_reason"] = std::string(700, 'W');  // one word wider than any line
  batch["number"] = "PCM-2026-0042-" + std::string(150, 'M');
  record["formula"].as_array()[0].as_object()["name"] = std::string(300, 'W');
  const std::string html = run_on_pdf(render(record), "pdftotext -bbox", "-");
  static const std::regex kXMax(R"re(xMax="([0-9.]+)")re");
  int words = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), kXMax), end; it != end; ++it) {
    ++words;
    EXPECT_LE(std::stod((*it)[1]), 595.276 - 50 + 0.5);
  }
  EXPECT_GT(words, 500);
}

TEST_F(RecordPdf, SameRecordSameBytes) {
  const json::object record = make_test_record({.steps = 10});
  EXPECT_EQ(render(record), render(record));
}

TEST(RecordPdfInput, RefusesAHashThatIsNotSha256Hex) {
  for (const char* sha :
       {"", "abc", "zz1c9b0d5e7a2468ace013579bdf2468ace013579bdf2468ace013579bdf0a1b"}) {
    auto pdf = render_record_pdf(make_test_record({.steps = 1}), sha);
    ASSERT_FALSE(pdf.ok()) << sha;
    EXPECT_EQ(pdf.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(pdf.error().details.at("field"), "record_sha256");
  }
}

// Records of the wrong shape still print: what is there, as it is.
TEST(RecordPdfInput, OddRecordsRenderWithoutCrashing) {
  struct Case {
    const char* name;
    json::object record;
    const char* shows;  // text the PDF must contain ("" for none)
  };
  const std::string huge(1 << 20, 'x');
  std::string huge_words;
  while (huge_words.size() < (1 << 20)) huge_words += "lorem ipsum dolor ";
  json::object deep;
  {
    json::value v = json::object{};
    for (int i = 0; i < 60; ++i) v = json::object{{"k", std::move(v)}};
    deep["spec"] = std::move(v);
  }
  std::vector<Case> cases;
  cases.push_back({"empty", {}, "No unit procedures."});
  cases.push_back({"wrong member types",
                   json::parse(R"({"format":7,"generated_at":false,"batch":5,"formula":"x",
                     "unit_procedures":{"a":1},"exceptions":7,"signatures":[1,"x",null,{}]})")
                       .as_object(),
                   "batch (not in the expected form): 5"});
  cases.push_back({"wrong nested types",
                   json::parse(R"({"batch":{"number":["A",1],"batch_size":"big","created_by":7},
         "formula":[1,{"key":{"k":1},"target":"ten"}],
         "unit_procedures":[7,{"key":1,"operations":[null,{"steps":[5,{"key":7,"runs":"x",
         "spec":[]},{"key":"S1","runs":[3,{"occurrence":"first","entry":{"value":[1,2],
         "performer":"Anna","recorded_at":12},"corrections":[{"previous":3},7],"witness":"bob",
         "decided_by":[1],"comments":[4,{"text":9}]}]}]}]}],
         "exceptions":[1,{"values":[1],"disposition":"done"}],"signatures":[{"meaning":5}]})")
                       .as_object(),
                   "witness (not in the expected form): \"bob\""});
  cases.push_back({"a disposition's signature that is not an object",
                   json::parse(R"({"exceptions":[{"id":"EX-1","disposition":{"outcome":"accepted",
                     "signature":"Quinn"}}]})")
                       .as_object(),
                   "signature (not in the expected form): \"Quinn\""});
  cases.push_back(
      {"huge instruction (1 MiB of words)",
       {{"unit_procedures",
         json::array{json::object{
             {"operations",
              json::array{json::object{
                  {"steps", json::array{json::object{{"key", "S1"}, {"text", huge_words}}}}}}}}}}},
       "lorem ipsum dolor"});
  cases.push_back({"huge word as batch number", {{"batch", {{"number", huge}}}}, "xxxxxxxx"});
  cases.push_back({"invalid UTF-8 and NUL",
                   {{"batch", {{"number", std::string("B\xff\x00\xc0-1", 6)}}}},
                   "B\?\?\?-1"});
  cases.push_back(
      {"deep spec",
       {{"unit_procedures",
         json::array{json::object{
             {"operations", json::array{json::object{{"steps", json::array{deep}}}}}}}}},
       ""});
  cases.push_back({"extreme numbers",
                   json::parse(R"({"batch":{"yield_percent":1.7976931348623157e308,
                     "batch_size":{"value":-18446744073709551615,"unit":"kg"}},
                     "formula":[{"target":18446744073709551615,"low":-9223372036854775808}]})")
                       .as_object(),
                   "1.7976931348623157e+308 %"});
  const bool can_read = have_tool("pdftotext");
  for (const auto& c : cases) {
    auto pdf = render_record_pdf(c.record, kSha);
    ASSERT_TRUE(pdf.ok()) << c.name << ": " << pdf.error().to_string();
    EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u) << c.name;
    EXPECT_NE(pdf->find("%%EOF"), std::string::npos) << c.name;
    if (can_read && *c.shows != '\0') {
      const std::string text = squeeze(pdf_text(*pdf));
      EXPECT_NE(text.find(c.shows), std::string::npos) << c.name << ": " << text.substr(0, 300);
    }
  }
}

}  // namespace
}  // namespace gemba::batch
