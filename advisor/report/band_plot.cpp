#include "advisor/report/band_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "advisor/report/svg_plot.hpp"
#include "sim/units.hpp"
#include "advisor/report/text.hpp"
#include "advisor/report/uncertainty.hpp"

namespace stowage::advisor::report {
namespace {

// Canvas, in pixels.
constexpr double kWidth = 900, kLeft = 260, kRight = 110, kTop = 80, kRow = 26, kBottom = 60;
// The `failed` strip right of the axis, for band ends no load reached: from kFailedFrom to
// kFailedTo past the axis's right end.
constexpr double kFailedFrom = 30, kFailedTo = 90;
constexpr const char* kHolds = "#0072B2";   // Okabe-Ito blue
constexpr const char* kShaky = "#E69F00";   // Okabe-Ito orange
constexpr const char* kTarget = "#b00000";

std::string percent(double share) {
  return fmt::format("{}%", static_cast<int>(std::floor(share * 100.0 + 1e-9)));
}

/// Log-scale axis bounds: whole decades around every finite band end and the target.
std::pair<double, double> axis(const std::vector<const CandidateWorlds*>& rows,
                               std::optional<double> target) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  const auto take = [&](double v) {
    if (std::isfinite(v) && v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
  };
  for (const CandidateWorlds* c : rows) {
    take(c->p99_s.p10), take(c->p99_s.p50), take(c->p99_s.p90);
    if (const auto& e = c->p99_with_error) take(e->p10), take(e->p90);
  }
  if (target) take(*target);
  if (!(hi > 0)) return {1, 10};
  return {std::pow(10, std::floor(std::log10(lo))),
          std::pow(10, std::ceil(std::log10(hi * 1.0001)))};
}

}  // namespace

std::string band_svg(const Uncertainty& u, const std::string& workload,
                     std::optional<double> target_s) {
  std::vector<const CandidateWorlds*> rows;
  for (const CandidateWorlds& c : u.candidates) {
    if (!c.infeasible) rows.push_back(&c);
  }
  const double height =
      kTop + kRow * static_cast<double>(std::max<std::size_t>(rows.size(), 1)) + kBottom;
  // Named copies, not a structured binding: the lambda below captures them (clang 14 cannot
  // capture a structured binding).
  const auto range = axis(rows, target_s);
  const double lo = range.first, hi = range.second;
  const double right = kWidth - kRight;
  // A band's start and end: an infinite p99 sits in the failed strip (its start, or its end).
  const auto x = [&](double v, bool end = true) {
    if (!std::isfinite(v)) return right + (end ? kFailedTo : kFailedFrom);
    const double f = std::clamp(v, lo, hi);
    return kLeft + (std::log10(f) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) *
                       (right - kLeft);
  };
  std::string out = svg::start(
      kWidth, height, 20, fmt::format("p99 over plausible worlds: {}", workload),
      fmt::format("{} worlds; bar: p10 to p90 of the judged p99, tick: p50; blue: holds in at "
                  "least {} of worlds, orange: less{}",
                  u.worlds, percent(u.confidence),
                  u.model_error ? "; whisker: with the model error of published loads" : ""));
  const double bottom = kTop + kRow * static_cast<double>(rows.size());
  for (double tick = lo; tick <= hi * 1.0001; tick *= 10) {
    out += svg::line(x(tick), kTop - 6, x(tick), bottom, "stroke=\"#dddddd\"");
    // Every tick in seconds, as the axis title says ("1000 s", not "16.7 min" beside "100 s").
    out += svg::text(x(tick), bottom + 18, sim::format_significant(tick) + " s", "middle");
  }
  out += svg::text(right + (kFailedFrom + kFailedTo) / 2, bottom + 18, "failed", "middle", 11);
  out += svg::text((kLeft + right) / 2, bottom + 40, "judged p99 time to ready (log scale)",
                   "middle", 13);
  double y = kTop;
  for (const CandidateWorlds* c : rows) {
    const char* colour = c->holds >= u.confidence ? kHolds : kShaky;
    out += svg::text(kLeft - 8, y + kRow * 0.65,
                     fmt::format("{} (holds in {})", c->storage, percent(c->holds)), "end", 11);
    if (const auto& e = c->p99_with_error) {
      out += svg::whisker(x(e->p10, false), x(e->p90), y + 6, y + kRow - 6, false);
    }
    const double x0 = x(c->p99_s.p10, false), x1 = x(c->p99_s.p90);
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
        "fill-opacity=\"0.8\"><title>{}: p10 {}, p50 {}, p90 {}</title></rect>\n",
        x0, y + 5, std::max(2.0, x1 - x0), kRow - 10, colour, svg::escape(c->storage),
        seconds_text(c->p99_s.p10), seconds_text(c->p99_s.p50), seconds_text(c->p99_s.p90));
    const double mid = std::isfinite(c->p99_s.p50) ? x(c->p99_s.p50)
                                                   : right + (kFailedFrom + kFailedTo) / 2;
    out += svg::line(mid, y + 2, mid, y + kRow - 2,
                     "stroke=\"#000000\" stroke-width=\"2\"");
    y += kRow;
  }
  if (target_s) {
    out += svg::line(x(*target_s), kTop - 10, x(*target_s), bottom,
                     fmt::format("stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"",
                                 kTarget)
                         .c_str());
    out += svg::text(x(*target_s), kTop - 14, "p99 target " + seconds_text(*target_s), "middle",
                     11, " fill=\"#b00000\"");
  }
  return out + "</svg>\n";
}

}  // namespace stowage::advisor::report
