#include "sim/simulate.hpp"

#include <variant>

#include "sim/coldstart/cold_start.hpp"
#include "sim/update.hpp"

namespace stowage::sim {
namespace {

ColdStartInputs inputs(const Scenario& s, const StorageChoice& choice) {
  ColdStartInputs in;
  in.workload = &s.workload;
  in.choice = choice;
  in.storage = &s.storage(choice);
  in.backing = s.profiles->backing_of(*in.storage);
  in.platform = &s.platform();
  in.gpu = &s.gpu();
  in.loader = s.loader();
  return in;
}

bool is_random(const std::optional<Distribution>& d) {
  return d && d->form() != Distribution::Form::kConstant;
}

}  // namespace

std::optional<std::string> infeasible(const Scenario& s, const StorageChoice& choice) {
  return infeasibility(inputs(s, choice));
}

SimResult simulate(const Scenario& s, const StorageChoice& choice, std::uint64_t seed) {
  ColdStartInputs in = inputs(s, choice);
  in.seed = seed;
  return simulate_cold_starts(in);
}

UpdateTimeline update(const Scenario& s, const StorageChoice& choice) {
  return update_timeline(storage_setup(inputs(s, choice)));
}

bool has_random_delays(const Scenario& s, const StorageChoice& choice) {
  const StorageProfile& storage = s.storage(choice);
  return s.platform().sandbox_start.form() != Distribution::Form::kConstant ||
         is_random(storage.cold_start.mount) || is_random(s.workload.model.init) ||
         std::holds_alternative<PoissonArrivals>(s.workload.arrivals);
}

}  // namespace stowage::sim
