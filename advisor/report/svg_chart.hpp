// The frame the sweep's two charts share (advisor/report/svg_plot.hpp): the canvas, the
// colour-blind-safe palette (Okabe and Ito), axis titles in words and the legend column on the
// right. The line chart is svg_plot.cpp, the heat map svg_heat_map.cpp.
#pragma once

#include <string>

#include "advisor/sweep/run.hpp"

namespace stowage::advisor::svg {

// Canvas and margins in SVG user units (pixels).
inline constexpr double kWidth = 860, kHeight = 540;
inline constexpr double kLeft = 90, kRight = 210, kTop = 70, kBottom = 70;
/// The grey of "none meets the SLO".
inline constexpr const char* kNone = "#d9d9d9";
inline constexpr const char* kSloStyle =
    "stroke=\"#b00000\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"";
/// Okabe-Ito colour-blind-safe palette.
inline constexpr const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                           "#56B4E9", "#D55E00", "#F0E442", "#000000"};
inline constexpr std::size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);
/// Whether text on palette colour `c` (kPaletteSize: the grey) is dark: orange, sky blue,
/// yellow and grey are light.
bool dark_text_on(std::size_t c);

/// An axis's title in words: `arrivals.count` is "instances per burst", `model.files[0].size`
/// "model file size". No unit: every tick label carries its own ("2 GB", "30 s").
std::string axis_title(const sim::SweepAxis& axis);

/// A legend row's swatch: a line in `line_style`, a box of `fill`, or a mark (SVG drawn centred
/// on 0,0 and translated), whichever is set.
struct Swatch {
  std::string line_style;
  std::string fill;
  std::string mark;
};
/// The legend entry at `row` (from 0, below the heading at kTop): its swatch and its label, whose
/// lines ('\n') share the largest size from 12 px down to 9 px at which they fit the legend
/// column; a line too wide even then wraps at spaces. `row` advances past the lines used.
std::string legend_entry(double& row, const Swatch& swatch, const std::string& label);

/// The chart of a sweep with one axis (svg_plot.cpp) and of two or more (svg_heat_map.cpp).
std::string line_chart(const SweepTable& table);
std::string heat_map(const SweepTable& table);

}  // namespace stowage::advisor::svg
