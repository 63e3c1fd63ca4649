#include "sim/coldstart/fill_waits.hpp"

namespace stowage::sim {

void FillWaits::wait(std::size_t file, std::size_t load, double now_s) {
  by_file_[file].push_back(load);
  since_s_[load] = now_s;
}

std::vector<std::pair<std::size_t, double>> FillWaits::release(std::size_t file, double now_s) {
  std::vector<std::pair<std::size_t, double>> out;
  const auto it = by_file_.find(file);
  if (it == by_file_.end()) return out;
  const std::vector<std::size_t> loads = std::move(it->second);
  by_file_.erase(it);
  for (const std::size_t load : loads) {
    if (const auto waited = drop(load, now_s)) out.emplace_back(load, *waited);
  }
  return out;
}

std::optional<double> FillWaits::drop(std::size_t load, double now_s) {
  const auto it = since_s_.find(load);
  if (it == since_s_.end()) return std::nullopt;
  const double waited_s = now_s - it->second;
  since_s_.erase(it);
  return waited_s;
}

}  // namespace stowage::sim
