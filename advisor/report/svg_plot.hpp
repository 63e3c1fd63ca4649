// SVG plot of a sweep table, written by hand: deterministic text, no dependency.
//
// One axis: p99 time to ready (seconds, linear) against the axis, one line per storage in a
// colour-blind-safe palette (Okabe and Ito), the SLO's p99 target as a dashed line, a point whose
// p99 failed (beyond the timeout) as a cross on the `failed` band at the top, an infeasible point
// left out. The x-axis is logarithmic when the axis is a log range, or a list of positive numbers
// spanning at least kLogSpan; names sit at equal steps.
// With --uncertainty, each storage's p99 band over the worlds is shaded under its line
// (advisor/report/svg_sweep_band.hpp).
// Two or more axes: a heat map of the recommended storage over the first two axes (x, y), one
// cell per point coloured by the storage and labelled with its p99 and, where the cell has room
// for a second line, its monthly cost (every cell's tooltip says both), grey where nothing meets
// the SLO; further axes are held at their first value, as the subtitle says.
// Both have a title (wrapped onto a second line, smaller, when it is long), axis titles in words
// with units (`arrivals.count` is "instances per burst"), ticks and a legend that lists only what
// the plot shows: storages drawn at some point (recommended somewhere, on the map), the failed
// mark and the grey cell when they occur. Same table, same bytes.
#pragma once

#include <string>
#include <string_view>

#include "advisor/sweep/run.hpp"

namespace stowage::advisor {

/// Largest/smallest value of a list axis drawn on a log scale.
inline constexpr double kLogSpan = 100.0;

/// The SVG document of a whole sweep table.
std::string sweep_svg(const SweepTable& table);

/// The pieces every chart is drawn with (the tornado chart of advisor/report/hinges.hpp too).
namespace svg {
/// Text with `&`, `<`, `>` and `"` escaped.
std::string escape(const std::string& s);
/// A `<text>` element at (x, y).
std::string text(double x, double y, const std::string& s, const char* anchor = "start",
                 int size = 12, const char* extra = "");
/// A `<line>` element with the given style attributes.
std::string line(double x1, double y1, double x2, double y2, const char* style);
/// A whisker from x0 to x1 across a row from `top` to `bottom`: a grey line at the middle with a
/// cap at each end, dashed when `dashed` (the bands with model error of the band charts).
std::string whisker(double x0, double x1, double top, double bottom, bool dashed);
/// A conservative width of `s` at font size `size`: at least what DejaVu Sans takes, so that a
/// label measured to fit its cell does fit.
double text_width(std::string_view s, double size);
/// The largest font size from `size` down to `min_size` at which `s` fits `width`.
int fitting_font(std::string_view s, double width, int size, int min_size);
/// The document's opening, a white background, the title and the subtitle at x = `left`.
std::string start(double width, double height, double left, const std::string& title,
                  const std::string& subtitle);
}  // namespace svg

}  // namespace stowage::advisor
