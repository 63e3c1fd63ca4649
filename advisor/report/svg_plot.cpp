#include "advisor/report/svg_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "advisor/report/svg_chart.hpp"
#include "advisor/report/svg_sweep_band.hpp"
#include "advisor/report/text.hpp"

namespace stowage::advisor::svg {
namespace {

// The band above the plot area where p99s off the axis are drawn: above its top, or failed.
constexpr double kOffBand = 28;
// The y-axis ends at most this many times the SLO's p99 target (when a p99 goes beyond).
constexpr double kClip = 2;
// Marks closer than this (pixels) are drawn as one: the later series' smaller, its line dashed.
constexpr double kSamePx = 1.5;

/// A step of 1, 2 or 5 x 10^k giving about `target` intervals over `range`.
double nice_step(double range, int target) {
  const double raw = range / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * mag >= raw) return m * mag;
  }
  return 10 * mag;
}

/// Maps the first axis's values to x positions.
struct XScale {
  bool log = false, names = false;
  double lo = 0, hi = 1;

  double operator()(double v) const {
    const double f = log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                         : (v - lo) / (hi - lo);
    return kLeft + f * (kWidth - kLeft - kRight);
  }
};

XScale x_scale(const sim::SweepAxis& axis) {
  XScale s;
  s.names = axis.unit == sim::AxisUnit::kName;
  if (s.names) {
    s.lo = -0.5;
    s.hi = static_cast<double>(axis.values.size()) - 0.5;
    return s;
  }
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const sim::AxisValue& v : axis.values) {
    lo = std::min(lo, v.number);
    hi = std::max(hi, v.number);
  }
  s.log = axis.scale == sim::AxisScale::kLog ||
          (axis.scale == sim::AxisScale::kList && lo > 0 && hi / lo >= kLogSpan);
  if (hi == lo) {  // one value: centre it
    s.lo = s.log ? lo / 2 : lo - 1;
    s.hi = s.log ? hi * 2 : hi + 1;
  } else {
    s.lo = lo;
    s.hi = hi;
  }
  return s;
}

/// The tick values of the x-axis.
std::vector<double> x_ticks(const XScale& s, const sim::SweepAxis& axis) {
  std::vector<double> out;
  if (s.names) {
    for (std::size_t i = 0; i < axis.values.size(); ++i) out.push_back(static_cast<double>(i));
    return out;
  }
  if (s.log) {
    const double decades = std::log10(s.hi / s.lo);
    const std::vector<double> mults =
        decades <= 1.5 ? std::vector<double>{1, 2, 5} : std::vector<double>{1};
    for (double p = std::pow(10.0, std::floor(std::log10(s.lo))); p <= s.hi * 1.0001; p *= 10) {
      for (double m : mults) {
        if (m * p >= s.lo * 0.9999 && m * p <= s.hi * 1.0001) out.push_back(m * p);
      }
    }
    if (out.size() < 2) {
      out = {s.lo, s.hi};
    }
    return out;
  }
  const double step = nice_step(s.hi - s.lo, 6);
  for (double v = std::ceil(s.lo / step) * step; v <= s.hi + step * 1e-9; v += step) {
    out.push_back(v);
  }
  return out;
}

std::string x_tick_label(const sim::SweepAxis& axis, double v) {
  if (axis.unit == sim::AxisUnit::kName) return axis.values[static_cast<std::size_t>(v)].name;
  return sim::axis_value_label(axis.unit, v);
}

/// Where a storage's p99 at a point is drawn.
enum class Mark { kNone, kPoint, kAbove, kFailed };
struct Spot {
  Mark mark = Mark::kNone;
  double y = 0;  // the point's y, or the band's for a mark in the band
  const SweepRow* row = nullptr;
};

bool same_spot(const Spot& a, const Spot& b) {
  return a.mark == b.mark && a.mark != Mark::kNone && std::abs(a.y - b.y) < kSamePx;
}

/// A cross (failed) or an up-pointing triangle (above the axis) centred on 0,0.
std::string band_mark(Mark m, const char* colour) {
  if (m == Mark::kFailed) {
    return fmt::format("<path d=\"M-3 -3l6 6m0 -6l-6 6\" stroke=\"{}\" stroke-width=\"2\"/>",
                       colour);
  }
  return fmt::format("<path d=\"M0 -4l4 7h-8z\" fill=\"{}\"/>", colour);
}

}  // namespace

std::string line_chart(const SweepTable& t) {
  const SweepHeader& h = t.header;
  const sim::SweepAxis& axis = h.axes.front();
  const XScale xs = x_scale(axis);
  const auto xpos = [&](std::size_t i) {
    return xs(xs.names ? static_cast<double>(i) : axis.values[i].number);
  };
  // The y-range: every finite p99, the top of its band (with --uncertainty) and the SLO, but at
  // most kClip times the SLO's p99.
  double data_max = 0;
  for (const SweepRow& r : t.rows) {
    if (!r.feasible) continue;
    if (std::isfinite(r.p99_s)) data_max = std::max(data_max, r.p99_s);
    if (r.p99_band && std::isfinite(r.p99_band->p90)) {
      data_max = std::max(data_max, r.p99_band->p90);
    }
  }
  const double slo = h.slo_p99_s.value_or(0);
  double ymax = std::max(data_max, slo);
  if (slo > 0) ymax = std::min(ymax, kClip * slo);
  if (ymax <= 0) ymax = 1;
  const double ystep = nice_step(ymax * 1.05, 6);
  const double ytop = std::ceil(ymax * 1.05 / ystep) * ystep;
  const double plot_top = kTop + kOffBand, plot_bottom = kHeight - kBottom;
  const auto ypos = [&](double v) { return plot_bottom - v / ytop * (plot_bottom - plot_top); };
  const double right = kWidth - kRight;

  // Where each storage's p99s are drawn; marks in the band sit a little apart by storage.
  const std::size_t ns = h.storages.size(), nx = axis.values.size();
  std::map<std::pair<std::size_t, std::string>, const SweepRow*> at;
  for (const SweepRow& r : t.rows) at[{r.point, r.storage}] = &r;
  std::vector<std::vector<Spot>> spots(ns, std::vector<Spot>(nx));
  bool above = false, failed = false;
  for (std::size_t s = 0; s < ns; ++s) {
    const double band_step = std::min(6.0, (kOffBand - 8) / static_cast<double>(ns));
    const double band_y =
        kTop + kOffBand / 2 + band_step * (static_cast<double>(s) - (ns - 1) / 2.0);
    for (std::size_t i = 0; i < nx; ++i) {
      const auto it = at.find({i, h.storages[s]});
      if (it == at.end() || !it->second->feasible) continue;
      const double p99 = it->second->p99_s;
      Spot& spot = spots[s][i];
      spot.row = it->second;
      spot.mark = !std::isfinite(p99) ? Mark::kFailed : p99 > ytop ? Mark::kAbove : Mark::kPoint;
      spot.y = spot.mark == Mark::kPoint ? ypos(p99) : band_y;
      above |= spot.mark == Mark::kAbove;
      failed |= spot.mark == Mark::kFailed;
    }
  }

  std::string out = start(kWidth, kHeight, kLeft,
                          fmt::format("{}: p99 time to ready by {}", h.name, axis_title(axis)),
                          fmt::format("SLO: {}; one line per storage", h.slo));
  // Grid, ticks and labels.
  for (double v = 0; v <= ytop + ystep * 1e-9; v += ystep) {
    out += line(kLeft, ypos(v), right, ypos(v), "stroke=\"#e5e5e5\"");
    out += text(kLeft - 8, ypos(v) + 4, sim::format_significant(v), "end");
  }
  if (above || failed) {
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#f6dada\"/>\n",
        kLeft, kTop + 2, right - kLeft, kOffBand - 4);
    const std::string band = failed && !above   ? "failed"
                             : above && !failed ? "> " + sim::format_significant(ytop)
                                                : "off axis";
    out += text(kLeft - 8, kTop + kOffBand / 2 + 4, band, "end",
                fitting_font(band, kLeft - 12, 12, 8), " fill=\"#b00000\"");
  }
  for (double v : x_ticks(xs, axis)) {
    out += line(xs(v), plot_bottom, xs(v), plot_bottom + 5, "stroke=\"#333333\"");
    out += text(xs(v), plot_bottom + 20, x_tick_label(axis, v), "middle");
  }
  out += line(kLeft, plot_bottom, right, plot_bottom, "stroke=\"#333333\"");
  out += line(kLeft, plot_top, kLeft, plot_bottom, "stroke=\"#333333\"");
  out += text((kLeft + right) / 2, kHeight - 22, axis_title(axis) + (xs.log ? ", log scale" : ""),
              "middle", 13);
  out += text(
      24, (plot_top + plot_bottom) / 2, "p99 time to ready (s)", "middle", 13,
      fmt::format(" transform=\"rotate(-90 24 {:.1f})\"", (plot_top + plot_bottom) / 2).c_str());
  if (slo > 0) out += line(kLeft, ypos(slo), right, ypos(slo), kSloStyle);
  out += p99_bands(t, xpos, ypos, plot_top);  // with --uncertainty

  // One line per storage. Where an earlier storage is drawn at the same place, the later one's
  // line is dashed and its marks smaller, so that both show; a storage drawn wholly where an
  // earlier one is says so in the legend.
  double row = 0;  // legend rows: only the storages drawn
  for (std::size_t s = 0; s < ns; ++s) {
    const char* colour = kPalette[s % kPaletteSize];
    const auto under = [&](std::size_t i) {
      int n = 0;
      for (std::size_t r = 0; r < s; ++r) n += same_spot(spots[r][i], spots[s][i]) ? 1 : 0;
      return n;
    };
    std::string solid, dashed, marks;
    for (std::size_t i = 0; i < nx; ++i) {
      const Spot& p = spots[s][i];
      if (p.mark == Mark::kNone) continue;
      const double x = xpos(i);
      const std::string tip =
          escape(fmt::format("{}, {} = {}: p99 {}", h.storages[s], axis.path,
                             xs.names ? axis.values[i].name : axis.values[i].label,
                             report::seconds_text(p.row->p99_s)));
      if (p.mark == Mark::kPoint) {
        marks += fmt::format(
            "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\"><title>{}</title>"
            "</circle>\n",
            x, p.y, std::max(1.5, 3.5 - 1.2 * under(i)), colour, tip);
      } else {
        marks += fmt::format("<g transform=\"translate({:.1f} {:.1f})\">{}<title>{}</title></g>\n",
                             x, p.y, band_mark(p.mark, colour), tip);
      }
      // The segment to the next point, to the band's edge for a p99 above the axis.
      if (i + 1 >= nx || p.mark == Mark::kFailed) continue;
      const Spot& q = spots[s][i + 1];
      if (q.mark == Mark::kNone || q.mark == Mark::kFailed) continue;
      if (p.mark == Mark::kAbove && q.mark == Mark::kAbove) continue;
      bool shared = false;
      for (std::size_t r = 0; r < s; ++r) {
        shared |= same_spot(spots[r][i], p) && same_spot(spots[r][i + 1], q);
      }
      const auto y_of = [&](const Spot& v) { return v.mark == Mark::kAbove ? plot_top : v.y; };
      (shared ? dashed : solid) +=
          fmt::format("M{:.1f} {:.1f}L{:.1f} {:.1f}", x, y_of(p), xpos(i + 1), y_of(q));
    }
    if (!solid.empty()) {
      out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n", solid,
                         colour);
    }
    if (!dashed.empty()) {
      out += fmt::format(
          "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
          "stroke-dasharray=\"6 6\"/>\n",
          dashed, colour);
    }
    out += marks;
    if (marks.empty()) continue;  // never feasible at any point: nothing drawn, no legend
    std::string label = h.storages[s];
    for (std::size_t r = 0; r < s; ++r) {
      bool same = true;
      for (std::size_t i = 0; i < nx && same; ++i) {
        same = spots[r][i].mark == spots[s][i].mark &&
               (spots[s][i].mark != Mark::kPoint || same_spot(spots[r][i], spots[s][i]));
      }
      if (same) {
        label += fmt::format("\n(same as {})", h.storages[r]);
        break;
      }
    }
    out +=
        legend_entry(row, {fmt::format("stroke=\"{}\" stroke-width=\"3\"", colour), {}, {}}, label);
  }
  if (slo > 0) {
    out += legend_entry(row, {kSloStyle, {}, {}}, "SLO p99 " + report::seconds_text(slo));
  }
  if (h.worlds > 0) out += legend_entry(row, {{}, {}, band_swatch()}, band_legend_label(h));
  if (above) {
    out += legend_entry(row, {{}, {}, band_mark(Mark::kAbove, "#333333")},
                        fmt::format("p99 above {}\n(up to {})", report::seconds_text(ytop),
                                    report::seconds_text(data_max)));
  }
  if (failed) {
    out += legend_entry(row, {{}, {}, band_mark(Mark::kFailed, "#333333")}, "p99 failed (timeout)");
  }
  return out + "</svg>\n";
}

}  // namespace stowage::advisor::svg

namespace stowage::advisor {

std::string sweep_svg(const SweepTable& table) {
  return table.header.axes.size() >= 2 ? svg::heat_map(table) : svg::line_chart(table);
}

}  // namespace stowage::advisor
