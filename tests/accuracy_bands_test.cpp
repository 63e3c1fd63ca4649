// Accuracy against the advice's own uncertainty (advisor/judge/accuracy_bands.hpp,
// `stowage accuracy --uncertainty`): a band worked by hand, the verdicts, and the shipped suite's
// bands (deterministic, ordered, no prices drawn).
#include "advisor/judge/accuracy_bands.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "advisor/judge/accuracy.hpp"
#include "advisor/report/accuracy_plot.hpp"
#include "cli_runner.hpp"
#include "ranged_disk_suite.hpp"
#include "sim/config/accuracy_cases.hpp"
#include "sim/config/catalog.hpp"

namespace fs = std::filesystem;
using stowage::advisor::BandVerdict;
using stowage::advisor::CaseBand;
using stowage::testing::run_stowage;

namespace {

fs::path source_dir() { return fs::path(STOWAGE_TEST_DIR).parent_path(); }

/// A suite of one check of the ranged-disk setting (ranged_disk_suite.hpp), measured at
/// `measured`.
fs::path one_case_suite(const stowage::testing::TempDir& dir, const std::string& measured) {
  stowage::testing::write_ranged_disk_setting(dir.path());
  std::ofstream(dir / "cases.yaml")
      << "profiles: profiles\ncases:\n  - {id: c, role: check, workload: w.yaml, storage: "
         "ranged-disk, measured: "
      << measured << ", source: {url: \"https://example.org/x\", where: w}, family: f}\n";
  return dir / "cases.yaml";
}

/// A suite and its report, which points into the suite's cases.
struct Ran {
  std::unique_ptr<stowage::sim::config::AccuracySuite> suite;
  stowage::advisor::AccuracyReport report;
};

Ran run_suite(const fs::path& file, int worlds) {
  std::optional<stowage::sim::config::Catalog> catalog;
  Ran ran;
  ran.suite = std::make_unique<stowage::sim::config::AccuracySuite>(
      stowage::sim::config::load_accuracy_suite(
          file, [&](const fs::path& profiles) -> const stowage::sim::config::Catalog& {
            return catalog.emplace(stowage::sim::config::Catalog::standard({profiles}, ""));
          }));
  ran.report = stowage::advisor::run_accuracy(*ran.suite, *catalog, worlds);
  return ran;
}

}  // namespace

TEST_SUITE("accuracy") {
  TEST_CASE("accuracy bands: one ranged rate gives the band worked by hand") {
    // A world reads at 4^q GB/s, q uniform: the p10 time is 4 GB / 4^0.9 GB/s = 1.149 s, the
    // median 4 / 2 = 2 s, the p90 4 / 4^0.1 = 3.482 s; 200 worlds of a Latin hypercube place
    // each quantile within half a stratum (0.25% of q), so within 1%.
    const stowage::testing::TempDir dir("stowage-bands-test");
    const Ran ran = run_suite(one_case_suite(dir, "3s"), 200);
    const auto& r = ran.report;
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].predicted_s == doctest::Approx(2.0 + 4 * 10e-6).epsilon(1e-9));
    REQUIRE(r.rows[0].band);
    const CaseBand& b = *r.rows[0].band;
    CHECK(b.load_s.p10 == doctest::Approx(4.0 / std::pow(4.0, 0.9)).epsilon(0.01));
    CHECK(b.load_s.p50 == doctest::Approx(2.0).epsilon(0.01));
    CHECK(b.load_s.p90 == doctest::Approx(4.0 / std::pow(4.0, 0.1)).epsilon(0.01));
    CHECK(b.lowest_s >= 1.0);
    CHECK(b.highest_s <= 4.0);
    CHECK(b.verdict == BandVerdict::kInside);
    CHECK_FALSE(b.narrow);
    CHECK(std::find(b.figures.begin(), b.figures.end(), "ranged-disk.throughput.per_client") !=
          b.figures.end());
    CHECK(r.check_bands.checks == 1);
    CHECK(r.check_bands.inside == 1);
    CHECK(r.independent_bands.inside == 1);
    // Faster than the p10 world, slower than the p90 world, beyond every world.
    CHECK(run_suite(one_case_suite(dir, "1.1s"), 200).report.rows[0].band->verdict ==
          BandVerdict::kBelow);
    const Ran slow = run_suite(one_case_suite(dir, "3.6s"), 200);
    CHECK(slow.report.rows[0].band->verdict == BandVerdict::kAbove);
    CHECK(slow.report.check_bands.within_span == 1);
    CHECK(run_suite(one_case_suite(dir, "5s"), 200).report.check_bands.within_span == 0);
  }

  TEST_CASE("accuracy bands: the shipped suite's bands are ordered, repeatable and draw no price") {
    const auto suite =
        stowage::sim::config::load_accuracy_suite(source_dir() / "data/validation/cases.yaml");
    const auto catalog = stowage::sim::config::Catalog::standard({suite.profiles}, "");
    const auto a = stowage::advisor::run_accuracy(suite, catalog, 16);
    const auto b = stowage::advisor::run_accuracy(suite, catalog, 16);
    REQUIRE(a.rows.size() == b.rows.size());
    std::size_t narrow_checks = 0;
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
      CAPTURE(a.rows[i].c->id);
      REQUIRE(a.rows[i].band);
      const CaseBand& x = *a.rows[i].band;
      CHECK(x.lowest_s <= x.load_s.p10);
      CHECK(x.load_s.p10 <= x.load_s.p50);
      CHECK(x.load_s.p50 <= x.load_s.p90);
      CHECK(x.load_s.p90 <= x.highest_s);
      CHECK(x.load_s.p90 == b.rows[i].band->load_s.p90);
      for (const std::string& f : x.figures) CHECK(f.find(".cost.") == std::string::npos);
      narrow_checks += x.narrow && !a.rows[i].c->fit ? 1 : 0;
    }
    // The point prediction does not move with --uncertainty.
    const auto plain = stowage::advisor::run_accuracy(suite, catalog, 0);
    CHECK(plain.rows[3].predicted_s == a.rows[3].predicted_s);
    CHECK_FALSE(plain.rows[3].band);
    CHECK(a.check_bands.checks == a.checks.checks);
    CHECK(a.check_bands.narrow == narrow_checks);
    CHECK(a.check_bands.inside + a.check_bands.below + a.check_bands.above == a.check_bands.checks);
  }

  TEST_CASE("accuracy bands: the plot has a row, a band and a measured dot for every case") {
    const stowage::testing::TempDir dir("stowage-bands-plot");
    const Ran ran = run_suite(one_case_suite(dir, "3s"), 50);
    const auto& r = ran.report;
    const std::string svg = stowage::advisor::report::accuracy_band_svg(r);
    CHECK(svg.rfind("<svg ", 0) == 0);
    CHECK(svg.find("c (independent)") != std::string::npos);
    CHECK(svg.find("blue: inside (1 of 1 checks)") != std::string::npos);
    CHECK(svg.find("fill=\"#0072B2\"") != std::string::npos);  // inside: blue
    CHECK(svg.find("measured 3 s</title>") != std::string::npos);
    CHECK(svg == stowage::advisor::report::accuracy_band_svg(r));
    const Ran slow = run_suite(one_case_suite(dir, "5s"), 50);
    CHECK(stowage::advisor::report::accuracy_band_svg(slow.report).find("fill=\"#E69F00\"") !=
          std::string::npos);  // outside: orange
  }

  TEST_CASE("accuracy bands: the command prints the bands and refuses --worlds alone") {
    const auto r = run_stowage("accuracy --uncertainty --worlds 4");
    REQUIRE(r.code == 0);
    CHECK(r.out.find("band p10 / p50 / p90") != std::string::npos);
    CHECK(r.out.find("Independent checks: ") != std::string::npos);
    const auto csv = run_stowage("accuracy --uncertainty --worlds 4 --format csv");
    CHECK(csv.out.rfind("case,role,", 0) == 0);
    CHECK(csv.out.find(",band_p10_s,band_p50_s,band_p90_s,band_verdict,") != std::string::npos);
    const auto alone = run_stowage("accuracy --worlds 4");
    CHECK(alone.code == 2);
    CHECK(alone.err.find("--worlds: given without --uncertainty") != std::string::npos);
    CHECK(run_stowage("accuracy --uncertainty --worlds 0").code == 2);
    const auto plot_alone = run_stowage("accuracy --band-plot x.svg");
    CHECK(plot_alone.code == 2);
    CHECK(plot_alone.err.find("--band-plot: given without --uncertainty") != std::string::npos);
    // advise --uncertainty says, beside each profile's check cases, how often their bands held.
    const auto advice = run_stowage("advise --uncertainty --worlds 4");
    REQUIRE(advice.code == 0);
    CHECK(advice.out.find("storage oss: 1 check case (0 independent), median |error| 121%, "
                          "measured inside its band in ") != std::string::npos);
    CHECK(run_stowage("advise").out.find("inside its band") == std::string::npos);
  }
}
