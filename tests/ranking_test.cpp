// Ranking order and SLO verdicts (advisor/rank.hpp) on hand-built candidates.
#include "advisor/rank.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "advisor/report/advice.hpp"

namespace adv = stowage::advisor;
namespace sim = stowage::sim;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

adv::Candidate simulated(const std::string& name, double p99_s, std::int64_t failed, double cost,
                         const std::string& currency = "CNY") {
  adv::Candidate c;
  c.storage = name;
  c.summary.p50_s = std::isfinite(p99_s) ? p99_s / 2 : kInf;
  c.summary.p99_s = c.summary.max_s = c.summary.p95_s = p99_s;
  c.summary.failed = failed;
  c.p99_min_s = c.p99_max_s = p99_s;
  c.cost.total = cost;
  c.cost.currency = currency;
  return c;
}

adv::Candidate not_feasible(const std::string& name) {
  adv::Candidate c;
  c.storage = name;
  c.infeasible = "a reason";
  return c;
}

sim::Objective p99_objective(double p99_s, double cost_weight) {
  sim::Objective o;
  o.p99 = sim::Seconds(p99_s);
  o.cost_weight = cost_weight;
  return o;
}

std::vector<std::string> miss_texts(const adv::Candidate& c) {
  std::vector<std::string> out;
  for (const adv::Miss& m : c.misses) out.push_back(adv::report::miss_text(m));
  return out;
}

std::vector<std::string> order(std::vector<adv::Candidate> list, const sim::Objective& o) {
  for (adv::Candidate& c : list) adv::judge_slo(o, c);
  adv::rank_candidates(o, list);
  std::vector<std::string> names;
  for (const adv::Candidate& c : list) names.push_back(c.storage);
  return names;
}

std::string note(std::vector<adv::Candidate> list, const sim::Objective& o) {
  for (adv::Candidate& c : list) adv::judge_slo(o, c);
  return adv::report::cost_note_text(adv::cost_note(list));
}

}  // namespace

TEST_CASE("ranking: SLO group by score, then misses by failures and p99, infeasible last") {
  const sim::Objective o = p99_objective(120, 0.5);
  // x: cost 100/100, p99 50/50 -> 0.5 + 0.5 = 1; y: 50/100, 40/50 -> 0.25 + 0.4 = 0.65.
  // Misses: m3 (0 failed, 150 s) before m2 (0 failed, 200 s) before m1 (2 failed).
  // Infeasible a and b by name.
  const std::vector<adv::Candidate> list = {not_feasible("b"),          simulated("m1", kInf, 2, 1),
                                            simulated("x", 50, 0, 100), simulated("m2", 200, 0, 1),
                                            not_feasible("a"),          simulated("y", 40, 0, 50),
                                            simulated("m3", 150, 0, 1)};
  CHECK(order(list, o) == std::vector<std::string>{"y", "x", "m3", "m2", "m1", "a", "b"});
}

TEST_CASE("ranking: equal scores are broken by name (the header's worked example)") {
  // A: 100/100 and 50/100 -> 0.5 x 1 + 0.5 x 0.5 = 0.75; B: 0.5 x 0.5 + 0.5 x 1 = 0.75.
  const sim::Objective o = p99_objective(120, 0.5);
  std::vector<adv::Candidate> list = {simulated("B", 100, 0, 50), simulated("A", 50, 0, 100)};
  CHECK(order(list, o) == std::vector<std::string>{"A", "B"});
  for (adv::Candidate& c : list) adv::judge_slo(o, c);
  adv::rank_candidates(o, list);
  CHECK(list[0].score == doctest::Approx(0.75));
  CHECK(list[1].score == doctest::Approx(0.75));
  CHECK(adv::recommended(list) == std::optional<std::string>("A"));
}

TEST_CASE("ranking: costs are compared per currency, a currency one choice alone has is left out") {
  // CNY is comparable (c and c2), USD is not (u alone): c 1000/1000 -> cost term 1, c2 500/1000
  // -> 0.5, u has no CNY amount -> 0. Equal p99s -> 0.5 each. Scores: u 0.25, c2 0.5, c 0.75.
  const sim::Objective o = p99_objective(120, 0.5);
  const std::vector<adv::Candidate> list = {simulated("u", 100, 0, 10, "USD"),
                                            simulated("c", 100, 0, 1000, "CNY"),
                                            simulated("c2", 100, 0, 500, "CNY")};
  CHECK(order(list, o) == std::vector<std::string>{"u", "c2", "c"});
  CHECK(note(list, o) ==
        "costs in USD (u) are left out of the ranking: no other choice meeting the SLO is priced "
        "in USD");
}

TEST_CASE("ranking: terms priced apart are compared in their own currency, shares averaged") {
  // n: USD 100 + CNY 40 apart; a: CNY 100; b: USD 50. USD max 100 (n, b), CNY max 100 (n, a).
  // Cost terms, the mean of the two shares: n (1 + 0.4) / 2 = 0.7, a (0 + 1) / 2 = 0.5,
  // b (0.5 + 0) / 2 = 0.25. With cost_weight 1: b, a, n.
  adv::Candidate n = simulated("n", 100, 0, 100, "USD");
  n.cost.other_currency = adv::MonthlyCost::OtherCurrency{"CNY", 40, 0};
  const std::vector<adv::Candidate> list = {n, simulated("a", 100, 0, 100, "CNY"),
                                            simulated("b", 100, 0, 50, "USD")};
  CHECK(order(list, p99_objective(120, 1)) == std::vector<std::string>{"b", "a", "n"});
  CHECK(note(list, p99_objective(120, 1)) ==
        "costs in CNY and USD are not converted: the cost term averages each currency's share of "
        "its largest amount");
  // One currency only: no note.
  CHECK(note({simulated("x", 1, 0, 1), simulated("y", 1, 0, 2)}, p99_objective(120, 1)).empty());
}

TEST_CASE("ranking: cost_weight 0 ranks on latency only, 1 on cost only") {
  const std::vector<adv::Candidate> list = {simulated("cheap", 100, 0, 10),
                                            simulated("fast", 20, 0, 1000)};
  CHECK(order(list, p99_objective(120, 0)) == std::vector<std::string>{"fast", "cheap"});
  CHECK(order(list, p99_objective(120, 1)) == std::vector<std::string>{"cheap", "fast"});
}

TEST_CASE("ranking: the SLO verdict names each missed target, and counts every replication") {
  sim::Objective o = p99_objective(120, 0.5);
  o.max_failed = 1;
  adv::Candidate c = simulated("nas", 150, 3, 1);
  adv::judge_slo(o, c);
  CHECK_FALSE(c.meets_slo);
  CHECK(miss_texts(c) == std::vector<std::string>{"3 failed > 1 allowed", "p99 150 s > 120 s"});
  // p99 110 s in the first run but 130 s in another replication: the target is missed.
  adv::Candidate spread = simulated("oss", 110, 0, 1);
  spread.p99_max_s = 130;
  adv::judge_slo(o, spread);
  CHECK(miss_texts(spread) == std::vector<std::string>{"p99 130 s > 120 s"});
  // No candidate meets the SLO: nothing is recommended.
  std::vector<adv::Candidate> list = {c, spread};
  adv::rank_candidates(o, list);
  CHECK_FALSE(adv::recommended(list).has_value());
}
