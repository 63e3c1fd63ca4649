#include "advisor/judge/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <variant>

#include "advisor/judge/instances_at_once.hpp"
#include "advisor/judge/judged_run.hpp"
#include "sim/check.hpp"
#include "sim/simulate.hpp"
#include "sim/storage/kind.hpp"
#include "sim/storage/registry.hpp"

namespace stowage::advisor {
namespace {

void check_target(const std::optional<sim::Seconds>& target, Miss::Target name, double value,
                  std::vector<Miss>& misses) {
  if (target && !(value <= target->value())) misses.push_back({name, value, target->value()});
}


/// Which sizing the storage's shared throughput grows with; none for a constant or no limit.
std::optional<sim::SizeBasis> sizing_basis(const sim::StorageProfile& storage) {
  if (!storage.throughput.shared) return std::nullopt;
  const auto& form = storage.throughput.shared->form();
  if (const auto* l = std::get_if<sim::LinearCapacity>(&form)) return l->of;
  if (const auto* s = std::get_if<sim::StepCapacity>(&form)) return s->of;
  return std::nullopt;
}

/// What sizing would meet the SLO (see the header), or nothing when sizing does not matter.
std::optional<SizingHint> sizing_hint(const sim::Scenario& scenario,
                                      const sim::StorageChoice& choice) {
  const sim::Workload& workload = scenario.workload;
  const sim::StorageProfile& storage = scenario.storage(choice);
  const auto basis = sizing_basis(storage);
  if (!basis) return std::nullopt;
  SizingHint hint;
  hint.by_stored = *basis == sim::SizeBasis::kStored;
  const std::optional<sim::Bytes>& given = hint.by_stored ? choice.stored : choice.capacity;
  hint.from = given.value_or(workload.model.stored_size());
  const sim::Bytes limit = storage.limits.max_capacity.value_or(
      sim::Bytes(hint.from.value() * std::pow(2.0, kMaxSizingDoublings)));
  std::optional<SizingHint> last;
  for (int i = 1; i <= kMaxSizingDoublings; ++i) {
    const sim::Bytes size(std::min(hint.from.value() * std::pow(2.0, i), limit.value()));
    sim::StorageChoice bigger = choice;
    (hint.by_stored ? bigger.stored : bigger.capacity) = size;
    Candidate trial;
    trial.storage = choice.profile;
    const sim::SimResult r = sim::simulate(scenario, bigger, workload.seed);
    trial.summary = r.summary;
    trial.p99_min_s = trial.p99_max_s = r.summary.p99_s;
    judge_slo(workload.objective, trial);
    const sim::Sizing sizing{
        hint.by_stored ? size : bigger.stored.value_or(workload.model.stored_size()),
        hint.by_stored ? bigger.capacity.value_or(sim::Bytes(0)) : size};
    hint.to = size;
    hint.rate = storage.throughput.shared->at(sizing);
    hint.meets = trial.meets_slo;
    hint.p99_s = r.summary.p99_s;
    hint.failed = r.summary.failed;
    hint.loads = r.summary.loads;
    hint.bottleneck = r.summary.bottleneck;
    if (hint.meets) return hint;
    last = hint;
    if (size.value() >= limit.value()) break;
  }
  return last;
}

/// Whether one run of `choice` on the workload's seed meets the SLO.
bool one_run_meets(const sim::Scenario& scenario, const sim::StorageChoice& choice) {
  Candidate trial;
  trial.storage = choice.profile;
  trial.summary = sim::simulate(scenario, choice, scenario.workload.seed).summary;
  trial.p99_min_s = trial.p99_max_s = trial.summary.p99_s;
  judge_slo(scenario.workload.objective, trial);
  return trial.meets_slo;
}

/// Whether the storage-independent time of one run of `choice` on the workload's seed alone
/// reaches the p99 target (see the header).
bool beyond_storage(const sim::Objective& objective, double storage_independent_p99_s) {
  return objective.p99 && storage_independent_p99_s >= objective.p99->value();
}

/// The smallest size that meets the SLO for a choice the workload leaves unsized (see the
/// header), or nothing when sizing does not apply, cannot help or no size meets it.
std::optional<AutoSize> auto_size(const sim::Scenario& scenario, const sim::StorageChoice& choice) {
  const sim::StorageProfile& storage = scenario.storage(choice);
  const auto basis = sizing_basis(storage);
  if (!basis) return std::nullopt;
  const bool by_stored = *basis == sim::SizeBasis::kStored;
  if ((by_stored ? choice.stored : choice.capacity).has_value()) return std::nullopt;
  const sim::Sizing dflt =
      sim::sizing_of(choice, storage, scenario.workload.model.stored_size());
  const sim::Bytes from = by_stored ? dflt.stored : dflt.provisioned;
  // Sizes: the default, then whole powers of two GiB above it up to the first at or above
  // 2^kMaxSizingDoublings times the default, or up to max_capacity when the profile has one.
  const int first_exp =
      std::max(0, static_cast<int>(std::floor(std::log2(from.value() / sim::kBytesPerGiB))) + 1);
  const double limit =
      storage.limits.max_capacity
          .value_or(sim::Bytes(std::ldexp(sim::kBytesPerGiB, first_exp + kMaxSizingDoublings)))
          .value();
  std::vector<sim::Bytes> sizes{from};
  for (int e = first_exp; sizes.back().value() < limit; ++e) {
    sizes.push_back(sim::Bytes(std::min(std::ldexp(sim::kBytesPerGiB, e), limit)));
  }
  const auto meets = [&](std::size_t k) {
    sim::StorageChoice sized = choice;
    (by_stored ? sized.stored : sized.capacity) = sizes[k];
    return one_run_meets(scenario, sized);
  };
  if (beyond_storage(scenario.workload.objective,
                     storage_independent_p99_s(
                         sim::simulate(scenario, choice, scenario.workload.seed)))) {
    return std::nullopt;
  }
  if (!meets(sizes.size() - 1)) return std::nullopt;
  // Bisection: sizes[hi] meets; sizes[lo] does not (or lo = -1 before the first).
  std::ptrdiff_t lo = -1, hi = static_cast<std::ptrdiff_t>(sizes.size()) - 1;
  while (hi - lo > 1) {
    const std::ptrdiff_t mid = lo + (hi - lo) / 2;
    (meets(static_cast<std::size_t>(mid)) ? hi : lo) = mid;
  }
  return AutoSize{by_stored, from, sizes[static_cast<std::size_t>(hi)]};
}

/// The candidate's monthly cost from its use, at the scenario's prices, in one currency.
void set_cost(const sim::Scenario& scenario, const sim::StorageChoice& choice, Candidate& c) {
  const sim::StorageProfile& storage = scenario.storage(choice);
  c.cost = monthly_cost(scenario.workload, choice, storage, scenario.profiles->backing_of(storage),
                        scenario.platform(), c.use);
  convert_cost(c.cost, scenario.profiles->rates);
}

}  // namespace

void judge_slo(const sim::Objective& objective, Candidate& c) {
  c.misses.clear();
  if (!c.feasible()) {
    c.meets_slo = false;
    return;
  }
  const sim::Summary& s = c.summary;
  if (s.failed > objective.max_failed) {
    c.misses.push_back({Miss::Target::kFailed, static_cast<double>(s.failed),
                        static_cast<double>(objective.max_failed)});
  }
  check_target(objective.p50, Miss::Target::kP50, s.p50_s, c.misses);
  check_target(objective.p95, Miss::Target::kP95, s.p95_s, c.misses);
  // The p99 target must hold in every replication.
  check_target(objective.p99, Miss::Target::kP99, c.judged_p99_s(), c.misses);
  check_target(objective.max, Miss::Target::kMax, s.max_s, c.misses);
  c.meets_slo = c.misses.empty();
}

std::optional<std::string> hard_constraint(const sim::Workload& workload,
                                           const sim::StorageChoice& choice,
                                           const sim::StorageProfile& storage) {
  const sim::StorageLimits& lim = storage.limits;
  if (workload.regions > 1 && !lim.multi_region && lim.replication.empty()) {
    return fmt::format(
        "{} regions asked, but one {} serves one region and the profile offers no replication",
        workload.regions, storage.info.name);
  }
  const std::int64_t at_once = instances_at_once(workload.arrivals);
  if (lim.max_clients && at_once > *lim.max_clients) {
    return fmt::format("{} instances at once, but at most {} clients may mount it", at_once,
                       *lim.max_clients);
  }
  if (lim.max_capacity) {
    const sim::Bytes need =
        std::max({choice.stored.value_or(sim::Bytes(0)), choice.capacity.value_or(sim::Bytes(0)),
                  workload.model.stored_size()});
    if (need.value() > lim.max_capacity->value()) {
      return fmt::format("{} to hold, above its largest size {}", need, *lim.max_capacity);
    }
  }
  return std::nullopt;
}

Candidate with_prices(const sim::Scenario& scenario, const sim::StorageChoice& choice,
                      Candidate c) {
  if (!c.feasible()) return c;
  sim::StorageChoice costed = choice;
  if (c.sized) (c.sized->by_stored ? costed.stored : costed.capacity) = c.sized->to;
  set_cost(scenario, costed, c);
  c.sizing.reset();
  return c;
}

Candidate evaluate(const sim::Scenario& scenario, const sim::StorageChoice& choice,
                   const EvaluateOptions& options) {
  STOWAGE_CHECK(options.replications >= 1, "evaluate needs at least one replication");
  const sim::Workload& workload = scenario.workload;
  const sim::StorageProfile& storage = scenario.storage(choice);
  Candidate c;
  c.storage = choice.profile;
  c.kind = std::string(storage.kind->name());
  c.infeasible = sim::infeasible(scenario, choice);
  if (!c.infeasible) c.infeasible = hard_constraint(workload, choice, storage);
  if (c.infeasible) return c;
  if (options.auto_size) {
    if (const std::optional<AutoSize> size = auto_size(scenario, choice)) {
      sim::StorageChoice sized = choice;
      (size->by_stored ? sized.stored : sized.capacity) = size->to;
      EvaluateOptions rest = options;
      rest.auto_size = false;
      Candidate at = evaluate(scenario, sized, rest);
      at.sized = size;
      return at;
    }
  }

  const JudgedRun run = judged_run(scenario, choice, options.replications);
  const sim::SimResult& judged = run.result;
  c.update = judged.update;
  c.unbounded = judged.unbounded;
  c.p99_min_s = run.p99_min_s;
  c.p99_max_s = run.p99_max_s;
  c.replications = run.runs;
  c.random_delays = run.random_delays;
  c.judged_run = run.index;
  c.summary = judged.summary;
  c.use = monthly_use(workload, judged);
  set_cost(scenario, choice, c);
  judge_slo(workload.objective, c);
  c.model_size = workload.model.total_size();
  for (const sim::LoadResult& l : judged.loads) {
    if (l.ready) c.last_ready_s = std::max(c.last_ready_s, l.ready->value());
  }
  c.timeout = judged.timeout;
  c.p99_load = p99_load(judged);
  c.storage_independent_p99_s = storage_independent_p99_s(judged);
  c.sizing_cannot_help = sizing_basis(storage).has_value() &&
                         beyond_storage(workload.objective, c.storage_independent_p99_s);
  if (!c.meets_slo && options.sizing_hint && !c.sizing_cannot_help) {
    c.sizing = sizing_hint(scenario, choice);
  }
  c.mention_update = workload.model.update_interval || workload.model.update_at;
  return c;
}

}  // namespace stowage::advisor
