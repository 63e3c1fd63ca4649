#include "sim/coldstart/run_summary.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace stowage::sim {

SimResult summarize(RunRecord run) {
  SimResult r;
  r.workload = std::move(run.workload);
  r.storage = std::move(run.storage);
  r.timeout = run.timeout;
  r.events = run.events;
  r.sample_times_s = run.samples.times_s;
  r.update = std::move(run.update);
  r.loader = std::move(run.loader);
  r.notes = std::move(run.notes);
  r.unbounded = std::move(run.unbounded);
  for (std::size_t c = 0; c < run.shared_names.size(); ++c) {
    ConstraintSeries series{run.shared_names[c], {}};
    for (const auto& sample : run.samples.rates_bps) series.rate_bps.push_back(sample[c]);
    r.summary.peak_rate_bps[series.name] = run.samples.peak_bps[c];
    r.timeline.push_back(std::move(series));
  }
  std::vector<double> ttr, load_s;
  ttr.reserve(run.loads.size());
  load_s.reserve(run.loads.size());
  // Per phase: the sum of its durations, in load order, and how many loads ran it.
  std::array<std::pair<double, std::int64_t>, kPhaseCount> phase_sum{};
  for (std::size_t k = 0; k < run.loads.size(); ++k) {
    LoadResult& load = run.loads[k];
    LimitTimes& limits = run.limit_time_s[k];
    if (!limits.empty()) {
      const auto best =
          std::max_element(limits.begin(), limits.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      load.bottleneck = run.limit_labels[best->first];
      for (const auto& [label, t_s] : limits) {
        r.summary.bottleneck_time_s[run.limit_labels[label]] += t_s;
      }
      limits = {};  // freed as they are read: a million loads' worth is not held to the end
    }
    ttr.push_back(load.time_to_ready_s());
    load_s.push_back(load.load_time_s().value_or(std::numeric_limits<double>::infinity()));
    if (load.failed()) ++r.summary.failed;
    for (const PhaseTime& p : load.phases) {
      auto& [sum, n] = phase_sum[static_cast<std::size_t>(p.phase)];
      sum += (p.end - p.start).value();
      ++n;
    }
  }
  run.limit_time_s = {};
  r.loads = std::move(run.loads);
  r.summary.loads = static_cast<std::int64_t>(r.loads.size());
  if (!ttr.empty()) {
    // One sort each for every percentile (a million loads are sorted twice, not six times).
    std::sort(ttr.begin(), ttr.end());
    std::sort(load_s.begin(), load_s.end());
    r.summary.p50_s = nearest_rank_sorted(ttr, 50);
    r.summary.p95_s = nearest_rank_sorted(ttr, 95);
    r.summary.p99_s = nearest_rank_sorted(ttr, 99);
    r.summary.max_s = nearest_rank_sorted(ttr, 100);
    r.summary.load_p50_s = nearest_rank_sorted(load_s, 50);
    r.summary.load_p99_s = nearest_rank_sorted(load_s, 99);
  }
  for (int i = 0; i < kPhaseCount; ++i) {
    const auto& [sum, n] = phase_sum[static_cast<std::size_t>(i)];
    if (n == 0) continue;
    r.summary.mean_phase_s[std::string(phase_name(static_cast<Phase>(i)))] =
        sum / static_cast<double>(n);
  }
  r.summary.bytes_by_backend = std::move(run.bytes_by_backend);
  r.summary.bytes_billed = run.bytes_billed;
  double best_s = -1;
  for (const auto& [label, t_s] : r.summary.bottleneck_time_s) {
    if (t_s > best_s) {
      best_s = t_s;
      r.summary.bottleneck = label;
    }
  }
  return r;
}

}  // namespace stowage::sim
