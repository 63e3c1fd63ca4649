// Hinge reports: what the advice rests on (advisor/judge/hinges.hpp), as `stowage advise` prints
// it.
//
//   hinge lines   one line per flip found, after the advice:
//                 `holds while fc-gpu.image.cache_bandwidth >= 10 GB/s (assumption, unset);
//                 below, nothing meets the SLO (image: p99 312 s > 300 s)`
//   JSON          `"hinges": [{"figure", "value", "unit", "source", "flips_at", "direction",
//                 "then", "text"}]`, one entry per flip (`text` is its hinge line), `value`
//                 null when unset, numbers in the figure's unit (bytes per second, seconds, a
//                 count, a price), `[]` when nothing flips
//   table         `--robustness`: every figure searched, its value and source, the range in
//                 which the advice holds, and what happens past each end
//   SVG           `--plot`: a tornado chart of the same, one bar per figure over the factor of
//                 its value (log scale), narrowest range on top
// Flip values are shown to two significant digits (the search's precision is about 2%).
// Pure: same robustness, same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "advisor/judge/hinges.hpp"

namespace stowage::advisor::report {

/// The hinge lines, each ending in a newline; empty when nothing flips.
std::string hinge_lines(const Robustness& r);
/// The `hinges` array.
nlohmann::ordered_json hinges_json(const Robustness& r);
/// One entry of it: the flip of `f` below (or above) its value.
nlohmann::ordered_json flip_json(const FigureRange& f, bool below);
/// Where that flip's advice holds: `fc-gpu.image.cache_bandwidth below 2 GB/s (assumption,
/// 1.25 GB/s used)`.
std::string agree_condition(const FigureRange& f, bool below);
/// The `--robustness` table, as a terminal table, markdown or CSV (`format`).
std::string robustness_table(const Robustness& r, const std::string& format);
/// The tornado chart.
std::string robustness_svg(const Robustness& r, const std::string& workload);

}  // namespace stowage::advisor::report
