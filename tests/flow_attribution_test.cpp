// Bottleneck attribution without the interval history (FlowNetwork::Options::history off): the
// totals per limit and the main bottleneck are the ones the history gives, to the last bit, and
// a flow that lives through many capacity changes keeps one total per limit.
#include <doctest/doctest.h>

#include <optional>
#include <vector>

#include "random_flow_scenario.hpp"
#include "sim/engine.hpp"
#include "sim/flow_network.hpp"
#include "sim/flow_scenario.hpp"
#include "sim/rng.hpp"

using namespace stowage::sim;
using namespace stowage::sim::literals;

namespace {

// Runs `s` to the end on a network with the given options and returns each flow's totals and
// main bottleneck, by flow id (one start event per flow, in input order, then the changes).
struct Attribution {
  std::vector<std::vector<LimitShare>> totals;
  std::vector<std::optional<LimitShare>> main;
};

Attribution attribute(const FlowScenario& s, FlowNetwork::Options options) {
  Engine engine;
  FlowNetwork net(engine, options);
  for (const ConstraintSpec& c : s.constraints) net.add_constraint(c);
  for (const FlowScenario::Flow& f : s.flows) {
    engine.schedule(f.start, [&net, &f] { net.start_flow(f.spec); });
  }
  for (const FlowScenario::CapacityChange& c : s.changes) {
    engine.schedule(c.at, [&net, c] { net.set_capacity(c.constraint, c.capacity); });
  }
  engine.run();
  Attribution a;
  for (FlowId f = 0; f < net.flow_count(); ++f) {
    a.totals.push_back(net.limit_totals(f));
    a.main.push_back(net.main_bottleneck(f));
  }
  return a;
}

bool same(const LimitShare& a, const LimitShare& b) {
  return a.kind == b.kind && a.constraint == b.constraint && a.time == b.time && a.bytes == b.bytes;
}

}  // namespace

TEST_CASE("flow attribution: without the history, the same totals and main bottleneck") {
  // 300 random scenarios (seeded: concurrency limits, private NICs folding and unfolding,
  // FATPIPEs, capacity changes), with classes on and off: every flow's totals per limit, in the
  // same order and to the last bit, and the same main bottleneck.
  Rng rng(7);
  int flows_compared = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const FlowScenario s = test::random_scenario(rng);
    for (const bool aggregate : {true, false}) {
      const Attribution with = attribute(s, FlowNetwork::Options{aggregate, true});
      const Attribution without = attribute(s, FlowNetwork::Options{aggregate, false});
      REQUIRE(with.totals.size() == without.totals.size());
      for (std::size_t f = 0; f < with.totals.size(); ++f) {
        REQUIRE(with.totals[f].size() == without.totals[f].size());
        for (std::size_t i = 0; i < with.totals[f].size(); ++i) {
          CHECK(same(with.totals[f][i], without.totals[f][i]));
        }
        REQUIRE(with.main[f].has_value() == without.main[f].has_value());
        if (with.main[f]) CHECK(same(*with.main[f], *without.main[f]));
        ++flows_compared;
      }
    }
  }
  CHECK(flows_compared > 2000);
}

TEST_CASE("flow attribution: a flow under 2,000 alternating limits keeps one total per limit") {
  // A and B (1 TB each, bound 40 MB/s) share link x, whose capacity changes every second for
  // 2,000 s between 200 MB/s (each runs at its bound) and 50 MB/s (x holds each to 25 MB/s), so
  // A's limit alternates: 2,000 stretches with the history. Without it, two totals: its bound
  // 1,000 s and 40 GB, x 1,000 s and 25 GB. From 1,999 s x stays at 50 MB/s: x is the main
  // bottleneck, and A's last 935 GB take 935e9 / 25e6 = 37,400 s more.
  for (const bool history : {true, false}) {
    Engine engine;
    FlowNetwork net(engine, FlowNetwork::Options{true, history});
    const auto x = net.add_constraint(ConstraintSpec{"x", 200_MBps});
    const FlowSpec spec{Bytes(1e12), {x}, 40_MBps, 1.0};
    const auto a = net.start_flow(spec);
    net.start_flow(spec);
    for (int i = 1; i < 2000; ++i) {
      const BytesPerSecond capacity = i % 2 == 1 ? 50_MBps : 200_MBps;
      engine.schedule(Seconds(i), [&net, x, capacity] { net.set_capacity(x, capacity); });
    }
    engine.run_until(Seconds(2000));
    const auto totals = net.limit_totals(a);
    REQUIRE(totals.size() == 2);
    CHECK(totals[0].kind == LimitKind::kOwnBound);
    CHECK(totals[0].time.value() == doctest::Approx(1000.0));
    CHECK(totals[0].bytes.value() == doctest::Approx(40e9));
    CHECK(totals[1].kind == LimitKind::kCapacity);
    CHECK(totals[1].constraint == x);
    CHECK(totals[1].time.value() == doctest::Approx(1000.0));
    CHECK(totals[1].bytes.value() == doctest::Approx(25e9));
    if (history) CHECK(net.intervals(a).size() == 2000);
    engine.run();
    CHECK(net.main_bottleneck(a)->constraint == x);
    CHECK(net.end_time(a).value() == doctest::Approx(2000.0 + 935e9 / 25e6));
  }
}
