// Hinge reports: what the advice rests on (advisor/judge/hinges.hpp), as `stowage advise` prints
// it.
//
//   hinge lines   one line per flip found, after the advice:
//                 `holds while fc-gpu.image.cache_bandwidth >= 10 GB/s (assumption, unset);
//                 below, nothing meets the SLO (image: p99 312 s > 300 s)`
//   verdict lines one line per candidate whose SLO verdict flips, after the hinge lines:
//                 `nas-performance would meet the SLO if fc-gpu.sandbox_start <= 2 s
//                 (assumption, 5 s used)`, `oss meets the SLO while fc-gpu.sandbox_start <= 12 s
//                 (assumption, 5 s used)` (the recommended choice's flip is left out where a
//                 hinge line says it at the same value); when nothing flips at all, one line:
//                 `nothing flips within x3 of any assumed figure` (the search's factor; `of any
//                 figure` with --every-figure)
//   JSON          `"hinges": [{"figure", "value", "unit", "source", "flips_at", "direction",
//                 "then", "text"}]`, one entry per flip (`text` is its hinge line), `value`
//                 null when unset, numbers in the figure's unit (bytes per second, seconds, a
//                 count, a price), `[]` when nothing flips; `"verdict_flips": [{"figure",
//                 "value", "unit", "source", "storage", "flips_at", "direction", "meets_then",
//                 "text"}]`; `"hinge_range"` (the factor searched) and `"nothing_flips"` (its
//                 line, or null); with --robustness, `"robustness"`: the whole table (see
//                 robustness_json)
//   table         `--robustness`: every figure searched, its value and source, the range in
//                 which the advice holds, and what happens past each end
//   SVG           `--plot`: a tornado chart of the same, one bar per figure over the factor of
//                 its value (log scale), narrowest range on top, with a legend of every
//                 colour (advisor/report/svg_tornado.cpp)
// Flip values are shown to two significant digits (the search's precision is about 2%).
// Pure: same robustness, same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "advisor/judge/hinges.hpp"

namespace stowage::advisor::report {

/// The hinge lines, each ending in a newline; empty when nothing flips.
std::string hinge_lines(const Robustness& r);
/// The verdict lines, each ending in a newline; empty when no verdict flips.
std::string verdict_lines(const Robustness& r);
/// `nothing flips within x3 of any assumed figure`.
std::string nothing_flips_text(const Robustness& r);
/// What `advise` prints after its table: the hinge and verdict lines, or the nothing-flips line.
std::string hinges_text(const Robustness& r);
/// The JSON keys `advise` adds beside the advice: `hinges`, `verdict_flips`, `hinge_range`,
/// `nothing_flips`, and with `full` (--robustness) `robustness`:
/// `{"range", "unset_span", "every_figure", "figures": [{"figure", "value", "unit", "source",
///   "kind" (published, measured, fitted, assumption, default, or unset), "searched": {"low",
///   "high"}, "holds": {"low", "high"} (high null when unbounded), "moved", "below", "above"
///   (null, or {"flips_at", "recommended" (null: none), "then"}), "verdict_flips": [...]}]}`.
void add_hinges_json(nlohmann::ordered_json& advice, const Robustness& r, bool full);
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
