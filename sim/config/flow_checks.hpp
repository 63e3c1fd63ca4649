// What the YAML and CSV readers of a flow scenario check alike: constraint names (unique, looked
// up with a "did you mean") and the figures of a flow that the engine cannot represent.
//
// Internal to the flows loader (flows_loader.cpp, flows_csv.cpp). Sizes are bytes, times
// seconds; the ranges are range_checks.hpp's and the weight bounds flows_loader.hpp's.
// Messages are the same whichever form of the file they come from. Pure: no global state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/config/range_checks.hpp"
#include "sim/flow_network.hpp"
#include "sim/units.hpp"

namespace stowage::sim::config {

class YamlNode;

/// Constraint names in file order, for lookups and "did you mean".
class ConstraintNames {
 public:
  /// What an unknown name should have been, in messages.
  static constexpr std::string_view kExpected = "a name from `constraints`";

  /// Adds `name`, written at `node`, as constraint `id`; a ConfigError at `node` if it is taken.
  void add(const YamlNode& node, const std::string& name, ConstraintId id);
  /// The constraint that `node`'s value names; a ConfigError at `node` if none.
  ConstraintId find(const YamlNode& node) const;
  /// The constraint called `name`, if any.
  std::optional<ConstraintId> lookup(const std::string& name) const;
  /// The problem with an unknown `name`, with the closest known name when one is plausible.
  std::string unknown(const std::string& name) const;

 private:
  struct Entry {
    ConstraintId id;
    int line;
  };
  std::unordered_map<std::string, Entry> ids_;
  std::vector<std::string> names_;
};

/// Nothing when `weight` lies in [kMinWeight, kMaxWeight].
std::optional<RangeProblem> weight_problem(double weight);

}  // namespace stowage::sim::config
