// The seed article's model switch on Function Compute (data/workloads/model-switch.yaml: four
// running instances switch to a Stable Diffusion checkpoint twice, ten minutes apart, each load
// reading the files twice, a hash and then the load), checked on the shipped catalog for what
// the article states: the first load reads the files twice; on NAS the second read of that load
// and both reads of the second switch come from the page cache; through OSS's FUSE client
// (no page cache) every read goes back to the network. Byte counts are worked by hand from the
// workload: 4.27 GB + 335 MB = 4.605 GB a read.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using stowage::testing::run_stowage;

namespace {

constexpr double kModel = 4.27e9 + 335e6;

nlohmann::json bytes_by_backend(const std::string& storage) {
  const auto r =
      run_stowage("simulate data/workloads/model-switch.yaml --storage " + storage + " --json");
  REQUIRE(r.code == 0);
  return nlohmann::json::parse(r.out).at("summary").at("bytes_by_backend");
}

}  // namespace

TEST_CASE("model switch: NAS reads each instance's files once, then its page cache") {
  const auto bytes = bytes_by_backend("nas-performance");
  // 4 instances x 2 switches x 2 reads = 16 reads. The NAS serves the first read of each
  // instance's first switch (the hash): 4; the page cache the 12 others.
  CHECK(bytes.at("nas-performance").get<double>() == doctest::Approx(4 * kModel));
  CHECK(bytes.at("page cache").get<double>() == doctest::Approx(12 * kModel));
}

TEST_CASE("model switch: OSS through its FUSE client reads the network every time") {
  const auto bytes = bytes_by_backend("oss");
  CHECK(bytes.size() == 1);
  CHECK(bytes.at("oss").get<double>() == doctest::Approx(16 * kModel));
}
