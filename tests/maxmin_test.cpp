#include "sim/maxmin.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/rng.hpp"

using namespace stowage::sim;

namespace {

constexpr double kMB = 1e6;

// Relative closeness for rates that went through a few additions and divisions.
bool close(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

}  // namespace

TEST_CASE("maxmin: the worked example of the header") {
  // L1 = 10 MB/s, L2 = 4 MB/s. a crosses both, b crosses L1, c (weight 3) crosses L2.
  // Levels: L1 10 / 2 = 5, L2 4 / (1 + 3) = 1: L2 first, a = 1, c = 3; then L1 has 9 left for b.
  MaxMinSolver s;
  const auto l1 = s.add_constraint(10 * kMB, Sharing::kShared);
  const auto l2 = s.add_constraint(4 * kMB, Sharing::kShared);
  const std::int32_t ab[] = {l1, l2}, bb[] = {l1}, cb[] = {l2};
  const auto a = s.add_variable(1, 1, kUnbounded, ab);
  const auto b = s.add_variable(1, 1, kUnbounded, bb);
  const auto c = s.add_variable(3, 1, kUnbounded, cb);
  s.solve();
  CHECK(s.rate_bps(a) == doctest::Approx(1 * kMB));
  CHECK(s.rate_bps(c) == doctest::Approx(3 * kMB));
  CHECK(s.rate_bps(b) == doctest::Approx(9 * kMB));
  CHECK(s.limit(a) == l2);
  CHECK(s.limit(c) == l2);
  CHECK(s.limit(b) == l1);

  // With an own bound of 7 MB/s on b: its bound level 7 is below L1's level 9, so b = 7.
  MaxMinSolver t;
  t.add_constraint(10 * kMB, Sharing::kShared);
  t.add_constraint(4 * kMB, Sharing::kShared);
  t.add_variable(1, 1, kUnbounded, ab);
  const auto b7 = t.add_variable(1, 1, 7 * kMB, bb);
  t.add_variable(3, 1, kUnbounded, cb);
  t.solve();
  CHECK(t.rate_bps(b7) == doctest::Approx(7 * kMB));
  CHECK(t.limit(b7) == MaxMinSolver::kOwnBound);
}

TEST_CASE("maxmin: the classic two-link progressive filling example") {
  // Bertsekas and Gallager's setting: link A (capacity 1) crossed by flows 0, 1 and 2, link B
  // (capacity 1) crossed by flows 0 and 3. Filling: A reaches 1 at level 1/3 (three flows),
  // B would need level 1/2: A saturates first, flows 0, 1, 2 get 1/3. B then has 1 - 1/3 = 2/3
  // for flow 3 alone.
  MaxMinSolver s;
  const auto a = s.add_constraint(1 * kMB, Sharing::kShared);
  const auto b = s.add_constraint(1 * kMB, Sharing::kShared);
  const std::int32_t both[] = {a, b}, only_a[] = {a}, only_b[] = {b};
  const auto f0 = s.add_variable(1, 1, kUnbounded, both);
  const auto f1 = s.add_variable(1, 1, kUnbounded, only_a);
  const auto f2 = s.add_variable(1, 1, kUnbounded, only_a);
  const auto f3 = s.add_variable(1, 1, kUnbounded, only_b);
  s.solve();
  CHECK(s.rate_bps(f0) == doctest::Approx(kMB / 3));
  CHECK(s.rate_bps(f1) == doctest::Approx(kMB / 3));
  CHECK(s.rate_bps(f2) == doctest::Approx(kMB / 3));
  CHECK(s.rate_bps(f3) == doctest::Approx(2 * kMB / 3));
  CHECK(s.limit(f3) == b);
}

TEST_CASE("maxmin: equal flows share a link equally, and a multiplicity counts as that many") {
  // 600 MB/s over 4 equal flows: 150 MB/s each, whether they are 4 variables or one of count 4.
  MaxMinSolver s;
  const auto l = s.add_constraint(600 * kMB, Sharing::kShared);
  const std::int32_t via[] = {l};
  for (int i = 0; i < 4; ++i) s.add_variable(1, 1, kUnbounded, via);
  const auto group = s.add_variable(1, 4, kUnbounded, via);
  s.solve();
  // Eight flows in all now: 600 / 8 = 75 MB/s each.
  for (int i = 0; i < 4; ++i) CHECK(s.rate_bps(i) == doctest::Approx(75 * kMB));
  CHECK(s.rate_bps(group) == doctest::Approx(75 * kMB));
}

TEST_CASE("maxmin: bounds below the fair share are kept, the rest share the remainder") {
  // 600 MB/s, four flows; two bounded at 100 MB/s (below the fair 150). The others share
  // 600 - 2 * 100 = 400: 200 MB/s each.
  MaxMinSolver s;
  const auto l = s.add_constraint(600 * kMB, Sharing::kShared);
  const std::int32_t via[] = {l};
  const auto b0 = s.add_variable(1, 1, 100 * kMB, via);
  const auto b1 = s.add_variable(1, 1, 100 * kMB, via);
  const auto u0 = s.add_variable(1, 1, kUnbounded, via);
  const auto u1 = s.add_variable(1, 1, kUnbounded, via);
  s.solve();
  CHECK(s.rate_bps(b0) == doctest::Approx(100 * kMB));
  CHECK(s.rate_bps(b1) == doctest::Approx(100 * kMB));
  CHECK(s.limit(b0) == MaxMinSolver::kOwnBound);
  CHECK(s.rate_bps(u0) == doctest::Approx(200 * kMB));
  CHECK(s.rate_bps(u1) == doctest::Approx(200 * kMB));
  CHECK(s.limit(u0) == l);
}

TEST_CASE("maxmin: weights split a shared bottleneck in proportion") {
  // 300 MB/s shared by weights 1 and 2: level 300 / 3 = 100, rates 100 and 200.
  MaxMinSolver s;
  const auto l = s.add_constraint(300 * kMB, Sharing::kShared);
  const std::int32_t via[] = {l};
  const auto w1 = s.add_variable(1, 1, kUnbounded, via);
  const auto w2 = s.add_variable(2, 1, kUnbounded, via);
  s.solve();
  CHECK(s.rate_bps(w1) == doctest::Approx(100 * kMB));
  CHECK(s.rate_bps(w2) == doctest::Approx(200 * kMB));
}

TEST_CASE("maxmin: a FATPIPE gives each flow min(capacity, own bound), whatever their number") {
  // FATPIPE of 100 MB/s: 50 flows (one variable of count 50) each get 100; one bounded at 30
  // gets 30, attributed to its bound; one bounded at exactly 100 is attributed to the FATPIPE.
  MaxMinSolver s;
  const auto p = s.add_constraint(100 * kMB, Sharing::kFatpipe);
  const std::int32_t via[] = {p};
  const auto many = s.add_variable(1, 50, kUnbounded, via);
  const auto slow = s.add_variable(1, 1, 30 * kMB, via);
  const auto equal = s.add_variable(1, 1, 100 * kMB, via);
  s.solve();
  CHECK(s.rate_bps(many) == doctest::Approx(100 * kMB));
  CHECK(s.limit(many) == p);
  CHECK(s.rate_bps(slow) == doctest::Approx(30 * kMB));
  CHECK(s.limit(slow) == MaxMinSolver::kOwnBound);
  CHECK(s.limit(equal) == p);
}

TEST_CASE("maxmin: a zero capacity stops its flows and frees nothing else") {
  // L0 has capacity 0: flow x (L0 and L1) gets 0; y alone on L1 (10 MB/s) gets all 10.
  MaxMinSolver s;
  const auto l0 = s.add_constraint(0, Sharing::kShared);
  const auto l1 = s.add_constraint(10 * kMB, Sharing::kShared);
  const std::int32_t xv[] = {l0, l1}, yv[] = {l1};
  const auto x = s.add_variable(1, 1, kUnbounded, xv);
  const auto y = s.add_variable(1, 1, kUnbounded, yv);
  s.solve();
  CHECK(s.rate_bps(x) == 0.0);
  CHECK(s.limit(x) == l0);
  CHECK(s.rate_bps(y) == doctest::Approx(10 * kMB));
}

namespace {

struct RandomProblem {
  std::vector<double> capacity;
  std::vector<Sharing> sharing;
  std::vector<double> weight, count, bound;
  std::vector<std::vector<std::int32_t>> via;
};

// Up to max_con constraints and max_var variables; each variable crosses each constraint with
// probability 1 / spread.
RandomProblem random_problem(Rng& rng, std::uint64_t min_con, std::uint64_t max_con,
                             std::uint64_t max_var, std::uint64_t spread) {
  RandomProblem p;
  const auto n_con = static_cast<std::int32_t>(min_con + rng.below(max_con - min_con + 1));
  const auto n_var = 1 + rng.below(max_var);
  for (std::int32_t c = 0; c < n_con; ++c) {
    p.capacity.push_back(std::floor(rng.uniform(0, 1000)) * kMB);
    p.sharing.push_back(rng.below(4) == 0 ? Sharing::kFatpipe : Sharing::kShared);
  }
  for (std::uint64_t v = 0; v < n_var; ++v) {
    p.weight.push_back(static_cast<double>(1 + rng.below(3)));
    p.count.push_back(static_cast<double>(1 + rng.below(3)));
    p.bound.push_back(rng.below(2) == 0 ? kUnbounded : std::floor(rng.uniform(1, 500)) * kMB);
    std::vector<std::int32_t> via;
    for (std::int32_t c = 0; c < n_con; ++c) {
      if (rng.below(spread) == 0) via.push_back(c);
    }
    if (via.empty() && !std::isfinite(p.bound.back()))
      via.push_back(static_cast<std::int32_t>(rng.below(n_con)));
    p.via.push_back(via);
  }
  return p;
}

// The obviously correct reference: raise the level, and at each step fix everything that meets a
// limit at the lowest level, recomputing every sum from scratch.
std::vector<double> reference_rates(const RandomProblem& p) {
  const std::size_t nv = p.weight.size(), nc = p.capacity.size();
  std::vector<double> rate(nv, 0.0);
  std::vector<bool> fixed(nv, false);
  std::vector<double> cap(nv);
  for (std::size_t v = 0; v < nv; ++v) {
    cap[v] = p.bound[v];
    for (auto c : p.via[v]) {
      if (p.sharing[c] == Sharing::kFatpipe) cap[v] = std::min(cap[v], p.capacity[c]);
    }
  }
  std::size_t left = nv;
  while (left > 0) {
    double level = kUnbounded;
    for (std::size_t c = 0; c < nc; ++c) {
      if (p.sharing[c] != Sharing::kShared) continue;
      double used = 0, w = 0;
      for (std::size_t v = 0; v < nv; ++v) {
        if (std::find(p.via[v].begin(), p.via[v].end(), static_cast<std::int32_t>(c)) ==
            p.via[v].end())
          continue;
        if (fixed[v])
          used += p.count[v] * rate[v];
        else
          w += p.count[v] * p.weight[v];
      }
      if (w > 0) level = std::min(level, std::max(p.capacity[c] - used, 0.0) / w);
    }
    for (std::size_t v = 0; v < nv; ++v) {
      if (!fixed[v]) level = std::min(level, cap[v] / p.weight[v]);
    }
    // Fix the flows of every constraint saturated at this level, and the flows at their bound.
    std::vector<std::size_t> to_fix;
    for (std::size_t v = 0; v < nv; ++v) {
      if (fixed[v]) continue;
      bool at_limit = cap[v] / p.weight[v] <= level * (1 + 1e-12);
      for (auto c : p.via[v]) {
        if (p.sharing[c] != Sharing::kShared) continue;
        double used = 0, w = 0;
        for (std::size_t u = 0; u < nv; ++u) {
          if (std::find(p.via[u].begin(), p.via[u].end(), c) == p.via[u].end()) continue;
          if (fixed[u])
            used += p.count[u] * rate[u];
          else
            w += p.count[u] * p.weight[u];
        }
        if (std::max(p.capacity[c] - used, 0.0) / w <= level * (1 + 1e-12)) at_limit = true;
      }
      if (at_limit) to_fix.push_back(v);
    }
    for (auto v : to_fix) {
      rate[v] = std::min(p.weight[v] * level, cap[v]);
      fixed[v] = true;
      --left;
    }
  }
  return rate;
}

}  // namespace

namespace {

// Solves `p` and checks, with `ref` the reference rates when given:
//  1. no SHARED constraint carries more than its capacity, no flow exceeds a FATPIPE or its
//     own bound;
//  2. every flow runs at its effective bound, or crosses a saturated SHARED constraint on
//     which its rate per weight is the largest (the definition of max-min fairness);
//  3. the rates equal the reference's.
void check_max_min(const RandomProblem& p, MaxMinSolver& s, const std::vector<double>* ref) {
  s.clear();
  for (std::size_t c = 0; c < p.capacity.size(); ++c) s.add_constraint(p.capacity[c], p.sharing[c]);
  for (std::size_t v = 0; v < p.weight.size(); ++v)
    s.add_variable(p.weight[v], p.count[v], p.bound[v], p.via[v]);
  s.solve();
  const std::size_t nv = p.weight.size();
  std::vector<double> load(p.capacity.size(), 0.0);
  for (std::size_t v = 0; v < nv; ++v) {
    for (auto c : p.via[v]) load[c] += p.count[v] * s.rate_bps(static_cast<std::int32_t>(v));
  }
  for (std::size_t v = 0; v < nv; ++v) {
    const double r = s.rate_bps(static_cast<std::int32_t>(v));
    CHECK(r <= p.bound[v] * (1 + 1e-12));
    double eff = p.bound[v];
    bool fair = false;
    for (auto c : p.via[v]) {
      if (p.sharing[c] == Sharing::kFatpipe) {
        CHECK(r <= p.capacity[c] * (1 + 1e-12));
        eff = std::min(eff, p.capacity[c]);
        continue;
      }
      if (load[c] < p.capacity[c] * (1 - 1e-9)) continue;  // not saturated
      bool largest = true;
      for (std::size_t u = 0; u < nv; ++u) {
        if (std::find(p.via[u].begin(), p.via[u].end(), c) == p.via[u].end()) continue;
        const double ru = s.rate_bps(static_cast<std::int32_t>(u)) / p.weight[u];
        if (ru > r / p.weight[v] * (1 + 1e-9) + 1e-6) largest = false;
      }
      fair = fair || largest;
    }
    CHECK((fair || close(r, eff)));
    if (ref != nullptr) CHECK(close(r, (*ref)[v]));
  }
  for (std::size_t c = 0; c < p.capacity.size(); ++c) {
    if (p.sharing[c] == Sharing::kShared) CHECK(load[c] <= p.capacity[c] * (1 + 1e-9) + 1e-6);
  }
}

}  // namespace

TEST_CASE("maxmin: 1,000 random networks satisfy max-min fairness and match the reference") {
  // Seeded, so every run checks the same 1,000 networks of 1 to 8 constraints and 1 to 12 flows
  // (the solver scans its few constraints linearly here).
  Rng rng(20261124);
  MaxMinSolver s;
  for (int trial = 0; trial < 1000; ++trial) {
    const RandomProblem p = random_problem(rng, 1, 8, 12, 3);
    const std::vector<double> ref = reference_rates(p);
    check_max_min(p, s, &ref);
  }
}

TEST_CASE("maxmin: large random networks, solved with the constraint heap, are max-min fair") {
  // More than kLinearScanMaxConstraints (128) SHARED constraints switch the solver to its heap:
  // 30 networks of 200 to 400 constraints (a quarter FATPIPE) and up to 400 flows crossing 2.5 to
  // 5 each satisfy the fairness conditions, and the first 3 also match the reference solver.
  Rng rng(11);
  MaxMinSolver s;
  for (int trial = 0; trial < 30; ++trial) {
    const RandomProblem p = random_problem(rng, 200, 400, 400, 80);
    if (trial < 3) {
      const std::vector<double> ref = reference_rates(p);
      check_max_min(p, s, &ref);
    } else {
      check_max_min(p, s, nullptr);
    }
  }
}
