#include "sim/coldstart/arrivals.hpp"

#include <algorithm>

namespace stowage::sim {

std::vector<LoadRequest> expand_arrivals(const Arrivals& arrivals, Rng& rng) {
  std::vector<LoadRequest> out;
  std::int64_t next_id = 0;
  const auto cold = [&](Seconds at) { out.push_back({at, false, next_id++, 0}); };
  if (const auto* b = std::get_if<BurstArrivals>(&arrivals)) {
    for (std::int64_t i = 0; i < b->count; ++i) {
      cold(b->at + b->spread * (static_cast<double>(i) / static_cast<double>(b->count)));
    }
  } else if (const auto* s = std::get_if<ScheduleArrivals>(&arrivals)) {
    std::int64_t replicas = 0;
    for (const ScheduleStep& step : s->steps) {
      for (std::int64_t i = replicas; i < step.replicas; ++i) cold(step.at);
      replicas = step.replicas;
    }
  } else if (const auto* p = std::get_if<PoissonArrivals>(&arrivals)) {
    double t_s = rng.exponential(p->rate_per_s);
    while (t_s < p->duration.value()) {
      cold(Seconds(t_s));
      t_s += rng.exponential(p->rate_per_s);
    }
  } else if (const auto* t = std::get_if<TraceArrivals>(&arrivals)) {
    for (Seconds at : t->times) cold(at);
  } else {
    const auto& sw = std::get<SwitchArrivals>(arrivals);
    for (std::int64_t round = 0; round < sw.times; ++round) {
      for (std::int64_t i = 0; i < sw.instances; ++i) {
        out.push_back({sw.every * static_cast<double>(round), true, i, round});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const LoadRequest& a, const LoadRequest& b) { return a.at < b.at; });
  return out;
}

}  // namespace stowage::sim
