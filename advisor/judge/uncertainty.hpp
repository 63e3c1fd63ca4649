// Uncertainty: how sure the advice is, over plausible worlds of the figures the catalog assumes.
//
// A world is one joint draw of every ranged figure the scenario's advice can move: each figure
// knob (advisor/judge/figure_knobs.hpp) whose figure carries `range: [low, high]`
// (sim/figure_range.hpp), an assumption or a published figure whose sources disagree. Figures
// without a range keep their value in every world.
// Draw: a Latin hypercube over the figures. For figure j, a permutation p_j of 0..N-1 and one
// uniform u in [0, 1) per world, both from sim::Rng seeded with the workload's seed (mixed with
// kWorldSeedSalt), give the quantile q_ij = (p_j(i) + u_ij) / N, and the value
// low x (high / low)^q_ij: log-uniform within the range, every N-th of each range sampled once.
// Simulation: every candidate is evaluated (advisor/judge/evaluate.hpp) in every world with the
// workload's own seeds and the advice's replications, so two worlds differ only by their
// figures; a candidate the advice sized is judged at that size (no sizing search per world), and
// a candidate no drawn figure can touch (another storage's figure) is judged once.
// Per candidate: the judged p99 band (p10, p50, p90 over the worlds, linear interpolation
// between order statistics), the compared monthly cost band (advisor/judge/cost.hpp, in
// `reference`), and the share of worlds in which it meets the SLO ("holds in"). Beside it, the
// advice's own judged p99 (every figure at its value) and the drawn figures, prices aside, that
// can move the candidate and whose value lies in the outer tenth of its range on a log scale
// (kRangeEnd): when the advice's p99 falls outside the band, those are why.
// The recommendation under uncertainty: of the feasible candidates whose share is at least the
// objective's `confidence`, the one with the lowest median compared cost (ties: lower median
// p99, then name); none when no candidate holds that often.
// What to measure first: for each drawn figure, the Spearman rank correlation of its value with
// a candidate's SLO verdict (1 in a world where it meets, 0 where not; tied ranks averaged),
// over the candidates whose verdict differs between worlds; the figure's influence is the
// largest |rho| and names that candidate. Figures in decreasing influence (ties by name); those
// under kMinInfluence are left out.
// Deterministic: the same scenario, advice and options give the same result, byte for byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "advisor/judge/advise.hpp"
#include "advisor/judge/band.hpp"
#include "advisor/judge/figure_knobs.hpp"

namespace stowage::advisor {

/// Worlds drawn unless `--worlds` says otherwise.
inline constexpr int kDefaultWorlds = 200;
/// The most worlds one command draws.
inline constexpr int kMaxWorlds = 100000;
/// Mixed into the workload's seed for the draw, so the worlds do not reuse the simulation's
/// stream.
inline constexpr std::uint64_t kWorldSeedSalt = 0x5eed0f0dd3a1dULL;
/// A figure whose |rho| with every verdict is below this explains too little to list.
inline constexpr double kMinInfluence = 0.1;
/// A value within this share of its range's log width from either end is at the range's end.
inline constexpr double kRangeEnd = 0.1;

struct UncertaintyOptions {
  int worlds = kDefaultWorlds;
};

/// One candidate over the worlds.
struct CandidateWorlds {
  std::string storage;
  std::optional<std::string> infeasible;  // a hard constraint: never simulated
  Band p99_s;                             // the judged p99, seconds (infinite when none was ready)
  Band cost;                              // compared monthly cost, in `reference`
  std::string reference;                  // the currency of `cost`
  int meets = 0;                          // worlds in which it meets the SLO
  double holds = 0;                       // meets / worlds
  std::vector<double> world_p99_s;        // per world
  /// Per world, the time of its p99 load outside reading and copying the weights (delivery,
  /// image pull, sandbox, VPC attach, mount, init, update wait): what the model error leaves as
  /// it is (advisor/judge/model_error.hpp). At most world_p99_s.
  std::vector<double> world_outside_read_s;
  std::vector<bool> world_meets;          // per world
  double point_p99_s = 0;                 // the advice's judged p99, every figure at its value
  /// Indices into Uncertainty::figures: the figures that can move this candidate (knob_touches)
  /// whose value lies at an end of its range (range_position within kRangeEnd of 0 or 1).
  std::vector<std::size_t> at_range_end;
  /// The p99 band widened by the model error (advisor/judge/model_error.hpp); none without it.
  std::optional<Band> p99_with_error;
  /// With it and a p99 target: the share of its widened values within the target.
  std::optional<double> p99_target_share_with_error;
};

/// A figure the worlds draw, and what it explains.
struct DrawnFigure {
  FigureKnob knob;
  std::vector<double> values;  // per world, in the knob's unit
  double influence = 0;        // the largest |rho| with a candidate's verdict
  double rho = 0;              // signed, for `decides`
  std::string decides;         // the candidate whose verdict it explains most; empty if none
};

struct Uncertainty {
  int worlds = 0;
  double confidence = 0.9;
  std::vector<DrawnFigure> figures;         // in knob order
  std::vector<CandidateWorlds> candidates;  // in the advice's rank order
  std::optional<std::string> recommended;   // under uncertainty (see above)
  /// Indices into `figures`, most influential first, at least kMinInfluence.
  std::vector<std::size_t> measure_first;
  /// The accuracy suite's model error, when the advice could read the suite.
  std::optional<AdviceModelError> model_error;
};

/// The figures of `knobs` that carry a value and a range, each with its value in every one of
/// `worlds` worlds: the Latin hypercube of `seed` (latin_hypercube), log-uniform in the range.
std::vector<DrawnFigure> draw_figures(std::vector<FigureKnob> knobs, int worlds,
                                      std::uint64_t seed);

/// Where `value` lies in [low, high] on a log scale: 0 at low, 1 at high (0.5 for an empty range).
double range_position(double value, const sim::ValueRange& range);

/// Draws the worlds of `scenario` and judges every candidate in each (see above). `advice` is
/// advise()'s answer for it with `options`.
Uncertainty uncertainty(const sim::Scenario& scenario, const Advice& advice,
                        const EvaluateOptions& options, const UncertaintyOptions& u);

/// The time of `c`'s p99 load outside its read and copy phases (read_hash, read_load, h2d).
double outside_read_s(const Candidate& c);

/// Gives each candidate of `advice` its share of `u`'s worlds (Candidate::worlds), for the
/// advice table's `holds in` and p99 band columns and the decision table's marks.
void attach_worlds(Advice& advice, const Uncertainty& u);

/// The Latin hypercube quantiles: `dims` rows of `n` values in [0, 1) (see above).
std::vector<std::vector<double>> latin_hypercube(std::size_t dims, int n, std::uint64_t seed);

/// Spearman's rank correlation of two equally long series (average ranks for ties); 0 when
/// either is constant.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

/// The q-quantile (0..1) of `v` by linear interpolation between order statistics.
double quantile_of(std::vector<double> v, double q);

/// The p10, p50 and p90 of `v` (quantile_of).
Band band_of(const std::vector<double>& v);

}  // namespace stowage::advisor
