#include "advisor/judge/uncertainty.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <tuple>
#include <utility>

#include "sim/rng.hpp"

namespace stowage::advisor {
namespace {

/// The choice as the advice judged it: at the size it chose, if it sized it.
sim::StorageChoice as_advised(const sim::StorageChoice& choice, const Advice& advice) {
  sim::StorageChoice c = choice;
  for (const Candidate& a : advice.ranked) {
    if (a.storage == choice.profile && a.sized) {
      (a.sized->by_stored ? c.stored : c.capacity) = a.sized->to;
    }
  }
  return c;
}

/// Average ranks (1-based) of `v`, ties sharing the mean of their ranks.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double mean = (static_cast<double>(i + j) / 2.0) + 1.0;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = mean;
    i = j + 1;
  }
  return r;
}

/// The recommendation under uncertainty (see the header).
std::optional<std::string> choose(const std::vector<CandidateWorlds>& list, double confidence) {
  const CandidateWorlds* best = nullptr;
  for (const CandidateWorlds& c : list) {
    if (c.infeasible || c.holds < confidence || c.meets == 0) continue;
    const auto key = [](const CandidateWorlds& x) {
      return std::tie(x.cost.p50, x.p99_s.p50, x.storage);
    };
    if (best == nullptr || key(c) < key(*best)) best = &c;
  }
  return best ? std::optional<std::string>(best->storage) : std::nullopt;
}

/// Each figure's influence on the verdicts, and the order to measure them in.
void explain(Uncertainty& u) {
  for (DrawnFigure& f : u.figures) {
    for (const CandidateWorlds& c : u.candidates) {
      if (c.infeasible || c.meets == 0 || c.meets == u.worlds) continue;
      const std::vector<double> verdict(c.world_meets.begin(), c.world_meets.end());
      const double rho = spearman(f.values, verdict);
      if (std::abs(rho) > f.influence) {
        f.influence = std::abs(rho);
        f.rho = rho;
        f.decides = c.storage;
      }
    }
  }
  for (std::size_t i = 0; i < u.figures.size(); ++i) {
    if (u.figures[i].influence >= kMinInfluence) u.measure_first.push_back(i);
  }
  std::stable_sort(u.measure_first.begin(), u.measure_first.end(),
                   [&](std::size_t a, std::size_t b) {
                     const DrawnFigure& x = u.figures[a];
                     const DrawnFigure& y = u.figures[b];
                     if (x.influence != y.influence) return x.influence > y.influence;
                     return x.knob.figure() < y.knob.figure();
                   });
}

}  // namespace

double quantile_of(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double at = q * static_cast<double>(v.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(at));
  const double frac = at - static_cast<double>(i);
  if (i + 1 >= v.size() || frac == 0 || v[i] == v[i + 1]) return v[i];
  return v[i] + frac * (v[i + 1] - v[i]);
}

Band band_of(const std::vector<double>& v) {
  return Band{quantile_of(v, 0.1), quantile_of(v, 0.5), quantile_of(v, 0.9)};
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = std::min(x.size(), y.size());
  if (n < 2) return 0;
  const std::vector<double> rx = ranks(x);
  const std::vector<double> ry = ranks(y);
  const double mean = (static_cast<double>(n) + 1.0) / 2.0;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  if (sxx == 0 || syy == 0) return 0;
  return sxy / std::sqrt(sxx * syy);
}

std::vector<std::vector<double>> latin_hypercube(std::size_t dims, int n, std::uint64_t seed) {
  sim::Rng rng(seed ^ kWorldSeedSalt);
  const auto count = static_cast<std::size_t>(std::max(0, n));
  std::vector<std::vector<double>> q(dims, std::vector<double>(count));
  for (std::vector<double>& row : q) {
    std::vector<std::size_t> perm(count);
    std::iota(perm.begin(), perm.end(), 0);
    for (std::size_t i = count; i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);
    for (std::size_t i = 0; i < count; ++i) {
      row[i] = (static_cast<double>(perm[i]) + rng.uniform()) / static_cast<double>(count);
    }
  }
  return q;
}

double range_position(double value, const sim::ValueRange& range) {
  if (!(range.high > range.low) || range.low <= 0) return 0.5;
  const double at = std::log(value / range.low) / std::log(range.high / range.low);
  return std::clamp(at, 0.0, 1.0);
}

std::vector<DrawnFigure> draw_figures(std::vector<FigureKnob> knobs, int worlds,
                                      std::uint64_t seed) {
  std::vector<DrawnFigure> figures;
  for (FigureKnob& knob : knobs) {
    if (knob.value && knob.range) figures.push_back(DrawnFigure{std::move(knob), {}, 0, 0, {}});
  }
  const std::vector<std::vector<double>> q = latin_hypercube(figures.size(), worlds, seed);
  for (std::size_t j = 0; j < figures.size(); ++j) {
    const sim::ValueRange& r = *figures[j].knob.range;
    for (const double x : q[j]) figures[j].values.push_back(r.low * std::pow(r.high / r.low, x));
  }
  return figures;
}

double outside_read_s(const Candidate& c) {
  double s = 0;
  for (const PhaseSeconds& p : c.p99_load.phases) {
    const bool read = p.phase == sim::Phase::kReadHash || p.phase == sim::Phase::kReadLoad ||
                      p.phase == sim::Phase::kH2d;
    s += read ? 0 : p.seconds;
  }
  return s;
}

Uncertainty uncertainty(const sim::Scenario& scenario, const Advice& advice,
                        const EvaluateOptions& options, const UncertaintyOptions& opts) {
  Uncertainty u;
  u.worlds = opts.worlds;
  u.confidence = scenario.workload.objective.confidence;
  u.figures = draw_figures(figure_knobs(scenario), u.worlds, scenario.workload.seed);
  EvaluateOptions each = options;
  each.sizing_hint = false;
  each.auto_size = false;
  // The candidates in the advice's order; those no figure touches are judged once.
  std::vector<sim::StorageChoice> choices;
  for (const Candidate& a : advice.ranked) {
    for (const sim::StorageChoice& c : scenario.candidates) {
      if (c.profile == a.storage) choices.push_back(as_advised(c, advice));
    }
  }
  std::vector<bool> moved(choices.size(), false);
  for (std::size_t k = 0; k < choices.size(); ++k) {
    for (const DrawnFigure& f : u.figures)
      moved[k] = moved[k] || knob_touches(f.knob, scenario, choices[k]);
  }
  std::vector<std::vector<Candidate>> judged(choices.size());
  for (int w = 0; w < u.worlds; ++w) {
    auto set = std::make_shared<sim::ProfileSet>(*scenario.profiles);
    for (const DrawnFigure& f : u.figures) f.knob.set(*set, f.values[static_cast<std::size_t>(w)]);
    sim::Scenario s = scenario;
    s.profiles = set;
    for (std::size_t k = 0; k < choices.size(); ++k) {
      if (!moved[k] && !judged[k].empty()) {
        judged[k].push_back(judged[k].front());
      } else {
        judged[k].push_back(evaluate(moved[k] ? s : scenario, choices[k], each));
      }
    }
  }
  for (std::size_t k = 0; k < choices.size(); ++k) {
    CandidateWorlds c;
    c.storage = choices[k].profile;
    for (const Candidate& a : advice.ranked) {
      if (a.storage == c.storage && a.feasible()) c.point_p99_s = a.judged_p99_s();
    }
    for (std::size_t j = 0; j < u.figures.size(); ++j) {
      const FigureKnob& knob = u.figures[j].knob;
      const double at = range_position(*knob.value, *knob.range);
      if (knob.unit != FigureKnob::Unit::kPrice && knob_touches(knob, scenario, choices[k]) &&
          (at <= kRangeEnd || at >= 1 - kRangeEnd)) {
        c.at_range_end.push_back(j);
      }
    }
    if (!judged[k].empty()) c.infeasible = judged[k].front().infeasible;
    std::vector<double> cost;
    for (const Candidate& j : judged[k]) {
      c.world_p99_s.push_back(j.feasible() ? j.judged_p99_s()
                                           : std::numeric_limits<double>::infinity());
      c.world_outside_read_s.push_back(std::min(c.world_p99_s.back(), outside_read_s(j)));
      c.world_meets.push_back(j.feasible() && j.meets_slo);
      c.meets += j.feasible() && j.meets_slo ? 1 : 0;
      cost.push_back(j.cost.compared);
      c.reference = j.cost.reference;
    }
    c.holds = u.worlds > 0 ? static_cast<double>(c.meets) / u.worlds : 0;
    c.p99_s = band_of(c.world_p99_s);
    c.cost = band_of(cost);
    u.candidates.push_back(std::move(c));
  }
  u.recommended = choose(u.candidates, u.confidence);
  explain(u);
  return u;
}

void attach_worlds(Advice& advice, const Uncertainty& u) {
  for (Candidate& a : advice.ranked) {
    for (const CandidateWorlds& c : u.candidates) {
      if (c.storage == a.storage && !c.infeasible) {
        a.worlds = WorldsShare{u.worlds, c.holds, u.confidence, c.p99_s};
      }
    }
  }
}

}  // namespace stowage::advisor
