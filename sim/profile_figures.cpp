#include "sim/profile_figures.hpp"

#include <limits>

namespace stowage::sim {
namespace {

using Loader = LoaderProfile;
using Q = FigureQuantity;
using Presence = FigurePresence;

// Indexed by LoaderProfile::Staging.
constexpr std::string_view kStagings[] = {"pageable", "pinned", "direct"};
static_assert(static_cast<int>(LoaderProfile::Staging::kDirect) == 2);

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
};

using Platform = PlatformProfile;

// Numbers with no upper bound of their own.
constexpr double kUnbounded = std::numeric_limits<double>::max();

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
      .max = kUnbounded,
      .knob = true},
     [](Platform& p) -> FigureRef { return &p.delivery_per_minute; }},
    {{.path = "start_timeout",
      .quantity = Q::kSeconds,
      .presence = Presence::kRequired,
      .expected = "e.g. 300s"},
     [](Platform& p) -> FigureRef { return &p.start_timeout; }},
    {{.path = "health_check_timeout", .quantity = Q::kSeconds, .presence = Presence::kOptional},
     [](Platform& p) -> FigureRef { return &p.health_check_timeout; }},
    {{.path = "vcpu",
      .quantity = Q::kNumber,
      .presence = Presence::kRequired,
      .max = kUnbounded,
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
    {{.path = "idle_reclaim", .quantity = Q::kDistribution, .presence = Presence::kOptional},
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

}  // namespace

std::span<const FigureField<PlatformProfile>> platform_figures() { return kPlatformFigures; }

std::span<const FigureField<LoaderProfile>> loader_figures() { return kLoaderFigures; }

}  // namespace stowage::sim
