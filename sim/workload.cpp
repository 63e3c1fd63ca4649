#include "sim/workload.hpp"

namespace stowage::sim {

Bytes Model::stored_size() const {
  return total_size() * static_cast<double>(variants.value_or(1));
}

Bytes Model::total_size() const {
  Bytes total;
  for (const ModelFile& f : files) total += f.size;
  return total;
}

std::string_view arrivals_kind(const Arrivals& arrivals) {
  struct Name {
    std::string_view operator()(const BurstArrivals&) const { return "burst"; }
    std::string_view operator()(const ScheduleArrivals&) const { return "schedule"; }
    std::string_view operator()(const PoissonArrivals&) const { return "poisson"; }
    std::string_view operator()(const TraceArrivals&) const { return "trace"; }
    std::string_view operator()(const SwitchArrivals&) const { return "switch"; }
  };
  return std::visit(Name{}, arrivals);
}

}  // namespace stowage::sim
