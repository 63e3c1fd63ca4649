// Advise: one scenario's advice, as `stowage advise`, `stowage table` and the hinge search judge
// it. Every candidate of the scenario is evaluated (advisor/judge/evaluate.hpp: hard constraints,
// replications, cost, SLO verdict), ranked (advisor/judge/rank.hpp), the recommendation is the
// first that meets the SLO, the cost note says which currencies were compared, and the default
// platform quotas the workload exceeds are listed (advisor/judge/quota.hpp). Reports render an
// Advice (advisor/report/advice.hpp); nothing here formats text. Deterministic: the same scenario
// and options give the same advice.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "advisor/judge/evaluate.hpp"
#include "advisor/judge/quota.hpp"
#include "advisor/judge/rank.hpp"
#include "sim/scenario.hpp"

namespace stowage::advisor {

/// One scenario's advice: its candidates in rank order.
struct Advice {
  std::string workload;
  std::vector<Candidate> ranked;
  std::optional<std::string> recommended;
  CostNote cost_note;
  /// Default platform quotas the workload exceeds (advisor/judge/quota.hpp): every candidate is
  /// simulated as written, and the scenario needs these raised.
  std::vector<QuotaRaise> quota_raises;
};

/// Evaluates every candidate of the scenario (advisor/judge/evaluate.hpp) and ranks them.
Advice advise(const sim::Scenario& scenario, const EvaluateOptions& options);

}  // namespace stowage::advisor
