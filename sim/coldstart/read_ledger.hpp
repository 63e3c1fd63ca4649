// ReadLedger: what a cold-start run's reads served and what held each load back.
//
// It owns the names a run reports: the backends that served bytes (a profile name,
// `oss-accel (miss)`, `page cache`) and the limits that held loads back (a constraint's name, a
// storage's own bound, the loader's ceiling, the GPU copy), each interned once so that a million
// loads keep small ids instead of strings; the bytes each backend served (none until one of its
// reads completes) and the bytes the storage bills; and, per load, the seconds each limit held
// it back, in first-seen order. At the end it hands all of it to the run's record
// (sim/coldstart/run_summary.hpp). Units: bytes, seconds. Deterministic: ids follow first use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/coldstart/run_summary.hpp"
#include "sim/flow_network.hpp"

namespace stowage::sim {

class ReadLedger {
 public:
  /// A ledger for `loads` loads, each held back by at most `limits_per_load` limits in all
  /// (room is made for them when a load's first limit is added).
  ReadLedger(std::size_t loads, std::size_t limits_per_load);

  /// The id of the limit named `name`.
  std::uint32_t label(std::string_view name) { return intern(labels_, name); }
  /// The id of the backend named `name`.
  std::uint32_t backend(std::string_view name);
  /// Adds the time each limit held a read of load `k` back, from the read's `intervals`:
  /// its own bound counts as `own_label`, a constraint by its name in `net`.
  void account(std::size_t k, const std::vector<BottleneckInterval>& intervals,
               std::uint32_t own_label, const FlowNetwork& net);
  /// Limit `label` held load `k` back for `held_s` more (a fill it waited for, the copy).
  void held(std::size_t k, std::uint32_t label, double held_s);
  /// A read of `bytes` completed from `backend`; `billed`: the storage charges for them.
  void served(std::uint32_t backend, Bytes bytes, bool billed);
  /// Moves the names, per-load limits, bytes by backend and billed bytes into `run`.
  void hand_over(RunRecord& run);

 private:
  static std::uint32_t intern(std::vector<std::string>& table, std::string_view name);
  LimitTimes& limits_of(std::size_t k);

  std::size_t limits_per_load_;
  std::vector<LimitTimes> limits_;                    // by load
  std::vector<std::string> labels_;                   // the limits loads were held by, by id
  std::vector<std::string> backends_;                 // by id, in first use
  std::vector<std::optional<double>> backend_bytes_;  // by backend id
  double bytes_billed_ = 0;
};

}  // namespace stowage::sim
