// The heat map of a sweep with two or more axes (advisor/report/svg_plot.hpp): the recommended
// storage over the first two axes. Every column and row is labelled, the labels turned upright
// or made smaller until they fit; where even that fails, every k-th is and the axis title says
// so. A cell's p99 (and monthly cost, when two lines fit) is written at one size for all cells,
// the largest at which every label fits its cell by a conservative measure of its width.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "advisor/report/svg_chart.hpp"
#include "advisor/report/svg_plot.hpp"
#include "advisor/report/text.hpp"

namespace stowage::advisor::svg {
namespace {

constexpr int kTickFont = 11, kMinTickFont = 8, kCellFont = 12, kMinCellFont = 7;
/// A line of text's height as a share of its font size.
constexpr double kLineHeight = 1.2;

/// A row's monthly cost in whole currency units: `205 CNY`.
std::string cost_text(const SweepRow& r) {
  return fmt::format("{:.0f} {}", r.cost_per_month, r.currency);
}

double widest(const std::vector<std::string>& labels, double font) {
  double w = 0;
  for (const std::string& l : labels) w = std::max(w, text_width(l, font));
  return w;
}

std::vector<std::string> labels_of(const sim::SweepAxis& axis) {
  std::vector<std::string> out;
  for (const sim::AxisValue& v : axis.values) out.push_back(v.label);
  return out;
}

/// How an axis's tick labels are set: their size, upright or not, every `step`-th.
struct Ticks {
  int font = kTickFont;
  bool upright = false;
  std::size_t step = 1;
  double extent = 0;  // how far the labels reach from the axis
};

/// The x ticks: level if they fit their column, else upright, smaller if need be, else every
/// k-th.
Ticks x_ticks(const std::vector<std::string>& labels, double cw) {
  Ticks t;
  if (widest(labels, t.font) + 4 <= cw) {
    t.extent = kLineHeight * t.font + 6;
    return t;
  }
  t.upright = true;
  while (t.font > kMinTickFont && kLineHeight * t.font > cw) --t.font;
  t.step = static_cast<std::size_t>(std::ceil(kLineHeight * t.font / cw));
  t.extent = widest(labels, t.font) + 10;
  return t;
}

/// The y ticks: every row if its height holds a line, smaller if need be, else every k-th; the
/// size shrinks further to fit `room` across.
Ticks y_ticks(const std::vector<std::string>& labels, double ch, double room) {
  Ticks t;
  while (t.font > kMinTickFont && (kLineHeight * t.font > ch || widest(labels, t.font) > room)) {
    --t.font;
  }
  t.step = static_cast<std::size_t>(std::ceil(kLineHeight * t.font / ch));
  return t;
}

/// ", every 2nd labelled", or nothing when every one is.
std::string skip_note(std::size_t step) {
  if (step <= 1) return {};
  return fmt::format(", every {}{} labelled", step, step == 2 ? "nd" : step == 3 ? "rd" : "th");
}

/// The largest cell font from kCellFont down at which `lines` lines of these labels fit a cell;
/// 0 when none does.
int cell_font(const std::vector<std::string>& labels, double cw, double ch, int lines) {
  for (int f = kCellFont; f >= kMinCellFont; --f) {
    if (widest(labels, f) + 4 <= cw && lines * kLineHeight * f + 2 <= ch) return f;
  }
  return 0;
}

}  // namespace

std::string heat_map(const SweepTable& t) {
  const SweepHeader& h = t.header;
  const sim::SweepAxis& ax = h.axes[0];
  const sim::SweepAxis& ay = h.axes[1];
  const std::size_t nx = ax.values.size(), ny = ay.values.size();
  const double right = kWidth - kRight, plot_top = kTop + 10;
  const double cw = (right - kLeft) / static_cast<double>(nx);
  const Ticks xt = x_ticks(labels_of(ax), cw);
  const double plot_bottom = kHeight - 36 - xt.extent;
  const double ch = (plot_bottom - plot_top) / static_cast<double>(ny);
  const Ticks yt = y_ticks(labels_of(ay), ch, kLeft - 30);

  std::map<std::string, std::size_t> colour_of;
  for (std::size_t s = 0; s < h.storages.size(); ++s) colour_of[h.storages[s]] = s % kPaletteSize;
  std::map<std::size_t, const SweepRow*> best;  // point -> its recommended row
  std::map<std::size_t, double> fastest;        // point -> the lowest p99 of any storage
  for (const SweepRow& r : t.rows) {
    if (r.recommended) best[r.point] = &r;
    const double p99 = r.feasible ? r.p99_s : std::numeric_limits<double>::infinity();
    const auto [it, fresh] = fastest.try_emplace(r.point, p99);
    if (!fresh) it->second = std::min(it->second, p99);
  }
  // Each cell's labels, then the one size they are written at.
  std::vector<std::string> p99s(nx * ny), costs(nx * ny);
  for (std::size_t point = 0; point < nx * ny; ++point) {
    const auto it = best.find(point);
    p99s[point] = report::seconds_text(it == best.end() ? fastest[point] : it->second->p99_s);
    if (it != best.end()) costs[point] = cost_text(*it->second);
  }
  std::vector<std::string> both = p99s;
  both.insert(both.end(), costs.begin(), costs.end());
  const int two_line_font = cell_font(both, cw, ch, 2);
  const int font = two_line_font > 0 ? two_line_font : cell_font(p99s, cw, ch, 1);
  const bool with_costs = two_line_font > 0;

  std::string held;
  for (std::size_t i = 2; i < h.axes.size(); ++i) {
    held += fmt::format("; {} = {}", h.axes[i].path, h.axes[i].values.front().label);
  }
  const std::string cells =
      font == 0    ? "; cell: its p99 and cost in its tooltip"
      : with_costs ? "; cell: p99 and monthly cost of the recommended storage"
                   : "; cell: p99 of the recommended storage (its cost in the tooltip)";
  std::string out = start(
      kWidth, kHeight, kLeft,
      fmt::format("{}: recommended storage by {} and {}", h.name, axis_title(ax), axis_title(ay)),
      fmt::format("SLO: {}{}{}", h.slo, cells, held));
  for (std::size_t j = 0; j < ny; ++j) {
    for (std::size_t i = 0; i < nx; ++i) {
      const std::size_t point = i + nx * j;
      const double x = kLeft + cw * static_cast<double>(i);
      const double y = plot_bottom - ch * static_cast<double>(j + 1);
      const auto it = best.find(point);
      const std::size_t c = it == best.end() ? kPaletteSize : colour_of[it->second->storage];
      const std::string tip = fmt::format(
          "{} = {}, {} = {}: {}", ax.path, ax.values[i].label, ay.path, ay.values[j].label,
          it == best.end() ? fmt::format("none meets the SLO (fastest p99 {})", p99s[point])
                           : fmt::format("{}, p99 {}, {} a month", it->second->storage, p99s[point],
                                         costs[point]));
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
          "stroke=\"white\"><title>{}</title></rect>\n",
          x, y, cw, ch, c == kPaletteSize ? kNone : kPalette[c], escape(tip));
      if (font == 0) continue;
      const char* colour = dark_text_on(c) ? "" : " fill=\"white\"";
      if (with_costs && !costs[point].empty()) {
        out += text(x + cw / 2, y + ch / 2 - 2, p99s[point], "middle", font, colour);
        out += text(x + cw / 2, y + ch / 2 + font, costs[point], "middle", font, colour);
      } else {
        out += text(x + cw / 2, y + ch / 2 + font / 3.0, p99s[point], "middle", font, colour);
      }
    }
  }
  for (std::size_t i = 0; i < nx; i += xt.step) {
    const double x = kLeft + cw * (static_cast<double>(i) + 0.5);
    if (xt.upright) {
      const double y = plot_bottom + 6;
      out += text(
          x + xt.font / 3.0, y, ax.values[i].label, "end", xt.font,
          fmt::format(" transform=\"rotate(-90 {:.1f} {:.1f})\"", x + xt.font / 3.0, y).c_str());
    } else {
      out += text(x, plot_bottom + 4 + xt.font, ax.values[i].label, "middle", xt.font);
    }
  }
  for (std::size_t j = 0; j < ny; j += yt.step) {
    out += text(kLeft - 6, plot_bottom - ch * (static_cast<double>(j) + 0.5) + yt.font / 3.0,
                ay.values[j].label, "end", yt.font);
  }
  const std::string x_title =
      axis_title(ax) + (ax.scale == sim::AxisScale::kLog ? ", log steps" : "") + skip_note(xt.step);
  out += text((kLeft + right) / 2, kHeight - 16, x_title, "middle",
              fitting_font(x_title, right - kLeft, 13, 9));
  const std::string y_title =
      axis_title(ay) + (ay.scale == sim::AxisScale::kLog ? ", log steps" : "") + skip_note(yt.step);
  out += text(
      18, (plot_top + plot_bottom) / 2, y_title, "middle",
      fitting_font(y_title, plot_bottom - plot_top, 13, 9),
      fmt::format(" transform=\"rotate(-90 18 {:.1f})\"", (plot_top + plot_bottom) / 2).c_str());
  out += text(kWidth - kRight + 20, kTop - 4, "recommended", "start", 12, " font-weight=\"bold\"");
  double row = 0;  // only the storages recommended somewhere
  for (std::size_t s = 0; s < h.storages.size(); ++s) {
    const bool shown = std::any_of(best.begin(), best.end(), [&](const auto& b) {
      return b.second->storage == h.storages[s];
    });
    if (shown) out += legend_entry(row, {{}, kPalette[s % kPaletteSize], {}}, h.storages[s]);
  }
  if (best.size() < nx * ny) {
    out += legend_entry(
        row, {{}, kNone, {}},
        font == 0 ? "none meets the SLO" : "none meets the SLO\n(cell: the fastest p99)");
  }
  return out + "</svg>\n";
}

}  // namespace stowage::advisor::svg
