// Profile fields: how the profile loaders read one figure with its source (internal to
// sim/config/profile_loader.cpp and the profile writer; nothing else includes it).
//
// A Scope is one mapping of a profile file together with the `source:` that applies inside it;
// every figure read through it is recorded, with its printed value and source, in the profile's
// figure list (sim/profile.hpp ProfileInfo::figures). A Reader says how to parse and print one
// figure type. `none` clears an optional figure. Deterministic: same text, same figures.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/config/config_error.hpp"
#include "sim/config/distribution_reader.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/profile.hpp"

namespace stowage::sim::config::profile_fields {

inline constexpr std::string_view kNone = "none";
inline constexpr std::string_view kAssumptionPrefix = "assumption:";
inline constexpr std::string_view kMeasuredPrefix = "measured:";

inline std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

inline Source parse_source(const YamlNode& node) {
  Source source;
  if (node.is_map()) {
    const YamlMap m = node.map({"kind", "url", "document", "calibration", "why"});
    const std::size_t kind = m.required("kind", "published, measured or assumption")
                                 .as_choice({"published", "measured", "assumption"});
    source.kind = kind == 0   ? Source::Kind::kPublished
                  : kind == 1 ? Source::Kind::kMeasured
                              : Source::Kind::kAssumption;
    const std::vector<std::string_view> keys =
        kind == 0   ? std::vector<std::string_view>{"url", "document"}
        : kind == 1 ? std::vector<std::string_view>{"calibration"}
                    : std::vector<std::string_view>{"why"};
    const std::string wanted = kind == 0 ? "`url` or `document`" : fmt::format("`{}`", keys[0]);
    std::optional<YamlNode> text;
    for (const auto& [key, value] : m.entries()) {
      if (key == "kind") continue;
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        value.fail(
            fmt::format("`{}` does not apply to a {} source", key, m.required("kind").as_string()),
            wanted);
      }
      if (text) value.fail("a source has one text", wanted);
      text = value;
    }
    if (!text) m.node().fail(fmt::format("missing {}", wanted), wanted);
    source.text = trim(text->as_string());
    return source;
  }
  const std::string s = node.as_string();
  const auto after = [&](std::string_view prefix) { return trim(s.substr(prefix.size())); };
  if (s.starts_with(kAssumptionPrefix)) {
    source.kind = Source::Kind::kAssumption;
    source.text = after(kAssumptionPrefix);
    if (source.text.empty())
      node.fail("an assumption must say why", "assumption: <why this value>");
  } else if (s.starts_with(kMeasuredPrefix)) {
    source.kind = Source::Kind::kMeasured;
    source.text = after(kMeasuredPrefix);
    if (source.text.empty()) node.fail("a measurement must name its file", "measured: FILE");
  } else {
    source.text = trim(s);
  }
  return source;
}

/// How to read and print one figure of type T.
template <class T>
struct Reader {
  std::function<T(const YamlNode&)> parse;
  std::function<std::string(const T&)> print;
  bool map_shaped = false;  // the value itself may be a mapping (distributions)
};

inline Reader<Bytes> bytes_reader() {
  return {[](const YamlNode& n) { return n.as_bytes(); },
          [](const Bytes& b) { return size_text(b); }};
}
inline Reader<BytesPerSecond> rate_reader(BytesPerSecond min = BytesPerSecond(0)) {
  return {[min](const YamlNode& n) { return n.as_rate(min); },
          [](const BytesPerSecond& r) { return to_string(r); }};
}
inline Reader<Seconds> seconds_reader() {
  return {[](const YamlNode& n) { return n.as_seconds(); },
          [](const Seconds& s) { return to_string(s); }};
}
inline Reader<double> number_reader(double min, double max) {
  return {[min, max](const YamlNode& n) { return n.as_double(min, max); },
          [](const double& v) { return format_significant(v, 6); }};
}
inline Reader<std::int64_t> int_reader(std::int64_t min, std::int64_t max) {
  return {[min, max](const YamlNode& n) { return n.as_int(min, max); },
          [](const std::int64_t& v) { return fmt::format("{}", v); }};
}
inline Reader<bool> bool_reader() {
  return {[](const YamlNode& n) { return n.as_bool(); },
          [](const bool& v) { return std::string(v ? "true" : "false"); }};
}

inline Reader<Distribution> distribution_reader() {
  return {[](const YamlNode& n) { return parse_distribution(n, true); },
          [](const Distribution& d) { return d.to_string(); }, true};
}

/// A mapping of a profile file with the source that applies inside it, recording every figure
/// read through it into the profile's figure list.
class Scope {
 public:
  Scope(YamlMap map, std::optional<Source> inherited, std::vector<Figure>& figures, bool inherit)
      : map_(std::move(map)), source_(std::move(inherited)), figures_(&figures), inherit_(inherit) {
    if (auto s = map_.get("source")) source_ = parse_source(*s);
  }

  const YamlMap& map() const { return map_; }
  std::optional<YamlNode> get(std::string_view key) const { return map_.get(key); }
  const std::optional<Source>& source() const { return source_; }
  /// Whether required keys may be left to a parent profile.
  bool inherit() const { return inherit_; }

  /// The sub-mapping `key` (which must be present) as a scope of its own.
  Scope section(std::string_view key, std::initializer_list<std::string_view> allowed,
                bool inherit) const {
    return child(map_.required(key), allowed, inherit);
  }
  /// Any mapping inside this scope as a scope of its own.
  Scope child(const YamlNode& node, std::initializer_list<std::string_view> allowed,
              bool inherit) const {
    return Scope(node.map(allowed), source_, *figures_, inherit);
  }

  /// A required figure: absent is an error unless a parent profile provides it.
  template <class T>
  void required(std::string_view key, T& field, const Reader<T>& reader,
                std::string_view expected = {}) const {
    if (!map_.has(key) && inherit_) return;
    const YamlNode node = map_.required(key, expected);
    std::optional<T> value = read(node, reader, false);
    field = *value;
  }

  /// An optional figure: absent keeps the current value, `none` clears it.
  template <class T>
  void optional(std::string_view key, std::optional<T>& field, const Reader<T>& reader) const {
    if (auto node = map_.get(key)) field = read(*node, reader, true);
  }

  /// The source a figure at `node` takes: its own, else this scope's; none is an error.
  Source resolve(const YamlNode& node, const std::optional<Source>& own) const {
    if (own) return *own;
    if (source_) return *source_;
    node.fail("no source for this figure",
              "`source:` on the figure or an enclosing section: a URL or document, or "
              "`assumption: why`");
  }

  /// Drops the figures recorded at `path` and below it (a parent's, before an override) and
  /// returns where the first of them was, so that an override keeps the file's order.
  std::size_t forget(const std::string& path) const {
    const auto under = [&](const Figure& f) {
      return f.path == path || f.path.starts_with(path + ".") || f.path.starts_with(path + "[");
    };
    const auto first = std::find_if(figures_->begin(), figures_->end(), under);
    const auto at = static_cast<std::size_t>(first - figures_->begin());
    std::erase_if(*figures_, under);
    return at;
  }

  /// Records a figure at position `at` (from forget) or at the end.
  void record(std::size_t at, Figure figure) const {
    at = std::min(at, figures_->size());
    figures_->insert(figures_->begin() + static_cast<std::ptrdiff_t>(at), std::move(figure));
  }

  /// Splits a figure into its value and its own source: `{value: V, source: S}` gives V and S;
  /// a map-shaped value (a distribution) may hold `source:` among its own keys.
  std::pair<YamlNode, std::optional<Source>> unwrap(const YamlNode& node, bool map_shaped) const {
    if (!node.is_map()) return {node, std::nullopt};
    bool value_form = !map_shaped;
    std::optional<Source> own;
    for (const auto& [key, value] : node.entries()) {
      if (key == "value") value_form = true;
      if (key == "source") own = parse_source(value);
    }
    if (!value_form) return {node, own};
    const YamlMap m = node.map({"value", "source"});
    return {m.required("value"), own};
  }

 private:
  template <class T>
  std::optional<T> read(const YamlNode& node, const Reader<T>& reader, bool may_be_none) const {
    const auto [value, own] = unwrap(node, reader.map_shaped);
    const Source source = resolve(node, own);
    std::optional<T> result;
    std::string printed(kNone);
    if (may_be_none && value.is_scalar() && value.as_string() == kNone) {
      result.reset();
    } else {
      result = reader.parse(value);
      printed = reader.print(*result);
    }
    record(forget(node.path()), Figure{node.path(), std::move(printed), source});
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
inline void read_capacity(const Scope& scope, std::string_view key, std::optional<Capacity>& field) {
  const auto node = scope.get(key);
  if (!node) return;
  std::size_t at = scope.forget(node->path());
  const auto put = [&](const Scope& in, const YamlNode& n, std::string printed,
                       const std::optional<Source>& own) {
    in.record(at++, Figure{n.path(), std::move(printed), in.resolve(n, own)});
  };
  const auto basis = [](const Scope& m, SizeBasis fallback) {
    if (auto of = m.get("of")) {
      return of->as_choice({"stored", "provisioned"}) == 0 ? SizeBasis::kStored
                                                           : SizeBasis::kProvisioned;
    }
    return fallback;
  };
  bool value_form = !node->is_map();
  bool steps_form = false;
  if (node->is_map()) {
    for (const auto& [k, v] : node->entries()) {
      value_form = value_form || k == "value";
      steps_form = steps_form || k == "steps";
    }
  }
  if (!value_form && steps_form) {
    const Scope m = scope.child(*node, {"steps", "of", "source"}, false);
    StepCapacity steps{basis(m, SizeBasis::kProvisioned), {}};
    std::string previous;  // the previous step's `from` as written
    const YamlNode list = m.map().required("steps", "a list of {from, rate}");
    for (const YamlNode& item : list.items()) {
      const Scope st = m.child(item, {"from", "rate", "source"}, false);
      const YamlNode from_node = st.map().required("from", "from and rate");
      const YamlNode rate_node = st.map().required("rate", "from and rate");
      const CapacityStep step{from_node.as_bytes(), rate_node.as_rate()};
      if (!steps.steps.empty() && step.from <= steps.steps.back().from) {
        from_node.fail(fmt::format("steps must grow: {} is not above the previous step's {}",
                                   from_node.as_string(), previous),
                       "strictly increasing `from`");
      }
      previous = from_node.as_string();
      steps.steps.push_back(step);
      put(st, item, fmt::format("from {}: {}", from_node.as_string(), step.rate), std::nullopt);
    }
    if (steps.steps.empty()) list.fail("no steps", "at least one {from, rate}");
    field = Capacity(std::move(steps));
    return;
  }
  if (!value_form) {
    const Scope m =
        scope.child(*node, {"base", "per_TiB", "cap", "floor", "of", "source"}, false);
    LinearCapacity linear{basis(m, SizeBasis::kStored), {}, {}, {}, {}};
    const auto part = [&](std::string_view name, bool required) -> std::optional<BytesPerSecond> {
      const auto n = required ? std::optional<YamlNode>(m.map().required(name, "base and per_TiB"))
                              : m.get(name);
      if (!n) return std::nullopt;
      const auto [value, own] = m.unwrap(*n, false);
      if (!required && value.is_scalar() && value.as_string() == kNone) {
        put(m, *n, std::string(kNone), own);
        return std::nullopt;
      }
      const BytesPerSecond rate = value.as_rate();
      put(m, *n,
          name == "per_TiB" ? fmt::format("{} per TiB {}", rate, size_basis_name(linear.of))
                            : to_string(rate),
          own);
      return rate;
    };
    linear.base = *part("base", true);
    linear.per_tib = *part("per_TiB", true);
    linear.cap = part("cap", false);
    linear.floor = part("floor", false);
    if (linear.floor && linear.cap && *linear.cap < *linear.floor) {
      m.map().required("floor").fail("the floor is above the cap", "floor <= cap");
    }
    field = Capacity(linear);
    return;
  }
  const auto [value, own] = scope.unwrap(*node, false);
  if (value.is_scalar() && value.as_string() == kNone) {
    field.reset();
    put(scope, *node, std::string(kNone), own);
    return;
  }
  const BytesPerSecond rate = value.as_rate();
  field = Capacity(ConstantCapacity{rate});
  put(scope, *node, to_string(rate), own);
}

/// Reads a list of names (`gpus`, `replication`) as one figure.
inline void read_names(const Scope& scope, std::string_view key, std::vector<std::string>& field,
                bool required) {
  std::optional<YamlNode> node = scope.get(key);
  if (!node && required && !scope.inherit()) node = scope.map().required(key, "a list of names");
  if (!node) return;
  const auto [value, own] = scope.unwrap(*node, false);
  std::vector<std::string> names;
  for (const YamlNode& item : value.items()) {
    std::string name = item.as_string();
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      item.fail(fmt::format("`{}` is listed twice", name), "each name once");
    }
    names.push_back(std::move(name));
  }
  if (required && names.empty()) value.fail("the list is empty", "at least one name");
  std::string printed;
  for (const std::string& n : names) printed += (printed.empty() ? "" : ", ") + n;
  scope.record(
      scope.forget(node->path()),
      Figure{node->path(), printed.empty() ? "(none)" : printed, scope.resolve(*node, own)});
  field = std::move(names);
}

/// The top-level keys every profile has, besides its own.
inline YamlMap top_map(const YamlDocument& doc, std::initializer_list<std::string_view> own) {
  std::vector<std::string_view> keys{"description", "extends", "source"};
  keys.insert(keys.end(), own.begin(), own.end());
  // YamlNode::map takes an initializer_list; check the keys by hand through entries().
  const YamlNode root = doc.root();
  for (const auto& [key, value] : root.entries()) {
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    const std::string suggestion = closest_match(key, keys);
    std::string list;
    for (std::string_view k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
    throw ConfigError(doc.name(), value.mark(), value.path(),
                      suggestion.empty()
                          ? "unknown key"
                          : fmt::format("unknown key, did you mean `{}`?", suggestion),
                      fmt::format("one of: {}", list));
  }
  return YamlMap(root, root.entries());
}

/// Fills the ProfileInfo of a profile from its document; `inherit` when it has a parent.
template <class Profile>
Scope begin_profile(const YamlDocument& doc, const YamlMap& top, const std::string& name,
                    const Profile* parent, Profile& p) {
  const auto extends = top.get("extends");
  if (extends && parent == nullptr) {
    extends->fail("`extends` is resolved by the profile catalog",
                  "the profile to be loaded by name through the catalog");
  }
  p.info.name = name;
  p.info.file = doc.name();
  p.info.extends = extends ? extends->as_string() : std::string();
  if (auto d = top.get("description")) {
    p.info.description = d->as_string();
  } else if (parent == nullptr) {
    top.required("description", "one line that says what this is");
  }
  return Scope(top, std::nullopt, p.info.figures, parent != nullptr);
}

}  // namespace stowage::sim::config::profile_fields
