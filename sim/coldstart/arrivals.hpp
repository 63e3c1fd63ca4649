// Arrivals: the workload's arrival pattern expanded into a list of load requests.
//
// Each request is one instance that must get the model into GPU memory: a cold start (a new
// instance: delivery, sandbox, attach, reads, copy, init) or a switch (a running instance loads
// the model again: reads, copy, init only). The patterns expand as follows:
//   burst     `count` cold starts at at + spread * i / count, i = 0 .. count-1 (evenly spread;
//             spread 0 puts them all at `at`);
//   schedule  at each step, as many cold starts as the replica count rises (a fall starts none);
//   poisson   exponential gaps of mean 1 / rate from t = 0, while the time is below `duration`;
//   trace     one cold start per listed time;
//   switch    `instances` switches at round * every, for round = 0 .. times-1; instance k keeps
//             its identity across rounds, so its page cache carries over.
// Worked example: schedule [{at: 9h, replicas: 200}, {at: 9h30min, replicas: 150},
// {at: 10h, replicas: 180}] gives 200 cold starts at 9 h and 30 at 10 h.
// Requests are sorted by time, ties in generation order. Only the Poisson pattern draws from the
// Rng; the others are deterministic. Units: seconds.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/rng.hpp"
#include "sim/workload.hpp"

namespace stowage::sim {

struct LoadRequest {
  Seconds at;                 // when the platform asks for the instance (or the switch)
  bool is_switch = false;     // a running instance switching models
  std::int64_t instance = 0;  // 0, 1, ...: instance identity (switch rounds reuse it)
  std::int64_t round = 0;     // switch round, 0 for cold starts
};

/// Expands `arrivals` into load requests sorted by time; draws from `rng` only for Poisson.
std::vector<LoadRequest> expand_arrivals(const Arrivals& arrivals, Rng& rng);

}  // namespace stowage::sim
