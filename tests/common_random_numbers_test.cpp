// Common random numbers: a load's drawn delays are keyed by the run's seed, the load's index and
// which draw it is (sim/coldstart/load_plan.hpp, sim/rng.hpp keyed_uniform), so that two runs
// compared on one seed differ only in what is compared. Before, the delays came from one stream
// in request order: a storage with a mount phase took one more number per load than the image,
// and every later load of the image then drew another sandbox start.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

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
