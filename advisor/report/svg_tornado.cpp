// The tornado chart of `advise --robustness --plot` (advisor/report/hinges.hpp): one bar per
// figure over the factor of its value (log scale) in which the recommendation holds, narrowest
// on top, and a legend of every colour.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "advisor/report/hinges.hpp"
#include "advisor/report/svg_plot.hpp"

namespace stowage::advisor::report {

std::string robustness_svg(const Robustness& r, const std::string& workload) {
  // Canvas: one bar row per figure; x is the factor of the figure's value, log scale; the legend
  // under the axis title explains every colour.
  constexpr double kWidth = 900, kLeftM = 330, kRightM = 40, kTopM = 80, kRow = 24, kBottomM = 110;
  constexpr const char* kHolds = "#0072B2";
  constexpr const char* kNoEffect = "#bbbbbb";
  constexpr const char* kFlipStyle = "stroke=\"#b00000\" stroke-width=\"3\"";
  constexpr const char* kValueStyle = "stroke=\"#000000\" stroke-width=\"1.5\"";
  std::vector<const FigureRange*> rows;
  for (const FigureRange& f : r.figures) rows.push_back(&f);
  const auto span = [](const FigureRange& f) {
    const double lo = f.below ? f.below->at : f.low, hi = f.above ? f.above->at : f.high;
    return std::log(hi / lo);
  };
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const FigureRange* a, const FigureRange* b) { return span(*a) < span(*b); });
  const double height =
      kTopM + kRow * static_cast<double>(std::max<std::size_t>(rows.size(), 1)) + kBottomM;
  const double lo_f = 1 / std::max(r.range, kUnsetSpan), hi_f = r.range;
  const double right = kWidth - kRightM;
  const auto x = [&](double factor) {
    const double f = std::clamp(factor, lo_f, hi_f);
    return kLeftM + (std::log10(f) - std::log10(lo_f)) / (std::log10(hi_f) - std::log10(lo_f)) *
                        (right - kLeftM);
  };
  std::string out =
      svg::start(kWidth, height, 20, fmt::format("What the advice for {} rests on", workload),
                 "bar: the factor of each figure's value over which the recommendation holds");
  const double bottom = kTopM + kRow * static_cast<double>(rows.size());
  for (double tick = lo_f; tick <= hi_f * 1.0001; tick *= 10) {
    out += svg::line(x(tick), kTopM - 6, x(tick), bottom, "stroke=\"#dddddd\"");
    out +=
        svg::text(std::min(x(tick), right - 14), bottom + 18, fmt::format("x{:g}", tick), "middle");
  }
  out += svg::line(x(1), kTopM - 6, x(1), bottom, kValueStyle);
  const std::string axis =
      "factor of the value used, log scale (an unset limit: of every instance's bandwidth "
      "together)";
  out += svg::text(kWidth / 2, bottom + 40, axis, "middle",
                   svg::fitting_font(axis, kWidth - 40, 13, 9));
  double y = kTopM;
  for (const FigureRange* f : rows) {
    const double lo = (f->below ? f->below->at : f->low) / f->reference;
    const double hi = (f->above ? f->above->at : f->high) / f->reference;
    const std::string name = f->knob.figure() + (f->knob.value ? "" : " (unset)");
    out += svg::text(kLeftM - 8, y + kRow * 0.65, name, "end",
                     svg::fitting_font(name, kLeftM - 28, 11, 7));
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>\n", x(lo),
        y + 4, std::max(1.0, x(hi) - x(lo)), kRow - 8, f->moved ? kHolds : kNoEffect);
    if (f->below) out += svg::line(x(lo), y + 2, x(lo), y + kRow - 2, kFlipStyle);
    if (f->above) out += svg::line(x(hi), y + 2, x(hi), y + kRow - 2, kFlipStyle);
    y += kRow;
  }
  // The legend: two rows of two entries.
  const auto entry = [&](double ex, double ey, const std::string& swatch,
                         const std::string& label) {
    return swatch + svg::text(ex + 30, ey + 4, label, "start",
                              svg::fitting_font(label, kWidth / 2 - 50, 11, 8));
  };
  const double ly = bottom + 64, lx1 = 20, lx2 = kWidth / 2;
  const auto box = [](double bx, double by, const char* fill) {
    return fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"24\" height=\"10\" fill=\"{}\"/>\n",
                       bx, by - 5, fill);
  };
  out +=
      entry(lx1, ly, box(lx1, ly, kHolds), "the recommendation holds; the advice's figures change");
  out += entry(lx2, ly, box(lx2, ly, kNoEffect), "no effect: the advice is the same throughout");
  out += entry(lx1, ly + 22, svg::line(lx1 + 12, ly + 15, lx1 + 12, ly + 29, kFlipStyle),
               "the recommendation flips there");
  out += entry(lx2, ly + 22, svg::line(lx2 + 12, ly + 15, lx2 + 12, ly + 29, kValueStyle),
               "x1: the value the advice used");
  return out + "</svg>\n";
}

}  // namespace stowage::advisor::report
