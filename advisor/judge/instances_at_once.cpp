#include "advisor/judge/instances_at_once.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

namespace stowage::advisor {

std::int64_t instances_at_once(const sim::Arrivals& arrivals) {
  if (const auto* b = std::get_if<sim::BurstArrivals>(&arrivals)) return b->count;
  if (const auto* s = std::get_if<sim::ScheduleArrivals>(&arrivals)) {
    std::int64_t most = 0;
    for (const sim::ScheduleStep& step : s->steps) most = std::max(most, step.replicas);
    return most;
  }
  if (const auto* p = std::get_if<sim::PoissonArrivals>(&arrivals)) {
    return static_cast<std::int64_t>(std::ceil(p->rate_per_s * p->duration.value()));
  }
  if (const auto* t = std::get_if<sim::TraceArrivals>(&arrivals)) {
    return static_cast<std::int64_t>(t->times.size());
  }
  return std::get<sim::SwitchArrivals>(arrivals).instances;
}

}  // namespace stowage::advisor
