#include "sim/profile_figures.hpp"

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
    {{.path = "overlap", .quantity = Q::kBool, .presence = Presence::kRequired},
     [](Loader& p) -> FigureRef { return &p.overlap; }},
    {{.path = "page_cache", .quantity = Q::kBool, .presence = Presence::kIfPresent},
     [](Loader& p) -> FigureRef { return &p.page_cache; }},
    {{.path = "hash_first", .quantity = Q::kBool, .presence = Presence::kIfPresent},
     [](Loader& p) -> FigureRef { return &p.hash_first; }},
};

}  // namespace

std::span<const FigureField<LoaderProfile>> loader_figures() { return kLoaderFigures; }

}  // namespace stowage::sim
