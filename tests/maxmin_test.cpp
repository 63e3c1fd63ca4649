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

namespace {

// A random sequence of changes to an IncrementalMaxMin; after each solve its rates and limits are
// compared with a MaxMinSolver built from scratch on the same live variables.
struct LiveVar {
  IncrementalMaxMin::Id id;
  IncrementalMaxMin::Id group;
  double weight, count, bound;
};

void check_against_scratch(const IncrementalMaxMin& inc, const std::vector<double>& capacity,
                           const std::vector<std::vector<std::int32_t>>& group_via,
                           const std::vector<LiveVar>& live, MaxMinSolver& ref) {
  ref.clear();
  for (const double c : capacity) ref.add_constraint(c, Sharing::kShared);
  for (const LiveVar& v : live) ref.add_variable(v.weight, v.count, v.bound, group_via[v.group]);
  ref.solve();
  for (std::size_t i = 0; i < live.size(); ++i) {
    const auto r = static_cast<std::int32_t>(i);
    CHECK(close(inc.rate_bps(live[i].id), ref.rate_bps(r)));
    // Integer capacities, bounds, weights and counts make every sum exact, so ties are exact and
    // both solvers must name the same limit.
    if (ref.limit(r) == MaxMinSolver::kOwnBound) {
      CHECK(inc.at_bound(live[i].id));
    } else {
      CHECK_FALSE(inc.at_bound(live[i].id));
      CHECK(inc.limit(live[i].group) == ref.limit(r));
    }
  }
}

// How a random event sequence draws its network: a group crosses each link with probability
// 1 / via_one_in, a new variable is unbounded with probability 1 / unbounded_one_in, and a
// capacity is uniform in [0, capacity_mb) MB/s.
struct EventShape {
  std::uint64_t via_one_in = 3, unbounded_one_in = 3;
  double capacity_mb = 1000;
};

void random_event_sequence(Rng& rng, int n_con, int steps, int max_live, bool check_each,
                           const EventShape& shape = {}) {
  IncrementalMaxMin inc;
  MaxMinSolver ref;
  std::vector<double> capacity;
  for (int c = 0; c < n_con; ++c) {
    capacity.push_back(std::floor(rng.uniform(0, shape.capacity_mb)) * kMB);
    inc.add_constraint(capacity.back());
  }
  std::vector<std::vector<std::int32_t>> group_via;  // by group id
  std::vector<int> group_size;
  std::vector<LiveVar> live;
  auto new_group = [&] {
    std::vector<std::int32_t> via;
    for (int c = 0; c < n_con; ++c) {
      if (rng.below(shape.via_one_in) == 0) via.push_back(c);
    }
    const auto g = inc.add_group(via);
    if (static_cast<std::size_t>(g) >= group_via.size()) {
      group_via.resize(g + 1);
      group_size.resize(g + 1, 0);
    }
    group_via[g] = via;
    return g;
  };
  std::vector<IncrementalMaxMin::Id> groups;
  for (int step = 0; step < steps; ++step) {
    const auto op = rng.below(10);
    if (live.empty() || (op < 4 && static_cast<int>(live.size()) < max_live)) {
      // A new variable, in a new group one time in four.
      IncrementalMaxMin::Id g;
      if (groups.empty() || rng.below(4) == 0) {
        g = new_group();
        groups.push_back(g);
      } else {
        g = groups[rng.below(groups.size())];
      }
      const double weight = static_cast<double>(1 + rng.below(3));
      const double count = static_cast<double>(1 + rng.below(3));
      double bound = rng.below(shape.unbounded_one_in) == 0 ? kUnbounded
                                                            : std::floor(rng.uniform(0, 500)) * kMB;
      if (group_via[g].empty() && !std::isfinite(bound)) bound = 100 * kMB;
      live.push_back(LiveVar{inc.add_variable(g, weight, count, bound), g, weight, count, bound});
      ++group_size[g];
    } else if (op < 7) {
      // A variable leaves; an emptied group goes with it.
      const std::size_t i = rng.below(live.size());
      const LiveVar v = live[i];
      inc.remove_variable(v.id);
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
      if (--group_size[v.group] == 0) {
        inc.remove_group(v.group);
        std::erase(groups, v.group);
      }
    } else if (op < 8) {
      LiveVar& v = live[rng.below(live.size())];
      v.count = static_cast<double>(1 + rng.below(5));
      inc.set_count(v.id, v.count);
    } else if (op < 9) {
      LiveVar& v = live[rng.below(live.size())];
      v.bound = std::floor(rng.uniform(0, 500)) * kMB;
      inc.set_bound(v.id, v.bound);
    } else {
      const auto c = static_cast<std::int32_t>(rng.below(capacity.size()));
      capacity[c] = std::floor(rng.uniform(0, shape.capacity_mb)) * kMB;
      inc.set_capacity(c, capacity[c]);
    }
    if (check_each || step + 1 == steps) {
      inc.solve();
      check_against_scratch(inc, capacity, group_via, live, ref);
    }
  }
}

}  // namespace

TEST_CASE("maxmin: the incremental solver on the worked example of the header") {
  // Groups {L1, L2} = {a}, {L1} = {b}, {L2} = {c}: L2 saturates at level 1 (a = 1, c = 3 MB/s),
  // then L1 gives b its remaining 9 MB/s. With b bounded at 7 MB/s, b's bound level 7 is below
  // L1's level 9: b runs at its bound and its group's level stays unbounded.
  IncrementalMaxMin s;
  const auto l1 = s.add_constraint(10 * kMB);
  const auto l2 = s.add_constraint(4 * kMB);
  const std::int32_t both[] = {l1, l2}, only1[] = {l1}, only2[] = {l2};
  const auto ga = s.add_group(both), gb = s.add_group(only1), gc = s.add_group(only2);
  const auto a = s.add_variable(ga, 1, 1, kUnbounded);
  const auto b = s.add_variable(gb, 1, 1, kUnbounded);
  const auto c = s.add_variable(gc, 3, 1, kUnbounded);
  s.solve();
  CHECK(s.rate_bps(a) == doctest::Approx(1 * kMB));
  CHECK(s.rate_bps(c) == doctest::Approx(3 * kMB));
  CHECK(s.rate_bps(b) == doctest::Approx(9 * kMB));
  CHECK(s.limit(ga) == l2);
  CHECK(s.limit(gb) == l1);
  CHECK(s.solved_groups().size() == 3);
  s.set_bound(b, 7 * kMB);
  s.solve();
  CHECK(s.rate_bps(b) == doctest::Approx(7 * kMB));
  CHECK(s.at_bound(b));
  CHECK(s.level(gb) == kUnbounded);
  // a and c keep their rates: L2 still saturates first at level 1.
  CHECK(s.rate_bps(a) == doctest::Approx(1 * kMB));
  CHECK(s.level(ga) == doctest::Approx(1 * kMB));
}

TEST_CASE("maxmin: only the component that changed is re-solved") {
  // Two separate links, each with one group: a change on one re-solves one component of one group.
  IncrementalMaxMin s;
  const std::int32_t l1[] = {s.add_constraint(100 * kMB)}, l2[] = {s.add_constraint(50 * kMB)};
  const auto g1 = s.add_group(l1), g2 = s.add_group(l2);
  s.add_variable(g1, 1, 2, kUnbounded);
  const auto v2 = s.add_variable(g2, 1, 1, kUnbounded);
  s.solve();
  CHECK(s.components_solved() == 2);
  s.set_count(v2, 5);  // 50 / 5 = 10 MB/s each
  s.solve();
  CHECK(s.components_solved() == 3);
  REQUIRE(s.solved_groups().size() == 1);
  CHECK(s.solved_groups()[0].group == g2);
  CHECK(s.solved_groups()[0].old_level == doctest::Approx(50 * kMB));
  CHECK(s.rate_bps(v2) == doctest::Approx(10 * kMB));
}

TEST_CASE("maxmin: a component that falls apart is re-solved in its parts") {
  // Links L1 (100 MB/s) and L2 (60 MB/s) joined by group {L1, L2}: one component of three
  // groups, solved together. Without the joining group each link is a component of its own, and
  // a change on L1 re-solves L1's group alone.
  IncrementalMaxMin s;
  const auto l1 = s.add_constraint(100 * kMB), l2 = s.add_constraint(60 * kMB);
  const std::int32_t only1[] = {l1}, only2[] = {l2}, both[] = {l1, l2};
  const auto g1 = s.add_group(only1), g2 = s.add_group(only2), g12 = s.add_group(both);
  const auto a = s.add_variable(g1, 1, 1, kUnbounded);
  const auto b = s.add_variable(g2, 1, 1, kUnbounded);
  const auto ab = s.add_variable(g12, 1, 1, kUnbounded);
  s.solve();
  CHECK(s.rate_bps(b) == doctest::Approx(30 * kMB));
  CHECK(s.rate_bps(ab) == doctest::Approx(30 * kMB));
  CHECK(s.rate_bps(a) == doctest::Approx(70 * kMB));
  s.set_capacity(l1, 90 * kMB);
  s.solve();
  CHECK(s.solved_groups().size() == 3);
  CHECK(s.rate_bps(a) == doctest::Approx(60 * kMB));
  s.remove_variable(ab);
  s.remove_group(g12);
  s.solve();
  CHECK(s.rate_bps(a) == doctest::Approx(90 * kMB));
  CHECK(s.rate_bps(b) == doctest::Approx(60 * kMB));
  s.set_capacity(l1, 80 * kMB);
  s.solve();
  REQUIRE(s.solved_groups().size() == 1);
  CHECK(s.solved_groups()[0].group == g1);
  CHECK(s.rate_bps(a) == doctest::Approx(80 * kMB));
  // Joined again through a new group: one component of three groups once more.
  const auto g21 = s.add_group(both);
  s.add_variable(g21, 1, 1, kUnbounded);
  s.set_capacity(l2, 40 * kMB);
  s.solve();
  CHECK(s.solved_groups().size() == 3);
  CHECK(s.rate_bps(b) == doctest::Approx(20 * kMB));
  CHECK(s.rate_bps(a) == doctest::Approx(60 * kMB));
}

TEST_CASE("maxmin: a solved group says whether its variables at their bound stayed the same") {
  // One 100 MB/s link: group {L} holds u (bound 30 MB/s) and v (unbounded), group {L, M} holds w
  // (unbounded) with M a 1 GB/s link that never saturates. Level: u 30, then v and w share 70: 35.
  IncrementalMaxMin s;
  const auto l = s.add_constraint(100 * kMB);
  const auto m = s.add_constraint(1000 * kMB);
  const std::int32_t only_l[] = {l}, both[] = {l, m};
  const auto g1 = s.add_group(only_l), g2 = s.add_group(both);
  const auto u = s.add_variable(g1, 1, 1, 30 * kMB);
  const auto v = s.add_variable(g1, 1, 1, kUnbounded);
  s.add_variable(g2, 1, 1, kUnbounded);
  s.solve();
  CHECK(s.at_bound(u));
  CHECK(s.level(g1) == doctest::Approx(35 * kMB));
  // The link grows to 120 MB/s: level 45, u stays at its bound, and nothing else changed in
  // either group, so both keep their split.
  s.set_capacity(l, 120 * kMB);
  s.solve();
  REQUIRE(s.solved_groups().size() == 2);
  for (const auto& solved : s.solved_groups()) CHECK(solved.same_split);
  CHECK(s.level(g1) == doctest::Approx(45 * kMB));
  // Down to 50 MB/s: 50 / 3 = 16.7 MB/s is under u's bound level, so u leaves its bound: g1's
  // split changes (and variables_between finds u), g2's does not.
  s.set_capacity(l, 50 * kMB);
  s.solve();
  for (const auto& solved : s.solved_groups()) {
    CHECK(solved.same_split == (solved.group == g2));
    if (solved.group != g1) continue;
    std::vector<IncrementalMaxMin::Id> flipped;
    s.variables_between(g1, s.level(g1), solved.old_level, flipped);
    CHECK(flipped == std::vector<IncrementalMaxMin::Id>{u});
  }
  CHECK_FALSE(s.at_bound(u));
  // A variable joins g1: its split is not trusted, whatever the counts say.
  s.add_variable(g1, 1, 1, kUnbounded);
  s.solve();
  for (const auto& solved : s.solved_groups()) CHECK(solved.same_split == (solved.group == g2));
  CHECK(s.rate_bps(v) == doctest::Approx(12.5 * kMB));
}

TEST_CASE("maxmin: a group's bound order is kept across splits and merges of its blocks") {
  // 1,000 variables with distinct bounds 1..1000 MB/s (a permutation, inserted out of order) in
  // one group on a 300,500 MB/s link. With the k smallest at their bound (k (k + 1) / 2 MB/s) and
  // the other 1000 - k at level T: k = 368 gives T = (300,500 - 67,896) / 632 = 368.04 MB/s,
  // which lies between the 368th and the 369th bound, as it must. Blocks of 64 split as the order
  // fills and merge as a random third leaves, three times; the scratch solver checks every
  // variable each time.
  Rng rng(5);
  IncrementalMaxMin inc;
  MaxMinSolver ref;
  const std::vector<double> capacity{300'500 * kMB};
  inc.add_constraint(capacity[0]);
  const std::vector<std::vector<std::int32_t>> via{{0}};
  const auto g = inc.add_group(via[0]);
  std::vector<LiveVar> live;
  for (int i = 1; i <= 1000; ++i) {
    const double bound = static_cast<double>(1 + (i * 389) % 1000) * kMB;  // a permutation
    live.push_back(LiveVar{inc.add_variable(g, 1, 1, bound), g, 1, 1, bound});
  }
  inc.solve();
  CHECK(inc.level(g) == doctest::Approx((300'500.0 - 67'896.0) / 632 * kMB));
  check_against_scratch(inc, capacity, via, live, ref);
  for (int round = 0; round < 3; ++round) {
    for (std::size_t k = 0; k < 300; ++k) {
      const std::size_t i = rng.below(live.size());
      inc.remove_variable(live[i].id);
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
    }
    inc.solve();
    check_against_scratch(inc, capacity, via, live, ref);
  }
}

TEST_CASE("maxmin: random event sequences agree with a scratch solve at every step") {
  // Seeded: 200 sequences of 60 changes (arrivals, departures, counts, bounds, capacities) on
  // networks of 1 to 6 links, checked after every change; then 5 longer sequences with up to
  // 300 live variables on 40 links, checked every step.
  Rng rng(20261127);
  for (int trial = 0; trial < 200; ++trial) {
    random_event_sequence(rng, 1 + static_cast<int>(rng.below(6)), 60, 20, true);
  }
  for (int trial = 0; trial < 5; ++trial) random_event_sequence(rng, 40, 600, 300, true);
}

TEST_CASE("maxmin: random sequences where links turn slack and back agree with a scratch solve") {
  // Mostly bounded variables on sparse groups, capacities up to three bounds' worth: links keep
  // changing between slack (their bounds fit, so they join nothing) and able to saturate, by
  // arrivals, departures, counts, bounds and capacities. Checked after every change.
  Rng rng(20261207);
  const EventShape sparse{.via_one_in = 8, .unbounded_one_in = 20, .capacity_mb = 1500};
  for (int trial = 0; trial < 200; ++trial) {
    random_event_sequence(rng, 2 + static_cast<int>(rng.below(10)), 80, 20, true, sparse);
  }
  for (int trial = 0; trial < 5; ++trial) {
    random_event_sequence(
        rng, 60, 600, 300, true,
        EventShape{.via_one_in = 20, .unbounded_one_in = 50, .capacity_mb = 4000});
  }
}

TEST_CASE("maxmin: a slack link joins nothing, and joins its groups again once it can saturate") {
  // Link L (1,000 MB/s) is crossed by groups A = {L, X} and B = {L, Y}, X and Y of 1,000 MB/s.
  // With bounds of 100 MB/s, L's bounds add up to 200: it cannot saturate, so a change in A
  // re-solves A alone. A bound of 950 MB/s in A makes 1,050 > 1,000: L joins A and B, and
  // shares 1,000 MB/s as 900 + 100 (B at its bound). Back to 100, L is slack again, and the one
  // solve after that still takes B along, since L limited A at B's last solve.
  IncrementalMaxMin s;
  const auto l = s.add_constraint(1000 * kMB);
  const auto x = s.add_constraint(1000 * kMB);
  const auto y = s.add_constraint(1000 * kMB);
  const std::vector<IncrementalMaxMin::Id> via_a{l, x}, via_b{l, y};
  const auto a = s.add_group(via_a);
  const auto b = s.add_group(via_b);
  const auto va = s.add_variable(a, 1, 1, 100 * kMB);
  const auto vb = s.add_variable(b, 1, 1, 100 * kMB);
  s.solve();
  CHECK(s.components_solved() == 2);
  const auto solved_now = [&] {
    const auto before = s.groups_solved();
    s.solve();
    return s.groups_solved() - before;
  };
  s.set_bound(va, 150 * kMB);
  CHECK(solved_now() == 1);
  CHECK(s.rate_bps(va) == 150 * kMB);
  s.set_bound(va, 950 * kMB);
  CHECK(solved_now() == 2);
  CHECK(s.limit(a) == l);
  CHECK(close(s.rate_bps(va), 900 * kMB));
  CHECK(s.rate_bps(vb) == 100 * kMB);
  s.set_bound(va, 100 * kMB);
  CHECK(solved_now() == 2);
  CHECK(s.at_bound(va));
  CHECK(s.rate_bps(va) == 100 * kMB);
  s.set_bound(va, 120 * kMB);
  CHECK(solved_now() == 1);
  CHECK(s.rate_bps(va) == 120 * kMB);
  // An unbounded variable makes L able to saturate whatever the capacity.
  s.add_variable(b, 1, 1, kUnbounded);
  CHECK(solved_now() == 2);
  CHECK(close(s.rate_bps(va) + s.rate_bps(vb) + s.rate_bps(vb + 1), 1000 * kMB));
}
