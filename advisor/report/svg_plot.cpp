#include "advisor/report/svg_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "advisor/report/text.hpp"

namespace stowage::advisor {
namespace {

using svg::line;
using svg::text;

// Canvas and margins in SVG user units (pixels).
constexpr double kWidth = 860, kHeight = 540;
constexpr double kLeft = 90, kRight = 210, kTop = 70, kBottom = 70;
// The band above the plot area where failed p99s are drawn.
constexpr double kFailedBand = 28;
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr const char* kNone = "#d9d9d9";
constexpr const char* kSloStyle =
    "stroke=\"#b00000\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"";
// Okabe-Ito colour-blind-safe palette.
constexpr const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                    "#56B4E9", "#D55E00", "#F0E442", "#000000"};
constexpr std::size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);

/// A step of 1, 2 or 5 x 10^k giving about `target` intervals over `range`.
double nice_step(double range, int target) {
  const double raw = range / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * mag >= raw) return m * mag;
  }
  return 10 * mag;
}

std::string header(const std::string& title, const std::string& subtitle) {
  return svg::start(kWidth, kHeight, kLeft, title, subtitle);
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

/// An axis's title in words, with its unit where the words do not carry one:
/// `arrivals.count` is "instances per burst", `storage.oss-accel.capacity` "oss-accel capacity
/// (bytes)". A path without words of its own is shown as written, with its unit.
std::string axis_title(const sim::SweepAxis& axis) {
  const std::string& p = axis.path;
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"arrivals.count", "instances per burst"},
      {"arrivals.spread", "burst spread (s)"},
      {"arrivals.rate_per_s", "arrivals per second"},
      {"arrivals.duration", "arrival window (s)"},
      {"arrivals.instances", "instances per model switch"},
      {"model.io.threads", "read threads per load"},
      {"instance.memory", "instance memory (bytes)"},
      {"instance.vcpu", "vCPUs per instance"},
      {"timeout", "start timeout (s)"},
      {"regions", "regions"},
      {"platform", "platform"},
      {"gpu", "GPU"},
      {"objective.p50", "p50 target (s)"},
      {"objective.p95", "p95 target (s)"},
      {"objective.p99", "p99 target (s)"},
      {"objective.max", "longest start allowed (s)"},
  };
  for (const auto& [path, words] : kWords) {
    if (p == path) return std::string(words);
  }
  if (p.starts_with("model.files[") && p.ends_with("].size")) {
    const std::string n = p.substr(12, p.size() - 12 - 6);
    return n == "0" ? "model file size (bytes)" : fmt::format("size of model file {} (bytes)", n);
  }
  if (p.starts_with("storage.")) {
    const std::size_t dot = p.rfind('.');
    const std::string name = p.substr(8, dot - 8), field = p.substr(dot + 1);
    if (field == "stored") return fmt::format("data stored on {} (bytes)", name);
    if (field == "capacity") return fmt::format("{} capacity (bytes)", name);
    if (field == "warm") return fmt::format("{} warmed", name);
  }
  switch (axis.unit) {
    case sim::AxisUnit::kCount:
      return p + " (count)";
    case sim::AxisUnit::kBytes:
      return p + " (bytes)";
    case sim::AxisUnit::kSeconds:
      return p + " (s)";
    case sim::AxisUnit::kPerSecond:
      return p + " (per second)";
    default:
      return p;
  }
}

/// A legend row: a swatch (a line in `stroke` style, or a box of `fill`) and its label.
struct Swatch {
  std::string line_style;  // attributes of a line swatch, or empty
  std::string fill;        // fill of a box swatch, or empty
};

std::string legend_entry(std::size_t row, const Swatch& swatch, const std::string& label) {
  const double y = kTop + 10 + 22 * static_cast<double>(row);
  const double x = kWidth - kRight + 20;
  std::string out;
  if (!swatch.line_style.empty()) {
    out += line(x, y, x + 24, y, swatch.line_style.c_str());
  } else if (!swatch.fill.empty()) {
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"24\" height=\"12\" fill=\"{}\"/>\n",
                       x, y - 6, swatch.fill);
  }
  return out + text(x + 32, y + 4, label);
}

std::string line_chart(const SweepTable& t) {
  const SweepHeader& h = t.header;
  const sim::SweepAxis& axis = h.axes.front();
  const XScale xs = x_scale(axis);
  const auto xpos = [&](std::size_t i) {
    return xs(xs.names ? static_cast<double>(i) : axis.values[i].number);
  };
  double ymax = h.slo_p99_s.value_or(0);
  for (const SweepRow& r : t.rows) {
    if (r.feasible && std::isfinite(r.p99_s)) ymax = std::max(ymax, r.p99_s);
  }
  if (ymax <= 0) ymax = 1;
  const double ystep = nice_step(ymax * 1.05, 6);
  const double ytop = std::ceil(ymax * 1.05 / ystep) * ystep;
  const double plot_top = kTop + kFailedBand, plot_bottom = kHeight - kBottom;
  const auto ypos = [&](double v) { return plot_bottom - v / ytop * (plot_bottom - plot_top); };
  const double right = kWidth - kRight;

  std::string out = header(fmt::format("{}: p99 time to ready by {}", h.name, axis_title(axis)),
                           fmt::format("SLO: {}; one line per storage", h.slo));
  // Grid, ticks and labels.
  for (double v = 0; v <= ytop + ystep * 1e-9; v += ystep) {
    out += line(kLeft, ypos(v), right, ypos(v), "stroke=\"#e5e5e5\"");
    out += text(kLeft - 8, ypos(v) + 4, sim::format_significant(v), "end");
  }
  out += fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#f6dada\"/>\n",
      kLeft, kTop + 2, right - kLeft, kFailedBand - 4);
  out += text(kLeft - 8, kTop + kFailedBand / 2 + 4, "failed", "end", 12, " fill=\"#b00000\"");
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
  // The SLO.
  if (h.slo_p99_s) {
    out += line(kLeft, ypos(*h.slo_p99_s), right, ypos(*h.slo_p99_s), kSloStyle);
  }
  // One line per storage.
  std::map<std::pair<std::size_t, std::string>, const SweepRow*> at;
  for (const SweepRow& r : t.rows) at[{r.point, r.storage}] = &r;
  std::size_t row = 0;  // legend rows: only the storages drawn
  bool crosses = false;
  for (std::size_t s = 0; s < h.storages.size(); ++s) {
    const char* colour = kPalette[s % kPaletteSize];
    std::string path, marks;
    bool pen_down = false;
    for (std::size_t i = 0; i < axis.values.size(); ++i) {
      const auto it = at.find({i, h.storages[s]});
      if (it == at.end() || !it->second->feasible) {
        pen_down = false;
        continue;
      }
      const double p99 = it->second->p99_s;
      const double x = xpos(i);
      if (!std::isfinite(p99)) {
        // Storages' crosses sit a little apart in the band, so that none hides another.
        const double step = std::min(6.0, (kFailedBand - 8) / h.storages.size());
        const double y = kTop + kFailedBand / 2 +
                         step * (static_cast<double>(s) - (h.storages.size() - 1) / 2.0);
        marks += fmt::format(
            "<path d=\"M{:.1f} {:.1f}l6 6m0 -6l-6 6\" stroke=\"{}\" stroke-width=\"2\"/>\n", x - 3,
            y - 3, colour);
        pen_down = false;
        crosses = true;
        continue;
      }
      path += fmt::format("{}{:.1f} {:.1f} ", pen_down ? "L" : "M", x, ypos(p99));
      marks += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\"/>\n", x,
                           ypos(p99), colour);
      pen_down = true;
    }
    if (!path.empty()) {
      out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n", path,
                         colour);
    }
    out += marks;
    if (marks.empty()) continue;  // never feasible at any point: nothing drawn, no legend
    out += legend_entry(row++, {fmt::format("stroke=\"{}\" stroke-width=\"3\"", colour), {}},
                        h.storages[s]);
  }
  if (h.slo_p99_s) {
    out +=
        legend_entry(row++, {kSloStyle, {}}, fmt::format("SLO p99 {}", report::seconds_text(*h.slo_p99_s)));
  }
  if (crosses) out += legend_entry(row, {}, "x: p99 failed (timeout)");
  return out + "</svg>\n";
}

/// A row's monthly cost in whole currency units: `205 CNY`.
std::string cost_text(const SweepRow& r) {
  return fmt::format("{:.0f} {}", r.cost_per_month, r.currency);
}

std::string heat_map(const SweepTable& t) {
  const SweepHeader& h = t.header;
  const sim::SweepAxis& ax = h.axes[0];
  const sim::SweepAxis& ay = h.axes[1];
  const std::size_t nx = ax.values.size(), ny = ay.values.size();
  const double right = kWidth - kRight, plot_top = kTop + 10, plot_bottom = kHeight - kBottom;
  const double cw = (right - kLeft) / static_cast<double>(nx);
  const double ch = (plot_bottom - plot_top) / static_cast<double>(ny);
  std::string held;
  for (std::size_t i = 2; i < h.axes.size(); ++i) {
    held += fmt::format("; {} = {}", h.axes[i].path, h.axes[i].values.front().label);
  }
  const int font = static_cast<int>(std::clamp(std::min(cw / 4.5, ch / 2.2), 7.0, 12.0));
  const bool labels = cw >= 30 && ch >= 14;
  // The monthly cost under the p99 where a cell holds two lines of text.
  const bool costs = labels && cw >= 56 && ch >= 2.4 * font + 4;
  std::string out = header(
      fmt::format("{}: recommended storage by {} and {}", h.name, axis_title(ax), axis_title(ay)),
      fmt::format("SLO: {}{}{}", h.slo,
                  labels ? costs ? "; cell: p99 and monthly cost of the recommended storage "
                                   "(grey: p99 of the fastest, a miss)"
                                 : "; cell: p99 of the recommended storage (grey: of the "
                                   "fastest, a miss)"
                         : "",
                  held));
  std::map<std::string, std::size_t> colour_of;
  for (std::size_t s = 0; s < h.storages.size(); ++s) colour_of[h.storages[s]] = s % kPaletteSize;
  std::map<std::size_t, const SweepRow*> best;  // point -> its recommended row
  std::map<std::size_t, double> fastest;        // point -> the lowest p99 of any storage
  for (const SweepRow& r : t.rows) {
    if (r.recommended) best[r.point] = &r;
    const auto [it, fresh] = fastest.try_emplace(r.point, r.feasible ? r.p99_s : kInfinity);
    if (!fresh && r.feasible) it->second = std::min(it->second, r.p99_s);
  }
  for (std::size_t j = 0; j < ny; ++j) {
    for (std::size_t i = 0; i < nx; ++i) {
      const std::size_t point = i + nx * j;
      const double x = kLeft + cw * static_cast<double>(i);
      const double y = plot_bottom - ch * static_cast<double>(j + 1);
      const auto it = best.find(point);
      const std::size_t c = it == best.end() ? kPaletteSize : colour_of[it->second->storage];
      const char* fill = c == kPaletteSize ? kNone : kPalette[c];
      // Every cell names its point, storage, p99 and cost in a tooltip (<title>).
      const std::string p99 =
          report::seconds_text(it == best.end() ? fastest[point] : it->second->p99_s);
      const std::string cost = it == best.end() ? std::string()
                                                : cost_text(*it->second);
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
          "stroke=\"white\"><title>{}</title></rect>\n",
          x, y, cw, ch, fill,
          svg::escape(fmt::format("{} = {}, {} = {}: {}", ax.path, ax.values[i].label, ay.path,
                          ay.values[j].label,
                          it == best.end()
                              ? fmt::format("none meets the SLO (fastest p99 {})", p99)
                              : fmt::format("{}, p99 {}, {} a month", it->second->storage, p99,
                                            cost))));
      if (labels) {
        // Dark text on the light colours (orange, sky blue, yellow, grey), white on the others.
        const bool dark = c == kPaletteSize || c == 1 || c == 4 || c == 6;
        const char* colour = dark ? "" : " fill=\"white\"";
        if (costs && !cost.empty()) {
          out += text(x + cw / 2, y + ch / 2 - 1, p99, "middle", font, colour);
          out += text(x + cw / 2, y + ch / 2 + font, cost, "middle", font, colour);
        } else {
          out += text(x + cw / 2, y + ch / 2 + font / 3.0, p99, "middle", font, colour);
        }
      }
    }
  }
  // Ticks: every k-th label so that they do not overlap.
  const std::size_t kx = std::max<std::size_t>(1, static_cast<std::size_t>(60 / cw + 1));
  for (std::size_t i = 0; i < nx; i += kx) {
    out += text(kLeft + cw * (static_cast<double>(i) + 0.5), plot_bottom + 18, ax.values[i].label,
                "middle");
  }
  const std::size_t ky = std::max<std::size_t>(1, static_cast<std::size_t>(16 / ch + 1));
  for (std::size_t j = 0; j < ny; j += ky) {
    out += text(kLeft - 6, plot_bottom - ch * (static_cast<double>(j) + 0.5) + 4,
                ay.values[j].label, "end");
  }
  out += text((kLeft + right) / 2, kHeight - 22, axis_title(ax), "middle", 13);
  out += text(
      18, (plot_top + plot_bottom) / 2, axis_title(ay), "middle", 13,
      fmt::format(" transform=\"rotate(-90 18 {:.1f})\"", (plot_top + plot_bottom) / 2).c_str());
  out += text(kWidth - kRight + 20, kTop - 4, "recommended", "start", 12, " font-weight=\"bold\"");
  std::size_t row = 0;  // only the storages recommended somewhere
  for (std::size_t s = 0; s < h.storages.size(); ++s) {
    const bool shown = std::any_of(best.begin(), best.end(),
                                   [&](const auto& b) { return b.second->storage == h.storages[s]; });
    if (shown) out += legend_entry(row++, {{}, kPalette[s % kPaletteSize]}, h.storages[s]);
  }
  if (best.size() < nx * ny) out += legend_entry(row, {{}, kNone}, "none meets the SLO");
  return out + "</svg>\n";
}

}  // namespace

std::string sweep_svg(const SweepTable& table) {
  return table.header.axes.size() >= 2 ? heat_map(table) : line_chart(table);
}

}  // namespace stowage::advisor
