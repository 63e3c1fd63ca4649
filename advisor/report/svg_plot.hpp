// SVG plot of a sweep table, written by hand: deterministic text, no dependency.
//
// One axis: p99 time to ready (seconds, linear) against the axis, one line per storage in a
// colour-blind-safe palette (Okabe and Ito), the SLO's p99 target as a dashed line, a point whose
// p99 failed (beyond the timeout) as a cross on the `failed` band at the top, an infeasible point
// left out. The x-axis is logarithmic when the axis is a log range, or a list of positive numbers
// spanning at least kLogSpan; names sit at equal steps.
// Two or more axes: a heat map of the recommended storage over the first two axes (x, y), one
// cell per point coloured by the storage and labelled with its p99, grey where nothing meets the
// SLO; further axes are held at their first value, as the subtitle says.
// Both have a title, axis labels with units, ticks and a legend. Same table, same bytes.
#pragma once

#include <string>

#include "advisor/sweep_run.hpp"

namespace stowage::advisor {

/// Largest/smallest value of a list axis drawn on a log scale.
inline constexpr double kLogSpan = 100.0;

/// The SVG document of a whole sweep table.
std::string sweep_svg(const SweepTable& table);

}  // namespace stowage::advisor
