#include "sim/config/distribution_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "sim/config/range_checks.hpp"

namespace stowage::sim::config {

Distribution parse_distribution(const YamlNode& node, bool with_source) {
  if (!node.is_map()) {
    const Seconds value = node.as_seconds();
    if (const auto p = time_problem(value)) node.fail(p->problem, p->expected);
    return Distribution::constant(value);
  }
  const YamlMap m = with_source ? node.map({"dist", "median", "p99", "min", "max", "source", "range"})
                                : node.map({"dist", "median", "p99", "min", "max"});
  const std::size_t form =
      m.required("dist", "lognormal or uniform").as_choice({"lognormal", "uniform"});
  const std::vector<std::string_view> own = form == 0
                                                ? std::vector<std::string_view>{"median", "p99"}
                                                : std::vector<std::string_view>{"min", "max"};
  const std::string form_name = form == 0 ? "lognormal" : "uniform";
  for (const auto& [key, value] : m.entries()) {
    if (key == "dist" || key == "source" || key == "range") continue;
    if (std::find(own.begin(), own.end(), key) == own.end()) {
      value.fail(fmt::format("`{}` does not apply to a {} distribution", key, form_name),
                 fmt::format("{} and {}", own[0], own[1]));
    }
  }
  const YamlNode first = m.required(own[0], fmt::format("{} and {}", own[0], own[1]));
  const YamlNode second = m.required(own[1], fmt::format("{} and {}", own[0], own[1]));
  const Seconds a = first.as_seconds();
  const Seconds b = second.as_seconds();
  for (const auto& [node, value] : {std::pair{&first, a}, std::pair{&second, b}}) {
    if (const auto p = time_problem(value)) node->fail(p->problem, p->expected);
  }
  if (form == 0) {
    if (a.value() <= 0) first.fail("the median must be above 0", "e.g. 2s");
    if (b < a) second.fail(fmt::format("p99 {} is below the median {}", b, a), "p99 >= median");
    return Distribution::lognormal(a, b);
  }
  if (b < a) second.fail(fmt::format("max {} is below min {}", b, a), "max >= min");
  return Distribution::uniform(a, b);
}

}  // namespace stowage::sim::config
