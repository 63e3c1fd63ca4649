// Advice under uncertainty (advisor/judge/uncertainty.hpp, advisor/report/uncertainty.hpp):
// issue 26.
#include "advisor/judge/uncertainty.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>

#include "advisor/report/uncertainty.hpp"
#include "cli_runner.hpp"
#include "sim/config/resolve.hpp"

namespace adv = stowage::advisor;
namespace sim = stowage::sim;
using stowage::testing::run_stowage;

namespace {

/// Drops every range of every profile, so that only the ones a test sets are drawn.
void clear_ranges(sim::ProfileSet& set) {
  const auto clear = [](sim::ProfileInfo& info) {
    for (sim::Figure& f : info.figures) f.range.reset();
  };
  for (auto& [name, p] : set.storage) clear(p.info);
  for (auto& [name, p] : set.platform) clear(p.info);
  for (auto& [name, p] : set.gpu) clear(p.info);
  for (auto& [name, p] : set.loader) clear(p.info);
}

/// The judged p99 of `choice` with the profile set `set`.
double p99_of(const sim::Scenario& base, std::shared_ptr<sim::ProfileSet> set,
              const sim::StorageChoice& choice, const adv::EvaluateOptions& options) {
  sim::Scenario s = base;
  s.profiles = std::move(set);
  return adv::evaluate(s, choice, options).judged_p99_s();
}

}  // namespace

TEST_CASE("uncertainty: the Latin hypercube samples every N-th of each range once") {
  const auto q = adv::latin_hypercube(3, 50, 42);
  REQUIRE(q.size() == 3);
  for (const auto& row : q) {
    REQUIRE(row.size() == 50);
    std::vector<int> strata(50, 0);
    for (const double x : row) {
      REQUIRE(x >= 0);
      REQUIRE(x < 1);
      ++strata[static_cast<std::size_t>(x * 50)];
    }
    CHECK(std::all_of(strata.begin(), strata.end(), [](int n) { return n == 1; }));
  }
  CHECK(adv::latin_hypercube(3, 50, 42) == q);
  CHECK(adv::latin_hypercube(3, 50, 43) != q);
}

TEST_CASE("uncertainty: rank correlation and quantiles worked by hand") {
  // Ranks of x: 1..4; of y (ties averaged): 1.5, 1.5, 3.5, 3.5; mean 2.5.
  // sum dx dy = 1.5 + 0.5 + 0.5 + 1.5 = 4; sum dx^2 = 5; sum dy^2 = 4; rho = 4 / sqrt(20).
  CHECK(adv::spearman({1, 2, 3, 4}, {0, 0, 1, 1}) == doctest::Approx(4 / std::sqrt(20.0)));
  CHECK(adv::spearman({1, 2, 3, 4}, {1, 1, 1, 1}) == 0);
  CHECK(adv::spearman({4, 3, 2, 1}, {1, 2, 3, 4}) == doctest::Approx(-1));
  // Order statistics 1..5: p10 at 0.4 of the way from 1 to 2, p90 at 0.6 from 4 to 5.
  CHECK(adv::quantile_of({5, 1, 3, 2, 4}, 0.1) == doctest::Approx(1.4));
  CHECK(adv::quantile_of({5, 1, 3, 2, 4}, 0.5) == doctest::Approx(3));
  CHECK(adv::quantile_of({5, 1, 3, 2, 4}, 0.9) == doctest::Approx(4.6));
  CHECK(std::isinf(adv::quantile_of({1, INFINITY, INFINITY}, 0.9)));
  CHECK(adv::report::holds_text(0.899) == "holds in 89% of plausible worlds");
}

namespace {

/// Two copies of nas-performance: `a` cheap, with its mount time (`a_mount` s) an assumption
/// ranged over [1 s, 100 s]; `b` at twice the price, mounting in 1 s; both storing 4 TB. Only
/// a's mount is ranged.
sim::Scenario two_mounts(double a_mount) {
  const sim::config::Catalog catalog(sim::config::Catalog::Options{{}, {}, false, {}, true});
  sim::Scenario scenario =
      sim::config::resolve_scenario(sim::config::load_checked_workload("", catalog), catalog);
  auto set = std::make_shared<sim::ProfileSet>(*scenario.profiles);
  clear_ranges(*set);
  sim::StorageProfile a = set->storage_profile("nas-performance");
  sim::StorageProfile b = a;
  a.info.name = "a";
  b.info.name = "b";
  a.cold_start.mount = sim::Distribution::constant(sim::Seconds(a_mount));
  b.cold_start.mount = sim::Distribution::constant(sim::Seconds(1));
  b.cost.per_gb_month_stored = 2 * a.cost.per_gb_month_stored.value();
  bool found = false;
  for (sim::Figure& f : a.info.figures) {
    if (f.path == "cold_start.mount") {
      f.source = sim::Source{sim::Source::Kind::kAssumption, "test"};
      f.range = sim::ValueRange{1, 100, "1 s .. 100 s"};
      found = true;
    }
  }
  if (!found) {
    a.info.figures.push_back(sim::Figure{"cold_start.mount", "10 s",
                                         sim::Source{sim::Source::Kind::kAssumption, "test"},
                                         sim::ValueRange{1, 100, "1 s .. 100 s"}, true});
  }
  set->storage.emplace("a", a);
  set->storage.emplace("b", b);
  scenario.profiles = set;
  const sim::Bytes stored(4e12);  // 500 GB would miss the SLO whatever the mount
  scenario.candidates = {sim::StorageChoice{"a", stored, std::nullopt},
                         sim::StorageChoice{"b", stored, std::nullopt}};
  return scenario;
}

}  // namespace

TEST_CASE("uncertainty: one ranged figure deciding two candidates gives the exact probability") {
  // Every start waits for the mount, so p99(mount m) = C + m. With the p99 target at C + t, `a`
  // meets the SLO iff m <= t, and with m log-uniform over [1, 100] that happens with probability
  // ln(t / 1) / ln(100 / 1). Take t = 100^0.7 = 25.12 s: P = 0.7 exactly.
  sim::Scenario scenario = two_mounts(10);
  const auto set = std::const_pointer_cast<sim::ProfileSet>(scenario.profiles);
  const adv::EvaluateOptions options{adv::kDefaultReplications, false, false};

  // p99 moves one for one with the mount: C = p99(1 s) - 1 s.
  auto at = [&](double m) {
    auto s = std::make_shared<sim::ProfileSet>(*set);
    s->storage.find("a")->second.cold_start.mount = sim::Distribution::constant(sim::Seconds(m));
    return p99_of(scenario, s, scenario.candidates[0], options);
  };
  const double c = at(1) - 1;
  REQUIRE(at(2) - at(1) == doctest::Approx(1).epsilon(1e-6));
  REQUIRE(at(50) - at(1) == doctest::Approx(49).epsilon(1e-6));
  const double t = std::pow(100.0, 0.7);
  scenario.workload.objective.p50.reset();
  scenario.workload.objective.p95.reset();
  scenario.workload.objective.max.reset();
  scenario.workload.objective.p99 = sim::Seconds(c + t);
  scenario.workload.objective.confidence = 0.6;

  const int n = 200;
  const adv::Advice advice = adv::advise(scenario, options);
  const adv::Uncertainty u = adv::uncertainty(scenario, advice, options, {n});
  REQUIRE(u.figures.size() == 1);
  CHECK(u.figures[0].knob.figure() == "a.cold_start.mount");
  const auto of = [&](const std::string& name) {
    return *std::find_if(u.candidates.begin(), u.candidates.end(),
                         [&](const adv::CandidateWorlds& x) { return x.storage == name; });
  };
  const double exact = std::log(t) / std::log(100.0);  // 0.7
  // Binomial sampling error at N = 200: sqrt(0.7 x 0.3 / 200) = 0.032; the Latin hypercube puts
  // one world in each 1/N of the range, so the share is within 1/N = 0.005 of the exact 0.7.
  MESSAGE("share of worlds in which a meets the SLO: " << of("a").holds << " (exact " << exact
                                                       << ")");
  CHECK(std::abs(of("a").holds - exact) <= 1.0 / n + 1e-12);
  CHECK(std::abs(of("a").holds - exact) <= 2 * std::sqrt(exact * (1 - exact) / n));
  CHECK(of("b").holds == 1.0);
  // a is the cheaper and holds in 70% >= 60%: recommended under uncertainty.
  CHECK(u.recommended == std::optional<std::string>("a"));
  // Its mount explains a's verdict: rho = -sqrt(3 P (1 - P)) = -0.794 for a step at quantile P.
  REQUIRE(u.measure_first.size() == 1);
  CHECK(u.figures[0].decides == "a");
  CHECK(u.figures[0].rho == doctest::Approx(-std::sqrt(3 * exact * (1 - exact))).epsilon(0.02));
  // At confidence 0.8, a holds too rarely: the dearer b is recommended.
  scenario.workload.objective.confidence = 0.8;
  CHECK(adv::uncertainty(scenario, advice, options, {n}).recommended ==
        std::optional<std::string>("b"));
  // a's mount of 10 s sits mid-range (position 0.5): its p99, C + 10 s, is inside its band of
  // C + 100^0.1 s to C + 100^0.9 s, and no figure is at its range's end.
  CHECK(of("a").point_p99_s == doctest::Approx(c + 10).epsilon(1e-6));
  CHECK(of("a").at_range_end.empty());
}

TEST_CASE("uncertainty: an advice p99 outside its band names the figure at its range's end") {
  // a mounting in 1 s, the bottom of its range: its p99 with every figure at its value is
  // C + 1 s, below the p10 of its worlds, C + 100^0.1 = C + 1.58 s; the note names the mount.
  const sim::Scenario scenario = two_mounts(1);
  const adv::EvaluateOptions options{adv::kDefaultReplications, false, false};
  const adv::Advice advice = adv::advise(scenario, options);
  const adv::Uncertainty u = adv::uncertainty(scenario, advice, options, {200});
  const adv::CandidateWorlds& a = u.candidates[u.candidates[0].storage == "a" ? 0 : 1];
  REQUIRE(a.storage == "a");
  CHECK(a.point_p99_s < a.p99_s.p10);
  CHECK(a.p99_s.p10 - a.point_p99_s == doctest::Approx(std::pow(100.0, 0.1) - 1).epsilon(0.02));
  REQUIRE(a.at_range_end.size() == 1);
  CHECK(u.figures[a.at_range_end[0]].knob.figure() == "a.cold_start.mount");
  CHECK(adv::range_position(1, sim::ValueRange{1, 100, ""}) == 0);
  CHECK(adv::range_position(10, sim::ValueRange{1, 100, ""}) == doctest::Approx(0.5));
  const std::string text = adv::report::uncertainty_text(u, "table", 0);
  CHECK(text.find("note: a's p99 with every figure at its value") != std::string::npos);
  CHECK(text.find("lies below the p10 of its worlds") != std::string::npos);
  CHECK(text.find("a.cold_start.mount 1 s (1 s .. 100 s)") != std::string::npos);
  // b has no ranged figure: its band is its p99, and nothing is said of it.
  CHECK(text.find("note: b's") == std::string::npos);
}

TEST_CASE("uncertainty: advise --uncertainty is byte-identical run to run") {
  const auto first = run_stowage("advise --uncertainty --worlds 20 --format json");
  REQUIRE(first.code == 0);
  const auto second = run_stowage("advise --uncertainty --worlds 20 --format json");
  CHECK(first.out == second.out);
  const auto j = nlohmann::json::parse(first.out);
  REQUIRE(j.contains("uncertainty"));
  CHECK(j["uncertainty"]["worlds"] == 20);
  CHECK(j["uncertainty"]["confidence"] == 0.9);
  const auto text = run_stowage("advise --uncertainty --worlds 20");
  REQUIRE(text.code == 0);
  CHECK(text.out.find("Under uncertainty: 20 plausible worlds") != std::string::npos);
  CHECK(text.out.find("HOLDS IN") != std::string::npos);
  // --worlds needs --uncertainty, and a count in range.
  CHECK(run_stowage("advise --worlds 5").code == 2);
  CHECK(run_stowage("advise --uncertainty --worlds 0").code == 2);
}
