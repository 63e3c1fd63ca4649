// Hinges, completed (issue 26, item 4): flips of any candidate's SLO verdict, the line said when
// nothing flips, and the whole --robustness table in JSON (advisor/judge/hinges.hpp,
// advisor/report/hinges.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "advisor/judge/hinges.hpp"
#include "advisor/report/hinges.hpp"
#include "cli_runner.hpp"
#include "sim/config/resolve.hpp"

namespace adv = stowage::advisor;
namespace sim = stowage::sim;
using stowage::testing::run_stowage;

namespace {

/// Two copies of nas-performance stored at 4 TB: `a` cheap, mounting in 1 s; `b` at twice the
/// price, mounting in `b_mount` s, an assumption. Every other figure of both is taken as
/// published, so that only b's mount (and the platform's figures) are searched. The p99 target
/// is C + `t`, where C is the p99 less the mount: b meets the SLO iff its mount is at most t.
struct TwoCopies {
  sim::Scenario scenario;
  adv::EvaluateOptions options{adv::kDefaultReplications, false, false};

  TwoCopies(double b_mount, double t) {
    const sim::config::Catalog catalog(sim::config::Catalog::Options{{}, {}, false, {}, true});
    scenario =
        sim::config::resolve_scenario(sim::config::load_checked_workload("", catalog), catalog);
    auto set = std::make_shared<sim::ProfileSet>(*scenario.profiles);
    sim::StorageProfile a = set->storage_profile("nas-performance");
    for (sim::Figure& f : a.info.figures) {
      f.source = sim::Source{sim::Source::Kind::kPublished, "https://example.com (a test)"};
    }
    sim::StorageProfile b = a;
    a.info.name = "a";
    b.info.name = "b";
    a.cold_start.mount = sim::Distribution::constant(sim::Seconds(1));
    b.cold_start.mount = sim::Distribution::constant(sim::Seconds(b_mount));
    b.cost.per_gb_month_stored = 2 * a.cost.per_gb_month_stored.value();
    const sim::Source assumed{sim::Source::Kind::kAssumption, "test"};
    bool found = false;
    for (sim::Figure& f : b.info.figures) {
      if (f.path == "cold_start.mount") f.source = assumed, found = true;
    }
    if (!found) b.info.figures.push_back(sim::Figure{"cold_start.mount", "", assumed, {}, true});
    set->storage.emplace("a", a);
    set->storage.emplace("b", b);
    scenario.profiles = set;
    const sim::Bytes stored(4e12);
    scenario.candidates = {sim::StorageChoice{"a", stored, std::nullopt},
                           sim::StorageChoice{"b", stored, std::nullopt}};
    // C: a's p99 with its 1 s mount, less that second (the two copies differ only in the mount).
    const double c = adv::evaluate(scenario, scenario.candidates[0], options).judged_p99_s() - 1;
    scenario.workload.objective.p50.reset();
    scenario.workload.objective.p95.reset();
    scenario.workload.objective.max.reset();
    scenario.workload.objective.p99 = sim::Seconds(c + t);
  }

  adv::Robustness search(const adv::Advice& advice) const {
    return adv::robustness(scenario, advice, options, adv::HingeOptions{});
  }
};

const adv::FigureRange& figure(const adv::Robustness& r, const std::string& name) {
  const auto it = std::find_if(r.figures.begin(), r.figures.end(),
                               [&](const adv::FigureRange& f) { return f.knob.figure() == name; });
  REQUIRE(it != r.figures.end());
  return *it;
}

}  // namespace

TEST_CASE("verdict flips: a candidate that is not recommended stops meeting the SLO") {
  // b mounts in 10 s and meets the SLO up to a 15 s mount; a (cheaper) stays recommended, so the
  // recommendation never flips along b's mount, but b's verdict does, above, at 15 s (the
  // bisection brackets it within 3^(1/128), 0.9%, and prints two digits).
  const TwoCopies two(10, 15);
  const adv::Advice advice = adv::advise(two.scenario, two.options);
  REQUIRE(advice.recommended == std::optional<std::string>("a"));
  const adv::Robustness r = two.search(advice);
  const adv::FigureRange& mount = figure(r, "b.cold_start.mount");
  CHECK_FALSE(mount.below);
  CHECK_FALSE(mount.above);
  REQUIRE(mount.verdicts.size() == 1);
  CHECK(mount.verdicts[0].storage == "b");
  CHECK_FALSE(mount.verdicts[0].below);
  CHECK_FALSE(mount.verdicts[0].meets_then);
  CHECK(mount.verdicts[0].at == doctest::Approx(15).epsilon(0.01));
  CHECK(adv::anything_flips(r));
  CHECK(adv::report::verdict_lines(r).find(
            "b meets the SLO while b.cold_start.mount <= 15 s (assumption, 10 s used)\n") !=
        std::string::npos);
  nlohmann::ordered_json j;
  adv::report::add_hinges_json(j, r, false);
  CHECK(j["nothing_flips"].is_null());
  CHECK(j["hinge_range"] == 3.0);
  CHECK_FALSE(j.contains("robustness"));
  const auto& flips = j["verdict_flips"];
  const auto it = std::find_if(flips.begin(), flips.end(), [](const auto& v) {
    return v["figure"] == "b.cold_start.mount";
  });
  REQUIRE(it != flips.end());
  CHECK((*it)["storage"] == "b");
  CHECK((*it)["flips_at"] == 15.0);
  CHECK((*it)["direction"] == "above");
  CHECK((*it)["meets_then"] == false);
}

TEST_CASE("verdict flips: a candidate that misses would meet the SLO past a value") {
  // b mounts in 20 s and misses a 15 s allowance; at a third of 20 s it meets: its verdict flips
  // below, at 15 s, to meeting.
  const TwoCopies two(20, 15);
  const adv::Advice advice = adv::advise(two.scenario, two.options);
  const adv::Robustness r = two.search(advice);
  const adv::FigureRange& mount = figure(r, "b.cold_start.mount");
  REQUIRE(mount.verdicts.size() == 1);
  CHECK(mount.verdicts[0].below);
  CHECK(mount.verdicts[0].meets_then);
  CHECK(mount.verdicts[0].at == doctest::Approx(15).epsilon(0.01));
  CHECK(adv::report::hinges_text(r).find(
            "b would meet the SLO if b.cold_start.mount <= 15 s (assumption, 20 s used)\n") !=
        std::string::npos);
}

TEST_CASE("verdict flips: b's mount within x3 of 2 s never reaches a 15 s allowance") {
  // 2 s x 3 = 6 s < 15 s: b meets on the whole searched range, so b's mount flips nothing.
  const TwoCopies two(2, 15);
  const adv::Advice advice = adv::advise(two.scenario, two.options);
  const adv::Robustness r = two.search(advice);
  const adv::FigureRange& mount = figure(r, "b.cold_start.mount");
  CHECK(mount.verdicts.empty());
  CHECK_FALSE(mount.below);
  CHECK_FALSE(mount.above);
}

TEST_CASE("verdict flips: when nothing flips, advise says so, and JSON carries the full table") {
  // idle-gpu: no assumed figure within x3 moves any verdict or the recommendation.
  const auto text = run_stowage("advise data/workloads/idle-gpu.yaml");
  REQUIRE(text.code == 0);
  CHECK(text.out.find("\nnothing flips within x3 of any assumed figure\n") != std::string::npos);
  const auto json = run_stowage("advise data/workloads/idle-gpu.yaml --format json");
  REQUIRE(json.code == 0);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["nothing_flips"] == "nothing flips within x3 of any assumed figure");
  CHECK(j["hinges"].empty());
  CHECK(j["verdict_flips"].empty());
  CHECK_FALSE(j.contains("robustness"));

  // --robustness: the table's every row is in JSON, with the search's factor.
  const auto table = run_stowage("advise --robustness");
  const auto full = run_stowage("advise --robustness --format json");
  REQUIRE(full.code == 0);
  const auto k = nlohmann::json::parse(full.out);
  REQUIRE(k.contains("robustness"));
  CHECK(k["robustness"]["range"] == 10.0);
  CHECK(k["robustness"]["unset_span"] == 1000.0);
  CHECK(k["hinge_range"] == 10.0);
  const auto& figures = k["robustness"]["figures"];
  REQUIRE_FALSE(figures.empty());
  for (const auto& f : figures) {
    CAPTURE(f.dump());
    CHECK(table.out.find("\n" + f["figure"].get<std::string>() + " ") != std::string::npos);
    CHECK(f.contains("searched"));
    CHECK(f.contains("holds"));
    CHECK(f["verdict_flips"].is_array());
    // An unset limit is searched downwards only: where the advice holds has no upper end.
    if (f["kind"] == "unset") CHECK(f["holds"]["high"].is_null());
  }
}
