// Where the time went: the judged run's p99 load phase by phase, the time no storage changes,
// and what the advice says when that time alone reaches the SLO (advisor/judge/attribution.hpp,
// advisor/judge/evaluate.hpp, advisor/report/advice.hpp).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "advisor/judge/attribution.hpp"
#include "cli_runner.hpp"

namespace adv = stowage::advisor;
namespace sim = stowage::sim;
using stowage::testing::run_stowage;

namespace {

/// A load that arrives at 0 with the given (phase, start, end) list, ready at its last end or
/// failed.
sim::LoadResult load(std::int64_t instance, std::vector<sim::PhaseTime> phases, bool ready = true) {
  sim::LoadResult l;
  l.instance = instance;
  l.arrive = sim::Seconds(0);
  double end = 0;
  for (const sim::PhaseTime& p : phases) end = std::max(end, p.end.value());
  if (ready) l.ready = sim::Seconds(end);
  l.phases = std::move(phases);
  return l;
}

sim::PhaseTime phase(sim::Phase p, double start, double end) {
  return {p, sim::Seconds(start), sim::Seconds(end)};
}

}  // namespace

TEST_CASE("attribution: the p99 load is the summary's nearest rank, its time summed by phase") {
  // Three loads: ready at 10 s, 30 s and 20 s. The nearest rank p99 of three is the third
  // slowest of three, ceil(0.99 x 3) = 3: the 30 s load (instance 1).
  sim::SimResult r;
  r.loads.push_back(load(0, {phase(sim::Phase::kSandbox, 0, 4), phase(sim::Phase::kReadLoad, 4, 10)}));
  r.loads.push_back(load(1, {phase(sim::Phase::kDelivery, 0, 2), phase(sim::Phase::kSandbox, 2, 20),
                             phase(sim::Phase::kReadLoad, 20, 28), phase(sim::Phase::kH2d, 26, 29),
                             phase(sim::Phase::kInit, 29, 30)}));
  r.loads.push_back(load(2, {phase(sim::Phase::kSandbox, 0, 5), phase(sim::Phase::kReadLoad, 5, 20)}));
  const adv::LoadAttribution a = adv::p99_load(r);
  CHECK(a.instance == 1);
  CHECK_FALSE(a.failed);
  CHECK(a.time_s == 30);
  REQUIRE(a.phases.size() == 5);
  CHECK(a.phases[0].phase == sim::Phase::kDelivery);
  CHECK(a.phases[0].seconds == 2);
  CHECK(a.phases[1].seconds == 18);  // sandbox
  CHECK(a.phases[2].seconds == 8);   // read_load
  CHECK(a.phases[3].seconds == 3);   // h2d, overlapping the read: the parts add to 32 s > 30 s
  CHECK(a.phases[4].seconds == 1);   // init
  CHECK(adv::largest_storage_independent(a) == sim::Phase::kSandbox);
  // Storage-independent time per load: 4, 2 + 18 + 1 = 21, 5; the p99 of three is 21 s.
  CHECK(adv::storage_independent_p99_s(r) == 21);
  // A failed load is the slowest: it is the p99 load, timed until its last phase ended.
  r.loads.push_back(load(3, {phase(sim::Phase::kSandbox, 0, 3), phase(sim::Phase::kReadHash, 3, 300)},
                         false));
  const adv::LoadAttribution f = adv::p99_load(r);
  CHECK(f.instance == 3);
  CHECK(f.failed);
  CHECK(f.time_s == 300);
}

TEST_CASE("attribution: a pod start that takes the SLO alone: no storage meets it, none is sized") {
  // The slow-pods platform's sandbox start has a p99 of 60 s, the workload's target: every
  // load's time to ready is at least its sandbox start, so no storage can bring the p99 under
  // 60 s, and buying NAS throughput (auto-sizing, the sizing hint) cannot help.
  const std::string args =
      "advise tests/fixtures/slow-pods/workload.yaml --profiles tests/fixtures/slow-pods";
  const auto text = run_stowage(args);
  REQUIRE_MESSAGE(text.code == 0, text.err);
  CHECK(text.out.starts_with(
      "slow-pods: recommended none (no candidate meets the SLO)\n"
      "no storage can meet the p99 target: the loads' delivery, sandbox start and init alone "
      "(sandbox most) have a p99 of"));
  CHECK(text.out.find("sized to") == std::string::npos);
  CHECK(text.out.find("raises its throughput") == std::string::npos);
  CHECK(text.out.find("sizing does not help: delivery, sandbox start and init alone have a p99 "
                      "of") != std::string::npos);
  const auto json = run_stowage(args + " --format json");
  REQUIRE(json.code == 0);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["recommended"].is_null());
  CHECK(j["storage_independent"]["largest"] == "sandbox");
  CHECK(j["storage_independent"]["p99_s"].get<double>() >= 60);
  for (const auto& c : j["candidates"]) {
    if (!c["feasible"].get<bool>()) continue;
    // NAS grows with what it stores, so sizing it is what cannot help; OSS has no size to buy.
    CHECK(c["sizing_cannot_help"] == (c["storage"] == "nas-performance"));
    CHECK(c["sized"].is_null());
    // The p99 load's sandbox is its largest phase, and its phases are the judged run's.
    CHECK(c["p99_load"]["phases"]["sandbox"].get<double>() > 30);
  }
}
