// The front door to the simulator: a resolved scenario, a storage choice and a seed in, a
// SimResult out. `stowage simulate`, `advise`, `table`, `sweep` and the benchmarks all come in
// here; nothing outside sim/ builds a cold-start run by hand.
//
//   infeasible(s, c)     why choice `c` cannot serve the workload at all (an image over the
//                        platform's size limit, `warm` on a storage without a cache), or nothing;
//   simulate(s, c, seed) every load of the workload on `c` (sim/coldstart/cold_start.hpp),
//                        with `seed` for arrivals and drawn delays; `c` must be feasible;
//   update(s, c)         how a new model version reaches `c` (sim/update.hpp), no simulation;
//   has_random_delays    whether any drawn delay of the scenario on `c` varies with the seed (a
//                        non-constant sandbox, attach, mount or init time, or
//                        Poisson arrivals): replications say something only then.
// The choice's profile must be in the scenario's profile set. Deterministic: the same scenario,
// choice and seed give the same result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/result.hpp"
#include "sim/scenario.hpp"

namespace stowage::sim {

std::optional<std::string> infeasible(const Scenario& s, const StorageChoice& choice);
SimResult simulate(const Scenario& s, const StorageChoice& choice, std::uint64_t seed);
UpdateTimeline update(const Scenario& s, const StorageChoice& choice);
bool has_random_delays(const Scenario& s, const StorageChoice& choice);

}  // namespace stowage::sim
