// Provenance: where each figure of a profile comes from, and the profile's own identity.
//
// Every figure in a profile file has a source of one of four kinds: published (a URL), measured
// (a calibration record, `measured: data/calibration/... why`), fitted (`fitted: CASE-ID why`,
// the fit case of the accuracy suite, data/validation/cases.yaml, it was fitted from) or
// `assumption: why` when no public figure exists. `ProfileInfo::figures` lists
// each figure once, in file order, with its key path, its printed value and its source, so that
// `stowage profiles show` can print them and a prediction can say which of its inputs rest on
// assumptions. Plain data; read by sim/config/profile_loader, printed by advisor/cli/profiles.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "sim/figure_range.hpp"

namespace stowage::sim {

/// Where a figure comes from.
struct Source {
  enum class Kind {
    kPublished,   // a URL (or, in a user's profile, a document); `text` is it
    kMeasured,    // a calibration run; `text` starts with the record, e.g. data/calibration/x.json
    kFitted,      // fitted from an accuracy case; `text` is `CASE-ID why`
    kAssumption,  // no public figure; `text` says why this value
  };
  Kind kind = Kind::kPublished;
  std::string text;

  bool is_assumption() const { return kind == Kind::kAssumption; }
  /// Whether the text names a URL (http:// or https://): every published figure of the shipped
  /// catalog does.
  bool has_url() const {
    return text.find("http://") != std::string::npos || text.find("https://") != std::string::npos;
  }
  /// The text's first word: the record of a measured source, the case of a fitted one.
  std::string_view first_word() const {
    const std::string_view t = text;
    return t.substr(0, t.find(' '));
  }
  /// As written in a profile: the URL, `measured: FILE`, `fitted: CASE why` or `assumption: why`.
  std::string to_string() const {
    switch (kind) {
      case Kind::kPublished:
        return text;
      case Kind::kMeasured:
        return "measured: " + text;
      case Kind::kFitted:
        return "fitted: " + text;
      case Kind::kAssumption:
        return "assumption: " + text;
    }
    return text;
  }
  bool operator==(const Source&) const = default;
};

/// "published", "measured", "fitted" or "assumption".
inline std::string_view source_kind_name(Source::Kind kind) {
  switch (kind) {
    case Source::Kind::kPublished:
      return "published";
    case Source::Kind::kMeasured:
      return "measured";
    case Source::Kind::kFitted:
      return "fitted";
    case Source::Kind::kAssumption:
      return "assumption";
  }
  return "?";
}

/// The source kinds in the order `profiles list` counts them.
inline constexpr Source::Kind kSourceKinds[] = {Source::Kind::kPublished, Source::Kind::kMeasured,
                                                Source::Kind::kFitted, Source::Kind::kAssumption};

/// One figure of a profile as `profiles show` prints it.
struct Figure {
  std::string path;   // dotted key path in the file, e.g. `throughput.per_client`
  std::string value;  // printed with units, e.g. `600 MB/s`
  Source source;
  /// `range: [low, high]` (sim/figure_range.hpp), if written.
  std::optional<ValueRange> range = std::nullopt;
  bool numeric = false;  // has a number a range applies to (not a flag, a name or `none`)
};

/// The four kinds of profile, named after their directories under profiles/.
enum class ProfileKind { kStorage, kPlatform, kGpu, kLoader };

/// "storage", "platform", "gpu" or "loader".
inline std::string_view profile_kind_name(ProfileKind kind) {
  switch (kind) {
    case ProfileKind::kStorage:
      return "storage";
    case ProfileKind::kPlatform:
      return "platform";
    case ProfileKind::kGpu:
      return "gpu";
    case ProfileKind::kLoader:
      return "loader";
  }
  return "?";
}

/// What every profile carries besides its figures.
struct ProfileInfo {
  std::string name;         // the file name without `.yaml`; required
  std::string description;  // one line; required
  std::string extends;      // the parent profile's name, empty if none
  std::string file;         // where it was read from, for messages (`<embedded>/...` if built in)
  std::vector<Figure> figures;  // every sourced figure, parent's first (overridden ones replaced)

  /// How many figures have a source of `kind`.
  std::size_t count(Source::Kind kind) const {
    std::size_t n = 0;
    for (const Figure& f : figures) n += f.source.kind == kind ? 1 : 0;
    return n;
  }
  /// How many figures rest on an assumption.
  std::size_t assumption_count() const { return count(Source::Kind::kAssumption); }
};

}  // namespace stowage::sim
