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

#include "sim/units.hpp"

namespace stowage::sim {

/// The phases of a load, in the order of an image start (other storages wait for an update just
/// before their first read).
enum class Phase : std::uint8_t {
  kUpdateWait,  // waiting for a new model version to reach the storage (sim/update.hpp)
  kDelivery,    // waiting for the platform to deliver the instance (its delivery rate)
  kImagePull,   // pulling a whole image that preprocessing has not yet prepared
  kSandbox,     // the instance (sandbox) starts
  kVpcAttach,   // attaching to the storage's VPC
  kMount,       // mounting the file system or starting the FUSE client
  kReadHash,    // the hash pass over every file
  kReadLoad,    // the load pass over every file
  kH2d,         // host-to-device copy (overlapping the load pass when the loader streams)
  kInit,        // framework start-up after the weights are on the GPU
};
inline constexpr int kPhaseCount = 10;

/// `update_wait`, `delivery`, `image_pull`, `sandbox`, `vpc_attach`, `mount`, `read_hash`,
/// `read_load`, `h2d`, `init`.
std::string_view phase_name(Phase phase);

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
  std::int64_t loads = 0;
  std::int64_t failed = 0;
  std::map<std::string, double> mean_phase_s;  // phase name -> mean over loads that ran it
  std::map<std::string, double> bytes_by_backend;
  std::map<std::string, double> peak_rate_bps;      // shared constraint -> highest sampled rate
  std::string bottleneck;                           // over all loads, by time held
  std::map<std::string, double> bottleneck_time_s;  // limit -> total read time it held
};

/// One step of an update: `build`, `push`, `preprocess` or `copy`.
struct UpdateStep {
  std::string name;
  double seconds = 0;
  std::string basis;  // what set it, e.g. `4.61 GB at 625 MB/s (the writer's bandwidth)`
};

/// A storage's update pipeline (sim/update.hpp): steps and when they end after a release.
struct UpdateTimeline {
  std::vector<UpdateStep> steps;        // in order
  double available_s = 0;               // after the release: loads can read the new version
  double ready_s = 0;                   // after the release: cold starts at their usual speed
  std::vector<std::string> unmodelled;  // steps with no rate in the profiles
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
};

/// Nearest-rank percentile (0 < p <= 100) of values; infinity stays infinity.
double nearest_rank(std::vector<double> values, double p);

}  // namespace stowage::sim
