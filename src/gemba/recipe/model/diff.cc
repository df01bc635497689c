#include "gemba/recipe/model/diff.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <unordered_map>
#include <unordered_set>

#include "gemba/recipe/model/format.h"

namespace gemba::recipe {
namespace {

namespace json = boost::json;

// One keyed element of one version, flattened.
struct Item {
  std::string key;
  std::string parent;  // "up/op" for steps, "up" for operations, "" otherwise
  Location location;
  json::object fields;  // canonical JSON without children
};

void diff_fields(const json::object& a, const json::object& b, const std::string& prefix,
                 std::vector<FieldChange>& out) {
  auto compare = [&](std::string_view key, const json::value* x, const json::value* y) {
    const std::string field = prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
    if (x && y && x->is_object() && y->is_object()) {
      diff_fields(x->get_object(), y->get_object(), field, out);
    } else if (!x || !y || *x != *y) {
      out.push_back({field, x ? *x : json::value(), y ? *y : json::value()});
    }
  };
  for (const auto& kv : b) compare(kv.key(), a.if_contains(kv.key()), &kv.value());
  for (const auto& kv : a) {
    if (!b.contains(kv.key())) compare(kv.key(), &kv.value(), nullptr);
  }
}

// Indexes into `seq` of a longest strictly increasing subsequence.
std::vector<std::size_t> longest_increasing(const std::vector<std::size_t>& seq) {
  std::vector<std::size_t> tails;  // indexes into seq
  std::vector<std::size_t> prev(seq.size(), SIZE_MAX);
  for (std::size_t i = 0; i < seq.size(); ++i) {
    auto it = std::lower_bound(tails.begin(), tails.end(), seq[i],
                               [&](std::size_t t, std::size_t v) { return seq[t] < v; });
    if (it != tails.begin()) prev[i] = *(it - 1);
    if (it == tails.end()) {
      tails.push_back(i);
    } else {
      *it = i;
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t i = tails.empty() ? SIZE_MAX : tails.back(); i != SIZE_MAX; i = prev[i]) {
    out.push_back(i);
  }
  return out;
}

void diff_items(ElementKind kind, const std::vector<Item>& old_items,
                const std::vector<Item>& new_items, std::vector<Change>& out) {
  std::unordered_map<std::string_view, std::size_t> old_by_key, new_by_key;
  for (std::size_t i = 0; i < old_items.size(); ++i) old_by_key.emplace(old_items[i].key, i);
  for (std::size_t i = 0; i < new_items.size(); ++i) new_by_key.emplace(new_items[i].key, i);

  // Siblings that stayed under the same parent keep their place if they are in the longest
  // common order; the others moved.
  std::unordered_set<std::size_t> reordered;  // indexes into new_items
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_parent;
  for (std::size_t i = 0; i < new_items.size(); ++i) {
    if (new_by_key.at(new_items[i].key) != i) continue;  // a duplicate
    auto it = old_by_key.find(new_items[i].key);
    if (it != old_by_key.end() && old_items[it->second].parent == new_items[i].parent) {
      by_parent[new_items[i].parent].push_back(i);
    }
  }
  for (auto& [parent, members] : by_parent) {
    std::vector<std::size_t> old_positions;
    old_positions.reserve(members.size());
    for (std::size_t i : members) old_positions.push_back(old_by_key.at(new_items[i].key));
    std::vector<bool> kept(members.size(), false);
    for (std::size_t k : longest_increasing(old_positions)) kept[k] = true;
    for (std::size_t k = 0; k < members.size(); ++k) {
      if (!kept[k]) reordered.insert(members[k]);
    }
  }

  for (std::size_t i = 0; i < new_items.size(); ++i) {
    const Item& now = new_items[i];
    if (new_by_key.at(now.key) != i) continue;
    auto it = old_by_key.find(now.key);
    if (it == old_by_key.end()) {
      out.push_back({kind, now.key, ChangeKind::kAdded, std::nullopt, now.location, {}});
      continue;
    }
    const Item& was = old_items[it->second];
    if (was.parent != now.parent || reordered.contains(i)) {
      out.push_back({kind, now.key, ChangeKind::kMoved, was.location, now.location, {}});
    }
    std::vector<FieldChange> fields;
    diff_fields(was.fields, now.fields, "", fields);
    if (!fields.empty()) {
      out.push_back(
          {kind, now.key, ChangeKind::kChanged, std::nullopt, std::nullopt, std::move(fields)});
    }
  }
  for (std::size_t i = 0; i < old_items.size(); ++i) {
    if (old_by_key.at(old_items[i].key) != i || new_by_key.contains(old_items[i].key)) continue;
    out.push_back(
        {kind, old_items[i].key, ChangeKind::kRemoved, old_items[i].location, std::nullopt, {}});
  }
}

struct Flat {
  std::vector<Item> lines, ups, ops, steps;
};

Flat flatten(const MasterRecipe& r) {
  Flat f;
  for (std::size_t i = 0; i < r.formula.size(); ++i) {
    f.lines.push_back({r.formula[i].key, "", {"", "", i}, formula_line_to_json(r.formula[i])});
  }
  for (std::size_t u = 0; u < r.unit_procedures.size(); ++u) {
    const UnitProcedure& up = r.unit_procedures[u];
    json::object up_fields{{"name", up.name}, {"parallel", up.parallel}};
    json::array classes;
    for (const auto& c : up.equipment_classes) classes.emplace_back(c);
    up_fields["equipment_classes"] = std::move(classes);
    f.ups.push_back({up.key, "", {"", "", u}, std::move(up_fields)});
    for (std::size_t o = 0; o < up.operations.size(); ++o) {
      const Operation& op = up.operations[o];
      f.ops.push_back({op.key, up.key, {up.key, "", o}, json::object{{"name", op.name}}});
      for (std::size_t s = 0; s < op.steps.size(); ++s) {
        json::object fields = step_to_json(op.steps[s]);
        fields.erase("key");
        f.steps.push_back(
            {op.steps[s].key, up.key + "/" + op.key, {up.key, op.key, s}, std::move(fields)});
      }
    }
  }
  return f;
}

json::object identity(const MasterRecipe& r) {
  return {{"product_code", r.product_code},
          {"product_name", r.product_name},
          {"site", r.site},
          {"description", r.description}};
}

json::object location_json(const Location& l) {
  json::object o;
  if (!l.unit_procedure.empty()) o["unit_procedure"] = l.unit_procedure;
  if (!l.operation.empty()) o["operation"] = l.operation;
  o["position"] = l.position;
  return o;
}

}  // namespace

std::string_view element_kind_name(ElementKind k) {
  switch (k) {
    case ElementKind::kRecipe: return "recipe";
    case ElementKind::kHeader: return "header";
    case ElementKind::kFormulaLine: return "formula_line";
    case ElementKind::kUnitProcedure: return "unit_procedure";
    case ElementKind::kOperation: return "operation";
    case ElementKind::kStep: return "step";
  }
  return "step";
}

std::string_view change_kind_name(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAdded: return "added";
    case ChangeKind::kRemoved: return "removed";
    case ChangeKind::kMoved: return "moved";
    case ChangeKind::kChanged: return "changed";
  }
  return "changed";
}

RecipeDiff diff_recipes(const MasterRecipe& from, const MasterRecipe& to) {
  RecipeDiff d;
  std::vector<FieldChange> fields;
  diff_fields(identity(from), identity(to), "", fields);
  if (!fields.empty()) {
    d.changes.push_back(
        {ElementKind::kRecipe, "", ChangeKind::kChanged, {}, {}, std::move(fields)});
  }
  fields.clear();
  diff_fields(header_to_json(from.header), header_to_json(to.header), "", fields);
  if (!fields.empty()) {
    d.changes.push_back(
        {ElementKind::kHeader, "", ChangeKind::kChanged, {}, {}, std::move(fields)});
  }
  const Flat a = flatten(from);
  const Flat b = flatten(to);
  diff_items(ElementKind::kFormulaLine, a.lines, b.lines, d.changes);
  diff_items(ElementKind::kUnitProcedure, a.ups, b.ups, d.changes);
  diff_items(ElementKind::kOperation, a.ops, b.ops, d.changes);
  diff_items(ElementKind::kStep, a.steps, b.steps, d.changes);
  return d;
}

json::value diff_to_json(const RecipeDiff& diff) {
  json::array changes;
  std::size_t counts[4] = {0, 0, 0, 0};
  for (const Change& c : diff.changes) {
    ++counts[static_cast<int>(c.kind)];
    json::object o;
    o["element"] = element_kind_name(c.element);
    if (!c.key.empty()) o["key"] = c.key;
    o["change"] = change_kind_name(c.kind);
    if (c.from) o["from"] = location_json(*c.from);
    if (c.to) o["to"] = location_json(*c.to);
    if (!c.fields.empty()) {
      json::array fields;
      for (const FieldChange& f : c.fields) {
        fields.push_back(
            json::object{{"field", f.field}, {"old", f.old_value}, {"new", f.new_value}});
      }
      o["fields"] = std::move(fields);
    }
    changes.push_back(std::move(o));
  }
  json::object summary{
      {"added", counts[0]}, {"removed", counts[1]}, {"moved", counts[2]}, {"changed", counts[3]}};
  return json::object{{"changes", std::move(changes)}, {"summary", std::move(summary)}};
}

}  // namespace gemba::recipe
