// Ranking: the order in which `stowage advise` recommends storage candidates.
//
// A Candidate is one storage choice with what the advisor learned about it: whether it can
// serve the workload at all (hard constraints, checked before any simulation), the simulated
// time-to-ready summary, the spread of p99 over replications, and its monthly cost.
// Order:
//   1. feasible candidates that meet the SLO: every objective target (p50, p95, p99, max) is
//      met and no more than max_failed starts fail. They are ordered by the score
//        score = w x cost term + (1 - w) x p99 / max p99
//      with w the objective's cost_weight and the maximum taken over this group. Costs in
//      different currencies are never compared or converted: a candidate's cost is an amount
//      per currency (its storage currency, and another one for terms priced apart), and
//        cost term = mean over the comparable currencies c of amount_c / max amount_c
//      where a currency is comparable when at least two members of the group are priced in it
//      (a candidate with no amount in c counts 0 for it). A currency only one member is priced
//      in says nothing about the others and is left out (the advice's cost note names it).
//      Each term lies in [0, 1]; the dearest or slowest member scores 1 on it. A maximum of 0,
//      or no comparable currency, makes that term 0 for everyone. Lower score first;
//   2. feasible candidates that miss the SLO, by how far they miss: fewer failed starts first,
//      then the lower p99 (an infinite p99 last);
//   3. infeasible candidates.
// Ties at every level are broken by storage name, so the order is total and deterministic.
// Worked example: w = 0.5; A costs 100 with p99 50 s, B costs 50 with p99 100 s, both in CNY
// and both meeting the SLO: A scores 0.5 x 1 + 0.5 x 0.5 = 0.75, B 0.5 x 0.5 + 0.5 x 1 = 0.75;
// tied, so A (by name) comes first. With C at USD 10 + CNY 40 (GPU time priced apart) beside
// them: CNY is comparable (A, B, C), USD is not (C only): C's cost term is 40 / 100 = 0.4.
// An Advice is one workload's candidates in this order, as `stowage advise` and `stowage table`
// report it; advice_json is its JSON (the shape is documented in advisor/advise.cpp), with costs
// rounded to hundredths of a currency unit (kCostScale).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "advisor/cost.hpp"
#include "sim/catalog.hpp"
#include "sim/result.hpp"
#include "sim/workload.hpp"

namespace stowage::advisor {

struct Candidate {
  std::string storage;                    // profile name
  std::string kind;                       // storage kind name
  std::optional<std::string> infeasible;  // why not, for a hard constraint
  sim::Summary summary;                   // of the first replication (the workload's own seed)
  double p99_min_s = 0, p99_max_s = 0;    // p99 over every replication
  int replications = 0;
  MonthlyCost cost;
  sim::UpdateTimeline update;  // how a new model version reaches this storage
  bool meets_slo = false;
  std::vector<std::string> misses;  // which targets it misses, e.g. "p99 367 s > 120 s"
  double score = 0;                 // rank score within the SLO group (see above)
  std::string explanation;          // built from the simulation (advisor/explain.hpp)

  bool feasible() const { return !infeasible.has_value(); }
};

/// Sets `meets_slo` and `misses` of a simulated candidate from the objective.
void judge_slo(const sim::Objective& objective, Candidate& c);

/// Computes the scores and sorts `candidates` into rank order (see above).
void rank_candidates(const sim::Objective& objective, std::vector<Candidate>& candidates);

/// What the cost term leaves out or averages when the SLO group mixes currencies; empty when
/// it does not.
std::string cost_note(const std::vector<Candidate>& candidates);

/// The first candidate meeting the SLO, if any, in a ranked list.
std::optional<std::string> recommended(const std::vector<Candidate>& ranked);

/// Cost digits kept in reports: hundredths of a currency unit.
inline constexpr double kCostScale = 100.0;

/// One workload's advice: its candidates in rank order.
struct Advice {
  std::string workload;
  std::vector<Candidate> ranked;
  std::optional<std::string> recommended;
  std::string cost_note;  // says so when the SLO group mixes currencies; else empty
};

/// Evaluates every choice (advisor/explain.hpp) with the same seed and ranks them.
Advice advise_workload(const sim::Workload& workload,
                       const std::vector<sim::StorageChoice>& choices, const sim::Catalog& catalog,
                       int replications);

/// A cost rounded to kCostScale.
double round_cost(double v);
/// `204.89 CNY`, `152.85 USD + 2480.57 CNY` (a GPU priced apart), or `-` when infeasible.
std::string cost_text(const Candidate& c);
/// `32 s`, with the spread over replications when it varies: `32 s (31.8 s..32 s)`.
std::string p99_text(const Candidate& c);
/// The explanation, or `NAME: not feasible: REASON`.
std::string note_line(const Candidate& c);

nlohmann::ordered_json advice_json(const Advice& a);

}  // namespace stowage::advisor
