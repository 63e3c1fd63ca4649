// Concurrency limits in the flow network (sim/flow_network.hpp): a waiting flow waits on the
// first constraint of its route that refuses it, a freed slot goes to the earliest arrival among
// the freed constraints' queues, and no flow waits while every limit it crosses has room.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/engine.hpp"
#include "sim/flow_network.hpp"
#include "sim/rng.hpp"

using namespace stowage::sim;
using namespace stowage::sim::literals;

namespace {

ConstraintSpec limited(std::string name, BytesPerSecond capacity, std::uint32_t concurrency) {
  return ConstraintSpec{std::move(name), capacity, Sharing::kShared, concurrency};
}

FlowSpec flow(Bytes size, std::vector<ConstraintId> via) {
  return FlowSpec{size, std::move(via), BytesPerSecond(kUnbounded), 1.0};
}

}  // namespace

TEST_CASE("flow concurrency: a flow's end frees its slots to the earliest waiting arrival") {
  // Links c, d, e of 100 MB/s and one slot each. A (100 MB over c, d) runs from 0; f1 (over d,
  // e) waits on d, f2 (over c, e) waits on c. A ends at 1 s and frees c and d: f1 arrived first,
  // so it starts (taking e), and f2, which c would now admit, waits on e instead. f1 ends at 2 s,
  // f2 starts then and ends at 3 s; f2's wait is named after c, the limit that refused it first.
  for (const bool aggregate : {true, false}) {
    Engine engine;
    FlowNetwork net(engine, FlowNetwork::Options{aggregate});
    const auto c = net.add_constraint(limited("c", 100_MBps, 1));
    const auto d = net.add_constraint(limited("d", 100_MBps, 1));
    const auto e = net.add_constraint(limited("e", 100_MBps, 1));
    const auto a = net.start_flow(flow(100_MB, {c, d}));
    const auto f1 = net.start_flow(flow(100_MB, {d, e}));
    const auto f2 = net.start_flow(flow(100_MB, {c, e}));
    engine.run();
    CHECK(net.end_time(a).value() == doctest::Approx(1.0));
    CHECK(net.end_time(f1).value() == doctest::Approx(2.0));
    CHECK(net.end_time(f2).value() == doctest::Approx(3.0));
    const auto waited = net.intervals(f2);
    REQUIRE(waited.size() == 2);
    CHECK(net.limit_name(waited[0].kind, waited[0].constraint) == "c (concurrency)");
    CHECK(waited[0].end.value() == doctest::Approx(2.0));
  }
}

TEST_CASE("flow concurrency: a flow blocked on a second limit does not hold up the queue") {
  // One slot each on c and d (100 MB/s). A (100 MB over c) and B (200 MB over d) run from 0;
  // f1 (100 MB over c, d) and f2 (100 MB over c) wait on c. At 1 s A ends: f1 is first in c's
  // queue but d is full, so it moves to d's queue and f2 takes c (ends at 2 s). At 2 s B and f2
  // end together: f1 starts and ends at 3 s.
  Engine engine;
  FlowNetwork net(engine);
  const auto c = net.add_constraint(limited("c", 100_MBps, 1));
  const auto d = net.add_constraint(limited("d", 100_MBps, 1));
  const auto a = net.start_flow(flow(100_MB, {c}));
  const auto b = net.start_flow(flow(200_MB, {d}));
  const auto f1 = net.start_flow(flow(100_MB, {c, d}));
  const auto f2 = net.start_flow(flow(100_MB, {c}));
  engine.run_until(1.5_s);
  CHECK(net.state(f1) == FlowState::kStaged);
  CHECK(net.state(f2) == FlowState::kRunning);
  engine.run();
  CHECK(net.end_time(a).value() == doctest::Approx(1.0));
  CHECK(net.end_time(b).value() == doctest::Approx(2.0));
  CHECK(net.end_time(f2).value() == doctest::Approx(2.0));
  CHECK(net.end_time(f1).value() == doctest::Approx(3.0));
  CHECK(net.limit_name(net.main_bottleneck(f1)->kind, net.main_bottleneck(f1)->constraint) ==
        "c (concurrency)");
}

TEST_CASE("flow concurrency: no limit is exceeded and no flow waits while it could run") {
  // 200 random networks of 2 to 4 limited links (1 to 3 slots) and 5 to 60 flows over 1 to 3
  // of them, some cancelled while waiting. At every quarter second: each link runs at most its
  // limit, and every waiting flow crosses a full link (the queues are work-conserving); in the
  // end every flow not cancelled has completed.
  Rng rng(11);
  int checks = 0;
  for (int trial = 0; trial < 200; ++trial) {
    Engine engine;
    FlowNetwork net(engine, FlowNetwork::Options{trial % 2 == 0});
    const auto links = 2 + rng.below(3);
    for (std::uint64_t l = 0; l < links; ++l) {
      net.add_constraint(limited(fmt::format("l{}", l), BytesPerSecond(rng.uniform(50, 200) * 1e6),
                                 static_cast<std::uint32_t>(1 + rng.below(3))));
    }
    const auto n = 5 + rng.below(56);
    std::vector<std::vector<ConstraintId>> routes;  // by FlowId (the order of the starts)
    std::vector<FlowId> ids(n, ~FlowId{0});         // by scheduling order
    for (std::uint64_t i = 0; i < n; ++i) {
      std::vector<ConstraintId> via;
      const auto hops = 1 + rng.below(std::min<std::uint64_t>(3, links));
      while (via.size() < hops) {
        const auto c = static_cast<ConstraintId>(rng.below(links));
        if (std::find(via.begin(), via.end(), c) == via.end()) via.push_back(c);
      }
      const Bytes size(std::floor(rng.uniform(1, 500)) * 1e6);
      const Seconds at(std::floor(rng.uniform(0, 10)));
      engine.schedule(at, [&net, &routes, &ids, size, via, i] {
        ids[i] = net.start_flow(flow(size, via));
        routes.push_back(via);
      });
      if (rng.below(8) == 0) {
        engine.schedule(at + Seconds(std::floor(rng.uniform(0, 5)) + 0.5), [&net, &ids, i] {
          if (net.state(ids[i]) == FlowState::kStaged) net.cancel(ids[i]);
        });
      }
    }
    auto check = [&] {
      for (ConstraintId c = 0; c < links; ++c) {
        CHECK(net.running_flows(c) <= net.constraint(c).concurrency);
      }
      for (FlowId f = 0; f < net.flow_count(); ++f) {
        if (net.state(f) != FlowState::kStaged) continue;
        bool refused = false;
        for (const ConstraintId c : routes[f]) {
          refused = refused || net.running_flows(c) >= net.constraint(c).concurrency;
        }
        CHECK(refused);
        ++checks;
      }
    };
    auto ended = [&] {
      if (net.flow_count() < n) return false;
      for (FlowId f = 0; f < n; ++f) {
        if (net.state(f) == FlowState::kStaged || net.state(f) == FlowState::kRunning) return false;
      }
      return true;
    };
    for (double t = 0; !ended() && t < 5000; t += 0.25) {
      engine.run_until(Seconds(t));
      check();
    }
    engine.run();
    for (FlowId f = 0; f < net.flow_count(); ++f) {
      CHECK((net.state(f) == FlowState::kDone || net.state(f) == FlowState::kCancelled));
    }
  }
  CHECK(checks > 1000);
}
