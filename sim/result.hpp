// SimResult: what a cold-start simulation predicts, per instance and in summary.
//
// Per load (a cold start or a model switch): when it was requested, when it was ready or that it
// failed (not ready within the timeout), its phases with their times, and the limit that held
// its reads back longest. The summary gives time-to-ready percentiles, failures, the mean time
// of each phase, the bytes each backend served, the peak rate each shared constraint carried
// and the limit that held the reads back longest over all loads. The result also carries the
// storage's update-to-ready pipeline (sim/update.hpp), which needs no simulation.
//
// Percentiles use the nearest-rank method over every load, a failed load counting as infinitely
// slow: with N loads sorted by time-to-ready, p = sorted[ceil(p/100 * N) - 1]. Worked example:
// 10 loads, 1 failed: p50 is the 5th fastest, p95 and p99 the 10th, which is the failure, so
// they are infinite ("failed" in tables, null in JSON): an SLO on p99 is missed.
// Units: seconds, bytes, bytes per second. Plain data; computing the summary is deterministic.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/phase.hpp"
#include "sim/units.hpp"

namespace stowage::sim {

struct PhaseTime {
  Phase phase;
  Seconds start;
  Seconds end;
};

struct LoadResult {
  std::int64_t instance = 0;
  bool is_switch = false;
  std::int64_t round = 0;
  Seconds arrive;
  std::optional<Seconds> ready;   // none when failed
  std::vector<PhaseTime> phases;  // the phases that started, in order
  std::string bottleneck;         // the limit that held its reads back longest; "" if none
  bool failed() const { return !ready.has_value(); }
  /// From the start of the first read pass to the end of the host-to-device copy; none when
  /// the load did not get that far.
  std::optional<double> load_time_s() const;
  /// ready - arrive, or infinity when failed.
  double time_to_ready_s() const;
};

/// The rate a shared constraint carried, sampled.
struct ConstraintSeries {
  std::string name;
  std::vector<double> rate_bps;  // one value per sample time
};

struct Summary {
  double p50_s = 0, p95_s = 0, p99_s = 0, max_s = 0;  // infinity when failures reach the rank
  /// Load time (first read to weights on the GPU) percentiles; infinity for loads that did not
  /// finish their copy.
  double load_p50_s = 0, load_p99_s = 0;
  std::int64_t loads = 0;
  std::int64_t failed = 0;
  std::map<std::string, double> mean_phase_s;  // phase name -> mean over loads that ran it
  std::map<std::string, double> bytes_by_backend;
  /// Bytes the storage itself served on its usual route: what a per-GB read price charges
  /// (not page-cache hits, an accelerator's misses or unaccelerated image pulls).
  double bytes_billed = 0;
  std::map<std::string, double> peak_rate_bps;      // shared constraint -> highest sampled rate
  std::string bottleneck;                           // over all loads, by time held
  std::map<std::string, double> bottleneck_time_s;  // limit -> total read time it held
};

/// What one step of an update does.
enum class UpdateStepKind : std::uint8_t {
  kBuild,       // rebuild the image with the new model layer
  kPush,        // push the rebuilt image to the platform's registry
  kPreprocess,  // the platform prepares (accelerates) the new image
  kCopy,        // copy the files into the storage
  kWarmUp,      // a warm-up job loads a cache
};

/// `build`, `push`, `preprocess`, `copy`, `warm_up`.
std::string_view update_step_name(UpdateStepKind kind);

/// One step of an update.
struct UpdateStep {
  UpdateStepKind kind;
  double seconds = 0;
  std::string basis;  // what set it, e.g. `4.61 GB at 625 MB/s (the writer's bandwidth)`
};

/// A storage's update pipeline (sim/update.hpp): steps and when they end after a release.
struct UpdateTimeline {
  std::vector<UpdateStep> steps;        // in order
  double available_s = 0;               // after the release: loads can read the new version
  double ready_s = 0;                   // after the release: cold starts at their usual speed
  std::vector<std::string> unmodelled;  // steps with no rate in the profiles

  /// Whether every step has a time: with a step not counted, the times are unknown.
  bool known() const { return unmodelled.empty(); }
};

struct SimResult {
  std::string workload;
  std::string storage;
  Seconds timeout;
  std::vector<LoadResult> loads;  // in request order
  Summary summary;
  std::vector<double> sample_times_s;      // the timeline's sample times
  std::vector<ConstraintSeries> timeline;  // one series per shared constraint
  UpdateTimeline update;                   // how a new model version reaches this storage
  std::uint64_t events = 0;
  std::string loader;               // the loader's name (`generic` without a profile)
  std::vector<std::string> notes;   // what the reader should know (no page cache, ...)
  /// Aggregate limits the storage's reads would cross that the profiles leave unset
  /// (`PROFILE.KEY`): the prediction is unbounded there.
  std::vector<std::string> unbounded;
};

/// Nearest-rank percentile (0 < p <= 100) of values; infinity stays infinity.
double nearest_rank(std::vector<double> values, double p);
/// The same of values already sorted ascending (several percentiles of one sort).
double nearest_rank_sorted(const std::vector<double>& sorted, double p);

}  // namespace stowage::sim
