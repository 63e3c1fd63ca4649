#include "advisor/judge/hinges.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

namespace stowage::advisor {
namespace {

/// The advice with one figure set to `v`.
class Probe {
 public:
  Probe(const sim::Scenario& scenario, const Advice& advice, const EvaluateOptions& options)
      : scenario_(scenario), advice_(advice), options_(options) {}

  struct Outcome {
    std::optional<std::string> recommended;
    std::optional<Candidate> was_recommended;  // the advice's choice, when none is recommended
    bool moved = false;
    std::vector<Candidate> list;  // every candidate, ranked
  };

  /// The scenario with the knob set to `v`, on a copy of its profiles.
  sim::Scenario with(const FigureKnob& knob, double v) const {
    auto set = std::make_shared<sim::ProfileSet>(*scenario_.profiles);
    knob.set(*set, v);
    sim::Scenario s = scenario_;
    s.profiles = set;
    return s;
  }

  /// Whether `storage` meets the SLO with the knob at `v` (evaluated alone).
  bool meets(const FigureKnob& knob, const std::string& storage, double v) const {
    const sim::Scenario s = with(knob, v);
    for (const sim::StorageChoice& choice : scenario_.candidates) {
      if (choice.profile == storage) return evaluate(s, choice, options_).meets_slo;
    }
    return false;
  }

  /// The advice's verdict of `storage`.
  bool meets_now(const std::string& storage) const {
    for (const Candidate& c : advice_.ranked) {
      if (c.storage == storage) return c.meets_slo;
    }
    return false;
  }

  const Advice& advice() const { return advice_; }

  Outcome at(const FigureKnob& knob, double v) const {
    const sim::Scenario s = with(knob, v);
    std::vector<Candidate> list;
    for (const sim::StorageChoice& choice : scenario_.candidates) {
      const Candidate* was = nullptr;
      for (const Candidate& c : advice_.ranked) {
        if (c.storage == choice.profile) was = &c;
      }
      if (!knob_touches(knob, scenario_, choice)) {
        if (was != nullptr) list.push_back(*was);
      } else if (knob.unit == FigureKnob::Unit::kPrice && was != nullptr) {
        list.push_back(with_prices(s, choice, *was));  // a price moves no simulation
      } else {
        list.push_back(evaluate(s, choice, options_));
      }
    }
    rank_candidates(s.workload.objective, list);
    Outcome o;
    o.recommended = recommended(list);
    o.moved = list.size() != advice_.ranked.size();
    for (std::size_t i = 0; !o.moved && i < list.size(); ++i) {
      const Candidate& a = list[i];
      const Candidate& b = advice_.ranked[i];
      o.moved = a.storage != b.storage || a.meets_slo != b.meets_slo ||
                a.judged_p99_s() != b.judged_p99_s() || a.cost.compared != b.cost.compared;
    }
    if (!o.recommended && advice_.recommended) {
      for (const Candidate& c : list) {
        if (c.storage == *advice_.recommended) o.was_recommended = c;
      }
    }
    o.list = std::move(list);
    return o;
  }

  bool flips(const Outcome& o) const { return o.recommended != advice_.recommended; }

 private:
  const sim::Scenario& scenario_;
  const Advice& advice_;
  const EvaluateOptions& options_;
};

/// The value the advice flips at between `hold` (it holds) and `end` (it flips), on a log scale.
Flip bisect(const Probe& probe, const FigureKnob& knob, double hold, double end,
            Probe::Outcome flipped, bool& moved) {
  for (int i = 0; i < kBisectionSteps; ++i) {
    const double mid = std::sqrt(hold * end);
    Probe::Outcome o = probe.at(knob, mid);
    moved = moved || o.moved;
    if (probe.flips(o)) {
      end = mid;
      flipped = std::move(o);
    } else {
      hold = mid;
    }
  }
  return Flip{std::sqrt(hold * end), flipped.recommended, flipped.was_recommended};
}

/// Every candidate whose verdict at the end of a side (`end`, outcome `o`) differs from the
/// advice's, bisected on its own evaluation between the value used and `end`.
void verdict_flips(const Probe& probe, const FigureKnob& knob, double hold, double end,
                   const Probe::Outcome& o, bool below, std::vector<VerdictFlip>& out) {
  for (const Candidate& was : probe.advice().ranked) {
    const bool now = probe.meets_now(was.storage);
    bool then = now;
    for (const Candidate& c : o.list) {
      if (c.storage == was.storage) then = c.meets_slo;
    }
    if (then == now) continue;
    double h = hold, e = end;
    for (int i = 0; i < kBisectionSteps; ++i) {
      const double mid = std::sqrt(h * e);
      (probe.meets(knob, was.storage, mid) == now ? h : e) = mid;
    }
    out.push_back(VerdictFlip{was.storage, std::sqrt(h * e), below, then});
  }
}

/// L for an unset knob: what every instance's NIC together pulls.
double unset_reference(const sim::Scenario& scenario) {
  const double at_once =
      static_cast<double>(std::max<std::int64_t>(1, instances_at_once(scenario.workload.arrivals)));
  return at_once * scenario.platform().instance_bandwidth.value();
}

bool selected(const FigureKnob& knob, const HingeOptions& options) {
  if (!knob.value) return true;  // an unset limit (figure_knobs.hpp lists only those)
  if (options.every_figure) return true;
  return knob.source && knob.source->is_assumption();
}

}  // namespace

Robustness robustness(const sim::Scenario& scenario, const Advice& advice,
                      const EvaluateOptions& options, const HingeOptions& hinge_options) {
  Robustness r;
  r.range = hinge_options.range;
  r.every_figure = hinge_options.every_figure;
  r.recommended = advice.recommended;
  EvaluateOptions quiet = options;
  quiet.sizing_hint = false;  // hints do not change the ranking
  const Probe probe(scenario, advice, quiet);
  for (const FigureKnob& knob : figure_knobs(scenario)) {
    if (!selected(knob, hinge_options)) continue;
    FigureRange f;
    f.knob = knob;
    const bool unset = !knob.value;
    f.reference = unset ? unset_reference(scenario) : *knob.value;
    if (!(f.reference > 0)) continue;  // a zero figure has no factor to move by
    f.low = unset ? f.reference / kUnsetSpan : f.reference / r.range;
    f.high = unset ? f.reference : f.reference * r.range;
    const Probe::Outcome low = probe.at(knob, f.low);
    f.moved = low.moved;
    if (probe.flips(low)) f.below = bisect(probe, knob, f.reference, f.low, low, f.moved);
    verdict_flips(probe, knob, f.reference, f.low, low, true, f.verdicts);
    if (!unset) {
      const Probe::Outcome high = probe.at(knob, f.high);
      f.moved = f.moved || high.moved;
      if (probe.flips(high)) f.above = bisect(probe, knob, f.reference, f.high, high, f.moved);
      verdict_flips(probe, knob, f.reference, f.high, high, false, f.verdicts);
    }
    r.figures.push_back(std::move(f));
  }
  return r;
}

std::vector<const FigureRange*> hinges(const Robustness& r) {
  std::vector<const FigureRange*> out;
  for (const FigureRange& f : r.figures) {
    if (f.below || f.above) out.push_back(&f);
  }
  return out;
}

bool anything_flips(const Robustness& r) {
  return std::any_of(r.figures.begin(), r.figures.end(), [](const FigureRange& f) {
    return f.below || f.above || !f.verdicts.empty();
  });
}

}  // namespace stowage::advisor
