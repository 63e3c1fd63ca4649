#include "sim/config/profile_loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "sim/check.hpp"
#include "sim/config/distribution_reader.hpp"

namespace stowage::sim::config {
namespace {

constexpr std::string_view kNone = "none";
constexpr std::string_view kAssumptionPrefix = "assumption:";
constexpr std::string_view kMeasuredPrefix = "measured:";

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

Source parse_source(const YamlNode& node) {
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

Reader<Bytes> bytes_reader() {
  return {[](const YamlNode& n) { return n.as_bytes(); },
          [](const Bytes& b) { return size_text(b); }};
}
Reader<BytesPerSecond> rate_reader(BytesPerSecond min = BytesPerSecond(0)) {
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
void read_capacity(const Scope& scope, std::string_view key, std::optional<Capacity>& field) {
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
    const Scope m = scope.child(*node, {"base", "per_TiB", "cap", "of", "source"}, false);
    LinearCapacity linear{basis(m, SizeBasis::kStored), {}, {}, {}};
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
YamlMap top_map(const YamlDocument& doc, std::initializer_list<std::string_view> own) {
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

}  // namespace

std::optional<std::pair<std::string, YamlNode>> profile_extends(const YamlDocument& doc) {
  for (const auto& [key, value] : doc.root().entries()) {
    if (key == "extends") return std::make_pair(value.as_string(), value);
  }
  return std::nullopt;
}

GpuProfile load_gpu_profile(const YamlDocument& doc, const std::string& name,
                            const GpuProfile* parent) {
  GpuProfile p = parent ? *parent : GpuProfile{};
  const YamlMap top = top_map(doc, {"memory", "host_link", "h2d"});
  const Scope scope = begin_profile(doc, top, name, parent, p);
  if (auto s = top.get("source")) {
    p.origin = parse_source(*s);
  } else if (parent == nullptr) {
    top.required("source", "{kind: published, url: U} or {kind: measured, calibration: FILE}");
  }
  const bool inherit = parent != nullptr;
  scope.required("memory", p.memory, bytes_reader(), "e.g. 80GB");
  if (!inherit || scope.get("host_link")) {
    const Scope link = scope.section("host_link", {"pcie_gen", "lanes", "source"}, inherit);
    link.required("pcie_gen", p.host_link.pcie_generation, int_reader(1, 7), "e.g. 4");
    if (link.get("lanes")) link.required("lanes", p.host_link.lanes, int_reader(1, 32));
  }
  if (!inherit || scope.get("h2d")) {
    const Scope h2d = scope.section("h2d", {"pinned", "pageable", "source"}, inherit);
    const auto copy = [&](std::string_view key, CopyCost& cost) {
      if (inherit && !h2d.get(key)) return;
      const Scope c = h2d.section(key, {"alpha", "beta", "source"}, inherit);
      c.required("alpha", cost.alpha, seconds_reader(), "e.g. 10us");
      c.required("beta", cost.beta, rate_reader(BytesPerSecond(1)), "e.g. 25GB/s");
    };
    copy("pinned", p.h2d_pinned);
    copy("pageable", p.h2d_pageable);
  }
  return p;
}

StorageProfile load_storage_profile(const YamlDocument& doc, const std::string& name,
                                    const StorageProfile* parent) {
  StorageProfile p = parent ? *parent : StorageProfile{};
  const YamlMap top = top_map(doc, {"kind", "backing", "throughput", "requests", "fuse",
                                    "page_cache", "cold_start", "update", "cost", "limits"});
  const Scope scope = begin_profile(doc, top, name, parent, p);
  const bool inherit = parent != nullptr;
  if (auto k = top.get("kind")) {
    static constexpr StorageKind kKinds[] = {StorageKind::kImage, StorageKind::kNas,
                                             StorageKind::kObjectFuse, StorageKind::kAccelerator,
                                             StorageKind::kLocal};
    p.kind = kKinds[k->as_choice({"image", "nas", "object_fuse", "accelerator", "local"})];
  } else if (!inherit) {
    top.required("kind", "one of: image, nas, object_fuse, accelerator, local");
  }
  if (scope.get("throughput")) {
    const Scope t = scope.section(
        "throughput", {"shared", "per_client", "per_file", "per_connection", "account", "source"},
        inherit);
    read_capacity(t, "shared", p.throughput.shared);
    t.optional("per_client", p.throughput.per_client, rate_reader());
    t.optional("per_file", p.throughput.per_file, rate_reader());
    t.optional("per_connection", p.throughput.per_connection, rate_reader());
    t.optional("account", p.throughput.account, rate_reader());
  }
  if (scope.get("requests")) {
    const Scope r = scope.section(
        "requests", {"latency", "size", "account_qps", "file_qps", "source"}, inherit);
    r.optional("latency", p.requests.latency, distribution_reader());
    r.optional("size", p.requests.size, bytes_reader());
    r.optional("account_qps", p.requests.account_qps,
               number_reader(0, std::numeric_limits<double>::max()));
    r.optional("file_qps", p.requests.file_qps,
               number_reader(0, std::numeric_limits<double>::max()));
  }
  const bool uses_fuse = p.kind == StorageKind::kObjectFuse || p.kind == StorageKind::kAccelerator;
  if (auto f = scope.get("fuse")) {
    if (!uses_fuse) {
      f->fail(fmt::format("`fuse` does not apply to a {} storage", storage_kind_name(p.kind)),
              "fuse only with kind object_fuse or accelerator");
    }
    const bool had = p.fuse.has_value();
    if (!had) p.fuse = FuseClient{};
    const Scope fs = scope.section("fuse", {"per_vcpu", "threads", "source"}, had);
    fs.required("per_vcpu", p.fuse->per_vcpu, rate_reader(BytesPerSecond(1)), "e.g. 1GB/s");
    fs.optional("threads", p.fuse->threads, int_reader(1, 1'000'000));
  } else if (uses_fuse && !p.fuse) {
    top.required("fuse", fmt::format("a FUSE client section: kind {} reads through one",
                                     storage_kind_name(p.kind)));
  } else if (!uses_fuse && p.fuse) {
    p.fuse.reset();  // a child that changes the kind drops its parent's FUSE client
    scope.forget("fuse");
  }
  if (auto b = top.get("backing")) {
    if (p.kind != StorageKind::kAccelerator) {
      b->fail(fmt::format("`backing` does not apply to a {} storage", storage_kind_name(p.kind)),
              "backing only with kind accelerator");
    }
    p.backing = b->as_string();
  } else if (p.kind == StorageKind::kAccelerator && p.backing.empty()) {
    top.required("backing", "the object-store profile whose bucket the accelerator caches");
  } else if (p.kind != StorageKind::kAccelerator) {
    p.backing.clear();  // a child that changes the kind drops its parent's backing
  }
  scope.required("page_cache", p.page_cache, bool_reader(), "true or false");
  if (scope.get("cold_start")) {
    const Scope c = scope.section("cold_start", {"vpc_attach", "mount", "source"}, inherit);
    c.optional("vpc_attach", p.cold_start.vpc_attach, distribution_reader());
    c.optional("mount", p.cold_start.mount, distribution_reader());
  }
  if (scope.get("update")) {
    const Scope u = scope.section("update", {"write_rate", "warm_up", "source"}, inherit);
    u.optional("write_rate", p.update.write_rate, rate_reader(BytesPerSecond(1)));
    u.optional("warm_up", p.update.warm_up, seconds_reader());
  }
  if (scope.get("cost")) {
    const Scope c = scope.section("cost",
                                  {"currency", "per_gb_month_stored", "per_gb_month_provisioned",
                                   "per_10k_requests", "per_gb_read", "source"},
                                  inherit);
    if (auto cur = c.get("currency")) p.cost.currency = cur->as_string();
    const auto price = number_reader(0, std::numeric_limits<double>::max());
    c.optional("per_gb_month_stored", p.cost.per_gb_month_stored, price);
    c.optional("per_gb_month_provisioned", p.cost.per_gb_month_provisioned, price);
    c.optional("per_10k_requests", p.cost.per_10k_requests, price);
    c.optional("per_gb_read", p.cost.per_gb_read, price);
    const bool priced = p.cost.per_gb_month_stored || p.cost.per_gb_month_provisioned ||
                        p.cost.per_10k_requests || p.cost.per_gb_read;
    if (priced && p.cost.currency.empty()) {
      c.map().node().fail("a price needs a currency", "currency: CNY, USD, ...");
    }
  }
  if (scope.get("limits")) {
    const Scope l = scope.section("limits",
                                  {"min_capacity", "max_capacity", "max_file_size", "max_clients",
                                   "multi_zone", "multi_region", "replication", "source"},
                                  inherit);
    l.optional("min_capacity", p.limits.min_capacity, bytes_reader());
    l.optional("max_capacity", p.limits.max_capacity, bytes_reader());
    l.optional("max_file_size", p.limits.max_file_size, bytes_reader());
    l.optional("max_clients", p.limits.max_clients,
               int_reader(1, std::numeric_limits<std::int64_t>::max()));
    if (l.get("multi_zone")) l.required("multi_zone", p.limits.multi_zone, bool_reader());
    if (l.get("multi_region")) l.required("multi_region", p.limits.multi_region, bool_reader());
    read_names(l, "replication", p.limits.replication, false);
    if (p.limits.min_capacity && p.limits.max_capacity &&
        *p.limits.max_capacity < *p.limits.min_capacity) {
      l.map().node().fail(
          fmt::format("max_capacity {} is below min_capacity {}", size_text(*p.limits.max_capacity),
                      size_text(*p.limits.min_capacity)),
          "min_capacity <= max_capacity");
    }
  }
  return p;
}

PlatformProfile load_platform_profile(const YamlDocument& doc, const std::string& name,
                                      const PlatformProfile* parent) {
  PlatformProfile p = parent ? *parent : PlatformProfile{};
  const YamlMap top =
      top_map(doc, {"sandbox_start", "instance_bandwidth", "page_cache_read", "delivery_per_minute",
                    "start_timeout", "health_check_timeout", "vcpu", "memory", "max_memory",
                    "temp_disk", "idle_reclaim", "image", "gpus", "gpu_pricing"});
  const Scope scope = begin_profile(doc, top, name, parent, p);
  const bool inherit = parent != nullptr;
  const double kUnbounded = std::numeric_limits<double>::max();
  scope.required("sandbox_start", p.sandbox_start, distribution_reader(),
                 "e.g. {dist: lognormal, median: 2s, p99: 6s}");
  scope.required("instance_bandwidth", p.instance_bandwidth, rate_reader(BytesPerSecond(1)),
                 "e.g. 5Gbps");
  scope.required("page_cache_read", p.page_cache_read, rate_reader(BytesPerSecond(1)),
                 "e.g. 10GB/s");
  scope.optional("delivery_per_minute", p.delivery_per_minute, number_reader(0, kUnbounded));
  scope.required("start_timeout", p.start_timeout, seconds_reader(), "e.g. 300s");
  scope.optional("health_check_timeout", p.health_check_timeout, seconds_reader());
  scope.required("vcpu", p.vcpu, number_reader(0, kUnbounded), "e.g. 8");
  scope.required("memory", p.memory, bytes_reader(), "e.g. 32GiB");
  scope.optional("max_memory", p.max_memory, bytes_reader());
  scope.optional("temp_disk", p.temp_disk, bytes_reader());
  scope.optional("idle_reclaim", p.idle_reclaim, distribution_reader());
  if (p.max_memory && *p.max_memory < p.memory) {
    top.required("memory").fail(
        fmt::format("memory {} is above max_memory {}", p.memory, *p.max_memory),
        "memory <= max_memory");
  }
  if (!inherit || scope.get("image")) {
    const Scope im =
        scope.section("image",
                      {"max_compressed", "safe_uncompressed", "pull_rate", "cache_bandwidth",
                       "unaccelerated_pull_rate", "preprocessing", "ready_delay", "build_rate",
                       "push_rate", "build_price", "source"},
                      inherit);
    im.optional("max_compressed", p.image.max_compressed, bytes_reader());
    im.optional("safe_uncompressed", p.image.safe_uncompressed, bytes_reader());
    im.required("pull_rate", p.image.pull_rate, rate_reader(BytesPerSecond(1)), "e.g. 200MB/s");
    if (auto pre = im.get("preprocessing")) {
      const auto [value, own] = im.unwrap(*pre, true);
      if (value.is_scalar() && value.as_string() == kNone) {
        p.image.preprocessing.reset();
        im.record(im.forget(pre->path()),
                  Figure{pre->path(), std::string(kNone), im.resolve(*pre, own)});
      } else {
        const bool had = p.image.preprocessing.has_value();
        if (!had) p.image.preprocessing = SizeDependentTime{};
        const Scope pp = im.child(*pre, {"base", "per_GB", "source"}, had);
        if (pp.get("base")) pp.required("base", p.image.preprocessing->base, seconds_reader());
        if (pp.get("per_GB"))
          pp.required("per_GB", p.image.preprocessing->per_gb, seconds_reader());
      }
    }
    im.optional("ready_delay", p.image.ready_delay, seconds_reader());
    im.optional("cache_bandwidth", p.image.cache_bandwidth, rate_reader(BytesPerSecond(1)));
    im.optional("unaccelerated_pull_rate", p.image.unaccelerated_pull_rate,
                rate_reader(BytesPerSecond(1)));
    im.optional("build_rate", p.image.build_rate, rate_reader(BytesPerSecond(1)));
    im.optional("push_rate", p.image.push_rate, rate_reader(BytesPerSecond(1)));
    if (auto price = im.get("build_price")) {
      const bool had = p.image.build_per_hour.has_value();
      const Scope bp = im.child(*price, {"currency", "per_hour", "source"}, had);
      double per_hour = p.image.build_per_hour.value_or(0.0);
      bp.required("per_hour", per_hour, number_reader(0, std::numeric_limits<double>::max()),
                  "a price per hour");
      p.image.build_per_hour = per_hour;
      if (auto cur = bp.get("currency")) p.image.build_currency = cur->as_string();
      if (p.image.build_currency.empty()) {
        bp.map().node().fail("a price needs a currency", "currency: CNY, USD, ...");
      }
    }
  }
  read_names(scope, "gpus", p.gpus, true);
  if (scope.get("gpu_pricing")) {
    const Scope gp =
        scope.section("gpu_pricing", {"currency", "per_hour", "idle_per_hour", "source"}, inherit);
    if (auto cur = gp.get("currency")) p.gpu_pricing.currency = cur->as_string();
    const auto prices = [&](std::string_view key, std::map<std::string, double>& field) {
      const auto table = gp.get(key);
      if (!table) return;
      std::size_t at = gp.forget(table->path());
      field.clear();
      for (const auto& [gpu, node] : table->entries()) {
        if (std::find(p.gpus.begin(), p.gpus.end(), gpu) == p.gpus.end()) {
          std::string list;
          for (const std::string& g : p.gpus) list += (list.empty() ? "" : ", ") + g;
          node.fail(fmt::format("`{}` is not among this platform's gpus", gpu),
                    fmt::format("one of: {}", list));
        }
        const auto [value, own] = gp.unwrap(node, false);
        const double price = value.as_double(0, kUnbounded);
        field[gpu] = price;
        gp.record(at++, Figure{node.path(), format_significant(price, 6), gp.resolve(node, own)});
      }
    };
    prices("per_hour", p.gpu_pricing.per_hour);
    prices("idle_per_hour", p.gpu_pricing.idle_per_hour);
    const bool priced = !p.gpu_pricing.per_hour.empty() || !p.gpu_pricing.idle_per_hour.empty();
    if (priced && p.gpu_pricing.currency.empty()) {
      gp.map().node().fail("a price needs a currency", "currency: CNY, USD, ...");
    }
  }
  return p;
}

namespace {

/// The shortest text, over `units`, that parses back to exactly `value` (the first of equals);
/// the base unit always round-trips, as the shortest repr of a double does.
template <class Quantity, class Parse>
std::string exact_text(Quantity value, Parse parse,
                       std::initializer_list<std::pair<std::string_view, double>> units) {
  std::string best = fmt::format("{}{}", value.value(), units.end()[-1].first);
  for (const auto& [unit, scale] : units) {
    const std::string text = fmt::format("{}{}", value.value() / scale, unit);
    try {
      if (parse(text) == value && text.size() < best.size()) best = text;
    } catch (const UnitError&) {
      // e.g. an exponent form the parser rejects; another unit will do
    }
  }
  return best;
}

std::string exact_bytes(Bytes b) {
  return exact_text(b, parse_bytes, {{"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}, {"B", 1.0}});
}
std::string exact_rate(BytesPerSecond r) {
  return exact_text(r, parse_rate, {{"GB/s", 1e9}, {"MB/s", 1e6}, {"kB/s", 1e3}, {"B/s", 1.0}});
}
std::string exact_seconds(Seconds s) {
  return exact_text(s, parse_seconds, {{"s", 1.0}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}});
}

void emit_source(YAML::Emitter& out, const Source& s) {
  out << YAML::Flow << YAML::BeginMap;
  switch (s.kind) {
    case Source::Kind::kPublished:
      out << YAML::Key << "kind" << YAML::Value << "published";
      out << YAML::Key << (s.text.starts_with("http") ? "url" : "document");
      break;
    case Source::Kind::kMeasured:
      out << YAML::Key << "kind" << YAML::Value << "measured" << YAML::Key << "calibration";
      break;
    case Source::Kind::kAssumption:
      out << YAML::Key << "kind" << YAML::Value << "assumption" << YAML::Key << "why";
      break;
  }
  out << YAML::Value << s.text << YAML::EndMap;
}

}  // namespace

std::string write_gpu_profile_yaml(const GpuProfile& profile) {
  // The source of each figure, by path; only those that differ from the origin are written.
  const auto source_of = [&](std::string_view path) -> const Source* {
    for (const Figure& f : profile.info.figures) {
      if (f.path == path && !(f.source == profile.origin)) return &f.source;
    }
    return nullptr;
  };
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "description" << YAML::Value << profile.info.description;
  out << YAML::Key << "source" << YAML::Value;
  emit_source(out, profile.origin);
  const auto figure = [&](std::string_view key, std::string_view path, const std::string& text) {
    out << YAML::Key << std::string(key) << YAML::Value;
    if (const Source* s = source_of(path)) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "value" << YAML::Value << text
          << YAML::Key << "source" << YAML::Value;
      emit_source(out, *s);
      out << YAML::EndMap;
    } else {
      out << text;
    }
  };
  figure("memory", "memory", exact_bytes(profile.memory));
  out << YAML::Key << "host_link" << YAML::Value << YAML::BeginMap;
  figure("pcie_gen", "host_link.pcie_gen", fmt::format("{}", profile.host_link.pcie_generation));
  figure("lanes", "host_link.lanes", fmt::format("{}", profile.host_link.lanes));
  out << YAML::EndMap;
  out << YAML::Key << "h2d" << YAML::Value << YAML::BeginMap;
  const auto copy = [&](std::string_view key, const CopyCost& cost) {
    const std::string base = fmt::format("h2d.{}", key);
    out << YAML::Key << std::string(key) << YAML::Value << YAML::BeginMap;
    figure("alpha", base + ".alpha", exact_seconds(cost.alpha));
    figure("beta", base + ".beta", exact_rate(cost.beta));
    out << YAML::EndMap;
  };
  copy("pinned", profile.h2d_pinned);
  copy("pageable", profile.h2d_pageable);
  out << YAML::EndMap << YAML::EndMap;
  STOWAGE_CHECK(out.good(), out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

}  // namespace stowage::sim::config
