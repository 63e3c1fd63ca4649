#include "advisor/explain.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <variant>

#include "advisor/scenario.hpp"
#include "advisor/sim_report.hpp"
#include "sim/rng.hpp"
#include "sim/update.hpp"

namespace stowage::advisor {
namespace {

bool is_random(const std::optional<sim::Distribution>& d) {
  return d && d->form() != sim::Distribution::Form::kConstant;
}

bool has_random_delays(const Scenario& s) {
  const sim::Workload& w = *s.inputs().workload;
  return s.platform().sandbox_start.form() != sim::Distribution::Form::kConstant ||
         is_random(s.storage().cold_start.vpc_attach) || is_random(s.storage().cold_start.mount) ||
         is_random(s.storage().requests.latency) || is_random(w.model.init) ||
         std::holds_alternative<sim::PoissonArrivals>(w.arrivals);
}

/// Which sizing the storage's shared throughput grows with; none for a constant or no limit.
std::optional<sim::SizeBasis> sizing_basis(const sim::StorageProfile& storage) {
  if (!storage.throughput.shared) return std::nullopt;
  const auto& form = storage.throughput.shared->form();
  if (const auto* l = std::get_if<sim::LinearCapacity>(&form)) return l->of;
  if (const auto* s = std::get_if<sim::StepCapacity>(&form)) return s->of;
  return std::nullopt;
}

/// One run: the summary and the full result, for the workload with `seed`.
sim::SimResult run_once(const sim::Workload& workload, const sim::StorageChoice& choice,
                        const sim::Catalog& catalog) {
  const Scenario scenario(workload, choice, catalog);
  return sim::simulate_cold_starts(scenario.inputs());
}

std::string describe(const sim::Workload& workload, const sim::SimResult& r,
                     const sim::StorageProfile& storage) {
  const sim::Summary& s = r.summary;
  std::string text = fmt::format("{}: {} loads x {} model", storage.info.name, s.loads,
                                 workload.model.total_size());
  if (!s.bottleneck.empty()) {
    const auto peak = s.peak_rate_bps.find(s.bottleneck);
    double held = 0, all = 0;
    for (const auto& [limit, t] : s.bottleneck_time_s) {
      all += t;
      if (limit == s.bottleneck) held = t;
    }
    text += fmt::format("; bound by {}", s.bottleneck);
    if (peak != s.peak_rate_bps.end()) {
      text += fmt::format(" at {} peak", sim::BytesPerSecond(peak->second));
    }
    if (all > 0) text += fmt::format(" ({:.0f}% of read time)", 100 * held / all);
  }
  double last_ready = -1;
  for (const sim::LoadResult& l : r.loads) {
    if (l.ready) last_ready = std::max(last_ready, l.ready->value());
  }
  if (last_ready >= 0) {
    text += fmt::format("; the last is ready at {}", sim::Seconds(last_ready));
  }
  if (s.failed > 0) {
    text += fmt::format("; {} of {} miss the {} timeout", s.failed, s.loads, r.timeout);
  }
  return text;
}

/// What sizing would meet the SLO (see the header), or nothing when sizing does not matter.
std::optional<std::string> sizing_hint(const sim::Workload& workload,
                                       const sim::StorageChoice& choice,
                                       const sim::StorageProfile& storage,
                                       const sim::Catalog& catalog) {
  const auto basis = sizing_basis(storage);
  if (!basis) return std::nullopt;
  const bool by_stored = *basis == sim::SizeBasis::kStored;
  const std::optional<sim::Bytes>& given = by_stored ? choice.stored : choice.capacity;
  const sim::Bytes start = given.value_or(workload.model.total_size());
  const sim::Bytes limit = storage.limits.max_capacity.value_or(
      sim::Bytes(start.value() * std::pow(2.0, kMaxSizingDoublings)));
  const char* what = by_stored ? "storing" : "a capacity of";
  std::optional<std::string> last;
  for (int i = 1; i <= kMaxSizingDoublings; ++i) {
    const sim::Bytes size(std::min(start.value() * std::pow(2.0, i), limit.value()));
    sim::StorageChoice bigger = choice;
    (by_stored ? bigger.stored : bigger.capacity) = size;
    Candidate trial;
    trial.storage = choice.profile;
    const sim::SimResult r = run_once(workload, bigger, catalog);
    trial.summary = r.summary;
    trial.p99_min_s = trial.p99_max_s = r.summary.p99_s;
    judge_slo(workload.objective, trial);
    const sim::Sizing sizing{by_stored ? size : bigger.stored.value_or(workload.model.total_size()),
                             by_stored ? bigger.capacity.value_or(sim::Bytes(0)) : size};
    const std::string rate = sim::to_string(storage.throughput.shared->at(sizing));
    if (trial.meets_slo) {
      return fmt::format("{} {} (instead of {}) raises its throughput to {} and brings p99 to {}",
                         what, sim::size_text(size), sim::size_text(start), rate,
                         seconds_text(r.summary.p99_s));
    }
    last = r.summary.failed > 0
               ? fmt::format("even {} {} ({}) leaves {} of {} failed", what, sim::size_text(size),
                             rate, r.summary.failed, r.summary.loads)
               : fmt::format("even {} {} ({}) leaves p99 at {}", what, sim::size_text(size), rate,
                             seconds_text(r.summary.p99_s));
    if (!r.summary.bottleneck.empty()) *last += ", bound by " + r.summary.bottleneck;
    if (size.value() >= limit.value()) break;
  }
  return last;
}

}  // namespace

std::int64_t instances_at_once(const sim::Arrivals& arrivals) {
  if (const auto* b = std::get_if<sim::BurstArrivals>(&arrivals)) return b->count;
  if (const auto* s = std::get_if<sim::ScheduleArrivals>(&arrivals)) {
    std::int64_t most = 0;
    for (const sim::ScheduleStep& step : s->steps) most = std::max(most, step.replicas);
    return most;
  }
  if (const auto* p = std::get_if<sim::PoissonArrivals>(&arrivals)) {
    return static_cast<std::int64_t>(std::ceil(p->rate_per_s * p->duration.value()));
  }
  if (const auto* t = std::get_if<sim::TraceArrivals>(&arrivals)) {
    return static_cast<std::int64_t>(t->times.size());
  }
  return std::get<sim::SwitchArrivals>(arrivals).instances;
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
                  workload.model.total_size()});
    if (need.value() > lim.max_capacity->value()) {
      return fmt::format("{} to hold, above its largest size {}", need, *lim.max_capacity);
    }
  }
  return std::nullopt;
}

Candidate evaluate_candidate(const sim::Workload& workload, const sim::StorageChoice& choice,
                             const sim::Catalog& catalog, int replications) {
  const Scenario scenario(workload, choice, catalog);
  Candidate c;
  c.storage = choice.profile;
  c.kind = std::string(sim::storage_kind_name(scenario.storage().kind));
  c.infeasible = scenario.infeasibility();
  if (!c.infeasible) c.infeasible = hard_constraint(workload, choice, scenario.storage());
  if (c.infeasible) return c;

  const sim::SimResult first = sim::simulate_cold_starts(scenario.inputs());
  c.summary = first.summary;
  c.update = first.update;
  c.p99_min_s = c.p99_max_s = first.summary.p99_s;
  c.replications = 1;
  if (has_random_delays(scenario)) {
    sim::Rng seeds(workload.seed);
    for (int i = 1; i < replications; ++i) {
      sim::Workload again = workload;
      again.seed = seeds.next();
      const double p99 = run_once(again, choice, catalog).summary.p99_s;
      c.p99_min_s = std::min(c.p99_min_s, p99);
      c.p99_max_s = std::max(c.p99_max_s, p99);
      ++c.replications;
    }
  }
  const MonthlyUse use = monthly_use(workload, first);
  c.cost = monthly_cost(workload, choice, scenario.storage(), scenario.inputs().backing,
                        scenario.platform(), use);
  judge_slo(workload.objective, c);
  c.explanation = describe(workload, first, scenario.storage());
  if (!c.meets_slo) {
    c.explanation += fmt::format("; misses {}", fmt::join(c.misses, ", "));
    if (const auto hint = sizing_hint(workload, choice, scenario.storage(), catalog)) {
      c.explanation += "; " + *hint;
    }
  }
  if (workload.model.update_interval || workload.model.update_at) {
    c.explanation +=
        fmt::format("; a new model version is ready after {}", sim::update_text(first.update));
  }
  return c;
}

}  // namespace stowage::advisor
