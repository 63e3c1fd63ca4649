#include "sim/run_summary.hpp"

#include <algorithm>
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
  for (std::size_t c = 0; c < run.shared_names.size(); ++c) {
    ConstraintSeries series{run.shared_names[c], {}};
    for (const auto& sample : run.samples.rates_bps) series.rate_bps.push_back(sample[c]);
    r.summary.peak_rate_bps[series.name] = run.samples.peak_bps[c];
    r.timeline.push_back(std::move(series));
  }
  std::vector<double> ttr, load_s;
  std::map<std::string, std::pair<double, std::int64_t>> phase_sum;
  for (LoadRecord& L : run.loads) {
    if (!L.limit_time_s.empty()) {
      const auto best =
          std::max_element(L.limit_time_s.begin(), L.limit_time_s.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      L.result.bottleneck = best->first;
      for (const auto& [label, t_s] : L.limit_time_s) r.summary.bottleneck_time_s[label] += t_s;
    }
    ttr.push_back(L.result.time_to_ready_s());
    load_s.push_back(L.result.load_time_s().value_or(std::numeric_limits<double>::infinity()));
    if (L.result.failed()) ++r.summary.failed;
    for (const PhaseTime& p : L.result.phases) {
      auto& [sum, n] = phase_sum[std::string(phase_name(p.phase))];
      sum += (p.end - p.start).value();
      ++n;
    }
    r.loads.push_back(std::move(L.result));
  }
  r.summary.loads = static_cast<std::int64_t>(r.loads.size());
  if (!ttr.empty()) {
    r.summary.p50_s = nearest_rank(ttr, 50);
    r.summary.p95_s = nearest_rank(ttr, 95);
    r.summary.p99_s = nearest_rank(ttr, 99);
    r.summary.max_s = nearest_rank(ttr, 100);
    r.summary.load_p50_s = nearest_rank(load_s, 50);
    r.summary.load_p99_s = nearest_rank(load_s, 99);
  }
  for (const auto& [name, sum_n] : phase_sum) {
    r.summary.mean_phase_s[name] = sum_n.first / static_cast<double>(sum_n.second);
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
