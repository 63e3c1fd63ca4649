#include "sim/config/profile_loader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/check.hpp"
#include "sim/config/clouds.hpp"
#include "sim/config/image_section.hpp"
#include "sim/config/profile_fields.hpp"
#include "sim/storage/registry.hpp"

namespace stowage::sim::config {

using namespace profile_fields;

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
  const Scope scope = begin_profile(doc, top, name, parent != nullptr, p.info);
  if (auto s = top.get("source")) {
    p.origin = parse_source(*s);
  } else if (parent == nullptr) {
    top.required("source", "{kind: published, url: U} or {kind: measured, calibration: FILE}");
  }
  const bool inherit = parent != nullptr;
  read_figures(scope, gpu_figures(), "", p);
  if (!inherit || scope.get("host_link")) {
    const Scope link = scope.section("host_link", {"pcie_gen", "lanes", "source"}, inherit);
    read_figures(link, gpu_figures(), "host_link", p);
  }
  if (!inherit || scope.get("h2d")) {
    const Scope h2d = scope.section("h2d", {"pinned", "pageable", "source"}, inherit);
    const auto copy = [&](std::string_view key, CopyCost& cost) {
      if (inherit && !h2d.get(key)) return;
      const Scope c = h2d.section(key, {"alpha", "beta", "bands", "source"}, inherit);
      read_figures(c, gpu_figures(), fmt::format("h2d.{}", key), p);
      // A copy section replaces its parent's bands whole: given here, or none.
      cost.bands.clear();
      if (auto bands = c.get("bands")) {
        for (const YamlNode& item : bands->items("a list of {up_to, alpha, beta}")) {
          const Scope b = c.child(item, {"up_to", "alpha", "beta", "source"}, false);
          CopyBand band;
          b.required("up_to", band.up_to, bytes_reader(), "e.g. 16MiB");
          b.required("alpha", band.alpha, seconds_reader(), "e.g. 10us");
          b.required("beta", band.beta, rate_reader(BytesPerSecond(1)), "e.g. 14GB/s");
          if (!cost.bands.empty() && band.up_to <= cost.bands.back().up_to) {
            b.map().required("up_to").fail(
                fmt::format("bands must grow: {} is not above the previous band's {}",
                            size_text(band.up_to), size_text(cost.bands.back().up_to)),
                "strictly increasing `up_to`");
          }
          cost.bands.push_back(band);
        }
        if (cost.bands.empty()) bands->fail("no bands", "at least one {up_to, alpha, beta}");
      }
    };
    copy("pinned", p.h2d_pinned);
    copy("pageable", p.h2d_pageable);
  }
  return p;
}

namespace {

/// A `kind:` value: one of the registry's names.
const StorageKind* read_storage_kind(const YamlNode& node) {
  std::vector<std::string_view> names;
  for (const StorageKind* k : storage_kinds()) names.push_back(k->name());
  return storage_kinds()[node.as_choice(names)];
}

/// What the kind says its section `key` holds (for the message when it is missing).
std::string_view section_text(const StorageKind& kind, std::string_view key) {
  for (const KindSection& section : kind.sections()) {
    if (section.key == key) return section.what;
  }
  return key;
}

}  // namespace

GpuProfile load_gpu_profile_text(std::string_view text, const std::string& file,
                                 const std::string& name) {
  return load_gpu_profile(YamlDocument::from_text(text, file), name);
}

StorageProfile load_storage_profile(const YamlDocument& doc, const std::string& name,
                                    const StorageProfile* parent) {
  StorageProfile p = parent ? *parent : StorageProfile{};
  const YamlMap top =
      top_map(doc, {"kind", "cloud", "backing", "throughput", "requests", "fuse", "page_cache",
                    "gpu_direct", "cold_start", "update", "cost", "limits"});
  const Scope scope = begin_profile(doc, top, name, parent != nullptr, p.info);
  const bool inherit = parent != nullptr;
  if (auto c = top.get("cloud")) p.cloud = read_cloud(*c);
  if (auto k = top.get("kind")) {
    p.kind = read_storage_kind(*k);
  } else if (!inherit) {
    top.required("kind", "one of: " + kind_names(", "));
  }
  if (scope.get("throughput")) {
    const Scope t = scope.section(
        "throughput",
        {"shared", "per_client", "per_file", "per_connection", "per_stream", "account", "source"},
        inherit);
    read_capacity(t, "shared", p.throughput.shared);
    read_figures(t, storage_figures(), "throughput", p);
  }
  if (auto requests = scope.get("requests")) {
    // A request's time to first byte is inside `per_connection`, an achieved rate of requests
    // issued back to back; a figure of its own would change nothing, so it is refused.
    if (requests->is_map()) {
      for (const auto& [key, value] : requests->entries()) {
        if (key == "latency") {
          value.fail_at_key(
              "a request's latency is not a figure of its own: `throughput.per_connection` is "
              "the rate a connection achieves with its requests back to back, first bytes "
              "included",
              "size, account_qps, file_qps or source; put what the latency was read from in "
              "per_connection's source");
        }
      }
    }
    const Scope r =
        scope.section("requests", {"size", "account_qps", "file_qps", "source"}, inherit);
    read_figures(r, storage_figures(), "requests", p);
  }
  const StorageKind& kind = *p.kind;
  const bool uses_fuse = kind.takes("fuse");
  if (auto f = scope.get("fuse")) {
    if (!uses_fuse) {
      f->fail(fmt::format("`fuse` does not apply to a {} storage", kind.name()),
              "fuse only with kind " + kinds_taking("fuse", " or "));
    }
    const bool had = p.fuse.has_value();
    if (!had) p.fuse = FuseClient{};
    const Scope fs =
        scope.section("fuse", {"per_vcpu", "threads", "threads_per_reader", "source"}, had);
    fs.required("per_vcpu", p.fuse->per_vcpu, rate_reader(BytesPerSecond(1)), "e.g. 1GB/s");
    fs.optional("threads", p.fuse->threads, int_reader(1, 1'000'000));
    fs.optional("threads_per_reader", p.fuse->threads_per_reader, int_reader(1, 1'000'000));
  } else if (uses_fuse && !p.fuse) {
    top.required("fuse", std::string(section_text(kind, "fuse")));
  } else if (!uses_fuse && p.fuse) {
    p.fuse.reset();  // a child that changes the kind drops its parent's FUSE client
    scope.forget("fuse");
  }
  const bool has_backing = kind.takes("backing");
  if (auto b = top.get("backing")) {
    if (!has_backing) {
      b->fail(fmt::format("`backing` does not apply to a {} storage", kind.name()),
              "backing only with kind " + kinds_taking("backing", " or "));
    }
    p.backing = b->as_string();
  } else if (has_backing && p.backing.empty()) {
    top.required("backing", std::string(section_text(kind, "backing")));
  } else if (!has_backing) {
    p.backing.clear();  // a child that changes the kind drops its parent's backing
  }
  scope.required("page_cache", p.page_cache, bool_reader(), "true or false");
  scope.optional("gpu_direct", p.gpu_direct, bool_reader());
  if (scope.get("cold_start")) {
    const Scope c = scope.section("cold_start", {"vpc", "mount", "source"}, inherit);
    read_figures(c, storage_figures(), "cold_start", p);
  }
  if (scope.get("update")) {
    const Scope u = scope.section("update", {"write_rate", "warm_up", "source"}, inherit);
    read_figures(u, storage_figures(), "update", p);
  }
  if (scope.get("cost")) {
    const Scope c = scope.section("cost",
                                  {"currency", "per_gb_month_stored", "per_gb_month_provisioned",
                                   "per_10k_requests", "per_gb_read", "source"},
                                  inherit);
    if (auto cur = c.get("currency")) p.cost.currency = cur->as_string();
    read_figures(c, storage_figures(), "cost", p);
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
    read_figures(l, storage_figures(), "limits", p);
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

namespace {

/// Reads `key` of `scope`, a mapping of GPU profile names (each one of `gpus`) to figures, into
/// `field`, replacing what a parent gave; `parse` reads one value.
template <class T, class Parse>
void read_per_gpu(const Scope& scope, std::string_view key, const std::vector<std::string>& gpus,
                  std::map<std::string, T>& field, const Parse& parse) {
  const auto table = scope.get(key);
  if (!table) return;
  std::size_t at = scope.forget(table->path());
  field.clear();
  // The table may carry a `source:` for its entries.
  std::optional<Source> table_source;
  for (const auto& [key, node] : table->entries()) {
    if (key == "source") table_source = parse_source(node);
  }
  for (const auto& [gpu, node] : table->entries()) {
    if (gpu == "source") continue;
    if (std::find(gpus.begin(), gpus.end(), gpu) == gpus.end()) {
      std::string list;
      for (const std::string& g : gpus) list += (list.empty() ? "" : ", ") + g;
      node.fail(fmt::format("`{}` is not among this platform's gpus", gpu),
                fmt::format("one of: {}", list));
    }
    const auto [value, own] = scope.unwrap(node, false);
    const T v = parse(value);
    field[gpu] = v;
    Figure f{node.path(), format_significant(static_cast<double>(v), 6),
             scope.resolve(node, own ? own : table_source)};
    f.numeric = true;
    if (const auto range = Scope::range_of(node)) {
      const RangeEnds ends = range_ends(*range);
      const auto low = static_cast<double>(parse(ends.low));
      const auto high = static_cast<double>(parse(ends.high));
      f.range = checked_range(*range, low, static_cast<double>(v), high,
                              format_significant(low, 6), format_significant(high, 6));
    }
    scope.record(at++, std::move(f));
  }
}

/// The `unsupported_storage` section of a platform profile: storage kind -> why the platform
/// cannot attach it, each a figure with its source (the table's `source:` applies to all).
void read_unsupported_storage(const Scope& scope, PlatformProfile& p) {
  const auto table = scope.get("unsupported_storage");
  if (!table) return;
  std::size_t at = scope.forget(table->path());
  p.unsupported_storage.clear();
  std::optional<Source> table_source;
  for (const auto& [key, node] : table->entries()) {
    if (key == "source") table_source = parse_source(node);
  }
  for (const auto& [kind, node] : table->entries()) {
    if (kind == "source") continue;
    if (find_storage_kind(kind) == nullptr) {
      node.fail(fmt::format("`{}` is not a storage kind", kind),
                fmt::format("one of: {}", kind_names(", ")));
    }
    const auto [value, own] = scope.unwrap(node, false);
    const std::string why = value.as_string();
    p.unsupported_storage[kind] = why;
    scope.record(at++, Figure{node.path(), why, scope.resolve(node, own ? own : table_source)});
  }
}

/// The `vpc` and `quotas` sections of a platform profile.
void read_vpc_and_quotas(const Scope& scope, PlatformProfile& p, bool inherit) {
  if (auto v = scope.get("vpc")) {
    if (v->is_scalar() && v->as_string() == kNone) {
      scope.forget(v->path());
      p.vpc.reset();
    } else {
      const bool had = p.vpc.has_value();
      if (!had) p.vpc = PlatformVpc{};
      const Scope vs = scope.child(*v, {"attach", "warm_attach", "idle", "source"}, had);
      vs.required("attach", p.vpc->attach, seconds_reader(), "e.g. 10s");
      if (vs.get("warm_attach")) vs.required("warm_attach", p.vpc->warm_attach, seconds_reader());
      vs.required("idle", p.vpc->idle, seconds_reader(), "e.g. 5min");
    }
  }
  if (scope.get("quotas")) {
    const Scope q = scope.section("quotas", {"instances", "gpus", "source"}, inherit);
    q.optional("instances", p.quotas.instances, int_reader(1, std::numeric_limits<int>::max()));
    read_per_gpu(q, "gpus", p.gpus, p.quotas.gpus,
                 [](const YamlNode& n) { return n.as_int(1, std::numeric_limits<int>::max()); });
  }
}

}  // namespace

PlatformProfile load_platform_profile(const YamlDocument& doc, const std::string& name,
                                      const PlatformProfile* parent) {
  PlatformProfile p = parent ? *parent : PlatformProfile{};
  const YamlMap top =
      top_map(doc, {"cloud", "sandbox_start", "instance_bandwidth", "page_cache_read", "delivery_per_minute",
                    "start_timeout", "health_check_timeout", "vcpu", "memory", "max_memory",
                    "temp_disk", "idle_reclaim", "image", "gpus", "gpu_pricing", "block_bandwidth",
                    "host_memory_bandwidth", "vpc", "quotas", "unsupported_storage"});
  const Scope scope = begin_profile(doc, top, name, parent != nullptr, p.info);
  const bool inherit = parent != nullptr;
  const double kUnbounded = std::numeric_limits<double>::max();
  if (auto c = top.get("cloud")) p.cloud = read_cloud(*c);
  read_figures(scope, platform_figures(), "", p);
  read_unsupported_storage(scope, p);
  if (p.max_memory && *p.max_memory < p.memory) {
    top.required("memory").fail(
        fmt::format("memory {} is above max_memory {}", p.memory, *p.max_memory),
        "memory <= max_memory");
  }
  read_platform_image(scope, p, inherit);
  read_names(scope, "gpus", p.gpus, true);
  read_vpc_and_quotas(scope, p, inherit);
  if (scope.get("gpu_pricing")) {
    const Scope gp =
        scope.section("gpu_pricing", {"currency", "per_hour", "idle_per_hour", "source"}, inherit);
    if (auto cur = gp.get("currency")) p.gpu_pricing.currency = cur->as_string();
    const auto price = [&](const YamlNode& n) { return n.as_double(0, kUnbounded); };
    read_per_gpu(gp, "per_hour", p.gpus, p.gpu_pricing.per_hour, price);
    read_per_gpu(gp, "idle_per_hour", p.gpus, p.gpu_pricing.idle_per_hour, price);
    const bool priced = !p.gpu_pricing.per_hour.empty() || !p.gpu_pricing.idle_per_hour.empty();
    if (priced && p.gpu_pricing.currency.empty()) {
      gp.map().node().fail("a price needs a currency", "currency: CNY, USD, ...");
    }
  }
  return p;
}

LoaderProfile load_loader_profile(const YamlDocument& doc, const std::string& name,
                                  const LoaderProfile* parent) {
  LoaderProfile p = parent ? *parent : LoaderProfile{};
  const auto table = loader_figures();
  const YamlMap top = top_map(doc, figure_keys(table));
  const Scope scope = begin_profile(doc, top, name, parent != nullptr, p.info);
  read_figures(scope, table, "", p);
  if (p.object_streams && !p.object_client) {
    // Where the profile says it: its own object_streams, else its object_client: false (the
    // streams may come from the profile it extends).
    const std::optional<YamlNode> at =
        top.has("object_streams") ? top.get("object_streams") : top.get("object_client");
    (at ? *at : top.node())
        .fail("object_streams is for a loader with an object-store client of its own",
              "object_client: true, or no object_streams");
  }
  return p;
}

}  // namespace stowage::sim::config
