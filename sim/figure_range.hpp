// Figure range: the values a figure could plausibly take, written `range: [LOW, HIGH]` beside
// its value and source in a profile (sim/config/figure_range.hpp reads it).
//
// Every assumed figure with a number carries one (its reason is in the source text: comparable
// published figures, a physical limit, the spread of sources); a published figure may carry one
// where its sources disagree. The ends are in the figure's own units and as the hinges
// (advisor/judge/figure_knobs.hpp) number it: bytes, bytes per second, seconds (a delay by its
// median), a count, a price, a plain number. 0 < low <= value <= high, all finite.
// Plain data; the plausible worlds of `advise --uncertainty` (advisor/judge/uncertainty.hpp)
// draw each ranged figure within it.
#pragma once

#include <string>

namespace stowage::sim {

struct ValueRange {
  double low = 0;
  double high = 0;
  std::string text;  // as printed: `50 MB/s .. 200 MB/s`
  bool operator==(const ValueRange&) const = default;
};

}  // namespace stowage::sim
