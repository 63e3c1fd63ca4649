// Profile figures: each figure of a profile type declared once, as a row of a descriptor table:
// its key path in the profile file, its quantity (which fixes its unit, how it is parsed and
// printed), its bounds, whether it must be given, and an accessor to the field of the plain
// struct (sim/profile.hpp). The profile loader reads a figure and its `source:` through its row,
// the profile writer writes it back through the same row, and the advisor's hinges list the rows
// marked `knob` as the figures they vary.
//
// Units: sizes in bytes, rates in bytes per second, durations in seconds, counts and numbers
// plain; bounds are in those units. No YAML here: sim/config/ turns a row into a reader.
// Tables are constant data, the same on every run.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>

#include "sim/profile.hpp"

namespace stowage::sim {

/// A loader's streams: `streams` of a loader profile, `loader.streams` of a workload, a case or
/// a sweep axis.
inline constexpr std::int64_t kMaxLoaderStreams = 1024;

/// What a figure's number means, and so how it is parsed, printed and written.
enum class FigureQuantity {
  kBytes,         // a size, written in decimal units (5GB)
  kBinaryBytes,   // a size its makers state in binary units (16MiB)
  kRate,          // bytes per second
  kSeconds,       // a duration
  kCount,         // an integer
  kNumber,        // a real number
  kPrice,         // a real number in the profile's currency
  kBool,          // true or false
  kDistribution,  // a delay distribution (a duration, or {dist, ...}); its number is the median
  kChoice,        // one of a fixed list of names
};

/// Whether a figure must be written.
enum class FigurePresence {
  kRequired,   // required, unless a parent profile (`extends`) provides it
  kOptional,   // may be absent (keeps the current value) or `none` (clears it)
  kIfPresent,  // may be absent (keeps the current value); never `none`
};

/// A reference to the field a row describes, in one of the shapes profile fields take.
using FigureRef =
    std::variant<std::optional<std::int64_t>*, std::optional<double>*, std::optional<Bytes>*,
                 std::optional<BytesPerSecond>*, std::optional<Seconds>*,
                 std::optional<Distribution>*, bool*, std::int64_t*, double*, Bytes*,
                 BytesPerSecond*, Seconds*, Distribution*, LoaderProfile::Staging*>;

/// Whether a field type is an optional figure (unset: no such limit).
template <class T>
inline constexpr bool kIsOptional = false;
template <class T>
inline constexpr bool kIsOptional<std::optional<T>> = true;

/// What a row says about its figure, whatever the profile type.
struct FigureSpec {
  std::string_view path;  // the key path in the file, e.g. `per_stream`
  FigureQuantity quantity;
  FigurePresence presence;
  double min = 0;                  // lower bound (counts, numbers, rates, sizes)
  double max = 0;                  // upper bound (counts, numbers); 0: none
  std::string_view expected = {};  // the hint when a required figure is missing
  /// What a value below `min` is called, and the hint, where the bound is checked after parsing
  /// (sizes); empty where the parser checks it.
  std::string_view below_min = {};
  std::string_view below_min_hint = {};
  std::span<const std::string_view> choices = {};  // kChoice: the names, in the enum's order
  /// The hinges vary it by its number alone (advisor/judge/figure_knobs.hpp); a figure they vary
  /// with others (a copy's line with its bands) is listed there by hand.
  bool knob = false;
  /// Kept for the reader, not used by the model (docs/profiles.md says why); `profiles show`
  /// says so.
  bool recorded_only = false;
};

/// One row of profile type P's figure table: the spec and where the field lives in P.
template <class P>
struct FigureField {
  FigureSpec spec;
  FigureRef (*access)(P&) = nullptr;
};

/// Whether the row `path` lies directly in `section` (`requests.size` in `requests`, not
/// `h2d.pinned.beta` in `h2d`); the empty section holds the top-level rows.
bool in_section(std::string_view path, std::string_view section);
/// The key of the row `path` inside its section (`size` of `requests.size`).
std::string_view leaf_key(std::string_view path);

/// The loader profile's figures, in the order the file lists them and the writer writes them.
std::span<const FigureField<LoaderProfile>> loader_figures();
/// The GPU profile's figures: `memory`, `host_link` and the line of each host-to-device copy
/// (`h2d.pinned`, `h2d.pageable`; their `bands` are read apart).
std::span<const FigureField<GpuProfile>> gpu_figures();
/// The storage profile's figures in its sections `throughput` (but `shared`, a capacity),
/// `requests`, `cold_start`, `update`, `cost` (but `currency`) and `limits` (but `replication`);
/// `kind`, `backing` and `fuse` belong to the storage kind and are read apart.
std::span<const FigureField<StorageProfile>> storage_figures();
/// The platform profile's top-level figures (its sections `image`, `vpc`, `quotas`,
/// `gpu_pricing` and the `gpus` list are read apart), in the order they are read.
std::span<const FigureField<PlatformProfile>> platform_figures();

/// Whether the figure `path` of a profile of `kind` is kept for the reader only
/// (FigureSpec::recorded_only).
bool recorded_only(ProfileKind kind, std::string_view path);

}  // namespace stowage::sim
