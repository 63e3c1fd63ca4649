#include "sim/config/work_limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "sim/config/yaml_reader.hpp"
#include "sim/engine_range.hpp"

namespace stowage::sim::config {

WorkLimits read_work_limits(const YamlNode& node) {
  const YamlMap m = node.map({"loads", "reads"});
  WorkLimits limits;
  if (auto v = m.get("loads")) limits.loads = v->as_int(1, kMaxWorkLimit);
  if (auto v = m.get("reads")) limits.reads = v->as_int(1, kMaxWorkLimit);
  return limits;
}

double expected_loads(const Arrivals& arrivals) {
  if (const auto* b = std::get_if<BurstArrivals>(&arrivals)) return static_cast<double>(b->count);
  if (const auto* s = std::get_if<ScheduleArrivals>(&arrivals)) {
    double rises = 0;  // a schedule starts as many instances as its replica count rises
    std::int64_t replicas = 0;
    for (const ScheduleStep& step : s->steps) {
      rises += static_cast<double>(std::max<std::int64_t>(0, step.replicas - replicas));
      replicas = step.replicas;
    }
    return rises;
  }
  if (const auto* p = std::get_if<PoissonArrivals>(&arrivals)) {
    return p->rate_per_s * p->duration.value();
  }
  if (const auto* t = std::get_if<TraceArrivals>(&arrivals)) {
    return static_cast<double>(t->times.size());
  }
  const auto& sw = std::get<SwitchArrivals>(arrivals);
  return static_cast<double>(sw.instances) * static_cast<double>(sw.times);
}

Seconds last_arrival(const Arrivals& arrivals) {
  if (const auto* b = std::get_if<BurstArrivals>(&arrivals)) return b->at + b->spread;
  if (const auto* s = std::get_if<ScheduleArrivals>(&arrivals)) {
    return s->steps.empty() ? Seconds(0) : s->steps.back().at;
  }
  if (const auto* p = std::get_if<PoissonArrivals>(&arrivals)) return p->duration;
  if (const auto* t = std::get_if<TraceArrivals>(&arrivals)) {
    return t->times.empty() ? Seconds(0) : *std::max_element(t->times.begin(), t->times.end());
  }
  const auto& sw = std::get<SwitchArrivals>(arrivals);
  return sw.every * static_cast<double>(std::max<std::int64_t>(0, sw.times - 1));
}

std::optional<std::string> work_problem(const Workload& w, const WorkLimits& limits) {
  const double loads = expected_loads(w.arrivals);
  if (loads > static_cast<double>(limits.loads)) {
    return fmt::format("about {:.0f} loads, more than the limit of {} (`limits.loads`)", loads,
                       limits.loads);
  }
  const double reads = loads * static_cast<double>(w.model.files.size()) *
                       static_cast<double>(w.model.read_passes.size());
  if (reads > static_cast<double>(limits.reads)) {
    return fmt::format(
        "about {:.0f} file reads ({:.0f} loads x {} files x {} read passes), more than the limit "
        "of {} (`limits.reads`)",
        reads, loads, w.model.files.size(), w.model.read_passes.size(), limits.reads);
  }
  return std::nullopt;
}

std::optional<std::string> horizon_problem(const Workload& w) {
  const double end_s = last_arrival(w.arrivals).value() + w.timeout.value_or(Seconds(0)).value();
  if (end_s > kMaxInputTimeS) {
    return fmt::format(
        "the last arrival plus the timeout end at {} s, beyond the {} s that the "
        "simulation handles",
        end_s, kMaxInputTimeS);
  }
  return std::nullopt;
}

}  // namespace stowage::sim::config
