// The judged run: the one simulation of a candidate that the advice reports, out of its
// replications.
//
// The first run uses the workload's seed; when a delay of the scenario is a random draw
// (sim::has_random_delays), `replications - 1` more runs use the successive outputs of
// sim::Rng(workload seed). The judged run is the one with the worst p99 (the first of equals),
// so that the p99 the SLO is judged on and every other figure shown come from one run.
// `advise`, `table`, `sweep` (through advisor/judge/evaluate.hpp) and `simulate --replications`
// all take it from here. Deterministic: the same scenario, choice and count give the same run.
#pragma once

#include "sim/result.hpp"
#include "sim/scenario.hpp"

namespace stowage::advisor {

struct JudgedRun {
  sim::SimResult result;  // the judged run
  int index = 0;          // 0: the workload's seed; i: the i-th seed drawn from it
  int runs = 1;           // runs simulated (1 without random delays)
  bool random_delays = false;
  double p99_min_s = 0, p99_max_s = 0;  // the p99 over every run
};

/// Simulates `choice` up to `replications` (>= 1) times as above and keeps the judged run.
JudgedRun judged_run(const sim::Scenario& scenario, const sim::StorageChoice& choice,
                     int replications);

}  // namespace stowage::advisor
