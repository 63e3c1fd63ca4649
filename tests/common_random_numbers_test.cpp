// Common random numbers: a load's drawn delays are keyed by the run's seed, the load's index and
// which draw it is (sim/coldstart/load_plan.hpp, sim/rng.hpp keyed_uniform), so that two runs
// compared on one seed differ only in what is compared. Before, the delays came from one stream
// in request order: a storage with a mount phase took one more number per load than the image,
// and every later load of the image then drew another sandbox start.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "cli_runner.hpp"

#include "sim/config/catalog.hpp"
#include "sim/config/resolve.hpp"
#include "sim/rng.hpp"
#include "sim/simulate.hpp"

namespace sim = stowage::sim;

namespace {

sim::Scenario default_scenario(const sim::config::Catalog& catalog) {
  return sim::config::resolve_scenario(sim::config::load_checked_workload("", catalog), catalog);
}

/// Each load's drawn sandbox start (its length), in request order.
std::vector<double> sandbox_starts(const sim::SimResult& r) {
  std::vector<double> out;
  for (const sim::LoadResult& load : r.loads) {
    for (const sim::PhaseTime& p : load.phases) {
      if (p.phase == sim::Phase::kSandbox) out.push_back((p.end - p.start).value());
    }
  }
  return out;
}

}  // namespace

TEST_CASE("common random numbers: keyed draws depend on their key alone") {
  // The same key gives the same number; any part of the key changed gives another.
  CHECK(sim::keyed_uniform(42, 7, 0) == sim::keyed_uniform(42, 7, 0));
  CHECK(sim::keyed_uniform(42, 7, 0) != sim::keyed_uniform(43, 7, 0));
  CHECK(sim::keyed_uniform(42, 7, 0) != sim::keyed_uniform(42, 8, 0));
  CHECK(sim::keyed_uniform(42, 7, 0) != sim::keyed_uniform(42, 7, 1));
  // In [0, 1), and spread: the mean of 100,000 draws is 1/2 within 5 standard errors
  // (sqrt(1/12 / 1e5) = 0.00091).
  double sum = 0;
  for (std::uint64_t k = 0; k < 100000; ++k) {
    const double u = sim::keyed_uniform(1, k, 0);
    CHECK_FALSE(u < 0);
    CHECK(u < 1);
    sum += u;
  }
  CHECK(sum / 100000 == doctest::Approx(0.5).epsilon(0.0091));
}

TEST_CASE("common random numbers: the image and NAS give each load the same sandbox start") {
  // The default workload on fc-gpu: a lognormal sandbox start for each of 50 instances. NAS adds
  // a mount phase that the image does not have; the sandbox draws must not shift because of it.
  sim::config::Catalog::Options o;
  o.installed = false;
  const sim::config::Catalog catalog(o);
  const sim::Scenario s = default_scenario(catalog);
  const auto choice = [&s](const char* name) {
    for (const sim::StorageChoice& c : s.workload.storage) {
      if (c.profile == name) return c;
    }
    FAIL("the default workload lists no ", name);
    return sim::StorageChoice{};
  };
  const std::vector<double> image =
      sandbox_starts(sim::simulate(s, choice("image"), s.workload.seed));
  const std::vector<double> nas =
      sandbox_starts(sim::simulate(s, choice("nas-performance"), s.workload.seed));
  REQUIRE(image.size() == 50);
  CHECK(image == nas);
  // They are drawn, not constant: the starts are not all the same.
  CHECK(image.front() != image.back());
  // Another seed draws other starts.
  CHECK(sandbox_starts(sim::simulate(s, choice("image"), s.workload.seed + 1)) != image);
}

TEST_CASE("common random numbers: a sweep over model size is monotone where the model is") {
  // A larger model on the same storage, with the same drawn sandbox starts (fc-gpu's lognormal),
  // never starts sooner: every instance reads more through the same limits. With a seed per
  // point the drawn starts would differ from point to point and the rows could cross.
  const stowage::testing::TempDir dir("crn-monotone");
  const std::string path = dir / "s.yaml";
  std::ofstream(path) << "name: sizes\nbase:\n  name: b\n"
                      << "  model: {files: [{path: m.safetensors, size: 1GB}]}\n"
                      << "  platform: fc-gpu\n  gpu: a10\n"
                      << "  arrivals: {burst: {count: 20, spread: 30s}}\n"
                      << "  storage: {nas-performance: , oss: , image: }\n"
                      << "  objective: {p99: 300s}\n"
                      << "axes:\n  model.files[0].size: [1GB, 2GB, 4GB, 8GB, 16GB]\n";
  const auto r = stowage::testing::run_stowage("sweep " + path + " --format json");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  // A percentile is null when every start failed (nas-performance at 16 GB): later than any.
  const auto seconds = [](const nlohmann::json& v) {
    return v.is_null() ? std::numeric_limits<double>::infinity() : v.get<double>();
  };
  std::map<std::string, std::vector<std::array<double, 4>>> by_storage;
  for (const auto& row : j.at("rows")) {
    REQUIRE(row.at("feasible").get<bool>());
    by_storage[row.at("storage").get<std::string>()].push_back(
        {seconds(row.at("p50_s")), seconds(row.at("p99_s")), seconds(row.at("max_s")),
         row.at("failed").get<double>()});
  }
  REQUIRE(by_storage.size() == 3);
  for (const auto& [storage, rows] : by_storage) {
    CAPTURE(storage);
    REQUIRE(rows.size() == 5);
    for (std::size_t i = 1; i < rows.size(); ++i) {
      for (std::size_t q = 0; q < 4; ++q) CHECK(rows[i][q] >= rows[i - 1][q]);
    }
    CHECK(rows.back()[1] > rows.front()[1]);  // and the size matters
  }
}
