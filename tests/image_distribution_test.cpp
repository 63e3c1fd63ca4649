// The image kind's distribution (sim/storage/image_distribution.hpp): the registry's aggregate
// rate, peer-to-peer distribution whose capacity grows with the instances holding the image,
// lazy loading against a whole-image pull, the advice naming an unset aggregate limit, and the
// FaaSNet burst (a fit case, data/image-distribution/faasnet-2500.yaml). Every expected time is
// worked by hand from the figures set here.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "tests/cold_start_fixture.hpp"

using namespace stowage::sim;

using Fixture = stowage::testing::ColdStartFixture;
using stowage::testing::kCopyEpsilonS;
using stowage::testing::run_stowage;

namespace {

/// The image kind on the fixture's platform: 500 MB/s NIC, 300 MB/s pull rate, no sandbox time.
Fixture image_fixture() {
  Fixture f;
  f.storage.info.name = "image";
  f.storage.kind = &storage_kind("image");
  f.storage.page_cache = true;
  f.storage.throughput.shared.reset();
  return f;
}

}  // namespace

TEST_CASE("image: every pull the registry serves shares its aggregate rate") {
  Fixture f = image_fixture();
  f.w.model.files = {{"m.safetensors", Bytes(1e9)}};
  f.w.arrivals = BurstArrivals{4, Seconds(0), Seconds(0)};
  f.platform.image.cache_bandwidth = BytesPerSecond(600e6);
  // 4 pulls of 300 MB/s want 1.2 GB/s; the registry gives 600 MB/s, 150 MB/s each:
  // 1e9 / 150e6 = 6.667 s.
  SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(1e9 / 150e6).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck == "image cache");
  CHECK(r.unbounded.empty());
  // Unset, the registry has no aggregate limit: each pull runs at 300 MB/s, 3.333 s, and the
  // result names the limit left unbounded.
  f.platform.image.cache_bandwidth.reset();
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(1e9 / 300e6).epsilon(kCopyEpsilonS));
  CHECK(r.unbounded == std::vector<std::string>{"p.image.cache_bandwidth"});
}

TEST_CASE("image: peers in a tree serve every pull but the root, upload_rate / fan_out each") {
  Fixture f = image_fixture();
  f.w.model.files = {{"m.safetensors", Bytes(50e6)}};
  f.w.arrivals = BurstArrivals{4, Seconds(0), Seconds(0)};
  f.platform.image.pull_rate = BytesPerSecond(100e6);
  f.platform.image.cache_bandwidth = BytesPerSecond(100e6);
  // Without peers the four pulls share the registry's 100 MB/s: 4 x 50e6 / 100e6 = 2 s.
  SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(2.0).epsilon(kCopyEpsilonS));
  // With peers: the first is the root, served by the registry alone at 100 MB/s, 0.5 s; the
  // other three join the tree and each receives 100 MB/s / 2 = 50 MB/s, 1 s.
  f.platform.image.peers = ImagePeers{BytesPerSecond(100e6), 2};
  r = f.run();
  REQUIRE(r.loads.size() == 4);
  CHECK(r.loads[0].time_to_ready_s() == doctest::Approx(0.5).epsilon(kCopyEpsilonS));
  for (int i = 1; i < 4; ++i) {
    CHECK(r.loads[i].time_to_ready_s() == doctest::Approx(1.0).epsilon(kCopyEpsilonS));
  }
  CHECK(r.summary.bytes_by_backend.at("image") == doctest::Approx(50e6));
  CHECK(r.summary.bytes_by_backend.at("image (from peers)") == doctest::Approx(3 * 50e6));
  CHECK(r.loads[1].bottleneck == "image peer upload share");
  // Fan-out 1: a child receives the whole 100 MB/s upload, as fast as the pull rate: 0.5 s.
  f.platform.image.peers = ImagePeers{BytesPerSecond(100e6), 1};
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(0.5).epsilon(kCopyEpsilonS));
  // A thousand at once: still one root; 999 children at 50 MB/s, 1 s, whatever the registry.
  f.platform.image.peers = ImagePeers{BytesPerSecond(100e6), 2};
  f.w.arrivals = BurstArrivals{1000, Seconds(0), Seconds(0)};
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(1.0).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bytes_by_backend.at("image") == doctest::Approx(50e6));
}

TEST_CASE("image: an image acceleration has not prepared is pulled whole from the registry") {
  Fixture f = image_fixture();
  f.w.model.files = {{"m.safetensors", Bytes(1e9)}};
  f.w.arrivals = BurstArrivals{4, Seconds(0), Seconds(0)};
  f.w.model.update_at = Seconds(0);
  f.platform.image.peers = ImagePeers{BytesPerSecond(1e9), 2};
  f.platform.image.cache_bandwidth = BytesPerSecond(400e6);
  f.platform.image.unaccelerated_pull_rate = BytesPerSecond(200e6);
  f.platform.image.ready_delay = Seconds(1000);
  // No rebuild or push rates: the image is there at 0, prepared at 1000 s. Before, each start
  // pulls the whole image from the registry, no peers: 4 x 1e9 / 400e6 = 10 s; the load then
  // reads the page cache at 10 GB/s, 0.1 s.
  const SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(10.1).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bytes_by_backend.count("image (from peers)") == 0);
}

TEST_CASE("image: without lazy loading the whole image is pulled before the container starts") {
  Fixture f = image_fixture();
  f.w.model.files = {{"m.safetensors", Bytes(3e9)}};
  f.platform.image.lazy = false;
  // The pull: 3e9 / 300e6 = 10 s before the start; the load then reads the page cache at
  // 10 GB/s: 0.3 s.
  const SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(10.3).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bytes_by_backend.at("page cache") == doctest::Approx(3e9));
  const auto& phases = r.loads[0].phases;
  CHECK(std::any_of(phases.begin(), phases.end(),
                    [](const PhaseTime& p) { return p.phase == Phase::kImagePull; }));
}

TEST_CASE("image: advise says next to the p99 which aggregate limit is unbounded") {
  // k8s-hpa leaves its registry's aggregate rate to the cluster's own profile.
  const stowage::testing::TempDir dir("image-unbounded");
  const std::string workload = dir / "k8s.yaml";
  REQUIRE(stowage::testing::run_shell("printf '%s\\n' 'version: 1' 'name: k8s-image' "
                                      "'model: {files: [{path: m.safetensors, size: 2GB}]}' "
                                      "'platform: k8s-hpa' 'gpu: l40s' "
                                      "'arrivals: {burst: {count: 20, at: 0s, spread: 0s}}' "
                                      "'storage: {image: }' "
                                      "'objective: {p99: 120s, max_failed: 0}' > " +
                                      workload)
              .code == 0);
  const auto r = run_stowage("advise " + workload + " --format json");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.at("candidates").size() == 1);
  CHECK(j.at("candidates")[0].at("unbounded") ==
        nlohmann::json::array({"k8s-hpa.image.cache_bandwidth"}));
  const auto text = run_stowage("advise " + workload);
  CHECK(text.out.find("(unbounded in this prediction: k8s-hpa.image.cache_bandwidth)") !=
        std::string::npos);
  // fc-gpu's image distribution is finite: nothing is unbounded there.
  const auto fc = run_stowage("advise data/workloads/burst-500.yaml");
  CHECK(fc.code == 0);
  CHECK(fc.out.find("unbounded in this prediction") == std::string::npos);
}

// FIT CASE, not a check: the bytes a container fetches at start are fitted to FaaSNet's 8.3 s
// (data/image-distribution/faasnet-2500.yaml says why and what is not modelled).
TEST_CASE("image: FaaSNet's 2,500 containers are ready within 2x of 8.3 s (fit case)") {
  const auto r = run_stowage(
      "simulate data/image-distribution/faasnet-2500.yaml --profiles "
      "data/image-distribution/profiles --json");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("summary").at("failed") == 0);
  const double max_s = j.at("summary").at("max_s").get<double>();
  CHECK(max_s >= 8.3 / 2);
  CHECK(max_s <= 8.3 * 2);
}
