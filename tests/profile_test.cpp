#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "sim/storage/registry.hpp"
#include "sim/config/yaml_reader.hpp"
#include "cli_runner.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/profile_loader.hpp"
#include "sim/config/profile_writer.hpp"
#include "sim/profile_figures.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;

namespace {

GpuProfile gpu_from(std::string_view text, const GpuProfile* parent = nullptr) {
  return load_gpu_profile(YamlDocument::from_text(text, "gpu.yaml"), "test-gpu", parent);
}

std::string error_of(auto load) { return stowage::testing::config_error_of(load); }

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

namespace {

/// Loads a bad-profile fixture by the kind in its name (profile_<kind>_<what>.yaml).
std::string bad_profile_error(const std::string& file) {
  const std::filesystem::path path =
      std::filesystem::path(STOWAGE_TEST_DIR) / "fixtures/bad" / file;
  return error_of([&] {
    const YamlDocument doc = YamlDocument::from_file(path);
    if (file.starts_with("profile_storage_")) return (void)load_storage_profile(doc, "bad");
    if (file.starts_with("profile_platform_")) return (void)load_platform_profile(doc, "bad");
    if (file.starts_with("profile_loader_")) return (void)load_loader_profile(doc, "bad");
    (void)load_gpu_profile(doc, "bad");
  });
}

}  // namespace

TEST_CASE("profile: every promised profile error is pinned by a fixture") {
  struct Case {
    const char* file;
    const char* message;  // after the `.../fixtures/bad/` prefix
  };
  const Case cases[] = {
      {"profile_storage_unknown_key.yaml",
       "profile_storage_unknown_key.yaml:4:13: error: page_cahce: unknown key, did you mean "
       "`page_cache`? (expected one of: description, extends, source, kind, cloud, backing, "
       "throughput, "
       "requests, fuse, page_cache, gpu_direct, cold_start, update, cost, limits)"},
      {"profile_storage_request_latency.yaml",
       "profile_storage_request_latency.yaml:7:3: error: requests.latency: a request's latency is "
       "not a figure of its own: `throughput.per_connection` is the rate a connection achieves "
       "with its requests back to back, first bytes included (expected size, account_qps, "
       "file_qps or source; put what the latency was read from in per_connection's source)"},
      {"profile_storage_missing_kind.yaml",
       "profile_storage_missing_kind.yaml:1:1: error: missing required key `kind` (expected one "
       "of: image, nas, object_fuse, accelerator, local, block, object_direct, host_memory, "
       "node_cache)"},
      {"profile_storage_unknown_kind.yaml",
       "profile_storage_unknown_kind.yaml:3:7: error: kind: unknown value 'nsa', did you mean "
       "`nas`? (expected one of: image, nas, object_fuse, accelerator, local, block, "
       "object_direct, host_memory, node_cache)"},
      {"profile_storage_no_source.yaml",
       "profile_storage_no_source.yaml:5:15: error: throughput.per_client: no source for this "
       "figure (expected `source:` on the figure or an enclosing section: a URL or document, or "
       "`assumption: why`)"},
      {"profile_storage_empty_assumption.yaml",
       "profile_storage_empty_assumption.yaml:3:9: error: source: an assumption must say why "
       "(expected assumption: <why this value>)"},
      {"profile_storage_bad_unit.yaml",
       "profile_storage_bad_unit.yaml:6:15: error: throughput.per_client: unknown unit 'MBs' "
       "(expected e.g. 600MB/s, 10Gbps, 2.5GiB/s)"},
      {"profile_storage_steps_order.yaml",
       "profile_storage_steps_order.yaml:9:16: error: throughput.shared.steps[1].from: steps must "
       "grow: 500GiB is not above the previous step's 2TiB (expected strictly increasing `from`)"},
      {"profile_storage_no_steps.yaml",
       "profile_storage_no_steps.yaml:6:36: error: throughput.shared.steps: no steps (expected at "
       "least one {from, rate})"},
      {"profile_storage_fuse_missing.yaml",
       "profile_storage_fuse_missing.yaml:1:1: error: missing required key `fuse` (expected a FUSE "
       "client section: kind object_fuse reads through one)"},
      {"profile_storage_backing_missing.yaml",
       "profile_storage_backing_missing.yaml:1:1: error: missing required key `backing` (expected "
       "the object-store profile whose bucket the accelerator caches)"},
      {"profile_storage_backing_not_applicable.yaml",
       "profile_storage_backing_not_applicable.yaml:4:10: error: backing: `backing` does not apply "
       "to a nas storage (expected backing only with kind accelerator or node_cache)"},
      {"profile_storage_fuse_reader_threads.yaml",
       "profile_storage_fuse_reader_threads.yaml:7:31: error: fuse.threads_per_reader.value: 0 is "
       "out of range (expected an integer from 1 to 1000000)"},
      {"profile_storage_fuse_not_applicable.yaml",
       "profile_storage_fuse_not_applicable.yaml:5:7: error: fuse: `fuse` does not apply to a nas "
       "storage (expected fuse only with kind object_fuse or accelerator or node_cache)"},
      {"profile_storage_price_currency.yaml",
       "profile_storage_price_currency.yaml:6:3: error: cost: a price needs a currency (expected "
       "currency: CNY, USD, ...)"},
      {"profile_storage_lognormal_p99.yaml",
       "profile_storage_lognormal_p99.yaml:6:45: error: cold_start.mount.p99: p99 2 s is "
       "below the median 5 s (expected p99 >= median)"},
      {"profile_storage_dist_key.yaml",
       "profile_storage_dist_key.yaml:6:45: error: cold_start.mount.min: `min` does not apply to a "
       "lognormal distribution (expected median and p99)"},
      {"profile_storage_uniform_order.yaml",
       "profile_storage_uniform_order.yaml:6:40: error: cold_start.mount.max: max 1 s is below min "
       "3 s (expected max >= min)"},
      {"profile_storage_source_kind_key.yaml",
       "profile_storage_source_kind_key.yaml:3:31: error: source.url: `url` does not apply to a "
       "measured source (expected `calibration`)"},
      {"profile_storage_capacity_range.yaml",
       "profile_storage_capacity_range.yaml:6:3: error: limits: max_capacity 1 TiB is below "
       "min_capacity 2 TiB (expected min_capacity <= max_capacity)"},
      {"profile_platform_pricing_gpu.yaml",
       "profile_platform_pricing_gpu.yaml:13:19: error: gpu_pricing.per_hour.a10: `a10` is not "
       "among this platform's gpus (expected one of: t4)"},
      {"profile_platform_build_price_currency.yaml",
       "profile_platform_build_price_currency.yaml:10:16: error: image.build_price: a price needs "
       "a currency (expected currency: CNY, USD, ...)"},
      {"profile_storage_write_rate.yaml",
       "profile_storage_write_rate.yaml:6:15: error: update.write_rate: '1GB' is a size, not a "
       "rate (expected e.g. 600MB/s, 10Gbps, 2.5GiB/s)"},
      {"profile_loader_missing_staging.yaml",
       "profile_loader_missing_staging.yaml:1:1: error: missing required key `staging` (expected "
       "one of: pageable, pinned, direct, none)"},
      {"profile_loader_unknown_staging.yaml",
       "profile_loader_unknown_staging.yaml:3:10: error: staging: unknown value 'pinnned', did "
       "you mean `pinned`? (expected one of: pageable, pinned, direct, none)"},
      {"profile_loader_zero_streams.yaml",
       "profile_loader_zero_streams.yaml:3:10: error: streams: 0 is out of range (expected an "
       "integer from 1 to 1024)"},
      {"profile_storage_per_stream_size.yaml",
       "profile_storage_per_stream_size.yaml:5:15: error: throughput.per_stream: '300MB' is a "
       "size, not a rate (expected e.g. 600MB/s, 10Gbps, 2.5GiB/s)"},
      {"profile_platform_memory.yaml",
       "profile_platform_memory.yaml:9:9: error: memory: memory 64 GB is above max_memory 32 GB "
       "(expected memory <= max_memory)"},
      {"profile_platform_empty_gpus.yaml",
       "profile_platform_empty_gpus.yaml:10:7: error: gpus: the list is empty (expected at least "
       "one name)"},
      {"profile_platform_duplicate_gpu.yaml",
       "profile_platform_duplicate_gpu.yaml:10:17: error: gpus[2]: `t4` is listed twice (expected "
       "each name once)"},
      {"profile_gpu_missing_source.yaml",
       "profile_gpu_missing_source.yaml:1:1: error: missing required key `source` (expected {kind: "
       "published, url: U} or {kind: measured, calibration: FILE})"},
      {"profile_gpu_zero_beta.yaml",
       "profile_gpu_zero_beta.yaml:5:35: error: h2d.pinned.beta: '0GB/s' is below the minimum "
       "(expected at least 1 B/s)"},
      {"profile_gpu_extends_alone.yaml",
       "profile_gpu_extends_alone.yaml:1:10: error: extends: `extends` is resolved by the profile "
       "catalog (expected the profile to be loaded by name through the catalog)"},
      {"profile_gpu_pcie_gen.yaml",
       "profile_gpu_pcie_gen.yaml:4:23: error: host_link.pcie_gen: 9 is out of range (expected an "
       "integer from 1 to 7)"},
  };
  const std::string prefix = std::string(STOWAGE_TEST_DIR) + "/fixtures/bad/";
  for (const Case& c : cases) {
    CAPTURE(c.file);
    const std::string error = bad_profile_error(c.file);
    REQUIRE(error.starts_with(prefix));
    CHECK(error.substr(prefix.size()) == c.message);
  }
}

namespace {

StorageProfile storage_from(std::string_view text, const StorageProfile* parent = nullptr) {
  return load_storage_profile(YamlDocument::from_text(text, "storage.yaml"), "test-storage",
                              parent);
}

constexpr std::string_view kParentNas = R"(description: a NAS
kind: nas
source: https://example.com/nas
throughput:
  shared: {of: stored, base: 600MB/s, per_TiB: 60MB/s, cap: 10GB/s}
  per_client: 1GB/s
page_cache: true
cold_start:
  vpc: {value: true, source: "assumption: in a VPC"}
  mount: 1s
limits: {max_clients: 1000, multi_zone: false}
)";

}  // namespace

TEST_CASE("profile: a storage profile reads its capacity, limits and sources") {
  const StorageProfile p = storage_from(kParentNas);
  CHECK(p.kind == &storage_kind("nas"));
  REQUIRE(p.throughput.shared.has_value());
  // 600 MB/s + 60 MB/s x 2 TiB stored = 720 MB/s.
  CHECK(p.throughput.shared->at(Sizing{Bytes(2 * kBytesPerTiB), Bytes(0)}).value() ==
        doctest::Approx(720e6));
  CHECK(p.throughput.per_client->value() == 1e9);
  CHECK(p.page_cache);
  CHECK(p.cold_start.vpc);
  CHECK(p.cold_start.mount->mean().value() == 1.0);
  CHECK(p.limits.max_clients == 1000);
  // Each part of the linear capacity is a figure of its own, in file order.
  REQUIRE(p.info.figures.size() >= 4);
  CHECK(p.info.figures[0].path == "throughput.shared.base");
  CHECK(p.info.figures[1].path == "throughput.shared.per_TiB");
  CHECK(p.info.figures[1].value == "60 MB/s per TiB stored");
  CHECK(p.info.figures[2].path == "throughput.shared.cap");
  CHECK(figure_at(p.info, "cold_start.vpc")->source.to_string() == "assumption: in a VPC");
  CHECK(figure_at(p.info, "cold_start.mount")->source.to_string() == "https://example.com/nas");
  // Only the VPC rests on an assumption.
  CHECK(p.info.assumption_count() == 1);
}

TEST_CASE("profile: extends overrides only the fields the child names") {
  const StorageProfile parent = storage_from(kParentNas);
  const StorageProfile child = storage_from(R"(extends: parent
throughput:
  shared: {value: 900MB/s, source: "measured: fio"}
limits:
  max_clients: none
  source: "assumption: unlimited"
)",
                                            &parent);
  CHECK(child.info.extends == "parent");
  CHECK(child.info.description == "a NAS");  // inherited
  CHECK(child.kind == &storage_kind("nas"));
  // The shared capacity is replaced whole: a constant 900 MB/s at any sizing.
  CHECK(child.throughput.shared->is_constant());
  CHECK(child.throughput.shared->at(Sizing{Bytes(5 * kBytesPerTiB), Bytes(0)}).value() == 900e6);
  // The per-client cap and the VPC come from the parent, with the parent's sources.
  CHECK(child.throughput.per_client->value() == 1e9);
  CHECK(figure_at(child.info, "throughput.per_client")->source.text == "https://example.com/nas");
  CHECK(child.cold_start.vpc);
  // `none` drops the parent's limit; multi_zone in the same section is kept.
  CHECK_FALSE(child.limits.max_clients.has_value());
  CHECK(figure_at(child.info, "limits.max_clients")->value == "none");
  CHECK(figure_at(child.info, "limits.multi_zone") != nullptr);
  // The parent's capacity parts are gone; the new figure takes their place (first).
  CHECK(figure_at(child.info, "throughput.shared.base") == nullptr);
  CHECK(child.info.figures[0].path == "throughput.shared");
  CHECK(child.info.figures[0].source.to_string() == "measured: fio");
}

TEST_CASE("profile: a platform profile reads distributions, image rules and GPU prices") {
  const PlatformProfile p = load_platform_profile(YamlDocument::from_text(R"(description: a platform
source: https://example.com/platform
sandbox_start: {dist: uniform, min: 2s, max: 4s}
instance_bandwidth: 5Gbps
page_cache_read: 10GB/s
delivery_per_minute: 300
start_timeout: 300s
vcpu: 8
memory: 32GB
image:
  max_compressed: 30GB
  pull_rate: 300MB/s
  preprocessing: {base: 60s, per_GB: 30s}
  ready_delay: 5min
gpus: [t4, l20]
gpu_pricing:
  currency: CNY
  per_hour: {t4: 13.3056, l20: 28.512}
  idle_per_hour: {l20: 4.752}
)",
                                                                          "platform.yaml"),
                                                  "test-platform");
  // Uniform 2..4 s: median 3 s.
  CHECK(p.sandbox_start.median().value() == doctest::Approx(3.0));
  // 5 Gbit/s / 8 = 625 MB/s.
  CHECK(p.instance_bandwidth.value() == doctest::Approx(625e6));
  CHECK(p.delivery_per_minute == 300);
  // Preprocessing a 20 GB image: 60 s + 30 s x 20 = 660 s.
  CHECK(p.image.preprocessing->at(Bytes(20e9)).value() == doctest::Approx(660.0));
  CHECK(p.image.ready_delay->value() == 300.0);
  CHECK(p.gpus == std::vector<std::string>{"t4", "l20"});
  CHECK(p.gpu_pricing.per_hour.at("l20") == doctest::Approx(28.512));
  CHECK(p.gpu_pricing.idle_per_hour.count("t4") == 0);
  CHECK(figure_at(p.info, "gpu_pricing.per_hour.t4")->value == "13.3056");
}

TEST_CASE("profile: a platform profile reads its VPC attach and its quotas, each with a source") {
  const PlatformProfile p = load_platform_profile(YamlDocument::from_text(R"(description: a platform
source: https://example.com/platform
sandbox_start: 5s
instance_bandwidth: 5Gbps
page_cache_read: 10GB/s
start_timeout: 300s
vcpu: 8
memory: 32GB
image: {pull_rate: 300MB/s}
gpus: [t4, a10]
vpc:
  attach: {value: 10s, source: "https://example.com/vpc"}
  warm_attach: {value: 0.5s, source: "assumption: small"}
  idle: {value: 5min, source: "assumption: a guess"}
quotas:
  instances: 300
  gpus: {a10: 3, source: "https://example.com/quotas"}
)",
                                                                          "platform.yaml"),
                                                  "test-platform");
  REQUIRE(p.vpc.has_value());
  CHECK(p.vpc->attach.value() == 10.0);
  CHECK(p.vpc->warm_attach.value() == 0.5);
  CHECK(p.vpc->idle.value() == 300.0);
  CHECK(figure_at(p.info, "vpc.warm_attach")->source.to_string() == "assumption: small");
  CHECK(p.quotas.instances == 300);
  CHECK(figure_at(p.info, "quotas.instances")->source.text == "https://example.com/platform");
  CHECK(p.quotas.gpus.at("a10") == 3);
  CHECK(p.quotas.gpus.count("t4") == 0);
  CHECK(figure_at(p.info, "quotas.gpus.a10")->source.text == "https://example.com/quotas");
  CHECK(figure_at(p.info, "quotas.gpus.a10")->value == "3");
}

TEST_CASE("profile: the loader profile's figure table drives its reader and its writer") {
  // Every row of the table is a key of the file, in the table's order, and what the writer
  // writes through the table reads back to the same values.
  LoaderProfile p;
  p.info.description = "a pipeline";
  p.streams = 16;
  p.chunk = Bytes(16.0 * 1024 * 1024);
  p.per_stream = BytesPerSecond(350e6);
  p.staging = LoaderProfile::Staging::kDirect;
  p.overlap = false;
  p.page_cache = false;
  p.hash_first = true;
  p.fixed = Seconds(0.5);
  p.per_tensor = Seconds(2e-3);
  p.pool = true;
  p.object_client = true;
  p.object_streams = 8;
  const std::string text = write_loader_profile_yaml(p, Source{Source::Kind::kAssumption, "t"});
  // 16 MiB is written in binary units, 350 MB/s in decimal ones, each key in the table's order.
  CHECK(text.find("streams: 16\nchunk: 16MiB\nper_stream: 350MB/s\nstaging: direct\n"
                  "overlap: false\npage_cache: false\nhash_first: true\nfixed: 0.5s\n"
                  "per_tensor: 2ms\npool: true\nobject_client: true\nobject_streams: 8\n") !=
        std::string::npos);
  const LoaderProfile back =
      load_loader_profile(YamlDocument::from_text(text, "l.yaml"), "l");
  CHECK(back.streams == p.streams);
  CHECK(back.chunk == p.chunk);
  CHECK(back.per_stream == p.per_stream);
  CHECK(back.staging == p.staging);
  CHECK(back.overlap == p.overlap);
  CHECK(back.page_cache == p.page_cache);
  CHECK(back.hash_first == p.hash_first);
  CHECK(back.fixed == p.fixed);
  CHECK(back.per_tensor == p.per_tensor);
  CHECK(back.pool == p.pool);
  CHECK(back.object_client == p.object_client);
  CHECK(back.object_streams == p.object_streams);
  REQUIRE(back.info.figures.size() == loader_figures().size());
  for (std::size_t i = 0; i < back.info.figures.size(); ++i) {
    CHECK(back.info.figures[i].path == loader_figures()[i].spec.path);
  }
  // A row's bounds: streams 1..kMaxLoaderStreams, a chunk of at least 1 byte.
  const auto error = [](const std::string& body) {
    return stowage::testing::config_error_of([&] {
      load_loader_profile(YamlDocument::from_text("description: d\nsource: s\nstaging: pinned\n"
                                                  "overlap: true\n" + body,
                                                  "l.yaml"),
                          "l");
    });
  };
  CHECK(error("streams: 1025\n") ==
        "l.yaml:5:10: error: streams: 1025 is out of range (expected an integer from 1 to 1024)");
  CHECK(error("chunk: 0.5B\n") ==
        "l.yaml:5:8: error: chunk: a chunk below 1 byte (expected e.g. 16MiB)");
}

namespace {

/// The figures of `info` that are rows of `table`, and those rows in the table's order: equal
/// when the table drove the reading. Checks that every required row is present.
template <class P>
void check_table_order(const ProfileInfo& info, std::span<const FigureField<P>> table) {
  std::vector<std::string> rows;
  for (const Figure& f : info.figures) {
    for (const auto& row : table) {
      if (f.path == row.spec.path) rows.push_back(f.path);
    }
  }
  std::vector<std::string> expected;
  for (const auto& row : table) {
    const bool required = row.spec.presence == FigurePresence::kRequired;
    const bool present = std::find(rows.begin(), rows.end(), row.spec.path) != rows.end();
    CHECK((!required || present));
    if (present) expected.emplace_back(row.spec.path);
  }
  // A child's figures that its parent lacks follow the parent's (`extends`).
  if (info.extends.empty()) CHECK(rows == expected);
}

}  // namespace

TEST_CASE("profile: platform, storage and gpu figures are read through their tables, in order") {
  // Every shipped platform and storage records each required row, and the rows it has in the
  // table's order (the sections and figures read apart fall between them).
  const Catalog catalog = Catalog::standard({}, "");
  for (const std::string& name : catalog.names(ProfileKind::kPlatform)) {
    CAPTURE(name);
    check_table_order(catalog.platform(name).info, platform_figures());
  }
  for (const std::string& name : catalog.names(ProfileKind::kStorage)) {
    CAPTURE(name);
    check_table_order(catalog.storage(name).info, storage_figures());
  }
  for (const std::string& name : catalog.names(ProfileKind::kGpu)) {
    CAPTURE(name);
    check_table_order(catalog.gpu(name).info, gpu_figures());
    // The writer writes the same rows back: the written profile reads back to equal figures.
    const GpuProfile p = catalog.gpu(name);
    const GpuProfile back = load_gpu_profile_text(write_gpu_profile_yaml(p), "g.yaml", name);
    CHECK(back.memory == p.memory);
    CHECK(back.host_link.pcie_generation == p.host_link.pcie_generation);
    CHECK(back.host_link.lanes == p.host_link.lanes);
    CHECK(back.h2d_pinned.alpha == p.h2d_pinned.alpha);
    CHECK(back.h2d_pinned.beta == p.h2d_pinned.beta);
    CHECK(back.h2d_pageable.beta == p.h2d_pageable.beta);
  }
  // A storage row's bounds and key inside its section: max_clients is at least 1.
  const auto error = stowage::testing::config_error_of([] {
    load_storage_profile(YamlDocument::from_text("description: d\nsource: s\nkind: nas\n"
                                                 "page_cache: true\nlimits: {max_clients: 0}\n",
                                                 "s.yaml"),
                         "s");
  });
  CHECK(error ==
        "s.yaml:5:23: error: limits.max_clients: 0 is out of range (expected an integer from 1 "
        "to 9223372036854775807)");
}
