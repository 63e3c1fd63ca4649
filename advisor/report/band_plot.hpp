// The p99 bands of `advise --uncertainty --band-plot FILE.svg` (advisor/judge/uncertainty.hpp),
// drawn by hand with the chart pieces of advisor/report/svg_plot.hpp.
//
// One row per feasible candidate, in the advice's rank order, labelled with its name and how
// often it holds (`oss (holds in 87%)`). x is the judged p99 in seconds on a log scale, from
// below the smallest p10 to above the largest finite p90 and the target. Each row: a bar from p10
// to p90 (blue where the candidate holds in at least the confidence share of worlds, orange
// where it does not), a black tick at p50, and the p99 target as a dashed red line. A band end
// that no load reached (p99 infinite: every start failed) runs to a `failed` strip at the right.
// An infeasible candidate has no row; the subtitle names the worlds and the confidence share.
// Same uncertainty, same bytes.
#pragma once

#include <optional>
#include <string>

#include "advisor/judge/uncertainty.hpp"

namespace stowage::advisor::report {

/// The SVG document; `target_s` is the workload's p99 target, if it sets one.
std::string band_svg(const Uncertainty& u, const std::string& workload,
                     std::optional<double> target_s);

}  // namespace stowage::advisor::report
