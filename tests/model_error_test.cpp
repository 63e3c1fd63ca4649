// Model error (advisor/judge/model_error.hpp): the widened band worked by hand, leave one source
// out on a suite of two sources, and the outputs of `accuracy --uncertainty` and
// `advise --uncertainty` that carry it.
#include "advisor/judge/model_error.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "advisor/report/accuracy_plot.hpp"
#include "cli_runner.hpp"
#include "ranged_disk_suite.hpp"
#include "sim/config/accuracy_cases.hpp"
#include "sim/config/catalog.hpp"

namespace fs = std::filesystem;
using stowage::advisor::Band;
using stowage::advisor::BandVerdict;
using stowage::advisor::with_model_error;
using stowage::testing::run_stowage;

namespace {

/// Two checks of the ranged-disk setting (ranged_disk_suite.hpp, predicted 2 s): `a` from
/// example.org, measured at 3 s, and `b` from example.net, at 1 s.
fs::path two_source_suite(const stowage::testing::TempDir& dir) {
  stowage::testing::write_ranged_disk_setting(dir.path());
  std::ofstream(dir / "cases.yaml")
      << "profiles: profiles\ncases:\n"
         "  - {id: a, role: check, workload: w.yaml, storage: ranged-disk, measured: 3s, "
         "source: {url: \"https://example.org/x\", where: w}, family: fa}\n"
         "  - {id: b, role: check, workload: w.yaml, storage: ranged-disk, measured: 1s, "
         "source: {url: \"https://example.net/y\", where: w}, family: fb}\n";
  return dir / "cases.yaml";
}

}  // namespace

TEST_SUITE("accuracy") {
  TEST_CASE("model error: every world times every ratio, worked by hand") {
    // 10 and 20 s times 0.5 and 2: 5, 10, 20 and 40 s; p10 at 0.3 of the first step, 6.5 s; the
    // median half way from 10 to 20 s, 15 s; p90 at 0.7 of the last step, 34 s.
    const Band b = with_model_error({10, 20}, {0.5, 2});
    CHECK(b.p10 == doctest::Approx(6.5));
    CHECK(b.p50 == doctest::Approx(15));
    CHECK(b.p90 == doctest::Approx(34));
    // No ratio: the worlds as they are.
    const Band plain = with_model_error({10, 20}, {});
    CHECK(plain.p10 == doctest::Approx(11));
    CHECK(plain.p90 == doctest::Approx(19));
  }

  TEST_CASE("model error: the advice scales a start's reading and copying, not the rest") {
    // Two worlds of p99 10 s and 20 s, 4 s of each outside reading (a sandbox, say): the reads
    // 6 and 16 s times 0.5 and 2, plus 4 s: 7, 16, 12 and 36 s, sorted 7, 12, 16, 36: p10 8.5 s,
    // median 14 s, p90 30 s. An infeasible candidate gets no band.
    stowage::advisor::Uncertainty u;
    u.candidates.resize(2);
    u.candidates[0].world_p99_s = {10, 20};
    u.candidates[0].world_outside_read_s = {4, 4};
    u.candidates[1].infeasible = "no block volumes";
    stowage::advisor::AdviceModelError e;
    e.error.ratios = {0.5, 2};
    stowage::advisor::attach_model_error(u, e, 15.0);
    REQUIRE(u.candidates[0].p99_with_error);
    // Within a 15 s p99 target: 7 and 12 s of the four values, half.
    CHECK(u.candidates[0].p99_target_share_with_error == doctest::Approx(0.5));
    CHECK_FALSE(u.candidates[1].p99_target_share_with_error);
    CHECK(u.candidates[0].p99_with_error->p10 == doctest::Approx(8.5));
    CHECK(u.candidates[0].p99_with_error->p50 == doctest::Approx(14));
    CHECK(u.candidates[0].p99_with_error->p90 == doctest::Approx(30));
    CHECK_FALSE(u.candidates[1].p99_with_error);
    REQUIRE(u.model_error);
    CHECK(u.model_error->error.ratios.size() == 2);
  }

  TEST_CASE("model error: each case is widened by the other sources' checks only") {
    const stowage::testing::TempDir dir("stowage-model-error-test");
    std::optional<stowage::sim::config::Catalog> catalog;
    const auto suite = stowage::sim::config::load_accuracy_suite(
        two_source_suite(dir), [&](const fs::path& profiles) -> const auto& {
          return catalog.emplace(stowage::sim::config::Catalog::standard({profiles}, ""));
        });
    const auto r = stowage::advisor::run_accuracy(suite, *catalog, 200);
    REQUIRE(r.rows.size() == 2);
    const double predicted = r.rows[0].predicted_s;  // 2 s and four 10 us copy calls
    CHECK(predicted == doctest::Approx(2.0).epsilon(1e-4));
    // Every independent check: ratios 3 / 2 and 1 / 2.
    CHECK(r.error_checks == 2);
    CHECK(r.error_sources == 2);
    CHECK(r.error_ratio.p10 == doctest::Approx(0.6).epsilon(1e-4));
    CHECK(r.error_ratio.p90 == doctest::Approx(1.4).epsilon(1e-4));
    // a (3 s) is judged with b's ratio alone, 0.5: its band 1.149..3.482 s becomes 0.574..1.741
    // s, so a, inside its own band, is above the widened one. b (1 s) is judged with a's, 1.5:
    // 1.723..5.223 s, and stays below, as it was below its own band.
    REQUIRE(r.rows[0].band);
    REQUIRE(r.rows[0].band->with_error);
    const Band& wa = *r.rows[0].band->with_error;
    const double ratio_b = 1.0 / predicted, ratio_a = 3.0 / predicted;  // 0.49999 and 1.49997
    CHECK(wa.p10 == doctest::Approx(ratio_b * r.rows[0].band->load_s.p10));
    CHECK(wa.p90 == doctest::Approx(ratio_b * r.rows[0].band->load_s.p90));
    CHECK(r.rows[0].band->verdict == BandVerdict::kInside);
    CHECK(r.rows[0].band->verdict_with_error == BandVerdict::kAbove);
    const Band& wb = *r.rows[1].band->with_error;
    CHECK(wb.p10 == doctest::Approx(ratio_a * r.rows[1].band->load_s.p10));
    CHECK(r.rows[1].band->verdict_with_error == BandVerdict::kBelow);
    CHECK(r.check_bands.with_error == 2);
    CHECK(r.check_bands.inside_with_error == 0);
    // The chart draws each widened band as a whisker, dashed where the load falls outside it.
    const std::string svg = stowage::advisor::report::accuracy_band_svg(r);
    CHECK(svg.find("whisker: with model error (0 of 2 inside)") != std::string::npos);
    CHECK(svg.find("stroke-dasharray=\"4 3\"") != std::string::npos);
    // Without the other source, a check has no widened band.
    const auto alone = stowage::advisor::model_error(r.rows, "example.org");
    CHECK(alone.ratios.size() == 1);
    CHECK(alone.ratios[0] == doctest::Approx(1.0 / predicted));
  }

  TEST_CASE("model error: accuracy and advise print it under --uncertainty only") {
    const auto csv = run_stowage("accuracy --uncertainty --worlds 4 --format csv");
    REQUIRE(csv.code == 0);
    CHECK(csv.out.find(",band_p10_s,band_p50_s,band_p90_s,band_verdict,error_band_p10_s,"
                       "error_band_p50_s,error_band_p90_s,error_band_verdict\n") !=
          std::string::npos);
    const auto text = run_stowage("accuracy --uncertainty --worlds 4");
    CHECK(text.out.find("Model error: measured / predicted over the ") != std::string::npos);
    CHECK(text.out.find("with model error, ") != std::string::npos);
    const auto advice = run_stowage("advise --uncertainty --worlds 4");
    REQUIRE(advice.code == 0);
    CHECK(advice.out.find("P99 WITH MODEL ERROR") != std::string::npos);
    CHECK(advice.out.find("P99 TARGET HOLDS") != std::string::npos);
    CHECK(advice.out.find("Model error: these worlds move only the ranged figures.") !=
          std::string::npos);
    const auto json = run_stowage("advise --uncertainty --worlds 4 --format json");
    CHECK(json.out.find("\"p99_s_with_model_error\"") != std::string::npos);
    CHECK(json.out.find("\"inside_with_model_error\"") != std::string::npos);
    CHECK(json.out.find("\"p99_target_holds_with_model_error\"") != std::string::npos);
    CHECK(run_stowage("advise").out.find("MODEL ERROR") == std::string::npos);
    // Without a p99 target (idle-gpu's objective has none) there is no share to print.
    const auto idle = run_stowage("advise data/workloads/idle-gpu.yaml --uncertainty --worlds 4");
    REQUIRE(idle.code == 0);
    CHECK(idle.out.find("P99 WITH MODEL ERROR") != std::string::npos);
    CHECK(idle.out.find("P99 TARGET HOLDS") == std::string::npos);
  }
}
