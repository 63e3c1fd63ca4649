#include "sim/config/range_checks.hpp"

#include <fmt/format.h>

#include "sim/engine_range.hpp"

namespace stowage::sim::config {

std::optional<RangeProblem> size_problem(Bytes size) {
  if (size.value() <= kMaxFlowBytes) return std::nullopt;
  return RangeProblem{"larger than the simulation counts exactly",
                      "at most 2^53 bytes (about 9PB)"};
}

std::optional<RangeProblem> time_problem(Seconds at) {
  if (at.value() <= kMaxInputTimeS) return std::nullopt;
  return RangeProblem{fmt::format("{:g} s is beyond the range of the simulation", at.value()),
                      fmt::format("a time up to {} s", kMaxInputTimeS)};
}

}  // namespace stowage::sim::config
