// `stowage advise`: hard constraints with their reasons, the command line as users see it, the
// JSON contract, determinism and the golden outputs of the example workloads.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "advisor/judge/evaluate.hpp"
#include "cli_runner.hpp"

namespace adv = stowage::advisor;
namespace sim = stowage::sim;
using stowage::testing::run_stowage;
using stowage::testing::run_stowage_twice;

namespace {

sim::Workload one_file_workload(std::int64_t burst, std::int64_t regions) {
  sim::Workload w;
  w.name = "constraints";
  w.model.files = {{"model.safetensors", sim::Bytes(5e9)}};
  w.arrivals = sim::BurstArrivals{burst, sim::Seconds(0), sim::Seconds(0)};
  w.regions = regions;
  return w;
}

sim::StorageProfile storage_named(const std::string& name) {
  sim::StorageProfile s;
  s.info.name = name;
  return s;
}

}  // namespace

TEST_CASE("advise: hard constraints give their reason") {
  const sim::StorageChoice plain{"nas", std::nullopt, std::nullopt};
  // Two regions on a single-region storage with no replication option.
  sim::StorageProfile nas = storage_named("nas");
  CHECK(adv::hard_constraint(one_file_workload(1, 2), plain, nas) ==
        std::optional<std::string>(
            "2 regions asked, but one nas serves one region and the profile offers no "
            "replication"));
  // A replication option, or a multi-region storage, serves them.
  nas.limits.replication = {"cross-region"};
  CHECK_FALSE(adv::hard_constraint(one_file_workload(1, 2), plain, nas).has_value());
  // 1001 instances at once against max_clients 1000.
  nas.limits.max_clients = 1000;
  CHECK(
      adv::hard_constraint(one_file_workload(1001, 1), plain, nas) ==
      std::optional<std::string>("1001 instances at once, but at most 1000 clients may mount it"));
  CHECK_FALSE(adv::hard_constraint(one_file_workload(1000, 1), plain, nas).has_value());
  // A 5 GB model on a cache of at most 4 GB.
  nas.limits.max_capacity = sim::Bytes(4e9);
  CHECK(adv::hard_constraint(one_file_workload(1, 1), plain, nas) ==
        std::optional<std::string>("5 GB to hold, above its largest size 4 GB"));
}

TEST_CASE("advise: instances at once follow the arrival pattern") {
  // A schedule's highest replica count: max(40, 5) = 40.
  sim::ScheduleArrivals schedule;
  schedule.steps = {{sim::Seconds(0), 40}, {sim::Seconds(60), 5}};
  CHECK(adv::instances_at_once(schedule) == 40);
  // A Poisson pattern's expected starts: ceil(0.05 x 3600) = 180.
  CHECK(adv::instances_at_once(sim::PoissonArrivals{0.05, sim::Seconds(3600)}) == 180);
  CHECK(adv::instances_at_once(sim::SwitchArrivals{8, 3, sim::Seconds(60)}) == 8);
}

TEST_CASE("advise: no argument runs the embedded default, hinges included, in under 2 s") {
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_stowage("advise");
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  REQUIRE(r.code == 0);
  CHECK(took.count() < 2.0);
  CHECK(r.out.starts_with("sd15-fc-hpa-burst-50: recommended "));
  // Not a TTY: no colour codes.
  CHECK(r.out.find('\x1b') == std::string::npos);
}

TEST_CASE("advise: the JSON contract, in rank order, byte-identical run to run") {
  const auto j =
      nlohmann::json::parse(run_stowage_twice("advise data/workloads/idle-gpu.yaml --format json"));
  CHECK(j["workload"] == "sd15-idle-provisioned");
  REQUIRE(j["candidates"].size() == 3);
  CHECK(j["recommended"] == j["candidates"][0]["storage"]);
  int rank = 0;
  for (const auto& c : j["candidates"]) {
    for (const char* key : {"storage", "feasible", "reason", "p50_s", "p95_s", "p99_s", "max_s",
                            "failed", "cost_per_month", "currency", "bottleneck", "explanation"}) {
      CAPTURE(key);
      CHECK(c.contains(key));
    }
    CHECK(c["rank"] == ++rank);
    CHECK(c["feasible"] == true);
    CHECK(c["reason"].is_null());
  }
}

TEST_CASE("advise: a failed p99 is null and a workload nobody can serve recommends nothing") {
  const auto d = run_stowage("advise --format json");
  REQUIRE(d.code == 0);
  const auto dj = nlohmann::json::parse(d.out);
  // The last candidate of the default burst fails every start: its p99 is infinite.
  CHECK(dj["candidates"].back()["p99_s"].is_null());
  CHECK(dj["candidates"].back()["failed"] == 50);

  // Three regions with a 30 s p99: only OSS replicates across regions (cross-region
  // replication); it is simulated but misses the p99 (about 47 s), so nothing is recommended.
  const auto r = stowage::testing::run_shell(
      "d=$(mktemp -d) && sed 's/^objective: {p99: 120s/objective: {p99: 30s/' "
      "data/workloads/multi-region.yaml > \"$d/w.yaml\" && '" STOWAGE_BINARY
      "' advise \"$d/w.yaml\" --format json; s=$?; rm -rf \"$d\"; exit $s");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["recommended"].is_null());
  REQUIRE(j["candidates"].size() == 3);
  CHECK(j["candidates"][0]["storage"] == "oss");
  CHECK(j["candidates"][0]["feasible"] == true);
  // Infeasible candidates follow, ordered by name, with null times and costs.
  for (int i = 1; i < 3; ++i) {
    CHECK(j["candidates"][i]["feasible"] == false);
    CHECK(j["candidates"][i]["p99_s"].is_null());
    CHECK(j["candidates"][i]["cost_per_month"].is_null());
  }
  CHECK(j["candidates"][1]["storage"] == "image");
  CHECK(j["candidates"][2]["reason"] ==
        "3 regions asked, but one nas-performance serves one region and the profile offers no "
        "replication");
}

TEST_CASE("advise: --detailed-exitcode exits 3 when no choice meets the SLO, 0 when one does") {
  // Three regions with a 30 s p99: nothing is recommended. The advice is written whole, then the
  // status says so.
  const stowage::testing::TempDir temp("stowage-advise-exitcode");
  const std::string w = temp / "w.yaml";
  REQUIRE(stowage::testing::run_shell("sed 's/^objective: {p99: 120s/objective: {p99: 30s/' "
                                      "data/workloads/multi-region.yaml > " + w)
              .code == 0);
  const auto none = run_stowage("advise " + w + " --detailed-exitcode");
  CHECK(none.code == 3);
  CHECK(none.out == run_stowage("advise " + w).out);
  CHECK(run_stowage("advise " + w).code == 0);  // without the flag
  // The default burst has a recommendation.
  const auto some = run_stowage("advise --detailed-exitcode --format json");
  CHECK(some.code == 0);
  CHECK_FALSE(nlohmann::json::parse(some.out)["recommended"].is_null());
}

TEST_CASE("simulate --replications prints the run advise judges, with its p99") {
  // The default burst draws its sandbox starts: advise judges the worst of 3 runs. simulate with
  // --replications 3 prints that same run, so the two agree on the p99, and says which run.
  const auto advice = nlohmann::json::parse(run_stowage("advise --format json").out);
  const auto& image = advice["candidates"][0];
  REQUIRE(image["storage"] == "image");
  const auto sim = nlohmann::json::parse(
      run_stowage("simulate --storage image --replications 3 --format json").out);
  CHECK(sim["summary"]["p99_s"] == image["p99_s"]);
  const std::string note = sim["notes"].back().get<std::string>();
  CHECK(note.starts_with(fmt::format("judged run {} of 3 (the worst p99",
                                     image["judged_run"].get<int>() + 1)));
  // Without the flag, one run on the workload's seed, as before.
  CHECK(run_stowage("simulate --storage image").out ==
        run_stowage("simulate --storage image --replications 1").out);
  CHECK(run_stowage("simulate --replications 0").code == 2);
}

TEST_CASE("advise: a model that fits no GPU of the instance is one error with the fix") {
  // 61 GB of weights on one 24 GB L4: three L4s hold it (ceil(61 / 24) = 3). One error where the
  // GPU is named, from validate and advise alike, instead of every candidate reported infeasible.
  const std::string file = "tests/fixtures/bad/workload_model_too_big.yaml";
  const std::string message =
      file + ":7:6: error: gpu: the model (61 GB) does not fit on one l4 (24 GB): set "
             "instance.gpus: 3 (expected a GPU with at least 61 GB of memory, or "
             "instance.gpus >= 3)\n";
  const auto v = run_stowage("validate " + file);
  CHECK(v.code == 2);
  CHECK(v.out + v.err == message);
  const auto a = run_stowage("advise " + file);
  CHECK(a.code == 2);
  CHECK(a.out.empty());
  CHECK(a.err == message);
}

TEST_CASE("advise: a model over the platform's image limit makes the image infeasible") {
  const stowage::testing::TempDir temp("stowage-advise-image-limit");
  const std::filesystem::path file = temp / "workload.yaml";
  {
    std::ofstream out(file);
    out << "version: 1\nname: big-model\nmodel:\n  files:\n    - {path: m.safetensors, "
           "size: 40GB}\nplatform: fc-gpu\ngpu: l20\narrivals:\n  burst: {count: 2, at: 0s, "
           "spread: 0s}\nstorage: [image]\n";
  }
  const auto r = run_stowage("advise " + file.string() + " --format csv");
  REQUIRE(r.code == 0);
  // fc-gpu allows images of at most 30 GB compressed; the model alone is 40 GB.
  CHECK(r.out ==
        "rank,storage,feasible,meets_slo,p50_s,p95_s,p99_s,max_s,load_p50_s,failed,cost_per_month,"
        "currency,unpriced,bottleneck,reason,explanation,evidence\n"
        "1,image,false,false,,,,,,,,,,,the model (40 GB) does not fit in an image: fc-gpu allows "
        "at most 30 GB,image: not feasible: the model (40 GB) does not fit in an image: fc-gpu "
        "allows at most 30 GB,none\n");
}

TEST_CASE("advise: CSV has 4 significant digits and no cost where a term is unpriced") {
  const auto r = run_stowage("advise --format csv");
  REQUIRE(r.code == 0);
  // image's storage has no price: cost empty, unpriced true (JSON: 198.11 for the priced terms).
  // 22.9155288827965 s is 22.92, 31.202036699499985 s is 31.2; oss's 824.89 CNY is 824.9.
  CHECK(r.out.find("\n1,image,true,true,22.92,31.2,34.79,34.79,15.81,0,,CNY,true,image pull "
                   "rate,,") != std::string::npos);
  CHECK(r.out.find("\n2,oss,true,true,100.9,103.7,105.1,105.1,91.53,0,824.9,CNY,false,oss "
                   "object") != std::string::npos);
}

TEST_CASE("advise: --storage narrows the candidates, an unknown one is a user error") {
  const auto r = run_stowage("advise --storage oss --storage image --format csv");
  REQUIRE(r.code == 0);
  // A header and two rows.
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 3);
  const auto bad = run_stowage("advise --storage oss-acc");
  CHECK(bad.code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err ==
        "stowage advise: error: --storage: unknown storage 'oss-acc' (did you mean 'oss-accel'?)\n");
  const auto zero = run_stowage("advise --replications 0");
  CHECK(zero.code == 2);
  CHECK(zero.out.empty());
}

TEST_CASE("advise: markdown has a header row and one row per candidate") {
  const auto r = run_stowage("advise --format markdown");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("| # | storage | verdict | p50 | p99 | load p50 | failed | cost/month | "
                   "bottleneck | evidence |\n"
                   "|--:|---|---|--:|--:|--:|--:|--:|---|---|\n") != std::string::npos);
  CHECK(r.out.find("| 4 | ") != std::string::npos);
}

// tests/golden/advise-cases.txt lists "NAME ARGS" lines, regenerated with the other golden
// outputs by scripts/update-golden.sh: any change in a ranking, a cost or an explanation of an
// example workload shows as a diff here.
TEST_CASE("advise: every example workload matches its golden advice") {
  CHECK(stowage::testing::check_golden_cases("advise-cases.txt") > 0);
}

// A workload kept for the goldens alone (tests/fixtures/golden-workloads/) is in the list too:
// scripts/update-golden.sh adds it after the examples.
TEST_CASE("advise: every golden-only workload has its golden advice") {
  const std::string dir = STOWAGE_TEST_DIR;
  const std::string cases = stowage::testing::read_text(dir + "/golden/advise-cases.txt");
  int workloads = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/fixtures/golden-workloads")) {
    if (e.path().extension() != ".yaml") continue;
    const std::string name = e.path().stem().string();
    CAPTURE(name);
    CHECK(cases.find("advise-" + name + " advise tests/fixtures/golden-workloads/" + name +
                     ".yaml --format json\n") != std::string::npos);
    ++workloads;
  }
  CHECK(workloads > 0);
}
