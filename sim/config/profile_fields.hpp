// Profile fields: how the profile loaders read one figure with its source (internal to
// sim/config/profile_loader.cpp and the exchange rates loader; nothing else includes it).
//
// A Scope is one mapping of a profile file together with the `source:` that applies inside it;
// every figure read through it is recorded, with its printed value and source, in the profile's
// figure list (sim/profile.hpp ProfileInfo::figures). A Reader says how to parse and print one
// figure type. `none` clears an optional figure. Deterministic: same text, same figures.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/config/figure_range.hpp"
#include "sim/config/source_reader.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/profile.hpp"
#include "sim/profile_figures.hpp"

namespace stowage::sim::config::profile_fields {

inline constexpr std::string_view kNone = "none";
using config::parse_source;  // sim/config/source_reader.hpp

/// How to read and print one figure of type T.
template <class T>
struct Reader {
  std::function<T(const YamlNode&)> parse;
  std::function<std::string(const T&)> print;
  bool map_shaped = false;  // the value itself may be a mapping (distributions)
};

Reader<Bytes> bytes_reader();
/// A rate of at least `min`.
Reader<BytesPerSecond> rate_reader(BytesPerSecond min = BytesPerSecond(0));
Reader<Seconds> seconds_reader();
Reader<double> number_reader(double min, double max);
Reader<std::int64_t> int_reader(std::int64_t min, std::int64_t max);
Reader<bool> bool_reader();
Reader<Distribution> distribution_reader();

/// A mapping of a profile file with the source that applies inside it, recording every figure
/// read through it into the profile's figure list.
class Scope {
 public:
  Scope(YamlMap map, std::optional<Source> inherited, std::vector<Figure>& figures, bool inherit);

  const YamlMap& map() const { return map_; }
  std::optional<YamlNode> get(std::string_view key) const { return map_.get(key); }
  const std::optional<Source>& source() const { return source_; }
  /// Whether required keys may be left to a parent profile.
  bool inherit() const { return inherit_; }

  /// The sub-mapping `key` (which must be present) as a scope of its own.
  Scope section(std::string_view key, std::initializer_list<std::string_view> allowed,
                bool inherit) const;
  /// Any mapping inside this scope as a scope of its own.
  Scope child(const YamlNode& node, std::initializer_list<std::string_view> allowed,
              bool inherit) const;

  /// A required figure: absent is an error unless a parent profile provides it.
  template <class T>
  void required(std::string_view key, T& field, const Reader<T>& reader,
                std::string_view expected = {}) const {
    if (!map_.has(key) && inherit_) return;
    field = *read(map_.required(key, expected), reader, false);
  }

  /// An optional figure: absent keeps the current value, `none` clears it.
  template <class T>
  void optional(std::string_view key, std::optional<T>& field, const Reader<T>& reader) const {
    if (auto node = map_.get(key)) field = read(*node, reader, true);
  }

  /// The source a figure at `node` takes: its own, else this scope's; none is an error.
  Source resolve(const YamlNode& node, const std::optional<Source>& own) const;
  /// Drops the figures recorded at `path` and below it (a parent's, before an override) and
  /// returns where the first of them was, so that an override keeps the file's order.
  std::size_t forget(const std::string& path) const;
  /// Records a figure at position `at` (from forget) or at the end.
  void record(std::size_t at, Figure figure) const;
  /// Splits a figure into its value and its own source: `{value: V, source: S}` gives V and S;
  /// a map-shaped value (a distribution) may hold `source:` among its own keys.
  std::pair<YamlNode, std::optional<Source>> unwrap(const YamlNode& node, bool map_shaped) const;
  /// The figure's `range:` node (sim/config/figure_range.hpp), if it writes one.
  static std::optional<YamlNode> range_of(const YamlNode& node);
  /// The figure's range, parsed by `reader` and checked around `value`; none if not written.
  template <class T>
  static std::optional<ValueRange> read_range(const YamlNode& node, const Reader<T>& reader,
                                              const T& value) {
    const std::optional<YamlNode> range = range_of(node);
    if (!range) return std::nullopt;
    if constexpr (std::is_same_v<T, bool>) {
      range->fail("a flag has no range", "no `range:` on true or false");
    } else {
      const RangeEnds ends = range_ends(*range);
      const T low = reader.parse(ends.low);
      const T high = reader.parse(ends.high);
      return checked_range(*range, figure_number(low), figure_number(value), figure_number(high),
                           reader.print(low), reader.print(high));
    }
  }

 private:
  /// Reads one figure at `node` and records it; `none` (when allowed) gives nothing.
  template <class T>
  std::optional<T> read(const YamlNode& node, const Reader<T>& reader, bool may_be_none) const {
    const auto [value, own] = unwrap(node, reader.map_shaped);
    const Source source = resolve(node, own);
    std::optional<T> result;
    Figure figure{node.path(), std::string(kNone), source};
    if (!may_be_none || !value.is_scalar() || value.as_string() != kNone) {
      result = reader.parse(value);
      figure.value = reader.print(*result);
      figure.numeric = !std::is_same_v<T, bool>;
      figure.range = read_range(node, reader, *result);
    } else if (const auto range = range_of(node)) {
      range->fail("`none` has no range", "a value, or no `range:`");
    }
    record(forget(node.path()), std::move(figure));
    return result;
  }

  YamlMap map_;
  std::optional<Source> source_;
  std::vector<Figure>* figures_;
  bool inherit_;
};

/// Reads a capacity at `key`: a rate, `{value, source}`, `{base, per_TiB, cap, of}` (linear,
/// growing with `of`, default stored) or `{steps: [{from, rate}], of}` (default provisioned).
/// Each part is a figure of its own; `none` clears it.
void read_capacity(const Scope& scope, std::string_view key, std::optional<Capacity>& field);

/// Reads a list of names (`gpus`, `replication`) as one figure.
void read_names(const Scope& scope, std::string_view key, std::vector<std::string>& field,
                bool required);

/// The top-level keys every profile has (description, extends, source), besides its own `own`;
/// an unknown key is an error with "did you mean".
YamlMap top_map(const YamlDocument& doc, const std::vector<std::string_view>& own);

/// Reads the figure `spec` describes (sim/profile_figures.hpp) into `field`, with its bounds and
/// presence, and records it with its source.
void read_figure(const Scope& scope, const FigureSpec& spec, FigureRef field);

/// Reads every row of `table` in `section` from `scope` (that section's mapping), in the
/// table's order.
template <class P>
void read_figures(const Scope& scope, std::span<const FigureField<P>> table,
                  std::string_view section, P& p) {
  for (const FigureField<P>& f : table) {
    if (in_section(f.spec.path, section)) read_figure(scope, f.spec, f.access(p));
  }
}

/// The keys of a figure table, in its order.
template <class P>
std::vector<std::string_view> figure_keys(std::span<const FigureField<P>> table) {
  std::vector<std::string_view> keys;
  for (const FigureField<P>& f : table) keys.push_back(f.spec.path);
  return keys;
}

/// Fills `info` (name, file, extends, description) from a profile's document and returns the
/// scope of its top level; `has_parent` when it extends another (required keys may be left to it).
Scope begin_profile(const YamlDocument& doc, const YamlMap& top, const std::string& name,
                    bool has_parent, ProfileInfo& info);

}  // namespace stowage::sim::config::profile_fields
