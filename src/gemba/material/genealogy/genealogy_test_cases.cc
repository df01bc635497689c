#include "gemba/material/genealogy/genealogy_test_cases.h"

#include <cassert>
#include <random>
#include <set>

#include "gemba/core/json.h"

namespace gemba::material::testing {

NodeRef node(std::string_view spec) {
  if (spec.starts_with("lot:")) return NodeRef::lot(std::string(spec.substr(4)));
  assert(spec.starts_with("batch:"));
  return NodeRef::batch(std::string(spec.substr(6)));
}

const std::vector<TraceCase>& trace_cases() {
  using D = Direction;
  // Raw materials → granulation → compression → packaging.
  const std::vector<EdgeSpec> plant = {
      {"lot:api", "batch:gran", 10, "kg"},       {"lot:lactose", "batch:gran", 90, "kg"},
      {"batch:gran", "lot:granulate", 98, "kg"}, {"lot:granulate", "batch:comp", 98, "kg"},
      {"lot:mgst", "batch:comp", 1, "kg"},       {"batch:comp", "lot:cores", 97, "kg"},
      {"lot:cores", "batch:pack", 97, "kg"},     {"lot:blister", "batch:pack", 2000, "ea"},
      {"batch:pack", "lot:fin", 1900, "ea"},
  };
  static const std::vector<TraceCase> cases = {
      {.name = "split: a raw lot consumed by two batches",
       .edges = {{"lot:raw", "batch:g1", 10, "kg"},
                 {"lot:raw", "batch:g2", 5, "kg"},
                 {"batch:g1", "lot:p1", 100, "kg"},
                 {"batch:g2", "lot:p2", 50, "kg"}},
       .start = "lot:raw",
       .direction = D::kForward,
       .nodes = {"0 lot:raw", "1 batch:g1", "1 batch:g2", "2 lot:p1", "2 lot:p2"},
       .edges_followed = {"lot:raw -> batch:g1 10 kg", "lot:raw -> batch:g2 5 kg",
                          "batch:g1 -> lot:p1 100 kg", "batch:g2 -> lot:p2 50 kg"},
       .paths = {"lot:raw > batch:g1 > lot:p1", "lot:raw > batch:g2 > lot:p2"}},
      {.name = "merge: a batch made from two lots",
       .edges = {{"lot:a", "batch:b", 3, "kg"},
                 {"lot:c", "batch:b", 2, "kg"},
                 {"batch:b", "lot:f", 5, "kg"}},
       .start = "lot:f",
       .direction = D::kBackward,
       .nodes = {"0 lot:f", "1 batch:b", "2 lot:a", "2 lot:c"},
       .edges_followed = {"batch:b -> lot:f 5 kg", "lot:a -> batch:b 3 kg",
                          "lot:c -> batch:b 2 kg"},
       .paths = {"lot:f > batch:b > lot:a", "lot:f > batch:b > lot:c"}},
      {.name = "multi-level: a finished lot back to its raw materials",
       .edges = plant,
       .start = "lot:fin",
       .direction = D::kBackward,
       .nodes = {"0 lot:fin", "1 batch:pack", "2 lot:blister", "2 lot:cores", "3 batch:comp",
                 "4 lot:granulate", "4 lot:mgst", "5 batch:gran", "6 lot:api", "6 lot:lactose"},
       .edges_followed = {"batch:pack -> lot:fin 1900 ea", "lot:blister -> batch:pack 2000 ea",
                          "lot:cores -> batch:pack 97 kg", "batch:comp -> lot:cores 97 kg",
                          "lot:granulate -> batch:comp 98 kg", "lot:mgst -> batch:comp 1 kg",
                          "batch:gran -> lot:granulate 98 kg", "lot:api -> batch:gran 10 kg",
                          "lot:lactose -> batch:gran 90 kg"},
       .paths = {"lot:fin > batch:pack > lot:blister",
                 "lot:fin > batch:pack > lot:cores > batch:comp > lot:mgst",
                 "lot:fin > batch:pack > lot:cores > batch:comp > lot:granulate > batch:gran > "
                 "lot:api",
                 "lot:fin > batch:pack > lot:cores > batch:comp > lot:granulate > batch:gran > "
                 "lot:lactose"}},
      {.name = "multi-level: a raw lot forward to the finished lot",
       .edges = plant,
       .start = "lot:api",
       .direction = D::kForward,
       .nodes = {"0 lot:api", "1 batch:gran", "2 lot:granulate", "3 batch:comp", "4 lot:cores",
                 "5 batch:pack", "6 lot:fin"},
       .edges_followed = {"lot:api -> batch:gran 10 kg", "batch:gran -> lot:granulate 98 kg",
                          "lot:granulate -> batch:comp 98 kg", "batch:comp -> lot:cores 97 kg",
                          "lot:cores -> batch:pack 97 kg", "batch:pack -> lot:fin 1900 ea"},
       .paths = {"lot:api > batch:gran > lot:granulate > batch:comp > lot:cores > batch:pack > "
                 "lot:fin"}},
      {.name = "depth limit: edges are followed only from nodes above it",
       .edges = plant,
       .start = "lot:fin",
       .direction = D::kBackward,
       .max_depth = 3,
       .nodes = {"0 lot:fin", "1 batch:pack", "2 lot:blister", "2 lot:cores", "3 batch:comp"},
       .edges_followed = {"batch:pack -> lot:fin 1900 ea", "lot:blister -> batch:pack 2000 ea",
                          "lot:cores -> batch:pack 97 kg", "batch:comp -> lot:cores 97 kg"},
       .paths = {"lot:fin > batch:pack > lot:blister",
                 "lot:fin > batch:pack > lot:cores > batch:comp"}},
      {.name = "depth limit 0: the start alone",
       .edges = plant,
       .start = "lot:fin",
       .direction = D::kBackward,
       .max_depth = 0,
       .nodes = {"0 lot:fin"},
       .paths = {"lot:fin"}},
      {.name = "lot-to-lot transfer: dispensed sub-lots, and the earliest of two shortest routes",
       .edges = {{"lot:api", "lot:api-d1", 10, "kg"},
                 {"lot:api", "lot:api-d2", 12, "kg"},
                 {"lot:api-d1", "batch:gran1", 10, "kg"},
                 {"lot:api-d2", "batch:gran2", 12, "kg"},
                 {"batch:gran1", "lot:g1", 100, "kg"},
                 {"batch:gran2", "lot:g2", 120, "kg"},
                 {"lot:g2", "batch:comp", 120, "kg"},
                 {"lot:g1", "batch:comp", 100, "kg"},
                 {"batch:comp", "lot:cores", 215, "kg"}},
       .start = "lot:api",
       .direction = D::kForward,
       .nodes = {"0 lot:api", "1 lot:api-d1", "1 lot:api-d2", "2 batch:gran1", "2 batch:gran2",
                 "3 lot:g1", "3 lot:g2", "4 batch:comp", "5 lot:cores"},
       .edges_followed = {"lot:api -> lot:api-d1 10 kg", "lot:api -> lot:api-d2 12 kg",
                          "lot:api-d1 -> batch:gran1 10 kg", "lot:api-d2 -> batch:gran2 12 kg",
                          "batch:gran1 -> lot:g1 100 kg", "batch:gran2 -> lot:g2 120 kg",
                          "lot:g1 -> batch:comp 100 kg", "lot:g2 -> batch:comp 120 kg",
                          "batch:comp -> lot:cores 215 kg"},
       .paths = {"lot:api > lot:api-d1 > batch:gran1 > lot:g1 > batch:comp > lot:cores"}},
      {.name = "cycle guard: a cycle is walked once and the walk goes on past it",
       .edges = {{"lot:a", "batch:b", 1, "kg"},
                 {"batch:b", "lot:c", 1, "kg"},
                 {"lot:c", "lot:a", 1, "kg"},
                 {"lot:c", "batch:d", 1, "kg"},
                 {"batch:d", "lot:e", 1, "kg"}},
       .start = "lot:a",
       .direction = D::kForward,
       .nodes = {"0 lot:a", "1 batch:b", "2 lot:c", "3 batch:d", "4 lot:e"},
       .edges_followed = {"lot:a -> batch:b 1 kg", "batch:b -> lot:c 1 kg", "lot:c -> lot:a 1 kg",
                          "lot:c -> batch:d 1 kg", "batch:d -> lot:e 1 kg"},
       .paths = {"lot:a > batch:b > lot:c > batch:d > lot:e"}},
      {.name = "cycle guard: backward around a cycle",
       .edges = {{"lot:a", "batch:b", 1, "kg"},
                 {"batch:b", "lot:c", 1, "kg"},
                 {"lot:c", "lot:a", 1, "kg"}},
       .start = "lot:c",
       .direction = D::kBackward,
       .nodes = {"0 lot:c", "1 batch:b", "2 lot:a"},
       .edges_followed = {"batch:b -> lot:c 1 kg", "lot:a -> batch:b 1 kg", "lot:c -> lot:a 1 kg"}},
      {.name = "cycle guard: a lot transferred into itself",
       .edges = {{"lot:x", "lot:x", 4, "kg"}, {"lot:x", "batch:y", 4, "kg"}},
       .start = "lot:x",
       .direction = D::kForward,
       .nodes = {"0 lot:x", "1 batch:y"},
       .edges_followed = {"lot:x -> lot:x 4 kg", "lot:x -> batch:y 4 kg"},
       .paths = {"lot:x > batch:y"}},
      {.name = "two issues of one lot to one batch are two edges",
       .edges = {{"lot:a", "batch:b", 5, "kg"}, {"lot:a", "batch:b", 3, "kg"}},
       .start = "lot:a",
       .direction = D::kForward,
       .nodes = {"0 lot:a", "1 batch:b"},
       .edges_followed = {"lot:a -> batch:b 3 kg", "lot:a -> batch:b 5 kg"},
       .paths = {"lot:a > batch:b"}},
      {.name = "a raw lot traced backward is a leaf on its own",
       .edges = {{"lot:r", "batch:g", 1.5, "kg"}},
       .start = "lot:r",
       .direction = D::kBackward,
       .nodes = {"0 lot:r"},
       .paths = {"lot:r"}},
      {.name = "a lot and a batch with the same id are two nodes",
       .edges = {{"lot:x", "batch:x", 0.25, "g"}},
       .start = "lot:x",
       .direction = D::kForward,
       .nodes = {"0 lot:x", "1 batch:x"},
       .edges_followed = {"lot:x -> batch:x 0.25 g"},
       .paths = {"lot:x > batch:x"}},
      {.name = "paths beyond the limit are cut and flagged",
       .edges = {{"lot:r", "batch:b4", 1, "kg"},
                 {"lot:r", "batch:b2", 1, "kg"},
                 {"lot:r", "batch:b3", 1, "kg"},
                 {"lot:r", "batch:b1", 1, "kg"}},
       .start = "lot:r",
       .direction = D::kForward,
       .max_paths = 3,
       .nodes = {"0 lot:r", "1 batch:b1", "1 batch:b2", "1 batch:b3", "1 batch:b4"},
       .edges_followed = {"lot:r -> batch:b1 1 kg", "lot:r -> batch:b2 1 kg",
                          "lot:r -> batch:b3 1 kg", "lot:r -> batch:b4 1 kg"},
       .paths = {"lot:r > batch:b1", "lot:r > batch:b2", "lot:r > batch:b3"},
       .paths_truncated = true},
  };
  return cases;
}

std::vector<std::string> node_lines(const Trace& trace) {
  std::vector<std::string> out;
  for (const TraceNode& n : trace.nodes)
    out.push_back(std::to_string(n.depth) + " " + to_string(n.node));
  return out;
}

std::vector<std::string> edge_lines(const Trace& trace) {
  std::vector<std::string> out;
  for (const TraceEdge& e : trace.edges) {
    out.push_back(to_string(trace.nodes.at(e.parent).node) + " -> " +
                  to_string(trace.nodes.at(e.child).node) + " " + format_json_number(e.quantity) +
                  " " + e.unit);
  }
  return out;
}

std::vector<std::string> path_lines(const Trace& trace) {
  std::vector<std::string> out;
  for (const auto& path : trace.paths) {
    std::string line;
    for (std::uint32_t i : path) {
      if (!line.empty()) line += " > ";
      line += to_string(trace.nodes.at(i).node);
    }
    out.push_back(line);
  }
  return out;
}

std::vector<EdgeSpec> random_genealogy(std::uint64_t seed, int nodes, int edges) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> names;
  std::set<std::string> used;
  char buffer[16];
  for (int i = 0; i < nodes; ++i) {
    std::string id;
    do {
      std::snprintf(buffer, sizeof buffer, "%08x", static_cast<unsigned>(rng()));
      id = buffer;
    } while (!used.insert(id).second);
    names.push_back((i % 3 == 1 ? "batch:" : "lot:") + id);
  }
  static const char* const kUnits[] = {"kg", "g", "ea"};
  std::vector<EdgeSpec> out;
  while (static_cast<int>(out.size()) < edges) {
    if (!out.empty() && rng() % 50 == 0) {  // the same lot issued to the same batch again
      EdgeSpec again = out[rng() % out.size()];
      again.quantity += 1;
      out.push_back(again);
      continue;
    }
    const int from = static_cast<int>(rng() % static_cast<std::uint64_t>(nodes - 1));
    const int window = std::min(12, nodes - 1 - from);
    const int to = from + 1 + static_cast<int>(rng() % static_cast<std::uint64_t>(window));
    const bool both_batches = from % 3 == 1 && to % 3 == 1;
    if (both_batches) continue;
    out.push_back(
        {names[from], names[to], static_cast<double>(rng() % 400) / 4, kUnits[rng() % 3]});
  }
  return out;
}

std::vector<NodeRef> nodes_of(const std::vector<EdgeSpec>& edges) {
  std::vector<NodeRef> out;
  std::set<std::string> seen;
  for (const EdgeSpec& e : edges) {
    for (const std::string* end : {&e.parent, &e.child}) {
      if (seen.insert(*end).second) out.push_back(node(*end));
    }
  }
  return out;
}

}  // namespace gemba::material::testing
