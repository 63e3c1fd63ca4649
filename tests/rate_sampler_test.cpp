#include "sim/coldstart/rate_sampler.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "sim/engine.hpp"
#include "sim/flow_network.hpp"

using namespace stowage::sim;
using namespace stowage::sim::literals;

TEST_CASE("rate sampler: sample times are the start plus whole steps, printed as written") {
  // A 100 MB/s link carries one flow of 500 GB from 0.853 s: 5000 s at 100 MB/s. Sampled every
  // second from 0.853 s, the series passes 2048 samples and is thinned (every other sample kept,
  // the step doubled), so the samples are at 0.853 + k s for whole k. Each time is one rounding
  // of 0.853 + k, so it prints as `k.853` (a running sum of 1 s steps drifts to
  // 65.85300000000001 within the first minute).
  Engine engine;
  FlowNetwork net(engine);
  const auto link = net.add_constraint(ConstraintSpec{"link", 100_MBps});
  FlowId f = 0;
  bool started = false;
  RateSampler sampler(engine, net, 1, 1.0,
                      [&] { return started && net.state(f) == FlowState::kRunning; });
  engine.schedule(Seconds(0.853), [&] {
    f = net.start_flow(FlowSpec{500_GB, {link}, BytesPerSecond(kUnbounded), 1.0});
    started = true;
    sampler.load_began();
  });
  engine.run();
  CHECK(net.end_time(f).value() == doctest::Approx(5000.853));
  const RateSamples& s = sampler.samples();
  REQUIRE(s.times_s.size() > 1000);
  CHECK(s.times_s.front() == 0.853);
  CHECK(s.times_s.back() > 4000.0);
  for (const double t : s.times_s) {
    CHECK(fmt::format("{}", t) == fmt::format("{}.853", static_cast<long long>(std::floor(t))));
  }
  CHECK(s.peak_bps[0] == doctest::Approx(100e6));
}
