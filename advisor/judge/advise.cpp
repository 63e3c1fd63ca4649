#include "advisor/judge/advise.hpp"

namespace stowage::advisor {

Advice advise(const sim::Scenario& scenario, const EvaluateOptions& options) {
  Advice a;
  a.workload = scenario.workload.name;
  for (const sim::StorageChoice& choice : scenario.candidates) {
    a.ranked.push_back(evaluate(scenario, choice, options));
  }
  rank_candidates(scenario.workload.objective, a.ranked);
  a.recommended = recommended(a.ranked);
  a.cost_note = cost_note(a.ranked, scenario.profiles->rates);
  a.quota_raises = quota_raises(scenario.workload, scenario.platform());
  const auto& target = scenario.workload.objective.p99;
  for (const Candidate& c : a.ranked) {
    if (!c.feasible() || !target) continue;
    if (!a.storage_independent || c.storage_independent_p99_s < a.storage_independent->p99_s) {
      a.storage_independent = Advice::StorageIndependent{
          c.storage_independent_p99_s, target->value(), largest_storage_independent(c.p99_load)};
    }
  }
  return a;
}

}  // namespace stowage::advisor
