// The function's VPC attachment (sim/coldstart/vpc_attach.hpp) alone and inside a cold-start run.
#include "sim/coldstart/vpc_attach.hpp"

#include <doctest/doctest.h>

#include "tests/cold_start_fixture.hpp"

using namespace stowage::sim;

using Fixture = stowage::testing::ColdStartFixture;
using stowage::testing::kCopyEpsilonS;

namespace {

const PlatformVpc kVpc{Seconds(10), Seconds(0.5), Seconds(300)};

/// The attach phase of load `k`: its length in seconds.
double attach_s(const SimResult& r, std::size_t k) {
  for (const PhaseTime& p : r.loads[k].phases) {
    if (p.phase == Phase::kVpcAttach) return (p.end - p.start).value();
  }
  return -1;
}

}  // namespace

TEST_CASE("vpc attach: created once, waited for, kept while busy and reclaimed after idle") {
  // The header's worked example.
  VpcAttachment vpc(kVpc);
  vpc.busy(0);
  CHECK(vpc.attach(5) == 10.0);   // creates it: ready at 15 s
  CHECK(vpc.attach(7) == 8.0);    // waits for the one being created
  CHECK(vpc.attach(20) == 0.5);   // kept
  vpc.idle(40);
  vpc.busy(200);                  // idle 160 s <= 300 s: still kept
  CHECK(vpc.attach(205) == 0.5);
  vpc.idle(230);
  vpc.busy(600);                  // idle 370 s > 300 s: reclaimed
  CHECK(vpc.attach(605) == 10.0);
  CHECK(vpc.attach(606) == 9.0);
}

TEST_CASE("vpc attach: a cold-start run pays the attach per function, not per instance") {
  Fixture f;
  f.storage.cold_start.vpc = true;
  f.platform.vpc = kVpc;
  f.platform.sandbox_start = Distribution::constant(Seconds(5));
  f.w.arrivals = TraceArrivals{"t.csv", {Seconds(0), Seconds(2), Seconds(100), Seconds(1000)}};
  const SimResult r = f.run();
  REQUIRE(r.loads.size() == 4);
  // Load 0: sandbox 0..5 s, creates the attachment 5..15 s. Load 1: sandbox 2..7 s, waits for it
  // until 15 s (8 s). Both read from 15 s: 2 x 500 MB/s > 600 MB/s of NAS, 300 MB/s each:
  // 4.27e9 / 300e6 = 14.233 s, ready at 29.233 s.
  CHECK(attach_s(r, 0) == doctest::Approx(10.0));
  CHECK(attach_s(r, 1) == doctest::Approx(8.0));
  CHECK(r.loads[0].ready->value() == doctest::Approx(29.2333).epsilon(kCopyEpsilonS));
  CHECK(r.loads[1].time_to_ready_s() == doctest::Approx(27.2333).epsilon(kCopyEpsilonS));
  // Load 2 at 100 s: idle since 29.2 s, 70.8 s <= 300 s: kept, 0.5 s; 5 + 0.5 + 8.54 = 14.04 s.
  CHECK(attach_s(r, 2) == doctest::Approx(0.5));
  CHECK(r.loads[2].time_to_ready_s() == doctest::Approx(14.04).epsilon(kCopyEpsilonS));
  // Load 3 at 1000 s: idle since 114.04 s, 886 s > 300 s: reclaimed; 5 + 10 + 8.54 = 23.54 s.
  CHECK(attach_s(r, 3) == doctest::Approx(10.0));
  CHECK(r.loads[3].time_to_ready_s() == doctest::Approx(23.54).epsilon(kCopyEpsilonS));

  // A platform that does not attach functions (instances already in the VPC): no attach phase.
  f.platform.vpc.reset();
  const SimResult plain = f.run();
  CHECK(attach_s(plain, 0) == -1);
  // A storage outside any VPC on a platform that attaches: no attach either.
  f.platform.vpc = kVpc;
  f.storage.cold_start.vpc = false;
  CHECK(attach_s(f.run(), 3) == -1);
}
