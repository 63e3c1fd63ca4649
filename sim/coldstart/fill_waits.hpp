// Fill waits: loads waiting for another load's fill of a file behind a read-through cache.
//
// When a read-through cache (an accelerator, sim/storage/accelerator.cpp) is already fetching a
// file for one load, a load that wants the same file waits for that fill instead of reading the
// bucket again. This is the bookkeeping of the cold-start run (sim/coldstart/run.hpp): who waits
// for which file since when, released in the order they began waiting when the fill ends, or
// dropped when the waiting load times out. Units: seconds of simulated time. Deterministic: the
// order of release is the order of wait().
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace stowage::sim {

class FillWaits {
 public:
  /// Load `load` waits from `now_s` for the fill of `file`.
  void wait(std::size_t file, std::size_t load, double now_s);
  /// The fill of `file` ended at `now_s`: every load still waiting for it, in the order they
  /// began, with how long each waited; none of them waits any more.
  std::vector<std::pair<std::size_t, double>> release(std::size_t file, double now_s);
  /// Load `load` stops waiting at `now_s` (it timed out): how long it waited, or nothing when it
  /// was not waiting.
  std::optional<double> drop(std::size_t load, double now_s);

 private:
  std::map<std::size_t, std::vector<std::size_t>> by_file_;  // file -> loads, in order
  std::unordered_map<std::size_t, double> since_s_;          // waiting load -> since
};

}  // namespace stowage::sim
