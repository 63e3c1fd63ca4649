// The YAML form of a flow scenario (sim/config/flows_loader.hpp): constraints, flows (or the name
// of their CSV file, read by flows_csv.cpp) and capacity changes, each checked where it is written.
#include "sim/config/flows_loader.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/config/flow_checks.hpp"
#include "sim/config/flows_csv.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {
namespace {

std::vector<YamlNode> non_empty_items(const YamlNode& node, std::string_view what) {
  std::vector<YamlNode> items = node.items();
  if (items.empty()) node.fail("the list is empty", fmt::format("at least one {}", what));
  if (static_cast<std::int64_t>(items.size()) > kMaxScenarioItems) {
    node.fail(fmt::format("{} items are too many", items.size()),
              fmt::format("at most {}", kMaxScenarioItems));
  }
  return items;
}

ConstraintSpec load_constraint(const YamlNode& node, ConstraintId id, ConstraintNames& names) {
  const YamlMap m = node.map({"name", "capacity", "sharing", "concurrency"});
  ConstraintSpec spec;
  const YamlNode name = m.required("name", "a name such as nas or nic-0");
  spec.name = name.as_string();
  if (spec.name == "bound") {
    name.fail("the name `bound` is reserved for a flow's own bound", "another name");
  }
  names.add(name, spec.name, id);
  spec.capacity = m.required("capacity", "a rate such as 600MB/s").as_rate();
  if (auto sharing = m.get("sharing")) {
    spec.sharing =
        sharing->as_choice({"shared", "fatpipe"}) == 0 ? Sharing::kShared : Sharing::kFatpipe;
  }
  if (auto concurrency = m.get("concurrency")) {
    spec.concurrency = static_cast<std::uint32_t>(concurrency->as_int(1, kMaxConcurrency));
  }
  return spec;
}

FlowScenario::Flow load_flow(const YamlNode& node, const ConstraintNames& names,
                             std::unordered_map<std::string, int>& ids) {
  const YamlMap m = node.map({"id", "size", "start", "via", "bound", "weight"});
  FlowScenario::Flow flow;
  const YamlNode id = m.required("id", "a name such as load-0");
  flow.id = id.as_string();
  if (const auto [it, inserted] = ids.emplace(flow.id, id.mark().line); !inserted) {
    id.fail(fmt::format("duplicate flow id `{}` (first defined at line {})", flow.id, it->second),
            "each id once");
  }
  const YamlNode size = m.required("size", "a size such as 4.27GB");
  flow.spec.size = size.as_bytes();
  if (const auto p = size_problem(flow.spec.size)) size.fail(p->problem, p->expected);
  if (auto start = m.get("start")) {
    flow.start = start->as_seconds();
    if (const auto p = time_problem(flow.start)) start->fail(p->problem, p->expected);
  }
  if (auto bound = m.get("bound")) flow.spec.bound = bound->as_rate();
  if (auto weight = m.get("weight")) {
    flow.spec.weight = weight->as_double(0, kMaxWeight);
    if (const auto p = weight_problem(flow.spec.weight)) weight->fail(p->problem, p->expected);
  }
  const YamlNode via = m.required("via", "a list of constraint names such as [nas, nic-0]");
  for (const YamlNode& item : via.items()) {
    const ConstraintId c = names.find(item);
    for (const ConstraintId seen : flow.spec.via) {
      if (seen == c)
        item.fail(fmt::format("constraint `{}` is listed twice", item.as_string()),
                  "each constraint once per flow");
    }
    flow.spec.via.push_back(c);
  }
  if (flow.spec.via.empty() && !m.has("bound")) {
    via.fail("a flow that crosses no constraint needs a `bound`",
             "a constraint name or a `bound` on the flow");
  }
  return flow;
}

}  // namespace

FlowScenario load_flow_scenario(const YamlDocument& doc) {
  const YamlNode root = doc.root();
  if (!root.is_map()) {
    root.fail(fmt::format("found {}", root.kind_name()),
              "a mapping with `constraints` and `flows`");
  }
  const YamlMap top = root.map({"constraints", "flows", "changes"});
  FlowScenario scenario;
  ConstraintNames names;
  const YamlNode constraints = top.required("constraints", "a list of {name, capacity}");
  for (const YamlNode& item : non_empty_items(constraints, "constraint")) {
    const auto id = static_cast<ConstraintId>(scenario.constraints.size());
    scenario.constraints.push_back(load_constraint(item, id, names));
  }
  const YamlNode flows = top.required("flows", "a list of {id, size, via}, or a CSV file name");
  if (flows.is_scalar()) {
    // A CSV file beside the document (a path relative to the document's directory).
    load_flows_csv(doc.base_dir() / flows.as_string(), flows, names, scenario.flows);
  } else {
    const std::vector<YamlNode> items = non_empty_items(flows, "flow");
    std::unordered_map<std::string, int> ids;
    ids.reserve(items.size());
    scenario.flows.reserve(items.size());
    for (const YamlNode& item : items) scenario.flows.push_back(load_flow(item, names, ids));
  }
  if (auto changes = top.get("changes")) {
    for (const YamlNode& item : changes->items()) {
      const YamlMap m = item.map({"at", "constraint", "capacity"});
      FlowScenario::CapacityChange change;
      const YamlNode at = m.required("at", "a time such as 30s");
      change.at = at.as_seconds();
      if (const auto p = time_problem(change.at)) at.fail(p->problem, p->expected);
      change.constraint = names.find(m.required("constraint", "a constraint name"));
      change.capacity = m.required("capacity", "a rate such as 1.2GB/s").as_rate();
      scenario.changes.push_back(change);
    }
  }
  return scenario;
}

FlowScenario load_flow_scenario_file(const std::filesystem::path& path) {
  // A large flow file is a long list of small flow mappings: the fast parse reads it.
  return load_flow_scenario(YamlDocument::from_file(path, YamlParser::kFast));
}

}  // namespace stowage::sim::config
