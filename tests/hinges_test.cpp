// What the advice hinges on (advisor/judge/hinges.hpp, advisor/judge/figure_knobs.hpp), auto-sizing
// (advisor/judge/evaluate.hpp) and costs in one currency (sim/exchange_rates.hpp): issue 15.
#include "advisor/judge/hinges.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "advisor/judge/figure_knobs.hpp"
#include "advisor/report/advice.hpp"
#include "cli_runner.hpp"
#include "sim/config/resolve.hpp"
#include "sim/profile_figures.hpp"
#include "sim/storage/kind.hpp"

namespace adv = stowage::advisor;
namespace sim = stowage::sim;
using stowage::testing::run_shell;
using stowage::testing::run_stowage;

namespace {

sim::config::Catalog embedded_catalog() {
  sim::config::Catalog::Options o;
  o.installed = false;
  return sim::config::Catalog(o);
}

sim::Scenario default_scenario(const sim::config::Catalog& catalog) {
  return sim::config::resolve_scenario(sim::config::load_checked_workload("", catalog), catalog);
}

const adv::FigureKnob& knob_named(const std::vector<adv::FigureKnob>& knobs,
                                  const std::string& figure) {
  const auto it = std::find_if(knobs.begin(), knobs.end(),
                               [&](const adv::FigureKnob& k) { return k.figure() == figure; });
  REQUIRE(it != knobs.end());
  return *it;
}

/// The scenario with `knob` at `factor` times its value, on a copy of the profiles.
sim::Scenario probed(const sim::Scenario& scenario, const adv::FigureKnob& knob, double factor) {
  auto set = std::make_shared<sim::ProfileSet>(*scenario.profiles);
  knob.set(*set, *knob.value * factor);
  sim::Scenario s = scenario;
  s.profiles = set;
  return s;
}

/// Three replications, as `stowage advise` judges a candidate.
adv::EvaluateOptions three_runs() {
  adv::EvaluateOptions options;
  options.replications = 3;
  return options;
}

}  // namespace

TEST_CASE("hinges: a knob writes its figure into a copy of the profiles, never the original") {
  const sim::config::Catalog catalog = embedded_catalog();
  const sim::Scenario scenario = default_scenario(catalog);
  const std::vector<adv::FigureKnob> knobs = adv::figure_knobs(scenario);
  // fc-gpu's pull rate: 300 MB/s, an assumption.
  const adv::FigureKnob& pull = knob_named(knobs, "fc-gpu.image.pull_rate");
  REQUIRE(pull.value);
  CHECK(*pull.value == doctest::Approx(300e6));
  REQUIRE(pull.source);
  CHECK(pull.source->is_assumption());
  sim::ProfileSet copy = *scenario.profiles;
  pull.set(copy, 150e6);
  CHECK(copy.platform_profile("fc-gpu").image.pull_rate.value() == doctest::Approx(150e6));
  CHECK(scenario.platform().image.pull_rate.value() == doctest::Approx(300e6));
  // The image cache's shared bandwidth: 4.3 GB/s, an assumption; the knob sets the copy's.
  const adv::FigureKnob& cache = knob_named(knobs, "fc-gpu.image.cache_bandwidth");
  REQUIRE(cache.value);
  CHECK(*cache.value == doctest::Approx(4.3e9));
  cache.set(copy, 10e9);
  REQUIRE(copy.platform_profile("fc-gpu").image.cache_bandwidth);
  CHECK(copy.platform_profile("fc-gpu").image.cache_bandwidth->value() == doctest::Approx(10e9));
  // A random delay moves by its median: lognormal median 5 s, p99 15 s -> median 10 s, p99 30 s.
  const adv::FigureKnob& sandbox = knob_named(knobs, "fc-gpu.sandbox_start");
  CHECK(*sandbox.value == doctest::Approx(5));
  sandbox.set(copy, 10);
  CHECK(copy.platform_profile("fc-gpu").sandbox_start.median().value() == doctest::Approx(10));
  CHECK(copy.platform_profile("fc-gpu").sandbox_start.quantile(0.99).value() ==
        doctest::Approx(30).epsilon(1e-6));
  // A linear capacity term: oss-accel's floor, 600 MB/s (published).
  const adv::FigureKnob& floor = knob_named(knobs, "oss-accel.throughput.shared.floor");
  CHECK(*floor.value == doctest::Approx(600e6));
  CHECK_FALSE(floor.source->is_assumption());
  floor.set(copy, 1.2e9);
  const sim::Sizing tiny{sim::Bytes(1e9), sim::Bytes(1e9)};
  CHECK(copy.storage_profile("oss-accel").throughput.shared->at(tiny).value() ==
        doctest::Approx(1.2e9));
}

TEST_CASE("hinges: a price probe costs the candidate anew, as a full evaluation does") {
  // A price moves no simulation, so the probe reprices the advice's candidate (with_prices)
  // instead of simulating it again; at x3 and x1/3 of every price the default scenario has,
  // every cost figure is what evaluate() gives to the last bit.
  const sim::config::Catalog catalog = embedded_catalog();
  const sim::Scenario scenario = default_scenario(catalog);
  const adv::EvaluateOptions options = three_runs();
  int priced = 0;
  for (const adv::FigureKnob& knob : adv::figure_knobs(scenario)) {
    if (knob.unit != adv::FigureKnob::Unit::kPrice || !knob.value) continue;
    for (const double factor : {1.0 / 3, 3.0}) {
      const sim::Scenario at = probed(scenario, knob, factor);
      for (const sim::StorageChoice& choice : scenario.candidates) {
        CAPTURE(knob.figure());
        CAPTURE(choice.profile);
        const adv::Candidate was = adv::evaluate(scenario, choice, options);
        const adv::Candidate full = adv::evaluate(at, choice, options);
        const adv::Candidate repriced = adv::with_prices(at, choice, was);
        CHECK(repriced.cost.compared == full.cost.compared);
        CHECK(repriced.cost.total == full.cost.total);
        CHECK(repriced.cost.currency == full.cost.currency);
        CHECK(repriced.meets_slo == full.meets_slo);
        CHECK(repriced.judged_p99_s() == full.judged_p99_s());
        ++priced;
      }
    }
  }
  CHECK(priced > 0);
}

TEST_CASE("hinges: a platform's image, VPC and vCPU figures touch only what reads them") {
  // knob_touches leaves a candidate out of a probe when the figure cannot change its
  // evaluation: the image figures reach the image storage alone, the VPC figures a storage in
  // a VPC alone, the vCPUs a FUSE client alone. At x3 and x1/3 of each such figure of the
  // default scenario, every candidate left out evaluates as it did, to the last bit.
  const sim::config::Catalog catalog = embedded_catalog();
  const sim::Scenario scenario = default_scenario(catalog);
  const adv::EvaluateOptions options = three_runs();
  int left_out = 0;
  for (const adv::FigureKnob& knob : adv::figure_knobs(scenario)) {
    if (knob.kind != sim::ProfileKind::kPlatform || !knob.value) continue;
    const bool image = knob.path.starts_with("image."), vpc = knob.path.starts_with("vpc.");
    const bool vcpu = knob.path == "vcpu";
    if (!image && !vpc && !vcpu) continue;
    for (const sim::StorageChoice& choice : scenario.candidates) {
      const sim::StorageProfile& s = scenario.storage(choice);
      CAPTURE(knob.figure());
      CAPTURE(choice.profile);
      const bool reads = image ? s.kind->name() == "image"
                         : vpc ? s.cold_start.vpc
                               : s.fuse.has_value();
      CHECK(adv::knob_touches(knob, scenario, choice) == reads);
      if (adv::knob_touches(knob, scenario, choice)) continue;
      const adv::Candidate was = adv::evaluate(scenario, choice, options);
      for (const double factor : {1.0 / 3, 3.0}) {
        const adv::Candidate now = adv::evaluate(probed(scenario, knob, factor), choice, options);
        CHECK(now.judged_p99_s() == was.judged_p99_s());
        CHECK(now.summary.p50_s == was.summary.p50_s);
        CHECK(now.meets_slo == was.meets_slo);
        CHECK(now.cost.compared == was.cost.compared);
        ++left_out;
      }
    }
  }
  CHECK(left_out > 0);
}

TEST_CASE("hinges: an unset image cache is searched from every NIC together down") {
  // burst-500 on fc-gpu with its image distribution unknown (tests/fixtures/profiles/image-unset):
  // the registry's aggregate rate is unset, so the knob is listed with no value.
  const std::string run =
      "d=$(mktemp -d) && sed 's/^platform: fc-gpu$/platform: fc-gpu-unset/' "
      "data/workloads/burst-500.yaml > \"$d/w.yaml\" && '" STOWAGE_BINARY
      "' advise \"$d/w.yaml\" --profiles tests/fixtures/profiles/image-unset";
  const auto r = run_shell(run + " --format json; s=$?; rm -rf \"$d\"; exit $s");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.contains("hinges"));
  const auto& hinges = j["hinges"];
  const auto it = std::find_if(hinges.begin(), hinges.end(), [](const nlohmann::json& h) {
    return h["figure"] == "fc-gpu-unset.image.cache_bandwidth";
  });
  REQUIRE(it != hinges.end());
  CHECK((*it)["value"].is_null());
  CHECK((*it)["source"] == "unset");
  CHECK((*it)["direction"] == "below");
  // The image keeps the recommendation down to about 10 GB/s.
  CHECK((*it)["flips_at"].get<double>() > 3e9);
  CHECK((*it)["flips_at"].get<double>() < 30e9);
  CHECK((*it)["text"].get<std::string>().starts_with(
      "holds while fc-gpu-unset.image.cache_bandwidth >= "));
  // The terminal advice prints the same line after the table, and says the image's p99 is
  // unbounded there.
  const auto t = run_shell(run + "; s=$?; rm -rf \"$d\"; exit $s");
  CHECK(t.out.find("\nholds while fc-gpu-unset.image.cache_bandwidth >= ") != std::string::npos);
  CHECK(t.out.find("unbounded in this prediction: fc-gpu-unset.image.cache_bandwidth") !=
        std::string::npos);
}

TEST_CASE("hinges: --robustness prints the full table and --plot draws a tornado chart") {
  const auto r = run_shell("d=$(mktemp -d) && '" STOWAGE_BINARY
                           "' advise --robustness --plot \"$d/t.svg\" && head -c 4 \"$d/t.svg\" && "
                           "grep -c '<rect' \"$d/t.svg\" && grep -o '>[^<]*the [^<]*<' "
                           "\"$d/t.svg\"; rm -rf \"$d\"");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("figure") != std::string::npos);
  CHECK(r.out.find("advice holds") != std::string::npos);
  CHECK(r.out.find("fc-gpu.image.pull_rate") != std::string::npos);
  // Range ends print as figures, not float noise (0.0306 USD was 0.030600000000000002 USD).
  CHECK(r.out.find("0.0306 USD .. 3.06 USD") != std::string::npos);
  CHECK(r.out.find("00000000") == std::string::npos);
  CHECK(r.out.find("<svg") != std::string::npos);
  // The legend explains every colour: the blue and the grey bars, the red flip, the value used.
  CHECK(r.out.find(">the recommendation holds; the advice's figures change<") != std::string::npos);
  CHECK(r.out.find(">no effect: the advice is the same throughout<") != std::string::npos);
  CHECK(r.out.find(">x1: the value the advice used<") != std::string::npos);
  // --plot and --every-figure need --robustness.
  const auto bad = run_stowage("advise --plot x.svg");
  CHECK(bad.code == 2);
  CHECK(bad.err ==
        "stowage advise: error: --plot: given without --robustness (expected "
        "--robustness --plot FILE.svg)\n");
}

TEST_CASE("hinges: the default advice's JSON carries the hinges array") {
  const auto r = run_stowage("advise --format json");
  REQUIRE(r.code == 0);
  CHECK(nlohmann::json::parse(r.out)["hinges"].is_array());
}

TEST_CASE(
    "auto-sizing: an unsized storage whose throughput grows with size is ranked at the "
    "smallest size that meets the SLO") {
  const sim::config::Catalog catalog = embedded_catalog();
  sim::Workload w = sim::config::load_checked_workload("", catalog);
  w.arrivals = sim::BurstArrivals{100, sim::Seconds(0), sim::Seconds(0)};
  const sim::StorageChoice cpfs{"cpfs", std::nullopt, std::nullopt};
  const sim::Scenario s = sim::config::resolve_scenario(w, catalog, {cpfs});
  const adv::Candidate plain = adv::evaluate(s, cpfs, adv::EvaluateOptions{1, false, false});
  // At the default size (the model's 4.6 GB) cpfs gives 400 MB/s per TiB x 0.004 TiB, under
  // 2 MB/s for 100 instances: it misses the SLO.
  CHECK_FALSE(plain.meets_slo);
  const adv::Candidate sized = adv::evaluate(s, cpfs, adv::EvaluateOptions{1, false, true});
  REQUIRE(sized.sized);
  CHECK_FALSE(sized.sized->by_stored);
  CHECK(sized.meets_slo);
  // Sizes are whole powers of two GiB: the one below the chosen size misses.
  const double to = sized.sized->to.value();
  CHECK(std::log2(to / 1073741824.0) == doctest::Approx(std::round(std::log2(to / 1073741824.0))));
  sim::StorageChoice half = cpfs;
  half.capacity = sim::Bytes(to / 2);
  CHECK_FALSE(adv::evaluate(s, half, adv::EvaluateOptions{1, false, false}).meets_slo);
  // Costed at that size: USD 0.3057 per GB-month provisioned x to / 1e9.
  CHECK(sized.cost.storage == doctest::Approx(0.3057 * to / 1e9));
  CHECK(adv::report::sized_text(*sized.sized).starts_with("sized to "));
  // One 4.27 GB file: 4096 x 4.27 GB = 17.5 TB is below 16 TiB (17.6 TB), so the sizes reach
  // 16 TiB, the first power of two GiB above it, where 400 MB/s per TiB gives 6.4 GB/s; 8 TiB
  // (3.2 GB/s) misses. A size cut at 4096 x the default (17.5 TB) was reported before.
  w.model.files.resize(1);
  w.model.files[0].size = sim::Bytes(4.27e9);
  const sim::Scenario one = sim::config::resolve_scenario(w, catalog, {cpfs});
  const adv::Candidate at = adv::evaluate(one, cpfs, adv::EvaluateOptions{1, false, true});
  REQUIRE(at.sized);
  CHECK(at.sized->to.value() == doctest::Approx(16 * 1099511627776.0));
}

TEST_CASE("currencies: sd15-model-switch ranks NAS (USD) and OSS (CNY) on converted costs") {
  const auto r = run_stowage("advise data/workloads/model-switch.yaml --format json");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  for (const auto& c : j["candidates"]) {
    REQUIRE(c["cost_compared"].is_object());
    CHECK(c["cost_compared"]["currency"] == "CNY");
  }
  CHECK(j["cost_note"].get<std::string>().starts_with(
      "costs are ranked in CNY at 1 USD = 7.0796 CNY (2025-11-26, "));
}

TEST_CASE(
    "currencies: the user's exchange rates replace the shipped ones, a missing rate is an "
    "error") {
  // Rates in USD: 1 CNY = 0.1412 USD (a user's own figure, with its own source).
  const auto r = run_shell(
      "d=$(mktemp -d) && printf 'description: t\\nreference: USD\\ndate: 2025-11-26\\n"
      "source: my bank\\nrates: {CNY: 0.1412}\\n' > \"$d/exchange-rates.yaml\" && '" STOWAGE_BINARY
      "' advise data/workloads/model-switch.yaml --profiles \"$d\" --format json; rm -rf \"$d\"");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["candidates"][0]["cost_compared"]["currency"] == "USD");
  // A rate file without USD, while nas-performance prices in USD.
  const auto bad = run_shell(
      "d=$(mktemp -d) && printf 'description: t\\nreference: CNY\\ndate: 2025-11-26\\n"
      "source: my bank\\nrates: {EUR: 7.8}\\n' > \"$d/exchange-rates.yaml\" && '" STOWAGE_BINARY
      "' advise data/workloads/model-switch.yaml --profiles \"$d\"; s=$?; rm -rf \"$d\"; exit $s");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("error: cost.currency: no exchange rate from USD to CNY in ") !=
        std::string::npos);
  // An assumed rate is refused: rates must be published.
  const auto assumed = run_shell(
      "d=$(mktemp -d) && printf 'description: t\\nreference: CNY\\ndate: 2025-11-26\\n"
      "source: \"assumption: about 7\"\\nrates: {USD: 7}\\n' > \"$d/exchange-rates.yaml\" && "
      "'" STOWAGE_BINARY "' advise --profiles \"$d\"; s=$?; rm -rf \"$d\"; exit $s");
  CHECK(assumed.code == 2);
  CHECK(assumed.err.find("exchange-rates.yaml:4:9: error: source: exchange rates must be "
                         "published figures") != std::string::npos);
}

TEST_CASE("currencies: an unpriced storage reads `unpriced`, never 0.00, and the note names it") {
  const auto r = run_stowage("advise data/workloads/small-model.yaml --format json");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  for (const auto& c : j["candidates"]) {
    if (c["storage"] != "image" || !c["feasible"].get<bool>()) continue;
    CHECK(c["cost"]["storage"] == "unpriced");
    CHECK(c["cost_text"].get<std::string>().find("storage unpriced") != std::string::npos);
  }
}

TEST_CASE("readme: the shipped scenarios table is what scripts/update-readme-table.sh writes") {
  const auto r = run_shell("STOWAGE='" STOWAGE_BINARY "' scripts/update-readme-table.sh --check");
  CHECK(r.err == "");
  CHECK(r.code == 0);
}

TEST_CASE("hinges: the knobs of a platform are its table's knob rows, in the table's order") {
  // sim/profile_figures.hpp marks the figures the hinges vary; the platform's top-level rows
  // lead its knobs, followed by the sections listed by hand (vpc, image, gpu pricing).
  const sim::config::Catalog catalog = embedded_catalog();
  const sim::Scenario scenario = default_scenario(catalog);
  const std::vector<adv::FigureKnob> knobs = adv::figure_knobs(scenario);
  // The platform's knobs that are table rows, as listed; an unset optional row is left out.
  std::vector<std::string> listed, expected;
  const auto is_row = [](const std::string& path) {
    for (const auto& row : sim::platform_figures()) {
      if (row.spec.knob && row.spec.path == path) return true;
    }
    return false;
  };
  for (const adv::FigureKnob& k : knobs) {
    if (k.kind == sim::ProfileKind::kPlatform && is_row(k.path)) listed.push_back(k.path);
  }
  for (const auto& row : sim::platform_figures()) {
    const bool present = std::find(listed.begin(), listed.end(), row.spec.path) != listed.end();
    if (row.spec.knob && row.spec.presence == sim::FigurePresence::kRequired) CHECK(present);
    if (present) expected.emplace_back(row.spec.path);
  }
  CHECK(listed.size() >= 4);
  CHECK(listed == expected);
  // They lead the list.
  REQUIRE(knobs.size() > listed.size());
  CHECK(knobs[listed.size() - 1].path == listed.back());
  // A storage price row is a knob in the storage's currency.
  const auto price = std::find_if(knobs.begin(), knobs.end(), [](const adv::FigureKnob& k) {
    return k.unit == adv::FigureKnob::Unit::kPrice && k.kind == sim::ProfileKind::kStorage;
  });
  REQUIRE(price != knobs.end());
  CHECK_FALSE(price->currency.empty());
}
