#include "advisor/report/svg_sweep_band.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "advisor/report/svg_chart.hpp"

namespace stowage::advisor::svg {
namespace {

/// Opacity of a band's shading: light enough that two overlapping bands and the lines show.
constexpr double kBandOpacity = 0.18;

/// One storage's band along the axis: the runs of consecutive points that have a band.
std::string storage_band(const std::vector<const SweepRow*>& rows, const char* colour,
                         const std::function<double(std::size_t)>& xpos,
                         const std::function<double(double)>& ypos, double top) {
  const auto y = [&](double v) { return std::isfinite(v) ? std::max(top, ypos(v)) : top; };
  std::string out;
  for (std::size_t i = 0; i < rows.size();) {
    if (rows[i] == nullptr || !rows[i]->p99_band) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j + 1 < rows.size() && rows[j + 1] != nullptr && rows[j + 1]->p99_band) ++j;
    // The band's vertices: one per point, or a short bar of two around a point alone.
    struct Vertex {
      double x;
      Band b;
    };
    std::vector<Vertex> v;
    for (std::size_t k = i; k <= j; ++k) {
      const double half = i == j ? 3 : 0;
      v.push_back({xpos(k) - half, *rows[k]->p99_band});
      if (half > 0) v.push_back({xpos(k) + half, *rows[k]->p99_band});
    }
    std::string area, median;  // the area: along the p90s, then back along the p10s
    for (std::size_t k = 0; k < v.size(); ++k) {
      const char* op = k == 0 ? "M" : "L";
      area += fmt::format("{}{:.1f} {:.1f}", op, v[k].x, y(v[k].b.p90));
      median += fmt::format("{}{:.1f} {:.1f}", op, v[k].x, y(v[k].b.p50));
    }
    for (std::size_t k = v.size(); k-- > 0;) {
      area += fmt::format("L{:.1f} {:.1f}", v[k].x, y(v[k].b.p10));
    }
    out += fmt::format("<path d=\"{}Z\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"none\"/>\n", area,
                       colour, kBandOpacity);
    out += fmt::format(
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" "
        "stroke-dasharray=\"2 3\"/>\n",
        median, colour);
    i = j + 1;
  }
  return out;
}

}  // namespace

std::string p99_bands(const SweepTable& t, const std::function<double(std::size_t)>& xpos,
                      const std::function<double(double)>& ypos, double top) {
  const SweepHeader& h = t.header;
  if (h.worlds <= 0 || h.axes.empty()) return {};
  const std::size_t nx = h.axes.front().values.size();
  std::map<std::pair<std::size_t, std::string>, const SweepRow*> at;
  for (const SweepRow& r : t.rows) at[{r.point, r.storage}] = &r;
  std::string out;
  for (std::size_t s = 0; s < h.storages.size(); ++s) {
    std::vector<const SweepRow*> rows(nx, nullptr);
    for (std::size_t i = 0; i < nx; ++i) {
      const auto it = at.find({i, h.storages[s]});
      if (it != at.end() && it->second->feasible) rows[i] = it->second;
    }
    out += storage_band(rows, kPalette[s % kPaletteSize], xpos, ypos, top);
  }
  return out;
}

std::string band_swatch() {
  return fmt::format(
      "<rect x=\"-12\" y=\"-6\" width=\"24\" height=\"12\" fill=\"#333333\" "
      "fill-opacity=\"{}\"/><path d=\"M-12 0h24\" stroke=\"#333333\" stroke-width=\"1.5\" "
      "stroke-dasharray=\"2 3\"/>",
      kBandOpacity);
}

std::string band_legend_label(const SweepHeader& h) {
  return fmt::format("p99 p10 to p90 over\n{} worlds; dotted: p50", h.worlds);
}

}  // namespace stowage::advisor::svg
