// Run summary: a cold-start run's records turned into a SimResult (sim/result.hpp).
//
// Per load: the limit that held its reads back longest becomes its bottleneck. Over all loads:
// time-to-ready percentiles by nearest rank (a failed load counts as infinitely slow), failures,
// the mean time of each phase over the loads that ran it, the bytes each backend served, the
// peak rate of each shared constraint, and the limit that held the reads back longest in total.
// Pure: the same records give the same result.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/coldstart/rate_sampler.hpp"
#include "sim/result.hpp"

namespace stowage::sim {

/// Limit (an id into RunRecord::limit_labels) -> seconds it held one load's reads back, in
/// first-seen order.
using LimitTimes = std::vector<std::pair<std::uint32_t, double>>;

/// Everything a run hands over to be summarized.
struct RunRecord {
  std::string workload;
  std::string storage;
  Seconds timeout;
  std::uint64_t events = 0;
  UpdateTimeline update;
  std::string loader;
  std::vector<std::string> notes;
  std::vector<std::string> unbounded;  // StorageRun::unbounded()
  // Per load, in request order: its result (moved whole into the SimResult, never copied) and
  // the time each limit held it back (loads and limit_time_s have the same length).
  std::vector<LoadResult> loads;
  std::vector<LimitTimes> limit_time_s;
  std::vector<std::string> limit_labels;  // the names of the limits loads were held by
  std::map<std::string, double> bytes_by_backend;
  double bytes_billed = 0;
  std::vector<std::string> shared_names;  // one per shared constraint, in constraint order
  RateSamples samples;
};

SimResult summarize(RunRecord run);

}  // namespace stowage::sim
