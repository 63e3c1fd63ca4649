// A platform that cannot give an instance some kind of storage (platform profile
// `unsupported_storage`): the profile reads each kind with its reason and source, and a
// candidate of such a kind is infeasible with that reason before anything is simulated; so is a
// storage whose largest file (`limits.max_file_size`) is smaller than a model file.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "cli_runner.hpp"
#include "cold_start_fixture.hpp"
#include "sim/config/profile_loader.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/storage/registry.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;

namespace {

constexpr const char* kPlatform = R"(description: a platform
source: https://example.com/platform
sandbox_start: 2s
instance_bandwidth: 5Gbps
page_cache_read: 10GB/s
start_timeout: 300s
vcpu: 8
memory: 32GB
image: {pull_rate: 300MB/s}
gpus: [t4]
)";

PlatformProfile platform_with(const std::string& section) {
  return load_platform_profile(YamlDocument::from_text(kPlatform + section, "platform.yaml"), "p");
}

}  // namespace

TEST_CASE("unsupported storage: the platform profile reads each kind with its reason and source") {
  const PlatformProfile p = platform_with(
      "unsupported_storage:\n"
      "  block: {value: no cloud disks attach to a function, source: https://example.com/fc}\n");
  REQUIRE(p.unsupported_storage.size() == 1);
  CHECK(p.unsupported_storage.at("block") == "no cloud disks attach to a function");
  const auto f = std::find_if(p.info.figures.begin(), p.info.figures.end(),
                              [](const Figure& g) { return g.path == "unsupported_storage.block"; });
  REQUIRE(f != p.info.figures.end());
  CHECK(f->source.to_string() == "https://example.com/fc");
  // A name that is no storage kind, and an empty reason, are errors where they are written.
  CHECK(stowage::testing::config_error_of([] {
          (void)platform_with("unsupported_storage:\n  blok: {value: x, source: s}\n");
        }).find("platform.yaml:12:9: error: unsupported_storage.blok: `blok` is not a storage "
                "kind (expected one of: image, nas,") == 0);
  CHECK(stowage::testing::config_error_of([] {
          (void)platform_with("unsupported_storage:\n  block: {value: '', source: s}\n");
        }) == "platform.yaml:12:18: error: unsupported_storage.block.value: empty value "
              "(expected a non-empty value)");
}

TEST_CASE("unsupported storage: a candidate of that kind is infeasible with the platform's reason") {
  stowage::testing::ColdStartFixture f;
  f.storage.info.name = "ebs";
  f.storage.kind = &storage_kind("block");
  f.storage.throughput.shared.reset();
  f.storage.throughput.per_client = BytesPerSecond(1e9);
  f.platform.unsupported_storage["block"] = "no cloud disks attach to a function";
  const auto why = infeasibility(f.inputs());
  REQUIRE(why.has_value());
  CHECK(*why == "p cannot attach block storage (ebs): no cloud disks attach to a function");
  // Another kind on the same platform is not affected.
  f.storage.kind = &storage_kind("nas");
  CHECK_FALSE(infeasibility(f.inputs()).has_value());
}

TEST_CASE("storage limits: a model file above the storage's largest file is infeasible") {
  stowage::testing::ColdStartFixture f;  // one 4.27 GB file
  f.storage.limits.max_file_size = Bytes(4e9);
  const auto why = infeasibility(f.inputs());
  REQUIRE(why.has_value());
  CHECK(*why == f.storage.info.name + " holds files of at most 4 GB; a.safetensors is 4.27 GB");
  // At the limit or above it, the storage is a candidate like any other.
  f.storage.limits.max_file_size = Bytes(4.27e9);
  CHECK_FALSE(infeasibility(f.inputs()).has_value());
}
