// Figure range reading: the `range: [LOW, HIGH]` of a figure in a profile (sim/figure_range.hpp),
// beside `value:` and `source:` (`{value: 30ms, source: "assumption: why", range: [10ms, 100ms]}`)
// or among a delay distribution's own keys, where it bounds the median. The ends are written in
// the value's units and parsed by the figure's own reader (internal to sim/config/profile_fields).
// Refused at the `range:` key: not a list of two, an end that is not positive and finite, low
// above high, the value outside the range, a range on a flag or on `none`.
#pragma once

#include <cstdint>
#include <string>

#include "sim/config/yaml_reader.hpp"
#include "sim/distribution.hpp"
#include "sim/figure_range.hpp"
#include "sim/units.hpp"

namespace stowage::sim::config {

/// The number a figure's value stands for in its range (sim/figure_range.hpp).
inline double figure_number(const Bytes& v) { return v.value(); }
inline double figure_number(const BytesPerSecond& v) { return v.value(); }
inline double figure_number(const Seconds& v) { return v.value(); }
inline double figure_number(double v) { return v; }
inline double figure_number(std::int64_t v) { return static_cast<double>(v); }
inline double figure_number(const Distribution& d) { return d.median().value(); }

/// The two ends of a `range:` node; fails unless it is a list of two.
struct RangeEnds {
  YamlNode low, high;
};
RangeEnds range_ends(const YamlNode& range);

/// The range from its parsed ends around `value`; fails at `range` when it is not
/// 0 < low <= value <= high, all finite.
ValueRange checked_range(const YamlNode& range, double low, double value, double high,
                         const std::string& low_text, const std::string& high_text);

}  // namespace stowage::sim::config
