#include "sim/coldstart/read_ledger.hpp"

#include <algorithm>

namespace stowage::sim {

ReadLedger::ReadLedger(std::size_t loads, std::size_t limits_per_load)
    : limits_per_load_(limits_per_load), limits_(loads) {}

std::uint32_t ReadLedger::intern(std::vector<std::string>& table, std::string_view name) {
  // A run names few limits and backends: a linear search beats a map here.
  const auto at =
      static_cast<std::size_t>(std::find(table.begin(), table.end(), name) - table.begin());
  if (at == table.size()) table.emplace_back(name);
  return static_cast<std::uint32_t>(at);
}

std::uint32_t ReadLedger::backend(std::string_view name) {
  const std::uint32_t id = intern(backends_, name);
  backend_bytes_.resize(backends_.size());
  return id;
}

LimitTimes& ReadLedger::limits_of(std::size_t k) {
  // One allocation a load, none while its first read is in flight.
  LimitTimes& limits = limits_[k];
  if (limits.capacity() == 0) limits.reserve(limits_per_load_);
  return limits;
}

void ReadLedger::account(std::size_t k, const std::vector<BottleneckInterval>& intervals,
                         std::uint32_t own_label, const FlowNetwork& net) {
  LimitTimes& limits = limits_of(k);
  for (const BottleneckInterval& iv : intervals) {
    std::uint32_t id = own_label;
    if (iv.kind == LimitKind::kCapacity) {
      id = label(net.constraint(iv.constraint).name);
    } else if (iv.kind == LimitKind::kConcurrency) {
      id = label(net.constraint(iv.constraint).name + " (concurrency)");
    }
    const double t_s = (iv.end - iv.start).value();
    auto it =
        std::find_if(limits.begin(), limits.end(), [&](const auto& e) { return e.first == id; });
    if (it == limits.end()) {
      limits.emplace_back(id, t_s);
    } else {
      it->second += t_s;
    }
  }
}

void ReadLedger::held(std::size_t k, std::uint32_t label, double held_s) {
  limits_of(k).emplace_back(label, held_s);
}

void ReadLedger::served(std::uint32_t backend, Bytes bytes, bool billed) {
  std::optional<double>& served = backend_bytes_[backend];
  served = served.value_or(0.0) + bytes.value();
  if (billed) bytes_billed_ += bytes.value();
}

void ReadLedger::hand_over(RunRecord& run) {
  run.limit_labels = std::move(labels_);
  run.limit_time_s = std::move(limits_);
  for (std::size_t b = 0; b < backends_.size(); ++b) {
    if (backend_bytes_[b]) run.bytes_by_backend[backends_[b]] = *backend_bytes_[b];
  }
  run.bytes_billed = bytes_billed_;
}

}  // namespace stowage::sim
