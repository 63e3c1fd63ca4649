// The sweep's charts drawn from tables made by hand (advisor/report/svg_plot.hpp), so that the
// geometry follows by hand: the line chart's y-axis clipped at twice the SLO with what goes beyond
// marked in the band at the top, a series drawn where another is said to be the same, every
// heat-map column labelled (upright when level labels do not fit, every k-th said when even
// that fails), and cell labels set at the largest size at which they fit.
#include "advisor/report/svg_plot.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "advisor/sweep/run.hpp"

namespace adv = stowage::advisor;
namespace sim = stowage::sim;

namespace {

sim::SweepAxis count_axis(const std::string& path, std::vector<double> values,
                          sim::AxisScale scale = sim::AxisScale::kList) {
  sim::SweepAxis a;
  a.path = path;
  a.unit = sim::AxisUnit::kCount;
  a.scale = scale;
  for (double v : values) a.values.push_back({v, {}, sim::axis_value_label(a.unit, v)});
  return a;
}

adv::SweepRow row(std::size_t point, const std::string& storage, double p99) {
  adv::SweepRow r;
  r.point = point;
  r.storage = storage;
  r.feasible = true;
  r.p99_s = p99;
  r.meets_slo = p99 <= 60;
  r.currency = "CNY";
  return r;
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

/// One axis (1, 10, 100 instances), SLO p99 60 s, storages with the p99s given per point.
adv::SweepTable line_table(const std::vector<std::pair<std::string, std::vector<double>>>& series) {
  adv::SweepTable t;
  t.header.name = "t";
  t.header.slo = "p99 <= 60 s";
  t.header.slo_p99_s = 60;
  t.header.axes = {count_axis("arrivals.count", {1, 10, 100})};
  for (const auto& [name, p99s] : series) t.header.storages.push_back(name);
  for (std::size_t i = 0; i < 3; ++i) {
    for (const auto& [name, p99s] : series) t.rows.push_back(row(i, name, p99s[i]));
  }
  return t;
}

/// Two axes of `nx` and `ny` values; one storage recommended everywhere at p99 249 s and
/// 61568 CNY a month.
adv::SweepTable heat_table(std::size_t nx, std::size_t ny, sim::AxisScale x_scale) {
  adv::SweepTable t;
  t.header.name = "t";
  t.header.slo = "p99 <= 300 s";
  std::vector<double> xs, ys;
  for (std::size_t i = 1; i <= nx; ++i) xs.push_back(static_cast<double>(i));
  for (std::size_t j = 1; j <= ny; ++j) ys.push_back(static_cast<double>(10 * j));
  t.header.axes = {count_axis("arrivals.count", xs, x_scale), count_axis("regions", ys)};
  t.header.storages = {"accel"};
  for (std::size_t p = 0; p < nx * ny; ++p) {
    adv::SweepRow r = row(p, "accel", 249);
    r.recommended = true;
    r.cost_per_month = 61568;
    t.rows.push_back(r);
  }
  return t;
}

}  // namespace

TEST_CASE("svg plot: a p99 far beyond the SLO is marked above the axis, which ends near the SLO") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::string svg = adv::sweep_svg(
      line_table({{"fast", {20, 30, 40}}, {"slow", {50, 800, inf}}, {"twin", {20, 30, 40}}}));
  // By hand: the range is min(800, 2 x 60) = 120 s; 1.05 x 120 = 126 in about 6 steps is a step
  // of 50 (21 rounded up to 1, 2 or 5 x 10^k), so the axis ends at 150, not near 800.
  CHECK(svg.find("text-anchor=\"end\">150</text>") != std::string::npos);
  CHECK(svg.find("text-anchor=\"end\">200</text>") == std::string::npos);
  // The plot spans y 98 (70 + the 28 px band) to 470, so the SLO sits at 470 - 60/150 x 372.
  CHECK(svg.find("<line x1=\"90.0\" y1=\"321.2\" x2=\"650.0\" y2=\"321.2\" stroke=\"#b00000\"") !=
        std::string::npos);
  // 800 s is a triangle in the band, the failed p99 a cross; the band and the legend say so.
  CHECK(count(svg, "<path d=\"M0 -4l4 7h-8z\"") == 2);  // the mark and its legend swatch
  CHECK(count(svg, "<path d=\"M-3 -3l6 6m0 -6l-6 6\"") == 2);
  CHECK(svg.find(">off axis</text>") != std::string::npos);
  CHECK(svg.find(">p99 above 150 s</text>") != std::string::npos);
  CHECK(svg.find(">(up to 800 s)</text>") != std::string::npos);
  CHECK(svg.find(">p99 failed (timeout)</text>") != std::string::npos);
  CHECK(svg.find(">SLO p99 60 s</text>") != std::string::npos);
  // `twin` lies exactly on `fast`: its line is dashed, its points smaller, the legend says so.
  CHECK(svg.find(">twin</text>") != std::string::npos);
  CHECK(svg.find(">(same as fast)</text>") != std::string::npos);
  CHECK(count(svg, "stroke-dasharray=\"6 6\"") == 1);
  CHECK(count(svg, "r=\"2.3\"") == 3);
  CHECK(svg.find("<title>slow, arrivals.count = 10: p99 800 s</title>") != std::string::npos);
}

TEST_CASE("svg plot: with every p99 on the axis there is no band and no mark beyond it") {
  const std::string svg = adv::sweep_svg(line_table({{"fast", {20, 30, 40}}}));
  // 1.05 x 60 = 63 in steps of 20: the axis ends at 80.
  CHECK(svg.find("text-anchor=\"end\">80</text>") != std::string::npos);
  CHECK(svg.find("text-anchor=\"end\">100</text>") == std::string::npos);
  CHECK(svg.find("f6dada") == std::string::npos);
  CHECK(svg.find("p99 above") == std::string::npos);
  CHECK(svg.find("same as") == std::string::npos);
}

TEST_CASE("svg plot: heat-map cell labels take the largest size at which both lines fit") {
  const std::string svg = adv::sweep_svg(heat_table(9, 5, sim::AxisScale::kList));
  // By hand: 9 columns share 560 px, 62.2 each. "61568 CNY" measures 6.1 em (digits 0.66,
  // space 0.4, capitals 0.8) and must leave 4 px: 6.1 x 9 + 4 = 58.9 fits, 6.1 x 10 + 4 does not.
  CHECK(count(svg, "font-size=\"9\" text-anchor=\"middle\" fill=\"white\">61568 CNY</text>") == 45);
  CHECK(count(svg, "font-size=\"9\" text-anchor=\"middle\" fill=\"white\">249 s</text>") == 45);
  CHECK(svg.find("cell: p99 and monthly cost of the recommended storage") != std::string::npos);
  // Level x labels fit their columns; every column and row is labelled; no unit in the titles.
  CHECK(svg.find("rotate(-90 18 ") != std::string::npos);  // the y title only
  CHECK(count(svg, "rotate(-90") == 1);
  for (int v = 1; v <= 9; ++v) CHECK(svg.find(fmt::format(">{}</text>", v)) != std::string::npos);
  for (int v = 10; v <= 50; v += 10) {
    CHECK(svg.find(fmt::format(">{}</text>", v)) != std::string::npos);
  }
  CHECK(svg.find("every") == std::string::npos);
}

TEST_CASE("svg plot: heat-map columns too narrow for level labels are labelled upright") {
  // 31 columns of 18.1 px: "31" (1.32 em at 11 px, 14.5 px, plus 4) does not fit level, a line
  // of 11 px text (13.2 px high) fits upright: all 31 are labelled, and the title says "log".
  const std::string svg = adv::sweep_svg(heat_table(31, 2, sim::AxisScale::kLog));
  CHECK(count(svg, "rotate(-90") == 32);  // 31 labels and the y title
  CHECK(svg.find(">instances per burst, log steps</text>") != std::string::npos);
  // Too narrow for any cell label (249 s is 3.04 em: 7 px gives 25 px in a 18 px column).
  CHECK(svg.find("cell: its p99 and cost in its tooltip") != std::string::npos);
  CHECK(svg.find(">249 s</text>") == std::string::npos);
  // 200 columns of 2.8 px: 8 px upright labels (9.6 px high) need every 4th, and the title says.
  const std::string dense = adv::sweep_svg(heat_table(200, 2, sim::AxisScale::kList));
  CHECK(count(dense, "rotate(-90") == 51);
  CHECK(dense.find(">instances per burst, every 4th labelled</text>") != std::string::npos);
}
