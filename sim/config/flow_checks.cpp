// The checks shared by the YAML and CSV forms of a flow scenario (sim/config/flow_checks.hpp).
#include "sim/config/flow_checks.hpp"

#include <fmt/format.h>

#include "sim/config/flows_loader.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {

void ConstraintNames::add(const YamlNode& node, const std::string& name, ConstraintId id) {
  const auto [it, inserted] = ids_.emplace(name, Entry{id, node.mark().line});
  if (!inserted) {
    node.fail(fmt::format("duplicate constraint name `{}` (first defined at line {})", name,
                          it->second.line),
              "each name once");
  }
  names_.push_back(name);
}

ConstraintId ConstraintNames::find(const YamlNode& node) const {
  const std::string name = node.as_string();
  if (const auto c = lookup(name)) return *c;
  node.fail(unknown(name), std::string(kExpected));
}

std::optional<ConstraintId> ConstraintNames::lookup(const std::string& name) const {
  if (auto it = ids_.find(name); it != ids_.end()) return it->second.id;
  return std::nullopt;
}

std::string ConstraintNames::unknown(const std::string& name) const {
  const std::vector<std::string_view> candidates(names_.begin(), names_.end());
  const std::string suggestion = closest_match(name, candidates);
  return suggestion.empty()
             ? fmt::format("unknown constraint `{}`", name)
             : fmt::format("unknown constraint `{}`, did you mean `{}`?", name, suggestion);
}

std::optional<RangeProblem> weight_problem(double weight) {
  if (weight == 0) return RangeProblem{"a weight of 0 would never move a byte", "a weight > 0"};
  if (weight >= kMinWeight && weight <= kMaxWeight) return std::nullopt;
  return RangeProblem{fmt::format("{} is out of range", weight),
                      fmt::format("a weight from {} to {}", kMinWeight, kMaxWeight)};
}

}  // namespace stowage::sim::config
