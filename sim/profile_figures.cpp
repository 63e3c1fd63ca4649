#include "sim/profile_figures.hpp"

#include <algorithm>

namespace stowage::sim {
namespace {

using Loader = LoaderProfile;
using Q = FigureQuantity;
using Presence = FigurePresence;

// Indexed by LoaderProfile::Staging.
constexpr std::string_view kStagings[] = {"pageable", "pinned", "direct", "none"};
static_assert(static_cast<int>(LoaderProfile::Staging::kNone) == 3);

constexpr FigureField<Loader> kLoaderFigures[] = {
    {{.path = "streams",
      .quantity = Q::kCount,
      .presence = Presence::kOptional,
      .min = 1,
      .max = static_cast<double>(kMaxLoaderStreams),
      .knob = true},
     [](Loader& p) -> FigureRef { return &p.streams; }},
    {{.path = "chunk",
      .quantity = Q::kBinaryBytes,
      .presence = Presence::kOptional,
      .min = 1,
      .below_min = "a chunk below 1 byte",
      .below_min_hint = "e.g. 16MiB"},
     [](Loader& p) -> FigureRef { return &p.chunk; }},
    {{.path = "per_stream",
      .quantity = Q::kRate,
      .presence = Presence::kOptional,
      .min = 1,
      .knob = true},
     [](Loader& p) -> FigureRef { return &p.per_stream; }},
    {{.path = "staging",
      .quantity = Q::kChoice,
      .presence = Presence::kRequired,
      .choices = kStagings},
     [](Loader& p) -> FigureRef { return &p.staging; }},
    {{.path = "overlap",
      .quantity = Q::kBool,
      .presence = Presence::kRequired,
      .expected = "true or false"},
     [](Loader& p) -> FigureRef { return &p.overlap; }},
    {{.path = "page_cache", .quantity = Q::kBool, .presence = Presence::kIfPresent},
     [](Loader& p) -> FigureRef { return &p.page_cache; }},
    {{.path = "hash_first", .quantity = Q::kBool, .presence = Presence::kIfPresent},
     [](Loader& p) -> FigureRef { return &p.hash_first; }},
    {{.path = "fixed", .quantity = Q::kSeconds, .presence = Presence::kOptional, .knob = true},
     [](Loader& p) -> FigureRef { return &p.fixed; }},
    {{.path = "per_tensor", .quantity = Q::kSeconds, .presence = Presence::kOptional, .knob = true},
     [](Loader& p) -> FigureRef { return &p.per_tensor; }},
    {{.path = "pool", .quantity = Q::kBool, .presence = Presence::kIfPresent},
     [](Loader& p) -> FigureRef { return &p.pool; }},
    {{.path = "object_client", .quantity = Q::kBool, .presence = Presence::kIfPresent},
     [](Loader& p) -> FigureRef { return &p.object_client; }},
    {{.path = "object_streams",
      .quantity = Q::kCount,
      .presence = Presence::kOptional,
      .min = 1,
      .max = static_cast<double>(kMaxLoaderStreams),
      .knob = true},
     [](Loader& p) -> FigureRef { return &p.object_streams; }},
};

using Platform = PlatformProfile;

constexpr FigureField<Platform> kPlatformFigures[] = {
    {{.path = "sandbox_start",
      .quantity = Q::kDistribution,
      .presence = Presence::kRequired,
      .expected = "e.g. {dist: lognormal, median: 2s, p99: 6s}",
      .knob = true},
     [](Platform& p) -> FigureRef { return &p.sandbox_start; }},
    {{.path = "instance_bandwidth",
      .quantity = Q::kRate,
      .presence = Presence::kRequired,
      .min = 1,
      .expected = "e.g. 5Gbps",
      .knob = true},
     [](Platform& p) -> FigureRef { return &p.instance_bandwidth; }},
    {{.path = "page_cache_read",
      .quantity = Q::kRate,
      .presence = Presence::kRequired,
      .min = 1,
      .expected = "e.g. 10GB/s",
      .knob = true},
     [](Platform& p) -> FigureRef { return &p.page_cache_read; }},
    {{.path = "delivery_per_minute",
      .quantity = Q::kNumber,
      .presence = Presence::kOptional,
      .knob = true},
     [](Platform& p) -> FigureRef { return &p.delivery_per_minute; }},
    {{.path = "start_timeout",
      .quantity = Q::kSeconds,
      .presence = Presence::kRequired,
      .expected = "e.g. 300s"},
     [](Platform& p) -> FigureRef { return &p.start_timeout; }},
    {{.path = "health_check_timeout",
      .quantity = Q::kSeconds,
      .presence = Presence::kOptional,
      .recorded_only = true},
     [](Platform& p) -> FigureRef { return &p.health_check_timeout; }},
    {{.path = "vcpu",
      .quantity = Q::kNumber,
      .presence = Presence::kRequired,
      .expected = "e.g. 8",
      .knob = true},
     [](Platform& p) -> FigureRef { return &p.vcpu; }},
    {{.path = "memory",
      .quantity = Q::kBytes,
      .presence = Presence::kRequired,
      .expected = "e.g. 32GiB"},
     [](Platform& p) -> FigureRef { return &p.memory; }},
    {{.path = "max_memory", .quantity = Q::kBytes, .presence = Presence::kOptional},
     [](Platform& p) -> FigureRef { return &p.max_memory; }},
    {{.path = "temp_disk", .quantity = Q::kBytes, .presence = Presence::kOptional},
     [](Platform& p) -> FigureRef { return &p.temp_disk; }},
    {{.path = "idle_reclaim",
      .quantity = Q::kDistribution,
      .presence = Presence::kOptional,
      .recorded_only = true},
     [](Platform& p) -> FigureRef { return &p.idle_reclaim; }},
    {{.path = "block_bandwidth",
      .quantity = Q::kRate,
      .presence = Presence::kOptional,
      .min = 1,
      .knob = true},
     [](Platform& p) -> FigureRef { return &p.block_bandwidth; }},
    {{.path = "host_memory_bandwidth",
      .quantity = Q::kRate,
      .presence = Presence::kOptional,
      .min = 1,
      .knob = true},
     [](Platform& p) -> FigureRef { return &p.host_memory_bandwidth; }},
};

using Storage = StorageProfile;

constexpr FigureField<Storage> kStorageFigures[] = {
    {{.path = "throughput.per_client",
      .quantity = Q::kRate,
      .presence = Presence::kOptional,
      .min = 1,  // a rate of 0 would never finish a read
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.throughput.per_client; }},
    {{.path = "throughput.per_file",
      .quantity = Q::kRate,
      .presence = Presence::kOptional,
      .min = 1,  // a rate of 0 would never finish a read
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.throughput.per_file; }},
    {{.path = "throughput.per_connection",
      .quantity = Q::kRate,
      .presence = Presence::kOptional,
      .min = 1,  // a rate of 0 would never finish a read
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.throughput.per_connection; }},
    {{.path = "throughput.per_stream",
      .quantity = Q::kRate,
      .presence = Presence::kOptional,
      .min = 1,  // a rate of 0 would never finish a read
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.throughput.per_stream; }},
    {{.path = "throughput.account",
      .quantity = Q::kRate,
      .presence = Presence::kOptional,
      .min = 1,  // a rate of 0 would never finish a read
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.throughput.account; }},
    {{.path = "requests.size", .quantity = Q::kBytes, .presence = Presence::kOptional},
     [](Storage& p) -> FigureRef { return &p.requests.size; }},
    {{.path = "requests.account_qps",
      .quantity = Q::kNumber,
      .presence = Presence::kOptional,
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.requests.account_qps; }},
    {{.path = "requests.file_qps",
      .quantity = Q::kNumber,
      .presence = Presence::kOptional,
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.requests.file_qps; }},
    {{.path = "cold_start.vpc", .quantity = Q::kBool, .presence = Presence::kIfPresent},
     [](Storage& p) -> FigureRef { return &p.cold_start.vpc; }},
    {{.path = "cold_start.mount",
      .quantity = Q::kDistribution,
      .presence = Presence::kOptional,
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.cold_start.mount; }},
    {{.path = "update.write_rate",
      .quantity = Q::kRate,
      .presence = Presence::kOptional,
      .min = 1,
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.update.write_rate; }},
    {{.path = "update.warm_up", .quantity = Q::kSeconds, .presence = Presence::kOptional},
     [](Storage& p) -> FigureRef { return &p.update.warm_up; }},
    {{.path = "cost.per_gb_month_stored",
      .quantity = Q::kPrice,
      .presence = Presence::kOptional,
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.cost.per_gb_month_stored; }},
    {{.path = "cost.per_gb_month_provisioned",
      .quantity = Q::kPrice,
      .presence = Presence::kOptional,
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.cost.per_gb_month_provisioned; }},
    {{.path = "cost.per_10k_requests",
      .quantity = Q::kPrice,
      .presence = Presence::kOptional,
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.cost.per_10k_requests; }},
    {{.path = "cost.per_gb_read",
      .quantity = Q::kPrice,
      .presence = Presence::kOptional,
      .knob = true},
     [](Storage& p) -> FigureRef { return &p.cost.per_gb_read; }},
    {{.path = "limits.min_capacity", .quantity = Q::kBytes, .presence = Presence::kOptional},
     [](Storage& p) -> FigureRef { return &p.limits.min_capacity; }},
    {{.path = "limits.max_capacity", .quantity = Q::kBytes, .presence = Presence::kOptional},
     [](Storage& p) -> FigureRef { return &p.limits.max_capacity; }},
    {{.path = "limits.max_file_size", .quantity = Q::kBytes, .presence = Presence::kOptional},
     [](Storage& p) -> FigureRef { return &p.limits.max_file_size; }},
    {{.path = "limits.max_clients",
      .quantity = Q::kCount,
      .presence = Presence::kOptional,
      .min = 1},
     [](Storage& p) -> FigureRef { return &p.limits.max_clients; }},
    {{.path = "limits.multi_zone",
      .quantity = Q::kBool,
      .presence = Presence::kIfPresent,
      .recorded_only = true},
     [](Storage& p) -> FigureRef { return &p.limits.multi_zone; }},
    {{.path = "limits.multi_region", .quantity = Q::kBool, .presence = Presence::kIfPresent},
     [](Storage& p) -> FigureRef { return &p.limits.multi_region; }},
};

using Gpu = GpuProfile;

constexpr FigureField<Gpu> kGpuFigures[] = {
    {{.path = "memory",
      .quantity = Q::kBytes,
      .presence = Presence::kRequired,
      .expected = "e.g. 80GB"},
     [](Gpu& p) -> FigureRef { return &p.memory; }},
    {{.path = "host_link.pcie_gen",
      .quantity = Q::kCount,
      .presence = Presence::kRequired,
      .min = 1,
      .max = 7,
      .expected = "e.g. 4"},
     [](Gpu& p) -> FigureRef { return &p.host_link.pcie_generation; }},
    {{.path = "host_link.lanes",
      .quantity = Q::kCount,
      .presence = Presence::kIfPresent,
      .min = 1,
      .max = 32},
     [](Gpu& p) -> FigureRef { return &p.host_link.lanes; }},
    {{.path = "h2d.pinned.alpha",
      .quantity = Q::kSeconds,
      .presence = Presence::kRequired,
      .expected = "e.g. 10us"},
     [](Gpu& p) -> FigureRef { return &p.h2d_pinned.alpha; }},
    {{.path = "h2d.pinned.beta",
      .quantity = Q::kRate,
      .presence = Presence::kRequired,
      .min = 1,
      .expected = "e.g. 25GB/s"},
     [](Gpu& p) -> FigureRef { return &p.h2d_pinned.beta; }},
    {{.path = "h2d.pageable.alpha",
      .quantity = Q::kSeconds,
      .presence = Presence::kRequired,
      .expected = "e.g. 10us"},
     [](Gpu& p) -> FigureRef { return &p.h2d_pageable.alpha; }},
    {{.path = "h2d.pageable.beta",
      .quantity = Q::kRate,
      .presence = Presence::kRequired,
      .min = 1,
      .expected = "e.g. 25GB/s"},
     [](Gpu& p) -> FigureRef { return &p.h2d_pageable.beta; }},
};

}  // namespace

bool in_section(std::string_view path, std::string_view section) {
  const std::size_t last_dot = path.rfind('.');
  if (section.empty()) return last_dot == std::string_view::npos;
  return last_dot == section.size() && path.starts_with(section);
}

std::string_view leaf_key(std::string_view path) { return path.substr(path.rfind('.') + 1); }

std::span<const FigureField<GpuProfile>> gpu_figures() { return kGpuFigures; }

std::span<const FigureField<StorageProfile>> storage_figures() { return kStorageFigures; }

std::span<const FigureField<PlatformProfile>> platform_figures() { return kPlatformFigures; }

std::span<const FigureField<LoaderProfile>> loader_figures() { return kLoaderFigures; }

namespace {

template <class P>
bool recorded_only_in(std::span<const FigureField<P>> table, std::string_view path) {
  return std::any_of(table.begin(), table.end(), [path](const FigureField<P>& f) {
    return f.spec.recorded_only && f.spec.path == path;
  });
}

}  // namespace

bool recorded_only(ProfileKind kind, std::string_view path) {
  switch (kind) {
    case ProfileKind::kStorage:
      return recorded_only_in(storage_figures(), path);
    case ProfileKind::kPlatform:
      return recorded_only_in(platform_figures(), path);
    case ProfileKind::kGpu:
      return recorded_only_in(gpu_figures(), path);
    case ProfileKind::kLoader:
      return recorded_only_in(loader_figures(), path);
  }
  return false;
}

}  // namespace stowage::sim
