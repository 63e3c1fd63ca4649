// Figure ranges (sim/figure_range.hpp): `range: [low, high]` beside a figure's value and source.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "cli_runner.hpp"
#include "sim/config/profile_loader.hpp"
#include "sim/config/yaml_reader.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;

namespace {

GpuProfile gpu_from(std::string_view text) {
  return load_gpu_profile(YamlDocument::from_text(text, "gpu.yaml"), "test-gpu", nullptr);
}

PlatformProfile platform_with(std::string_view sandbox_start) {
  const std::string text = std::string(R"(description: a platform
source: https://example.com/platform
sandbox_start: )") + std::string(sandbox_start) +
                           R"(
instance_bandwidth: 5Gbps
page_cache_read: 10GB/s
start_timeout: 300s
vcpu: 8
memory: 32GiB
image: {pull_rate: 200MB/s}
gpus: [l4]
)";
  return load_platform_profile(YamlDocument::from_text(text, "platform.yaml"), "test-platform",
                               nullptr);
}

std::string gpu_with_beta(std::string_view beta) {
  return std::string(R"(description: a card
source: https://example.com/card
memory: 24GB
host_link: {pcie_gen: 4, lanes: 16}
h2d:
  pinned: {alpha: 10us, beta: 25GB/s}
  pageable: {alpha: 12us, beta: )") +
         std::string(beta) + "}\n";
}

const Figure& figure_at(const ProfileInfo& info, std::string_view path) {
  for (const Figure& f : info.figures) {
    if (f.path == path) return f;
  }
  FAIL("no figure at " << path);
  return info.figures.front();
}

std::string error_of(auto load) { return stowage::testing::config_error_of(load); }

}  // namespace

TEST_CASE("figure range: read beside value and source, in the value's units") {
  const GpuProfile g = gpu_from(gpu_with_beta(
      R"({value: 19.5GB/s, source: "assumption: between PCIe 3 and 4 pageable copies", range: [10GB/s, 25GB/s]})"));
  const Figure& beta = figure_at(g.info, "h2d.pageable.beta");
  CHECK(beta.source.is_assumption());
  CHECK(beta.numeric);
  REQUIRE(beta.range.has_value());
  CHECK(beta.range->low == 10e9);
  CHECK(beta.range->high == 25e9);
  CHECK(beta.range->text == "10 GB/s .. 25 GB/s");
  // A figure without one has none; a flag is not numeric.
  CHECK_FALSE(figure_at(g.info, "h2d.pinned.beta").range.has_value());
  CHECK(figure_at(g.info, "h2d.pinned.beta").numeric);
}

TEST_CASE("figure range: a delay distribution's range bounds its median") {
  const PlatformProfile p = platform_with(
      R"({dist: lognormal, median: 2s, p99: 6s, source: "assumption: why", range: [1s, 5s]})");
  const Figure& f = figure_at(p.info, "sandbox_start");
  REQUIRE(f.range.has_value());
  CHECK(f.range->low == 1.0);
  CHECK(f.range->high == 5.0);
  CHECK(f.range->text == "1 s .. 5 s");
}

TEST_CASE("figure range: refused at the range key when not 0 < low <= value <= high") {
  const auto beta_error = [](std::string_view range) {
    return error_of([&] {
      gpu_from(gpu_with_beta(std::string("{value: 19.5GB/s, source: \"assumption: x\", range: ") +
                             std::string(range) + "}"));
    });
  };
  CHECK(beta_error("[20GB/s, 25GB/s]") ==
        "gpu.yaml:7:83: error: h2d.pageable.beta.range: the value lies outside its range 20 GB/s "
        ".. 25 GB/s (expected [LOW, HIGH] in the value's units, 0 < LOW <= value <= HIGH)");
  CHECK(beta_error("[25GB/s, 10GB/s]").find("the low end 25 GB/s is above the high end 10 GB/s") !=
        std::string::npos);
  CHECK(beta_error("[10GB/s]").find("a range has two ends, not 1") != std::string::npos);
  // The figure's own reader checks each end first (a rate of at least 1 B/s) ...
  CHECK(beta_error("[0GB/s, 25GB/s]").find("range[0]: '0GB/s' is below the minimum") !=
        std::string::npos);
  // ... and the range itself is positive wherever the reader allows zero.
  CHECK(
      error_of([] {
        platform_with(
            R"({dist: lognormal, median: 2s, p99: 6s, source: "assumption: why", range: [0s, 5s]})");
      }).find("sandbox_start.range: the range 0 s .. 5 s is not positive and finite") !=
      std::string::npos);
  CHECK(error_of([] {
          platform_with(R"({value: 2s, source: "assumption: why", range: [3s, 5s]})");
        }).find("the value lies outside its range 3 s .. 5 s") != std::string::npos);
  CHECK(beta_error("10GB/s").find("h2d.pageable.beta.range:") != std::string::npos);
}
