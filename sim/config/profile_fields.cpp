#include "sim/config/profile_fields.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <limits>
#include <type_traits>
#include <variant>

#include "sim/check.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/distribution_reader.hpp"

namespace stowage::sim::config::profile_fields {

Reader<Bytes> bytes_reader() {
  return {[](const YamlNode& n) { return n.as_bytes(); },
          [](const Bytes& b) { return size_text(b); }};
}
Reader<BytesPerSecond> rate_reader(BytesPerSecond min) {
  return {[min](const YamlNode& n) { return n.as_rate(min); },
          [](const BytesPerSecond& r) { return to_string(r); }};
}
Reader<Seconds> seconds_reader() {
  return {[](const YamlNode& n) { return n.as_seconds(); },
          [](const Seconds& s) { return to_string(s); }};
}
Reader<double> number_reader(double min, double max) {
  return {[min, max](const YamlNode& n) { return n.as_double(min, max); },
          [](const double& v) { return format_significant(v, 6); }};
}
Reader<std::int64_t> int_reader(std::int64_t min, std::int64_t max) {
  return {[min, max](const YamlNode& n) { return n.as_int(min, max); },
          [](const std::int64_t& v) { return fmt::format("{}", v); }};
}
Reader<bool> bool_reader() {
  return {[](const YamlNode& n) { return n.as_bool(); },
          [](const bool& v) { return std::string(v ? "true" : "false"); }};
}

Reader<Distribution> distribution_reader() {
  return {[](const YamlNode& n) { return parse_distribution(n, true); },
          [](const Distribution& d) { return d.to_string(); }, true};
}

Scope::Scope(YamlMap map, std::optional<Source> inherited, std::vector<Figure>& figures,
             bool inherit)
    : map_(std::move(map)), source_(std::move(inherited)), figures_(&figures), inherit_(inherit) {
  if (auto s = map_.get("source")) source_ = parse_source(*s);
}

Scope Scope::section(std::string_view key, std::initializer_list<std::string_view> allowed,
                     bool inherit) const {
  return child(map_.required(key), allowed, inherit);
}

Scope Scope::child(const YamlNode& node, std::initializer_list<std::string_view> allowed,
                   bool inherit) const {
  return Scope(node.map(allowed), source_, *figures_, inherit);
}

Source Scope::resolve(const YamlNode& node, const std::optional<Source>& own) const {
  if (own) return *own;
  if (source_) return *source_;
  node.fail("no source for this figure",
            "`source:` on the figure or an enclosing section: a URL or document, or "
            "`assumption: why`");
}

std::size_t Scope::forget(const std::string& path) const {
  const auto under = [&](const Figure& f) {
    return f.path == path || f.path.starts_with(path + ".") || f.path.starts_with(path + "[");
  };
  const auto first = std::find_if(figures_->begin(), figures_->end(), under);
  const auto at = static_cast<std::size_t>(first - figures_->begin());
  std::erase_if(*figures_, under);
  return at;
}

void Scope::record(std::size_t at, Figure figure) const {
  at = std::min(at, figures_->size());
  figures_->insert(figures_->begin() + static_cast<std::ptrdiff_t>(at), std::move(figure));
}

std::pair<YamlNode, std::optional<Source>> Scope::unwrap(const YamlNode& node,
                                                         bool map_shaped) const {
  if (!node.is_map()) return {node, std::nullopt};
  bool value_form = !map_shaped;
  std::optional<Source> own;
  for (const auto& [key, value] : node.entries()) {
    if (key == "value") value_form = true;
    if (key == "source") own = parse_source(value);
  }
  if (!value_form) return {node, own};
  const YamlMap m = node.map({"value", "source", "range"});
  return {m.required("value"), own};
}

std::optional<YamlNode> Scope::range_of(const YamlNode& node) {
  if (!node.is_map()) return std::nullopt;
  for (const auto& [key, value] : node.entries()) {
    if (key == "range") return value;
  }
  return std::nullopt;
}

/// Reads a capacity at `key`: a rate, `{value, source}`, `{base, per_TiB, cap, of}` (linear,
/// growing with `of`, default stored) or `{steps: [{from, rate}], of}` (default provisioned).
/// Each part is a figure of its own; `none` clears it.
void read_capacity(const Scope& scope, std::string_view key, std::optional<Capacity>& field) {
  const auto node = scope.get(key);
  if (!node) return;
  std::size_t at = scope.forget(node->path());
  const auto put = [&](const Scope& in, const YamlNode& n, std::string printed,
                       const std::optional<Source>& own,
                       std::optional<BytesPerSecond> rate = std::nullopt) {
    Figure f{n.path(), std::move(printed), in.resolve(n, own)};
    if (rate) {
      f.numeric = true;
      f.range = Scope::read_range(n, rate_reader(), *rate);
    } else if (const auto range = Scope::range_of(n)) {
      range->fail("`none` has no range", "a value, or no `range:`");
    }
    in.record(at++, std::move(f));
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
    const Scope m = scope.child(*node, {"base", "per_TiB", "cap", "floor", "of", "source"}, false);
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
          own, rate);
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
  put(scope, *node, to_string(rate), own, rate);
}

/// Reads a list of names (`gpus`, `replication`) as one figure.
void read_names(const Scope& scope, std::string_view key, std::vector<std::string>& field,
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
YamlMap top_map(const YamlDocument& doc, const std::vector<std::string_view>& own) {
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

Scope begin_profile(const YamlDocument& doc, const YamlMap& top, const std::string& name,
                    bool has_parent, ProfileInfo& info) {
  const auto extends = top.get("extends");
  if (extends && !has_parent) {
    extends->fail("`extends` is resolved by the profile catalog",
                  "the profile to be loaded by name through the catalog");
  }
  info.name = name;
  info.file = doc.name();
  info.extends = extends ? extends->as_string() : std::string();
  if (auto d = top.get("description")) {
    info.description = d->as_string();
  } else if (!has_parent) {
    top.required("description", "one line that says what this is");
  }
  return Scope(top, std::nullopt, info.figures, has_parent);
}

namespace {

/// How a row's figure of type T is parsed and printed, with the row's bounds.
template <class T>
Reader<T> reader_for(const FigureSpec& spec) {
  if constexpr (std::is_same_v<T, std::int64_t>) {
    return int_reader(static_cast<std::int64_t>(spec.min),
                      spec.max == 0 ? std::numeric_limits<std::int64_t>::max()
                                    : static_cast<std::int64_t>(spec.max));
  } else if constexpr (std::is_same_v<T, double>) {
    return number_reader(spec.min, spec.max == 0 ? std::numeric_limits<double>::max() : spec.max);
  } else if constexpr (std::is_same_v<T, Bytes>) {
    return bytes_reader();
  } else if constexpr (std::is_same_v<T, BytesPerSecond>) {
    return rate_reader(BytesPerSecond(spec.min));
  } else if constexpr (std::is_same_v<T, Seconds>) {
    return seconds_reader();
  } else if constexpr (std::is_same_v<T, Distribution>) {
    return distribution_reader();
  } else {
    static_assert(std::is_same_v<T, bool>, "a figure type without a reader");
    return bool_reader();
  }
}

/// Reads a choice among `spec.choices` into the enum `field`, recording the name as written.
template <class Enum>
void read_choice(const Scope& scope, const FigureSpec& spec, Enum& field) {
  const std::vector<std::string_view> names(spec.choices.begin(), spec.choices.end());
  if (auto node = scope.get(spec.path)) {
    const auto [value, own] = scope.unwrap(*node, false);
    field = static_cast<Enum>(value.as_choice(names));
    scope.record(scope.forget(node->path()),
                 Figure{node->path(), value.as_string(), scope.resolve(*node, own)});
  } else if (!scope.inherit()) {
    scope.map().required(spec.path, fmt::format("one of: {}", fmt::join(names, ", ")));
  }
}

/// The bound a size's parser does not check: fails at the figure when `size` is below it.
void check_size(const Scope& scope, const FigureSpec& spec, const Bytes* size) {
  if (!spec.below_min.empty() && size != nullptr && size->value() < spec.min) {
    scope.map().required(spec.path).fail(std::string(spec.below_min),
                                         std::string(spec.below_min_hint));
  }
}

void read_leaf(const Scope& scope, const FigureSpec& spec, FigureRef field) {
  std::visit(
      [&](auto* f) {
        using Field = std::remove_pointer_t<decltype(f)>;
        if constexpr (std::is_enum_v<Field>) {
          read_choice(scope, spec, *f);
        } else if constexpr (kIsOptional<Field>) {
          STOWAGE_CHECK(spec.presence == FigurePresence::kOptional,
                        "an optional field's row says so");
          scope.optional(spec.path, *f, reader_for<typename Field::value_type>(spec));
          if constexpr (std::is_same_v<Field, std::optional<Bytes>>) {
            check_size(scope, spec, *f ? &**f : nullptr);
          }
        } else {
          if (spec.presence == FigurePresence::kRequired) {
            scope.required(spec.path, *f, reader_for<Field>(spec), spec.expected);
          } else if (scope.get(spec.path)) {
            scope.required(spec.path, *f, reader_for<Field>(spec));
          }
          if constexpr (std::is_same_v<Field, Bytes>) check_size(scope, spec, f);
        }
      },
      field);
}

}  // namespace

void read_figure(const Scope& scope, const FigureSpec& spec, FigureRef field) {
  // Rows of a section name their key after the section's (`requests.size` is `size` inside it).
  FigureSpec leaf = spec;
  leaf.path = leaf_key(spec.path);
  read_leaf(scope, leaf, field);
}

}  // namespace stowage::sim::config::profile_fields
