// Evaluate: what the advisor learns about one storage candidate of a scenario, as data.
//
// evaluate() takes one storage choice of a resolved scenario (sim/scenario.hpp) through three
// steps; advise, table and sweep all call it, so every command judges a candidate the same way:
//   1. hard constraints, checked before any simulation; the first that fails is the reason the
//      candidate is not ranked: the platform cannot take it (sim::infeasible), the workload asks
//      for more than one region of a storage that is neither multi_region nor offers a
//      replication option, more instances may mount it at once than max_clients allows, or the
//      data to hold (stored, provisioned capacity, or the model) exceeds max_capacity.
//      "Instances at once": advisor/judge/instances_at_once.hpp;
//   2. simulation with the workload's seed, then `replications - 1` more runs whose seeds are
//      the successive outputs of sim::Rng(workload seed), when any delay of the scenario is a
//      random draw (sim::has_random_delays); the p99 spread is min..max over the runs. The run
//      with the worst p99 (the first of equals) is the judged run: every figure the candidate
//      reports (percentiles, failures, bottleneck, the last ready, the use its cost is priced
//      on, where its p99 load spent its time, advisor/judge/attribution.hpp) is that run's;
//   3. the monthly cost (advisor/judge/cost.hpp) and the SLO verdict (judge_slo).
// Sizing is tried only where storage can help: when the p99 of the loads' storage-independent
// time (delivery, sandbox, init; advisor/judge/attribution.hpp) already reaches the p99 target,
// no size can meet it, and neither search below runs (`sizing_cannot_help`).
// With `sizing_hint`, a candidate that misses the SLO and whose shared throughput grows with its
// sizing (sim::Capacity, linear or steps) gets a hint: the size (stored or provisioned, as the
// capacity form says) is doubled from the current one, up to max_capacity and at most
// kMaxSizingDoublings times, and each size is simulated; the first that meets the SLO is
// reported, or the largest tried when none does.
// With `auto_size`, a candidate whose shared throughput grows with a sizing that the workload
// leaves unset (a `capacity` for a cache or a provisioned file system, `stored` for NAS) is not
// judged at the default size (the model's, or the profile's minimum) but at the smallest size
// that meets the SLO: the sizes tried are the default, then whole powers of two GiB above it up
// to the first at or above 2^kMaxSizingDoublings times the default (or up to max_capacity when
// the profile has one), searched by bisection over the exponent (the SLO verdict is taken to
// improve with size), each with one run on the workload's seed. The candidate is then evaluated
// (replications, cost, verdict) with that size written into its choice, and `sized` says so.
// When no size meets the SLO the default is kept and the sizing hint (above) says what the
// largest did.
// Worked example: a 4.6 GB model on a cache sized by capacity whose default is 50 GB: tried
// 50 GB, then 64 GiB, 128 GiB, ... 4 TiB; if 8 TiB is the first to meet, the candidate is
// simulated and costed at 8 TiB, and its row reads "sized to 8 TiB to meet the SLO".
// Nothing here formats text except the reasons of hard constraints; advisor/report/ renders a
// Candidate. Deterministic: the same scenario and choice give the same candidate.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "advisor/judge/attribution.hpp"
#include "advisor/judge/band.hpp"
#include "advisor/judge/cost.hpp"
#include "advisor/judge/evidence.hpp"
#include "advisor/judge/instances_at_once.hpp"
#include "sim/result.hpp"
#include "sim/scenario.hpp"

namespace stowage::advisor {

/// Runs of a candidate whose scenario draws a delay, unless the command is told otherwise: few,
/// so that advice takes seconds, and more than one, so that no single draw decides a verdict.
inline constexpr int kDefaultReplications = 3;

/// How many times the hint doubles a sizing (2^12 = 4096 times the current size at most).
inline constexpr int kMaxSizingDoublings = 12;

/// One objective target a candidate misses: `p99 367 s > 120 s`, `3 failed > 0 allowed`.
struct Miss {
  enum class Target : std::uint8_t { kFailed, kP50, kP95, kP99, kMax } target;
  double value = 0;  // seconds, or failed starts
  double limit = 0;  // the objective's target
};

/// What sizing would meet the SLO, from the doubling search.
struct SizingHint {
  bool by_stored = true;     // the throughput grows with the data stored (else the capacity bought)
  sim::Bytes from;           // the size simulated first
  sim::Bytes to;             // the first size that meets the SLO, or the largest tried
  sim::BytesPerSecond rate;  // the shared throughput at `to`
  bool meets = false;
  double p99_s = 0;
  std::int64_t failed = 0, loads = 0;
  std::string bottleneck;  // at `to`; empty if none
};

/// The size auto-sizing chose for a candidate the workload left unsized.
struct AutoSize {
  bool by_stored = true;  // `stored` was set (else `capacity`)
  sim::Bytes from;        // the default size, which misses the SLO unless `to` equals it
  sim::Bytes to;          // the smallest size tried that meets the SLO
};

struct Candidate {
  std::string storage;                    // profile name
  std::string kind;                       // storage kind name
  std::optional<std::string> infeasible;  // why not, for a hard constraint
  sim::Summary summary;                   // of the judged run (the worst p99)
  double p99_min_s = 0, p99_max_s = 0;    // p99 over every replication
  int replications = 0;                   // runs simulated (1 without random delays)
  int judged_run = 0;  // which run was judged: 0 the workload's seed, i the i-th seed drawn
  LoadAttribution p99_load;  // the judged run's p99 load, phase by phase
  /// The judged run's p99 over loads of the time no storage changes (delivery, sandbox, init).
  double storage_independent_p99_s = 0;
  /// The storage can be sized (its throughput grows with its size) but that time alone
  /// reaches the p99 target: no size of it can meet the target.
  bool sizing_cannot_help = false;
  bool random_delays = false;             // a delay of the scenario is drawn (sim::has_random_delays)
  MonthlyCost cost;
  MonthlyUse use;              // what `cost` is computed from (advisor/judge/cost.hpp)
  sim::UpdateTimeline update;  // how a new model version reaches this storage
  bool meets_slo = false;
  std::vector<Miss> misses;  // which targets it misses (judge_slo)
  double score = 0;          // rank score within the SLO group (advisor/judge/rank.hpp)
  // What the explanation says, from the judged run.
  sim::Bytes model_size;
  double last_ready_s = -1;  // when the last load was ready; -1 when none was
  sim::Seconds timeout;
  std::optional<SizingHint> sizing;  // with EvaluateOptions::sizing_hint, for a missed SLO
  bool mention_update = false;       // the workload ships updates: the explanation says how
  std::optional<AutoSize> sized;     // with EvaluateOptions::auto_size, when it set the size
  /// How far the accuracy suite backs its storage and loader (advisor/judge/evidence.hpp); set by
  /// `stowage advise`, absent elsewhere.
  std::optional<Evidence> evidence;
  /// Its share of the plausible worlds (advisor/judge/uncertainty.hpp: attach_worlds); set by
  /// `advise --uncertainty` and `table --uncertainty`, absent elsewhere.
  std::optional<WorldsShare> worlds;
  /// Aggregate limits its reads cross that the profiles leave unset (sim::SimResult): its p99
  /// is unbounded there, and the advice says so next to it.
  std::vector<std::string> unbounded;

  bool feasible() const { return !infeasible.has_value(); }
  /// The p99 the SLO verdict and the rank use: the worst over every replication.
  double judged_p99_s() const { return std::max(summary.p99_s, p99_max_s); }
  /// A random delay decided the verdict in one run only (more runs could change it).
  bool single_run() const { return random_delays && replications == 1; }
};

struct EvaluateOptions {
  int replications = 1;      // >= 1
  bool sizing_hint = false;  // search for a sizing that meets a missed SLO (extra runs)
  bool auto_size = false;    // size an unsized storage whose throughput grows with size
};

/// The first hard constraint `choice` fails for `workload`, or nothing.
std::optional<std::string> hard_constraint(const sim::Workload& workload,
                                           const sim::StorageChoice& choice,
                                           const sim::StorageProfile& storage);

/// Sets `meets_slo` and `misses` of a simulated candidate from the objective: every target
/// (p50, p95, the judged p99, max) met and no more than max_failed starts failed.
void judge_slo(const sim::Objective& objective, Candidate& c);

/// Checks, simulates, costs and judges one candidate (see above).
Candidate evaluate(const sim::Scenario& scenario, const sim::StorageChoice& choice,
                   const EvaluateOptions& options);

/// `c`, an evaluation of `choice` in a scenario that differs from `scenario` in prices alone,
/// costed at `scenario`'s prices: what evaluate() gives there without a sizing hint, since no
/// price changes a simulation.
Candidate with_prices(const sim::Scenario& scenario, const sim::StorageChoice& choice, Candidate c);

}  // namespace stowage::advisor
