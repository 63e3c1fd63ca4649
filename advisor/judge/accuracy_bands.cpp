#include "advisor/judge/accuracy_bands.hpp"

#include <algorithm>
#include <memory>

#include "advisor/judge/figure_knobs.hpp"
#include "advisor/judge/uncertainty.hpp"

namespace stowage::advisor {

CaseBand case_band(const sim::config::AccuracyCase& c, const sim::Scenario& s, int worlds) {
  const sim::StorageChoice choice{c.storage, std::nullopt, std::nullopt};
  std::vector<FigureKnob> knobs;
  for (FigureKnob& k : figure_knobs(s)) {
    if (k.unit != FigureKnob::Unit::kPrice && knob_touches(k, s, choice)) {
      knobs.push_back(std::move(k));
    }
  }
  const std::vector<DrawnFigure> drawn = draw_figures(std::move(knobs), worlds, s.workload.seed);
  CaseBand band;
  band.worlds = worlds;
  for (const DrawnFigure& f : drawn) band.figures.push_back(f.knob.figure());
  std::vector<double> load_s;
  for (int w = 0; w < worlds; ++w) {
    if (drawn.empty() && !load_s.empty()) {
      load_s.push_back(load_s.front());  // no figure moves: every world is the first
      continue;
    }
    auto set = std::make_shared<sim::ProfileSet>(*s.profiles);
    for (const DrawnFigure& f : drawn) f.knob.set(*set, f.values[static_cast<std::size_t>(w)]);
    sim::Scenario world = s;
    world.profiles = set;
    load_s.push_back(predict_case(c, world).predicted_s);
  }
  band.load_s = band_of(load_s);
  band.lowest_s = *std::min_element(load_s.begin(), load_s.end());
  band.highest_s = *std::max_element(load_s.begin(), load_s.end());
  band.world_load_s = std::move(load_s);
  band.verdict = band_verdict(band.load_s, c.measured.value());
  band.narrow = !(band.load_s.p90 >= kNarrowBand * band.load_s.p10);
  return band;
}

BandVerdict band_verdict(const Band& band, double measured_s) {
  if (measured_s < band.p10) return BandVerdict::kBelow;
  if (measured_s > band.p90) return BandVerdict::kAbove;
  return BandVerdict::kInside;
}

BandStats band_stats(const std::vector<AccuracyRow>& rows,
                     const std::function<bool(const sim::config::AccuracyCase&)>& counted) {
  BandStats s;
  for (const AccuracyRow& row : rows) {
    if (!row.band || !counted(*row.c)) continue;
    ++s.checks;
    const double m = row.c->measured.value();
    switch (row.band->verdict) {
      case BandVerdict::kInside:
        ++s.inside;
        break;
      case BandVerdict::kBelow:
        ++s.below;
        break;
      case BandVerdict::kAbove:
        ++s.above;
        break;
    }
    if (m >= row.band->lowest_s && m <= row.band->highest_s) ++s.within_span;
    if (row.band->narrow) ++s.narrow;
    if (row.band->with_error) {
      ++s.with_error;
      if (row.band->verdict_with_error == BandVerdict::kInside) ++s.inside_with_error;
    }
  }
  return s;
}

}  // namespace stowage::advisor
