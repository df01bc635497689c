#include "gemba/material/genealogy/genealogy_format.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "gemba/core/json.h"
#include "gemba/material/genealogy/genealogy_index.h"
#include "gemba/material/genealogy/genealogy_test_cases.h"

namespace gemba::material {
namespace {

namespace json = boost::json;
using testing::node;

// The merge case: lot:f made by batch:b from lot:a and lot:c.
Trace merge_trace() {
  GenealogyIndex index;
  for (const auto& [p, c, q] :
       {std::tuple{"lot:a", "batch:b", 3.5}, std::tuple{"lot:c", "batch:b", 2.0},
        std::tuple{"batch:b", "lot:f", 5.0}}) {
    EXPECT_TRUE(index.add_edge(node(p), node(c), q, "kg").ok());
  }
  auto trace = index.trace(NodeRef::lot("f"), Direction::kBackward);
  EXPECT_TRUE(trace.ok());
  return std::move(trace).value();
}

TEST(GenealogyJson, HoldsNodesEdgesAndPathsWithLabels) {
  const Trace trace = merge_trace();
  const std::map<std::string, std::string> numbers = {
      {"f", "FIN-2026-001"}, {"b", "PCM-2026-0042"}, {"a", "API-17"}, {"c", "LAC-9"}};
  const json::object out =
      genealogy_json(trace, [&](const NodeRef& n) { return numbers.at(n.id); });
  const json::value expected = json::parse(R"({
    "start": {"kind": "lot", "id": "f", "label": "FIN-2026-001"},
    "direction": "backward",
    "max_depth": null,
    "nodes": [
      {"kind": "lot", "id": "f", "label": "FIN-2026-001", "depth": 0},
      {"kind": "batch", "id": "b", "label": "PCM-2026-0042", "depth": 1},
      {"kind": "lot", "id": "a", "label": "API-17", "depth": 2},
      {"kind": "lot", "id": "c", "label": "LAC-9", "depth": 2}
    ],
    "edges": [
      {"parent": 1, "child": 0, "quantity": 5.0, "unit": "kg", "depth": 1},
      {"parent": 2, "child": 1, "quantity": 3.5, "unit": "kg", "depth": 2},
      {"parent": 3, "child": 1, "quantity": 2.0, "unit": "kg", "depth": 2}
    ],
    "paths": [[0, 1, 2], [0, 1, 3]],
    "paths_truncated": false
  })");
  EXPECT_EQ(canonical_json(out), canonical_json(expected)) << json::serialize(out);
}

TEST(GenealogyJson, LabelsDefaultToIdsAndTheDepthLimitIsShown) {
  GenealogyIndex index;
  ASSERT_TRUE(index.add_edge(NodeRef::lot("r"), NodeRef::batch("g"), 1, "kg").ok());
  auto trace = index.trace(NodeRef::lot("r"), Direction::kForward, 4);
  ASSERT_TRUE(trace.ok());
  const json::object out = genealogy_json(*trace);
  EXPECT_EQ(out.at("direction").as_string(), "forward");
  EXPECT_EQ(out.at("max_depth").as_int64(), 4);
  EXPECT_EQ(out.at("nodes").as_array().at(1).at("label").as_string(), "g");
  EXPECT_EQ(out.at("start").at("label").as_string(), "r");
}

TEST(GenealogyCsv, OneRowPerEdgeWithHeaderAndCrlf) {
  const Trace trace = merge_trace();
  EXPECT_EQ(genealogy_csv(trace),
            "parent_kind,parent_id,parent_label,child_kind,child_id,child_label,quantity,unit,"
            "depth\r\n"
            "batch,b,b,lot,f,f,5,kg,1\r\n"
            "lot,a,a,batch,b,b,3.5,kg,2\r\n"
            "lot,c,c,batch,b,b,2,kg,2\r\n");
}

TEST(GenealogyCsv, QuotesWhatRfc4180RequiresAndNothingElse) {
  struct Case {
    std::string label;
    std::string field;
  };
  const Case cases[] = {
      {"plain", "plain"},
      {"with space", "with space"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"cr\rhere", "\"cr\rhere\""},
      {"Größe µg", "Größe µg"},
      {"", ""},
      {"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},  // never a formula in a spreadsheet
      {"+1", "'+1"},
      {"-2", "'-2"},
      {"@SUM(A1)", "'@SUM(A1)"},
      {"L-2026-00001", "L-2026-00001"},
  };
  GenealogyIndex index;
  ASSERT_TRUE(index.add_edge(NodeRef::lot("r"), NodeRef::batch("g"), 0.125, "m,g").ok());
  auto trace = index.trace(NodeRef::lot("r"), Direction::kForward);
  ASSERT_TRUE(trace.ok());
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    const std::string csv = genealogy_csv(*trace, [&](const NodeRef& n) {
      return n.kind == NodeKind::kLot ? c.label : std::string("G");
    });
    const std::string row = csv.substr(csv.find("\r\n") + 2);
    EXPECT_EQ(row, "lot,r," + c.field + ",batch,g,G,0.125,\"m,g\",1\r\n");
  }
}

TEST(GenealogyFormats, CallTheLabelLookupOncePerNode) {
  const Trace trace = merge_trace();
  std::map<std::string, int> calls;
  const NodeLabeler label = [&](const NodeRef& n) {
    ++calls[n.id];
    return n.id;
  };
  (void)genealogy_csv(trace, label);
  EXPECT_EQ(calls, (std::map<std::string, int>{{"a", 1}, {"b", 1}, {"c", 1}, {"f", 1}}));
}

}  // namespace
}  // namespace gemba::material
