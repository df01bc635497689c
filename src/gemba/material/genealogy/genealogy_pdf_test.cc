#include "gemba/material/genealogy/genealogy_pdf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gemba/material/genealogy/genealogy_index.h"
#include "gemba/material/genealogy/genealogy_test_cases.h"

namespace gemba::material {
namespace {

using testing::node;

// 2026-11-25T13:52:40Z
constexpr Timestamp kGenerated{std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} +
                               std::chrono::hours(13) + std::chrono::minutes(52) +
                               std::chrono::seconds(40)};

// A file in the temporary directory, removed with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& suffix) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("gemba_genealogy_pdf_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
             suffix);
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs `tool <pdf> <args>` and returns its standard output; a test failure if it fails.
std::string run_on_pdf(const std::string& pdf, const std::string& tool, const std::string& args) {
  TempFile in(".pdf"), out(".txt");
  std::ofstream(in.path(), std::ios::binary) << pdf;
  const std::string cmd =
      tool + " '" + in.path().string() + "' " + args + " > '" + out.path().string() + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream text(out.path(), std::ios::binary);
  std::ostringstream s;
  s << text.rdbuf();
  return s.str();
}

// Runs of spaces become one (pdftotext -layout pads columns).
std::string squeeze(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out;
}

std::string pdf_text(const std::string& pdf) {
  return squeeze(run_on_pdf(pdf, "pdftotext -layout", "-"));
}

Trace trace_of(const std::vector<testing::EdgeSpec>& edges, const std::string& start,
               Direction direction, std::optional<int> max_depth = std::nullopt) {
  GenealogyIndex index;
  for (const auto& e : edges) {
    EXPECT_TRUE(index.add_edge(node(e.parent), node(e.child), e.quantity, e.unit).ok());
  }
  auto trace = index.trace(node(start), direction, max_depth);
  EXPECT_TRUE(trace.ok());
  return std::move(trace).value();
}

TEST(GenealogyPdf, ShowsTheHeaderTheNodesByDepthAndTheEdgesWithLabels) {
  const Trace trace = trace_of(testing::trace_cases()[2].edges, "lot:fin", Direction::kBackward);
  auto pdf = render_genealogy_pdf(trace, kGenerated, [](const NodeRef& n) {
    return n.kind == NodeKind::kLot ? "L-" + n.id : "B-" + n.id;
  });
  ASSERT_TRUE(pdf.ok()) << pdf.error().to_string();
  ASSERT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const std::string text = pdf_text(*pdf);
  for (const char* expected : {
           "Genealogy of lot L-fin",
           "Start lot L-fin",
           "Start id fin",
           "Backward: everything the lot was made from",
           "Depth limit none",
           "Generated 2026-11-25T13:52:40.000000Z",
           "Nodes 10 (7 lots, 3 batches)",
           "Edges 9",
           "Paths to leaves 4",
           "Nodes by depth",
           "Depth Kind Label Id",
           "0 lot L-fin fin",
           "3 batch B-comp comp",
           "6 lot L-lactose lactose",
           "Edges (what went into what)",
           "Depth Parent Child Quantity Unit",
           "1 batch B-pack lot L-fin 1900 ea",
           "6 lot L-lactose batch B-gran 90 kg",
           "Page 1 of 1",
           "backward trace generated 2026-11-25T13:52:40.000000Z",
       }) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  // Table rows in trace order: the node table lists depth 0 before depth 6.
  EXPECT_LT(text.find("0 lot L-fin fin"), text.find("6 lot L-api api"));
}

TEST(GenealogyPdf, ARecallOverManyPagesRepeatsTableHeadersAndNumbersPages) {
  // A raw lot in 150 batches, each making a lot: 301 nodes, 300 edges.
  std::vector<testing::EdgeSpec> edges;
  for (int i = 0; i < 150; ++i) {
    edges.push_back({"lot:raw", "batch:b" + std::to_string(1000 + i), 2.5, "kg"});
    edges.push_back(
        {"batch:b" + std::to_string(1000 + i), "lot:p" + std::to_string(1000 + i), 100, "kg"});
  }
  const Trace trace = trace_of(edges, "lot:raw", Direction::kForward);
  auto pdf = render_genealogy_pdf(trace, kGenerated);
  ASSERT_TRUE(pdf.ok()) << pdf.error().to_string();
  const std::string text = pdf_text(*pdf);
  EXPECT_NE(text.find("Forward: everything the lot went into (recall scope)"), std::string::npos);
  EXPECT_NE(text.find("2 lot p1149 p1149"), std::string::npos);
  EXPECT_NE(text.find("2 batch b1149 lot p1149 100 kg"), std::string::npos);
  std::size_t pages = 0;
  while (text.find("Page " + std::to_string(pages + 1) + " of ") != std::string::npos) ++pages;
  EXPECT_GE(pages, 5u);
  EXPECT_NE(text.find("Page " + std::to_string(pages) + " of " + std::to_string(pages)),
            std::string::npos);
  std::size_t headers = 0;
  for (std::size_t at = text.find("Depth Parent Child"); at != std::string::npos;
       at = text.find("Depth Parent Child", at + 1)) {
    ++headers;
  }
  EXPECT_GE(headers, 2u);  // repeated on each page the edge table continues on
  const std::string info = squeeze(run_on_pdf(*pdf, "pdfinfo", ""));
  EXPECT_NE(info.find("Pages: " + std::to_string(pages)), std::string::npos) << info;
  EXPECT_NE(info.find("Title: Genealogy of lot raw"), std::string::npos) << info;
}

TEST(GenealogyPdf, TheStartAloneSaysNoEdgesWereFollowed) {
  const Trace trace = trace_of({{"lot:r", "batch:g", 1, "kg"}}, "lot:r", Direction::kBackward);
  auto pdf = render_genealogy_pdf(trace, kGenerated);
  ASSERT_TRUE(pdf.ok());
  const std::string text = pdf_text(*pdf);
  EXPECT_NE(text.find("No edges were followed."), std::string::npos) << text;
  EXPECT_NE(text.find("Paths to leaves 1"), std::string::npos) << text;
}

TEST(GenealogyPdf, TextOutsideWinAnsiPrintsAsQuestionMarks) {
  const Trace trace = trace_of({{"lot:r", "batch:g", 1, "kg"}}, "lot:r", Direction::kForward);
  auto pdf = render_genealogy_pdf(trace, kGenerated, [](const NodeRef& n) {
    return n.kind == NodeKind::kLot ? std::string("Größe 試") : std::string("B");
  });
  ASSERT_TRUE(pdf.ok());
  EXPECT_NE(pdf_text(*pdf).find("Genealogy of lot Größe ?"), std::string::npos);
}

}  // namespace
}  // namespace gemba::material
