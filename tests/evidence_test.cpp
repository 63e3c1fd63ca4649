// Evidence in the advice (advisor/judge/evidence.hpp, advisor/report/evidence.hpp): which check
// cases of the accuracy suite back a candidate's storage and loader, and how `advise` says so.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "advisor/judge/accuracy.hpp"
#include "advisor/judge/evidence.hpp"
#include "advisor/report/evidence.hpp"
#include "cli_runner.hpp"
#include "sim/config/accuracy_cases.hpp"
#include "sim/config/catalog.hpp"

namespace adv = stowage::advisor;

namespace {

std::filesystem::path suite_file() {
  return std::filesystem::path(STOWAGE_TEST_DIR).parent_path() / "data/validation/cases.yaml";
}

}  // namespace

TEST_CASE("evidence: the check cases of a profile, how many are independent, their median") {
  // Storage a: |errors| 0.30, 0.10, 0.20 -> sorted 0.10 0.20 0.30, nearest rank 50% of 3 is the
  // 2nd: 0.20. Loader vllm: 0.30 and 0.10 -> sorted 0.10 0.30, nearest rank 50% of 2 is the 1st:
  // 0.10. The generic loader (empty name): 0.20 alone.
  // Bands (advise --uncertainty): a's first case inside, its second outside, its third not
  // placed; b's inside. Widened by the model error: both of a's placed cases inside, b's not.
  const std::vector<adv::CheckedCase> cases{{"a", "vllm", true, 0.30, true, true},
                                            {"a", "vllm", false, 0.10, false, true},
                                            {"a", "", false, 0.20, std::nullopt, std::nullopt},
                                            {"b", "x", true, 0.40, true, false}};
  const adv::Evidence e = adv::evidence_of(cases, "a", "vllm");
  CHECK(e.storage.profile == "a");
  CHECK(e.storage.checks == 3);
  CHECK(e.storage.independent == 1);
  CHECK(e.storage.median_abs == doctest::Approx(0.20));
  CHECK(e.loader.checks == 2);
  CHECK(e.loader.independent == 1);
  CHECK(e.loader.median_abs == doctest::Approx(0.10));
  const adv::Evidence g = adv::evidence_of(cases, "c", "");
  CHECK_FALSE(g.storage.validated());
  CHECK(g.loader.checks == 1);
  CHECK(g.loader.median_abs == doctest::Approx(0.20));

  CHECK(adv::report::evidence_cell(e) == "storage 3 checks, 20%; loader 2 checks, 10%");
  CHECK(adv::report::evidence_cell(adv::evidence_of(cases, "c", "none")) == "none");
  const nlohmann::ordered_json j = adv::report::evidence_json(adv::evidence_of(cases, "c", "x"));
  CHECK(j["storage"]["checks"] == 0);
  CHECK(j["storage"]["median_abs_error"].is_null());
  CHECK(j["storage"]["text"] == "not validated against any published load");
  CHECK(j["loader"]["text"] ==
        "1 check case (1 independent), median |error| 40%, measured inside its band in 1 of 1 "
        "(0 of 1 with model error)");
  CHECK(j["loader"]["inside_band"]["checks"] == 1);
  CHECK(j["loader"]["inside_band"]["with_model_error"]["inside"] == 0);
  CHECK_FALSE(j["storage"].contains("inside_band"));
  CHECK(e.storage.banded == 2);
  CHECK(e.storage.inside == 1);
  CHECK(e.loader.banded == 2);
  CHECK(e.loader.inside == 1);
  const nlohmann::ordered_json a = adv::report::evidence_json(e);
  CHECK(a["storage"]["text"] ==
        "3 check cases (1 independent), median |error| 20%, measured inside its band in 1 of 2 "
        "(2 of 2 with model error)");
  CHECK(e.storage.widened == 2);
  CHECK(e.storage.inside_widened == 2);
  // The generic loader's one case was not placed: nothing is said of bands.
  CHECK(g.loader.banded == 0);
  CHECK(adv::report::evidence_json(g)["loader"]["text"] ==
        "1 check case (0 independent), median |error| 20%");
}

TEST_CASE("evidence: the cases it predicts are the suite's checks, as stowage accuracy predicts them") {
  const auto suite = stowage::sim::config::load_accuracy_suite(suite_file());
  const auto catalog = stowage::sim::config::Catalog::standard({suite.profiles}, "");
  const adv::AccuracyReport all = adv::run_accuracy(suite, catalog);
  // Every storage and loader the suite uses, asked about at once: every check case comes back,
  // with the |error| the accuracy table prints, in suite order; no fit case does.
  std::vector<std::string> storages;
  for (const auto& c : suite.cases) storages.push_back(c.storage);
  std::vector<std::size_t> checks;
  for (std::size_t i = 0; i < suite.cases.size(); ++i) {
    if (!suite.cases[i].fit) checks.push_back(i);
  }
  const auto cases = adv::checked_cases(suite, catalog, storages, "no-such-loader");
  REQUIRE(cases.size() == checks.size());
  for (std::size_t k = 0; k < checks.size(); ++k) {
    const auto& c = suite.cases[checks[k]];
    CAPTURE(c.id);
    CHECK(cases[k].storage == c.storage);
    CHECK(cases[k].independent == c.independent());
    CHECK(cases[k].abs_error == std::abs(all.rows[checks[k]].error));
  }
  // Asked about nothing the suite uses: nothing is predicted.
  CHECK(adv::checked_cases(suite, catalog, {"image"}, "no-such-loader").empty());
  // From a report with bands: the same checks, each placed against its band and, where another
  // source has an independent check, against its band with model error.
  const adv::AccuracyReport banded = adv::run_accuracy(suite, catalog, 8);
  const auto placed = adv::checked_cases(banded);
  REQUIRE(placed.size() == checks.size());
  std::size_t inside = 0, inside_widened = 0;
  for (std::size_t k = 0; k < checks.size(); ++k) {
    CHECK(placed[k].abs_error == cases[k].abs_error);
    CHECK(placed[k].inside_band.has_value());
    inside += placed[k].inside_band.value_or(false) ? 1 : 0;
    inside_widened += placed[k].inside_widened_band.value_or(false) ? 1 : 0;
  }
  CHECK(inside == banded.check_bands.inside);
  CHECK(inside_widened == banded.check_bands.inside_with_error);
}

TEST_CASE("evidence: advise says, per candidate, whether its profiles were validated") {
  const auto table = stowage::testing::run_stowage("advise");
  CHECK(table.code == 0);
  CHECK(table.out.find("evidence") != std::string::npos);
  CHECK(table.out.find("not validated against any published load") != std::string::npos);

  const auto json = stowage::testing::run_stowage("advise --format json");
  REQUIRE(json.code == 0);
  const auto j = nlohmann::json::parse(json.out);
  for (const auto& c : j["candidates"]) {
    CAPTURE(c["storage"]);
    REQUIRE(c.contains("evidence"));
    CHECK(c["evidence"]["storage"]["profile"] == c["storage"]);
    CHECK(c["evidence"]["storage"].contains("checks"));
    CHECK(c["evidence"]["loader"].contains("median_abs_error"));
  }
  // `stowage table` carries no evidence: its candidates have no such key.
}
