// The p99 bands of a one-axis sweep judged over plausible worlds (`sweep --uncertainty --plot`),
// drawn under the chart's p99 lines (advisor/report/svg_plot.cpp): per storage, in its colour, a
// shaded area from the p10 to the p90 of its judged p99 over the worlds and a dotted line at the
// p50. A band value beyond the y-axis (or infinite: no load ready in that share of worlds) is
// drawn at the axis's top; an infeasible point breaks the band. Same table, same bytes.
#pragma once

#include <functional>
#include <string>

#include "advisor/sweep/run.hpp"

namespace stowage::advisor::svg {

/// The bands of every storage of `t` (empty when it was not judged in worlds). `xpos` maps a
/// first-axis value index to x, `ypos` a p99 (seconds) to y; `top` is the plot's top edge.
std::string p99_bands(const SweepTable& t, const std::function<double(std::size_t)>& xpos,
                      const std::function<double(double)>& ypos, double top);

/// The legend's swatch for the bands (a shaded box crossed by a dotted line), as SVG centred on
/// 0,0, and its label.
std::string band_swatch();
std::string band_legend_label(const SweepHeader& h);

}  // namespace stowage::advisor::svg
