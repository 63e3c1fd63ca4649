// The bands of `stowage accuracy --uncertainty --band-plot FILE.svg` (advisor/judge/
// accuracy_bands.hpp), drawn by hand with the chart pieces of advisor/report/svg_plot.hpp.
//
// One row per case with a band, in suite order, labelled with its id and role. x is the load time
// in seconds on a log scale, whole decades around every finite band end, prediction and
// measurement. Each row: a bar from p10 to p90 of the predicted load time (blue where the
// measured load falls inside it, orange where it does not; grey for a fit case, which is never
// counted), a black tick at p50, a ring at the prediction with every figure at its value, and a
// black dot at the measured load. The subtitle names the worlds and how many checks fell inside.
// Same report, same bytes.
#pragma once

#include <string>

#include "advisor/judge/accuracy.hpp"

namespace stowage::advisor::report {

/// The SVG document of a report run with worlds (AccuracyReport::worlds > 0).
std::string accuracy_band_svg(const AccuracyReport& r);

}  // namespace stowage::advisor::report
