#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "sim/config/profile_loader.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;

namespace {

GpuProfile gpu_from(std::string_view text, const GpuProfile* parent = nullptr) {
  return load_gpu_profile(YamlDocument::from_text(text, "gpu.yaml"), "test-gpu", parent);
}

std::string error_of(auto load) {
  try {
    load();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

const Figure* figure_at(const ProfileInfo& info, std::string_view path) {
  for (const Figure& f : info.figures) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

constexpr std::string_view kMeasuredGpu = R"(description: a measured card
source: {kind: measured, calibration: data/calibration/card.csv}
memory: 24GB
host_link: {pcie_gen: 4, lanes: 16}
h2d:
  pinned: {alpha: 10us, beta: 25GB/s}
  pageable: {alpha: 12us, beta: {value: 19.5GB/s, source: "assumption: second run"}}
)";

}  // namespace

TEST_CASE("profile: a GPU profile reads the alpha + bytes/beta copy model and its sources") {
  const GpuProfile g = gpu_from(kMeasuredGpu);
  CHECK(g.info.name == "test-gpu");
  CHECK(g.origin.kind == Source::Kind::kMeasured);
  CHECK(g.origin.text == "data/calibration/card.csv");
  CHECK(g.memory.value() == 24e9);
  CHECK(g.host_link.pcie_generation == 4);
  CHECK(g.h2d_pinned.alpha.value() == doctest::Approx(10e-6));
  CHECK(g.h2d_pinned.beta.value() == 25e9);
  // One 1 GB pinned copy: 10 us + 1e9 / 25e9 s = 0.04001 s.
  CHECK(g.h2d_pinned.time(Bytes(1e9)).value() == doctest::Approx(0.04001));
  // The pageable beta carries its own source; alpha falls back to the profile's origin.
  REQUIRE(figure_at(g.info, "h2d.pageable.beta") != nullptr);
  CHECK(figure_at(g.info, "h2d.pageable.beta")->source.to_string() == "assumption: second run");
  CHECK(figure_at(g.info, "h2d.pageable.alpha")->source.to_string() ==
        "measured: data/calibration/card.csv");
  CHECK(figure_at(g.info, "h2d.pageable.beta")->value == "19.5 GB/s");
  // memory, pcie_gen, lanes, and alpha and beta twice.
  CHECK(g.info.figures.size() == 7);
  CHECK(g.info.assumption_count() == 1);
}

TEST_CASE("profile: write_gpu_profile_yaml round-trips values and sources exactly") {
  GpuProfile g = gpu_from(kMeasuredGpu);
  // A beta that no short decimal in GB/s represents must still come back bit for bit.
  g.h2d_pinned.beta = BytesPerSecond(55.337e9 / 3.0);
  const std::string text = write_gpu_profile_yaml(g);
  const GpuProfile back = gpu_from(text);
  CHECK(back.info.description == g.info.description);
  CHECK(back.origin == g.origin);
  CHECK(back.memory == g.memory);
  CHECK(back.host_link.pcie_generation == g.host_link.pcie_generation);
  CHECK(back.host_link.lanes == g.host_link.lanes);
  CHECK(back.h2d_pinned.alpha == g.h2d_pinned.alpha);
  CHECK(back.h2d_pinned.beta == g.h2d_pinned.beta);
  CHECK(back.h2d_pageable.alpha == g.h2d_pageable.alpha);
  CHECK(back.h2d_pageable.beta == g.h2d_pageable.beta);
  CHECK(figure_at(back.info, "h2d.pageable.beta")->source.to_string() == "assumption: second run");
  CHECK(figure_at(back.info, "h2d.pinned.beta")->source == g.origin);
}

TEST_CASE("profile: a published GPU source may be a plain URL string") {
  const GpuProfile g = gpu_from(R"(description: card
source: https://example.com/datasheet
memory: 16GB
host_link: {pcie_gen: 3}
h2d: {pinned: {alpha: 10us, beta: 12GB/s}, pageable: {alpha: 10us, beta: 9GB/s}}
)");
  CHECK(g.origin.kind == Source::Kind::kPublished);
  CHECK(g.origin.text == "https://example.com/datasheet");
  // lanes defaults to 16.
  CHECK(g.host_link.lanes == 16);
}
