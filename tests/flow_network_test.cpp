#include "sim/flow_network.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/flow_scenario.hpp"
#include "sim/maxmin.hpp"
#include "sim/rng.hpp"
#include "random_flow_scenario.hpp"

using namespace stowage::sim;
using namespace stowage::sim::literals;

namespace {

ConstraintSpec shared(std::string name, BytesPerSecond capacity, std::uint32_t concurrency = 0) {
  return ConstraintSpec{std::move(name), capacity, Sharing::kShared, concurrency};
}

FlowSpec flow(Bytes size, std::vector<ConstraintId> via,
              BytesPerSecond bound = BytesPerSecond(kUnbounded), double weight = 1.0) {
  return FlowSpec{size, std::move(via), bound, weight};
}

// The same checks with classes and folding on and off.
const FlowNetwork::Options kBothModes[] = {FlowNetwork::Options{true}, FlowNetwork::Options{false}};

}  // namespace

TEST_CASE("flow network: N equal flows on one shared link end together at N*S/C") {
  // 5 flows of 1 GB on 100 MB/s: each gets 20 MB/s, all end at 5 * 1e9 / 1e8 = 50 s.
  for (const auto options : kBothModes) {
    Engine engine;
    FlowNetwork net(engine, options);
    const auto link = net.add_constraint(shared("link", 100_MBps));
    for (int i = 0; i < 5; ++i) net.start_flow(flow(1_GB, {link}));
    net.resolve();
    CHECK(net.rate(0).value() == doctest::Approx(20e6));
    // Five completions, one event each.
    CHECK(engine.run() == 5);
    for (FlowId f = 0; f < 5; ++f) {
      CHECK(net.state(f) == FlowState::kDone);
      CHECK(net.end_time(f).value() == doctest::Approx(50.0));
      REQUIRE(net.main_bottleneck(f).has_value());
      CHECK(net.limit_name(net.main_bottleneck(f)->kind, net.main_bottleneck(f)->constraint) ==
            "link");
    }
    CHECK(net.class_count() == 0);
  }
}

TEST_CASE("flow network: bounds below the fair share are kept, the rest share the remainder") {
  // 600 MB/s; two flows bounded at 100 MB/s, two unbounded, 1 GB each.
  // Until 5 s: bounded 100, unbounded (600 - 200) / 2 = 200 MB/s: unbounded end at 1e9 / 2e8 = 5 s.
  // The bounded ones have 500 MB left and stay at their bound (100 < 300): end at 5 + 5 = 10 s.
  for (const auto options : kBothModes) {
    Engine engine;
    FlowNetwork net(engine, options);
    const auto link = net.add_constraint(shared("nas", 600_MBps));
    const auto b0 = net.start_flow(flow(1_GB, {link}, 100_MBps));
    const auto b1 = net.start_flow(flow(1_GB, {link}, 100_MBps));
    const auto u0 = net.start_flow(flow(1_GB, {link}));
    const auto u1 = net.start_flow(flow(1_GB, {link}));
    engine.run();
    CHECK(net.end_time(u0).value() == doctest::Approx(5.0));
    CHECK(net.end_time(u1).value() == doctest::Approx(5.0));
    CHECK(net.end_time(b0).value() == doctest::Approx(10.0));
    CHECK(net.end_time(b1).value() == doctest::Approx(10.0));
    CHECK(net.limit_name(net.main_bottleneck(b0)->kind, 0) == "bound");
    CHECK(net.main_bottleneck(u0)->kind == LimitKind::kCapacity);
  }
}

TEST_CASE("flow network: the two-link example, with departures re-sharing the links") {
  // L1 10 MB/s, L2 4 MB/s; a (10 MB) crosses both, b (45 MB) crosses L1, c (60 MB, weight 3)
  // crosses L2. Rates (sim/maxmin.hpp example): a 1, b 9, c 3 MB/s.
  //   b ends at 45 / 9 = 5 s. Nothing changes for a and c (L2 still binds them at level 1).
  //   a ends at 10 / 1 = 10 s; c has moved 30 MB and gets L2 alone: 30 / 4 = 7.5 s more, 17.5 s.
  for (const auto options : kBothModes) {
    Engine engine;
    FlowNetwork net(engine, options);
    const auto l1 = net.add_constraint(shared("L1", 10_MBps));
    const auto l2 = net.add_constraint(shared("L2", 4_MBps));
    const auto a = net.start_flow(flow(10_MB, {l1, l2}));
    const auto b = net.start_flow(flow(45_MB, {l1}));
    const auto c = net.start_flow(flow(60_MB, {l2}, BytesPerSecond(kUnbounded), 3));
    engine.run();
    CHECK(net.end_time(b).value() == doctest::Approx(5.0));
    CHECK(net.end_time(a).value() == doctest::Approx(10.0));
    CHECK(net.end_time(c).value() == doctest::Approx(17.5));
    // a was held by L2 throughout: one interval, 0 to 10 s, 10 MB.
    const auto ia = net.intervals(a);
    REQUIRE(ia.size() == 1);
    CHECK(ia[0].constraint == l2);
    CHECK(ia[0].bytes.value() == doctest::Approx(10e6));
  }
}

TEST_CASE("flow network: a FATPIPE gives each flow min(capacity, own bound)") {
  // FATPIPE 100 MB/s, ten flows of 1 GB, one of them bounded at 50 MB/s: nine end at 10 s,
  // the bounded one at 1e9 / 5e7 = 20 s. Their number does not matter.
  for (const auto options : kBothModes) {
    Engine engine;
    FlowNetwork net(engine, options);
    const auto pipe = net.add_constraint(ConstraintSpec{"pipe", 100_MBps, Sharing::kFatpipe, 0});
    for (int i = 0; i < 9; ++i) net.start_flow(flow(1_GB, {pipe}));
    const auto slow = net.start_flow(flow(1_GB, {pipe}, 50_MBps));
    engine.run();
    for (FlowId f = 0; f < 9; ++f) CHECK(net.end_time(f).value() == doctest::Approx(10.0));
    CHECK(net.end_time(slow).value() == doctest::Approx(20.0));
    CHECK(net.main_bottleneck(0)->constraint == pipe);
    CHECK(net.main_bottleneck(slow)->kind == LimitKind::kOwnBound);
  }
}

TEST_CASE("flow network: a concurrency limit of K serializes 2K flows into two waves") {
  // K = 4 on 400 MB/s; 8 flows of 1 GB. Wave 1: four at 100 MB/s end at 10 s; wave 2 starts at
  // 10 s and ends at 20 s. A second-wave flow waited 10 s for a slot (no bytes) and then moved
  // 1 GB under the link for 10 s.
  for (const auto options : kBothModes) {
    Engine engine;
    FlowNetwork net(engine, options);
    const auto link = net.add_constraint(shared("link", 400_MBps, 4));
    for (int i = 0; i < 8; ++i) net.start_flow(flow(1_GB, {link}));
    net.resolve();
    CHECK(net.running_flows(link) == 4);
    CHECK(net.state(7) == FlowState::kStaged);
    engine.run();
    for (FlowId f = 0; f < 4; ++f) CHECK(net.end_time(f).value() == doctest::Approx(10.0));
    for (FlowId f = 4; f < 8; ++f) CHECK(net.end_time(f).value() == doctest::Approx(20.0));
    const auto in = net.intervals(7);
    REQUIRE(in.size() == 2);
    CHECK(in[0].kind == LimitKind::kConcurrency);
    CHECK(in[0].end.value() == doctest::Approx(10.0));
    CHECK(in[0].bytes.value() == 0.0);
    CHECK(in[1].kind == LimitKind::kCapacity);
    CHECK(in[1].bytes.value() == doctest::Approx(1e9));
    CHECK(net.limit_name(in[0].kind, in[0].constraint) == "link (concurrency)");
  }
}

TEST_CASE("flow network: a flow arriving mid-transfer slows the others as computed by hand") {
  // Link 100 MB/s. A (1 GB) starts at 0, B (500 MB) at 2 s.
  //   0-2 s: A alone at 100 MB/s: 200 MB.
  //   from 2 s: 50 MB/s each. B needs 500 / 50 = 10 s: ends at 12 s; A has then moved
  //   200 + 500 = 700 MB and finishes its 300 MB alone at 100 MB/s: 3 s, ends at 15 s.
  for (const auto options : kBothModes) {
    Engine engine;
    FlowNetwork net(engine, options);
    const auto link = net.add_constraint(shared("link", 100_MBps));
    FlowId a = 0, b = 0;
    engine.schedule(0_s, [&] { a = net.start_flow(flow(1_GB, {link})); });
    engine.schedule(2_s, [&] { b = net.start_flow(flow(500_MB, {link})); });
    engine.run();
    CHECK(net.end_time(b).value() == doctest::Approx(12.0));
    CHECK(net.end_time(a).value() == doctest::Approx(15.0));
    CHECK(net.start_time(b).value() == 2.0);
  }
}

TEST_CASE("flow network: a capacity change takes effect at its time") {
  // 1 GB on 100 MB/s; at 5 s the link grows to 250 MB/s. 500 MB moved by 5 s, the other 500 MB
  // at 250 MB/s take 2 s: ends at 7 s.
  for (const auto options : kBothModes) {
    Engine engine;
    FlowNetwork net(engine, options);
    const auto link = net.add_constraint(shared("link", 100_MBps));
    const auto f = net.start_flow(flow(1_GB, {link}));
    engine.schedule(5_s, [&] { net.set_capacity(link, 250_MBps); });
    engine.run();
    CHECK(net.end_time(f).value() == doctest::Approx(7.0));
  }
}

TEST_CASE("flow network: cancel frees the share, and no completion callback runs") {
  // Two 1 GB flows on 100 MB/s; the second is cancelled at 2 s. The first moved 2 * 50 = 100 MB
  // and then has the link: 900 MB in 9 s, ends at 11 s. Forgetting the cancelled flow (and the
  // first, once done) frees their records of limits but keeps their states and times.
  for (const auto options : kBothModes) {
    Engine engine;
    FlowNetwork net(engine, options);
    const auto link = net.add_constraint(shared("link", 100_MBps));
    int done = 0;
    const auto keep = net.start_flow(flow(1_GB, {link}), [&] { ++done; });
    const auto drop = net.start_flow(flow(1_GB, {link}), [&] { ++done; });
    engine.schedule(2_s, [&] {
      CHECK(net.remaining(drop).value() == doctest::Approx(900e6));
      CHECK(net.cancel(drop));
      CHECK(net.intervals(drop).size() == 1);
      net.forget(drop);
      CHECK(net.intervals(drop).empty());
    });
    engine.run();
    CHECK(net.end_time(keep).value() == doctest::Approx(11.0));
    CHECK(net.state(drop) == FlowState::kCancelled);
    CHECK(net.end_time(drop).value() == doctest::Approx(2.0));
    CHECK(done == 1);
    CHECK_FALSE(net.cancel(drop));
    CHECK(net.intervals(keep).size() == 1);
    net.forget(keep);
    CHECK(net.intervals(keep).empty());
    CHECK(net.state(keep) == FlowState::kDone);
    CHECK(net.end_time(keep).value() == doctest::Approx(11.0));
  }
}

TEST_CASE("flow network: a completion callback starts the next phase") {
  // Phase 1 moves 100 MB at 100 MB/s (1 s), then a 2 s pause (a scheduled event), then phase 2
  // moves 200 MB at 100 MB/s (2 s): phase 2 ends at 1 + 2 + 2 = 5 s.
  Engine engine;
  FlowNetwork net(engine);
  const auto link = net.add_constraint(shared("link", 100_MBps));
  FlowId second = 0;
  double finished_s = -1;
  net.start_flow(flow(100_MB, {link}), [&] {
    engine.schedule_after(2_s, [&] {
      second = net.start_flow(flow(200_MB, {link}), [&] { finished_s = engine.now().value(); });
    });
  });
  engine.run();
  CHECK(finished_s == doctest::Approx(5.0));
  CHECK(net.end_time(second).value() == doctest::Approx(5.0));
}

TEST_CASE("flow network: zero-size flows end at once, a zero capacity stalls without hanging") {
  // A 0-byte flow ends at its start. A flow over a 0 B/s link never ends; run() still returns
  // once nothing else can happen, with the stalled flow running and its link as bottleneck.
  Engine engine;
  FlowNetwork net(engine);
  const auto link = net.add_constraint(shared("link", 100_MBps));
  const auto dead = net.add_constraint(shared("dead", BytesPerSecond(0)));
  FlowId empty = 0;
  engine.schedule(3_s, [&] { empty = net.start_flow(flow(Bytes(0), {link})); });
  const auto stuck = net.start_flow(flow(1_GB, {dead}));
  engine.run();
  CHECK(net.end_time(empty).value() == 3.0);
  CHECK(net.state(stuck) == FlowState::kRunning);
  CHECK(net.end_time(stuck).value() == kNeverS);
  CHECK(net.main_bottleneck(stuck)->constraint == dead);
}

TEST_CASE("flow network: private constraints fold into one class, and unfold when shared") {
  // 100 flows of 1 GB, each through its own NIC of 50 MB/s and a NAS of 10 GB/s. Fair share of
  // the NAS is 100 MB/s, above each NIC: every flow runs at 50 MB/s and ends at 20 s, limited by
  // its own NIC; all 100 form one class.
  Engine engine;
  FlowNetwork net(engine);
  const auto nas = net.add_constraint(shared("nas", 10_GBps));
  std::vector<ConstraintId> nics;
  for (int i = 0; i < 100; ++i) {
    nics.push_back(net.add_constraint(shared(fmt::format("nic-{}", i), 50_MBps)));
    net.start_flow(flow(1_GB, {nas, nics.back()}));
  }
  net.resolve();
  CHECK(net.class_count() == 1);
  CHECK(net.rate(42).value() == doctest::Approx(50e6));
  // A second flow on nic-7 at 10 s unfolds it: flows 7 and 100 share 50 MB/s (25 each).
  // Flow 7 has 500 MB left at 10 s: 20 s more at 25 MB/s would be 30 s, but flow 100 (250 MB)
  // ends first, at 10 + 250 / 25 = 20 s; flow 7 has then 250 MB left alone at 50 MB/s: 25 s.
  FlowId late = 0;
  engine.schedule(10_s, [&] { late = net.start_flow(flow(250_MB, {nas, nics[7]})); });
  engine.run_until(10_s);
  net.resolve();
  CHECK(net.class_count() == 2);
  CHECK(net.rate(7).value() == doctest::Approx(25e6));
  engine.run();
  CHECK(net.end_time(late).value() == doctest::Approx(20.0));
  CHECK(net.end_time(7).value() == doctest::Approx(25.0));
  CHECK(net.end_time(8).value() == doctest::Approx(20.0));
  CHECK(net.limit_name(net.main_bottleneck(8)->kind, net.main_bottleneck(8)->constraint) ==
        "nic-8");
  // Flow 7: 10 s under nic-7 folded, 10 s under nic-7 shared, 5 s folded again: one interval.
  const auto in = net.intervals(7);
  REQUIRE(in.size() == 1);
  CHECK(in[0].constraint == nics[7]);
  CHECK(in[0].bytes.value() == doctest::Approx(1e9));
}

TEST_CASE("flow network: the bytes of a flow's intervals add up to its size") {
  // Link 100 MB/s; A (1 GB, bound 80 MB/s) alone runs at its bound for 2 s (160 MB); B arrives
  // and both get 50 MB/s, limited by the link. A's intervals: bound 0-2 s 160 MB, then link.
  Engine engine;
  FlowNetwork net(engine);
  const auto link = net.add_constraint(shared("link", 100_MBps));
  const auto a = net.start_flow(flow(1_GB, {link}, 80_MBps));
  engine.schedule(2_s, [&] { net.start_flow(flow(1_GB, {link})); });
  engine.run();
  const auto in = net.intervals(a);
  REQUIRE(in.size() >= 2);
  CHECK(in[0].kind == LimitKind::kOwnBound);
  CHECK(in[0].end.value() == doctest::Approx(2.0));
  CHECK(in[0].bytes.value() == doctest::Approx(160e6));
  CHECK(in[1].kind == LimitKind::kCapacity);
  double total = 0;
  for (const auto& i : in) total += i.bytes.value();
  CHECK(total == doctest::Approx(1e9));
}

TEST_CASE("flow network: classes and folding give the same completion times as solving each flow") {
  // 300 random scenarios (seeded), each run twice: with classes and folding, and with one solver
  // variable per flow. Both are exact weighted max-min at every instant, so every flow must end
  // at the same time (relative 1e-9) and move the same bytes.
  Rng rng(3);
  int flows_compared = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const FlowScenario s = test::random_scenario(rng);
    const FlowScenarioResult with = run_flow_scenario(s, FlowNetwork::Options{true});
    const FlowScenarioResult without = run_flow_scenario(s, FlowNetwork::Options{false});
    REQUIRE(with.flows.size() == without.flows.size());
    CHECK(with.events == without.events);
    for (std::size_t i = 0; i < with.flows.size(); ++i) {
      REQUIRE(with.flows[i].end.has_value() == without.flows[i].end.has_value());
      if (!with.flows[i].end) continue;
      const double a = with.flows[i].end->value(), b = without.flows[i].end->value();
      CHECK(std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)));
      double bytes = 0;
      for (const auto& in : with.flows[i].intervals) bytes += in.bytes.value();
      CHECK(bytes == doctest::Approx(s.flows[i].spec.size.value()).epsilon(1e-9));
      ++flows_compared;
    }
  }
  CHECK(flows_compared > 1000);
}

TEST_CASE("flow network: a burst of 10,000 loads with private NICs is one class and one solve") {
  // 10,000 flows of 1 GB, each through its own 1 GB/s NIC and a shared 10 GB/s NAS: the fair
  // share 10e9 / 1e4 = 1 MB/s is far below each NIC, so the NAS binds and all end together at
  // N * S / C = 1e4 * 1e9 / 1e10 = 1000 s. The NICs fold into the bound: one class, one solve
  // at the start (the departures all happen at the same instant, leaving nothing to solve).
  Engine engine;
  FlowNetwork net(engine);
  const auto nas = net.add_constraint(shared("nas", 10_GBps));
  constexpr int kN = 10000;
  for (int i = 0; i < kN; ++i) {
    const auto nic = net.add_constraint(shared(fmt::format("nic-{}", i), 1_GBps));
    engine.schedule(0_s, [&net, nas, nic] { net.start_flow(flow(1_GB, {nas, nic})); });
  }
  CHECK(engine.run() == 2 * kN);
  CHECK(net.solves() == 1);
  for (FlowId f = 0; f < kN; f += 999) {
    CHECK(net.end_time(f).value() == doctest::Approx(1000.0));
    CHECK(net.main_bottleneck(f)->constraint == nas);
  }
}

TEST_CASE("flow network: a staged flow can be cancelled, and the queue moves on in order") {
  // One slot on a 100 MB/s link; A, B, C of 100 MB arrive at 0. B is cancelled at 0.5 s while
  // waiting. A ends at 1 s; C, next in line, takes the slot and ends at 2 s.
  Engine engine;
  FlowNetwork net(engine);
  const auto link = net.add_constraint(shared("link", 100_MBps, 1));
  const auto a = net.start_flow(flow(100_MB, {link}));
  const auto b = net.start_flow(flow(100_MB, {link}));
  const auto c = net.start_flow(flow(100_MB, {link}));
  engine.schedule(0.5_s, [&] { CHECK(net.cancel(b)); });
  engine.run();
  CHECK(net.end_time(a).value() == doctest::Approx(1.0));
  CHECK(net.state(b) == FlowState::kCancelled);
  CHECK(net.end_time(c).value() == doctest::Approx(2.0));
  // B's life: 0.5 s waiting for the link's slot, no bytes.
  const auto in = net.intervals(b);
  REQUIRE(in.size() == 1);
  CHECK(in[0].kind == LimitKind::kConcurrency);
  CHECK(in[0].end.value() == doctest::Approx(0.5));
}

TEST_CASE("flow network: a constraint's load is the sum of its flows' rates") {
  Engine engine;
  FlowNetwork net(engine);
  const ConstraintId nas = net.add_constraint({"nas", 600_MBps});
  const ConstraintId nic = net.add_constraint({"nic", 100_MBps});
  // Ten flows share 600 MB/s: 60 MB/s each, 600 MB/s in all.
  for (int i = 0; i < 10; ++i) net.start_flow({1_GB, {nas}});
  // One flow alone on its NIC (folded into its bound) at 100 MB/s.
  net.start_flow({1_GB, {nic}});
  net.resolve();
  CHECK(net.load(nas).value() == doctest::Approx(600e6));
  CHECK(net.load(nic).value() == doctest::Approx(100e6));
}

TEST_CASE("flow network: random heterogeneous networks match a scratch solve at every event") {
  // Each flow crosses a NIC of its own (a distinct capacity: a class of its own), one or two of a
  // few NAS, an account cap shared by all and, for some, a FATPIPE per-connection limit; some
  // have an own bound or a weight of 2 or 3, one NAS admits 3 flows at a time, capacities change
  // and flows are cancelled at random times. At every flow start, completion, change and cancel,
  // and at 50 more instants, each running flow's rate must equal, within 1e-9 relative, the rate
  // that a MaxMinSolver built from scratch over the running flows gives it; and at the end the
  // bytes of each interval of each flow must be those scratch rates integrated over its span.
  Rng rng(20261127);
  int checks = 0, intervals = 0;
  for (int trial = 0; trial < 40; ++trial) {
    Engine engine;
    FlowNetwork net(engine, FlowNetwork::Options{trial % 4 != 3});
    std::vector<FlowSpec> specs, by_id;  // in input order, and by FlowId
    const ConstraintId account =
        net.add_constraint(shared("account", BytesPerSecond(rng.uniform(0.5e9, 3e9))));
    const ConstraintId per_conn = net.add_constraint(
        ConstraintSpec{"per-conn", BytesPerSecond(rng.uniform(50e6, 300e6)), Sharing::kFatpipe});
    const auto n_nas = 1 + rng.below(4);
    std::vector<ConstraintId> nas;
    for (std::uint64_t i = 0; i < n_nas; ++i) {
      nas.push_back(net.add_constraint(shared(
          fmt::format("nas{}", i), BytesPerSecond(rng.uniform(0.2e9, 2e9)), i == 0 ? 3 : 0)));
    }
    // Each flow's rate from the scratch solve after every change: (time, rate), the last one at
    // each instant kept; rates hold between changes, so they integrate to each interval's bytes.
    std::vector<std::vector<std::pair<double, double>>> history;
    auto check = [&net, &by_id, &checks, &history, &engine] {
      net.resolve();
      const double now = engine.now().value();
      history.resize(net.flow_count());
      for (FlowId f = 0; f < net.flow_count(); ++f) {
        if (!history[f].empty() && history[f].back().first == now) history[f].pop_back();
        history[f].emplace_back(now, 0.0);  // not running: no bytes
      }
      MaxMinSolver ref;
      for (std::size_t c = 0; c < net.constraint_count(); ++c) {
        const ConstraintSpec& spec = net.constraint(static_cast<ConstraintId>(c));
        ref.add_constraint(spec.capacity.value(), spec.sharing);
      }
      std::vector<FlowId> running;
      for (FlowId f = 0; f < net.flow_count(); ++f) {
        if (net.state(f) != FlowState::kRunning) continue;
        running.push_back(f);
        std::vector<std::int32_t> via(by_id[f].via.begin(), by_id[f].via.end());
        ref.add_variable(by_id[f].weight, 1, by_id[f].bound.value(), via);
      }
      ref.solve();
      for (std::size_t i = 0; i < running.size(); ++i) {
        const double a = net.rate(running[i]).value();
        const double b = ref.rate_bps(static_cast<std::int32_t>(i));
        CHECK(std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}));
        history[running[i]].back().second = b;
      }
      ++checks;
    };
    const auto n_flows = 20 + rng.below(60);
    for (std::uint64_t i = 0; i < n_flows; ++i) {
      const ConstraintId nic = net.add_constraint(
          shared(fmt::format("nic{}", i), BytesPerSecond(rng.uniform(20e6, 400e6))));
      FlowSpec spec = flow(Bytes(rng.uniform(1e6, 2e9)), {nic, account});
      spec.via.push_back(nas[rng.below(n_nas)]);
      if (n_nas > 1 && rng.below(3) == 0) {
        const ConstraintId second = nas[rng.below(n_nas)];
        if (std::find(spec.via.begin(), spec.via.end(), second) == spec.via.end())
          spec.via.push_back(second);
      }
      if (rng.below(3) == 0) spec.via.push_back(per_conn);
      if (rng.below(4) == 0) spec.bound = BytesPerSecond(rng.uniform(10e6, 300e6));
      spec.weight = static_cast<double>(1 + rng.below(3));
      specs.push_back(spec);
      engine.schedule(Seconds(std::floor(rng.uniform(0, 40))), [&net, &specs, &by_id, i, check] {
        const FlowId f = net.start_flow(specs[i], check);
        if (by_id.size() <= f) by_id.resize(f + 1);
        by_id[f] = specs[i];
        check();
      });
    }
    for (int k = 0; k < 4; ++k) {
      const auto c = static_cast<ConstraintId>(rng.below(net.constraint_count()));
      const BytesPerSecond capacity(rng.uniform(20e6, 2e9));
      engine.schedule(Seconds(rng.uniform(0, 60)), [&net, c, capacity, check] {
        net.set_capacity(c, capacity);
        check();
      });
      const auto f = static_cast<FlowId>(rng.below(n_flows));
      engine.schedule(Seconds(rng.uniform(0, 60)), [&net, f, check] {
        if (f < net.flow_count()) net.cancel(f);
        check();
      });
    }
    for (int k = 0; k < 50; ++k) engine.schedule(Seconds(rng.uniform(0, 120)), check);
    engine.run();
    for (FlowId f = 0; f < net.flow_count(); ++f) {
      CHECK(net.state(f) != FlowState::kRunning);
      // Each interval moved what the scratch rates give over its span, whatever its limit.
      for (const BottleneckInterval& in : net.intervals(f)) {
        double bytes = 0;
        const auto& h = history[f];
        for (std::size_t k = 0; k < h.size(); ++k) {
          const double t0 = std::max(h[k].first, in.start.value());
          const double t1 = std::min(k + 1 < h.size() ? h[k + 1].first : kNeverS, in.end.value());
          if (t1 > t0) bytes += h[k].second * (t1 - t0);
        }
        CHECK(std::abs(in.bytes.value() - bytes) <= 1e-6 * std::max(1.0, bytes) + 1.0);
        ++intervals;
      }
    }
  }
  CHECK(checks > 5000);
  CHECK(intervals > 2000);
}

TEST_CASE("flow network: the group example of the header, classes changing sides at a departure") {
  // NICs of 1.0, 1.5 and 2.5 GB/s (each private: folded into its flow's bound) and a 3 GB/s NAS.
  // The NAS's level 3 / 3 = 1 GB/s ties a's bound and the constraint wins the tie: all three run
  // at 1 GB/s, limited by the NAS. c (1 GB) ends at 1 s. Then a and b need 1.0 + 1.5 < 3: both
  // run at their bounds; a has 2 GB left at 1 GB/s (ends at 3 s), b 2 GB at 1.5 GB/s (ends at
  // 1 + 4/3 = 2.333 s).
  for (const auto& options : kBothModes) {
    Engine engine;
    FlowNetwork net(engine, options);
    const auto nas = net.add_constraint(shared("nas", 3_GBps));
    const auto nic_a = net.add_constraint(shared("nic-a", 1_GBps));
    const auto nic_b = net.add_constraint(shared("nic-b", BytesPerSecond(1.5e9)));
    const auto nic_c = net.add_constraint(shared("nic-c", BytesPerSecond(2.5e9)));
    const FlowId a = net.start_flow(flow(3_GB, {nas, nic_a}));
    const FlowId b = net.start_flow(flow(3_GB, {nas, nic_b}));
    const FlowId c = net.start_flow(flow(1_GB, {nas, nic_c}));
    engine.run_until(0.5_s);
    CHECK(net.rate(a).value() == doctest::Approx(1e9));
    CHECK(net.rate(b).value() == doctest::Approx(1e9));
    CHECK(net.rate(c).value() == doctest::Approx(1e9));
    engine.run_until(1.5_s);
    CHECK(net.state(c) == FlowState::kDone);
    CHECK(net.rate(a).value() == doctest::Approx(1e9));
    CHECK(net.rate(b).value() == doctest::Approx(1.5e9));
    engine.run();
    CHECK(net.end_time(c).value() == doctest::Approx(1.0));
    CHECK(net.end_time(a).value() == doctest::Approx(3.0));
    CHECK(net.end_time(b).value() == doctest::Approx(1.0 + 4.0 / 3.0));
    const auto in = net.intervals(a);
    REQUIRE(in.size() == 2);
    CHECK(net.limit_name(in[0].kind, in[0].constraint) == "nas");
    CHECK(in[0].bytes.value() == doctest::Approx(1e9));
    CHECK(net.limit_name(in[1].kind, in[1].constraint) == "nic-a");
    CHECK(in[1].bytes.value() == doctest::Approx(2e9));
  }
}
