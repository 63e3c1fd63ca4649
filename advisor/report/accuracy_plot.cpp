#include "advisor/report/accuracy_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "advisor/report/svg_plot.hpp"
#include "advisor/report/text.hpp"
#include "sim/units.hpp"

namespace stowage::advisor::report {
namespace {

// Canvas, in pixels.
constexpr double kWidth = 980, kLeft = 380, kRight = 40, kTop = 80, kRow = 20, kBottom = 60;
constexpr const char* kInside = "#0072B2";   // Okabe-Ito blue
constexpr const char* kOutside = "#E69F00";  // Okabe-Ito orange
constexpr const char* kFit = "#bbbbbb";

/// Log-scale axis bounds: whole decades around every finite value drawn.
std::pair<double, double> axis(const std::vector<const AccuracyRow*>& rows) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  const auto take = [&](double v) {
    if (std::isfinite(v) && v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
  };
  for (const AccuracyRow* r : rows) {
    take(r->band->load_s.p10), take(r->band->load_s.p90), take(r->predicted_s);
    if (const auto& e = r->band->with_error) take(e->p10), take(e->p90);
    take(r->c->measured.value());
  }
  if (!(hi > 0)) return {1, 10};
  return {std::pow(10, std::floor(std::log10(lo))),
          std::pow(10, std::ceil(std::log10(hi * 1.0001)))};
}

}  // namespace

std::string accuracy_band_svg(const AccuracyReport& r) {
  std::vector<const AccuracyRow*> rows;
  for (const AccuracyRow& row : r.rows) {
    if (row.band) rows.push_back(&row);
  }
  const double height =
      kTop + kRow * static_cast<double>(std::max<std::size_t>(rows.size(), 1)) + kBottom;
  // Named copies, not a structured binding: the lambda below captures them.
  const auto range = axis(rows);
  const double lo = range.first, hi = range.second;
  const double right = kWidth - kRight;
  const auto x = [&](double v) {
    const double f = std::clamp(std::isfinite(v) ? v : hi, lo, hi);
    return kLeft +
           (std::log10(f) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) * (right - kLeft);
  };
  const BandStats& checks = r.check_bands;
  std::string out = svg::start(
      kWidth, height, 20, "Published loads against the bands of their ranged figures",
      fmt::format("{} worlds; bar: p10 to p90 of the predicted load, tick: p50, ring: the "
                  "prediction, dot: measured; blue: inside ({} of {} checks), orange: outside, "
                  "grey: fit case; whisker: with model error ({} of {} inside)",
                  r.worlds, checks.inside, checks.checks, checks.inside_with_error,
                  checks.with_error));
  const double bottom = kTop + kRow * static_cast<double>(rows.size());
  for (double tick = lo; tick <= hi * 1.0001; tick *= 10) {
    out += svg::line(x(tick), kTop - 6, x(tick), bottom, "stroke=\"#dddddd\"");
    out += svg::text(x(tick), bottom + 18, sim::format_significant(tick) + " s", "middle");
  }
  out += svg::text((kLeft + right) / 2, bottom + 40, "load time (log scale)", "middle", 13);
  double y = kTop;
  for (const AccuracyRow* row : rows) {
    const CaseBand& b = *row->band;
    const auto& c = *row->c;
    const char* role = c.fit ? "fit" : c.independent() ? "independent" : "dependent";
    const char* colour = c.fit ? kFit : b.verdict == BandVerdict::kInside ? kInside : kOutside;
    out += svg::text(kLeft - 8, y + kRow * 0.7, fmt::format("{} ({})", c.id, role), "end", 10);
    if (b.with_error) {
      // The band with model error (model_error.hpp): a whisker behind the bar, dashed where the
      // measured load falls outside it.
      out += svg::whisker(x(b.with_error->p10), x(b.with_error->p90), y + 6, y + kRow - 6,
                          b.verdict_with_error != BandVerdict::kInside);
    }
    const double x0 = x(b.load_s.p10), x1 = x(b.load_s.p90);
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
        "fill-opacity=\"0.8\"><title>{}: p10 {}, p50 {}, p90 {}; predicted {}, measured "
        "{}</title></rect>\n",
        x0, y + 4, std::max(2.0, x1 - x0), kRow - 8, colour, svg::escape(c.id),
        seconds_text(b.load_s.p10), seconds_text(b.load_s.p50), seconds_text(b.load_s.p90),
        seconds_text(row->predicted_s), seconds_text(c.measured.value()));
    const double mid = x(b.load_s.p50);
    out += svg::line(mid, y + 2, mid, y + kRow - 2, "stroke=\"#000000\" stroke-width=\"2\"");
    out += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"none\" stroke=\"#000000\" "
        "stroke-width=\"1.2\"/>\n",
        x(row->predicted_s), y + kRow / 2);
    out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"#000000\"/>\n",
                       x(c.measured.value()), y + kRow / 2);
    y += kRow;
  }
  return out + "</svg>\n";
}

}  // namespace stowage::advisor::report
