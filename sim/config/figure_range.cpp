#include "sim/config/figure_range.hpp"

#include <fmt/format.h>

#include <cmath>
#include <vector>

namespace stowage::sim::config {

namespace {
constexpr std::string_view kRangeHint =
    "[LOW, HIGH] in the value's units, 0 < LOW <= value <= HIGH";
}  // namespace

RangeEnds range_ends(const YamlNode& range) {
  const std::vector<YamlNode> ends = range.items(kRangeHint);
  if (ends.size() != 2) {
    range.fail(fmt::format("a range has two ends, not {}", ends.size()), std::string(kRangeHint));
  }
  return RangeEnds{ends[0], ends[1]};
}

ValueRange checked_range(const YamlNode& range, double low, double value, double high,
                         const std::string& low_text, const std::string& high_text) {
  const std::string hint(kRangeHint);
  if (!std::isfinite(low) || !std::isfinite(high) || !(low > 0) || !(high > 0)) {
    range.fail(fmt::format("the range {} .. {} is not positive and finite", low_text, high_text),
               hint);
  }
  if (low > high)
    range.fail(fmt::format("the low end {} is above the high end {}", low_text, high_text), hint);
  if (value < low || value > high) {
    range.fail(fmt::format("the value lies outside its range {} .. {}", low_text, high_text), hint);
  }
  return ValueRange{low, high, fmt::format("{} .. {}", low_text, high_text)};
}

}  // namespace stowage::sim::config
