#include "sim/config/workload_fields.hpp"

#include <fmt/format.h>

#include "sim/check.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {
namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();

constexpr FieldBounds<std::int64_t> kIntFields[] = {
    {"arrivals.count", 1, kMaxInstances},
    {"arrivals.instances", 1, kMaxInstances},
    {"arrivals.times", 1, kMaxInstances},
    {"arrivals.replicas", 0, kMaxInstances},
    {"model.files.count", 1, kMaxFiles},
    {"model.io.threads", 1, kMaxReaderThreads},
    {"model.tensors", 1, kMaxTensors},
    {"model.variants", 1, kMaxVariants},
    {"instance.gpus", 1, kMaxGpusPerInstance},
    {"instance.hosts.per_host", 1, kMaxInstances},
    {"instance.hosts.count", 1, kMaxInstances},
    {"loader.streams", 1, kMaxLoaderStreams},
    {"regions", 1, kMaxRegions},
    {"objective.max_failed", 0, kMaxInt},
};

constexpr FieldBounds<double> kNumberFields[] = {
    {"instance.vcpu", 0.125, 1024.0},
    {"objective.cost_weight", 0.0, 1.0},
    {"objective.confidence", 0.0, 1.0},
};

template <class T>
const FieldBounds<T>* find_row(std::span<const FieldBounds<T>> rows, std::string_view path) {
  for (const FieldBounds<T>& row : rows) {
    if (row.path == path) return &row;
  }
  return nullptr;
}

}  // namespace

std::span<const FieldBounds<std::int64_t>> workload_int_fields() { return kIntFields; }
std::span<const FieldBounds<double>> workload_number_fields() { return kNumberFields; }

std::int64_t read_workload_int(const YamlNode& node, std::string_view path) {
  const auto* row = find_row(workload_int_fields(), path);
  STOWAGE_CHECK(row != nullptr, "an integer workload figure without bounds");
  return node.as_int(row->min, row->max);
}

double read_workload_number(const YamlNode& node, std::string_view path) {
  const auto* row = find_row(workload_number_fields(), path);
  STOWAGE_CHECK(row != nullptr, "a real workload figure without bounds");
  return node.as_double(row->min, row->max);
}

bool is_bounded_workload_field(std::string_view path) {
  return find_row(workload_int_fields(), path) != nullptr ||
         find_row(workload_number_fields(), path) != nullptr;
}

Seconds read_positive_seconds(const YamlNode& node, std::string_view example) {
  const Seconds s = node.as_seconds();
  if (s.value() <= 0.0)
    node.fail("must be positive", fmt::format("a duration > 0, e.g. {}", example));
  return s;
}

std::optional<YamlNode> loader_profile_node(const YamlNode& loader) {
  if (loader.is_scalar()) return loader;
  if (!loader.is_map()) return std::nullopt;
  for (const auto& [key, value] : loader.entries()) {
    if (key == "profile" && value.is_scalar()) return value;
  }
  return std::nullopt;
}

std::int64_t read_loader_streams(const YamlNode& node) {
  return read_workload_int(node, "loader.streams");
}

LoaderSpec read_loader_spec(const YamlNode& node) {
  LoaderSpec l;
  if (node.is_scalar()) {
    l.profile = node.as_string();
    return l;
  }
  const YamlMap m = node.map({"profile", "memory", "overlap", "streams"});
  if (auto v = m.get("profile")) l.profile = v->as_string();
  if (auto v = m.get("memory")) {
    l.memory = v->as_choice({"pinned", "pageable"}) == 0 ? LoaderSpec::HostMemory::kPinned
                                                         : LoaderSpec::HostMemory::kPageable;
  }
  if (auto v = m.get("overlap")) l.overlap = v->as_bool();
  if (auto v = m.get("streams")) l.streams = read_loader_streams(*v);
  return l;
}

HostPlacement read_host_placement(const YamlNode& node) {
  const YamlMap m = node.map({"per_host", "count", "placement"});
  HostPlacement h;
  if (auto v = m.get("per_host")) h.per_host = read_workload_int(*v, "instance.hosts.per_host");
  if (auto v = m.get("count")) h.count = read_workload_int(*v, "instance.hosts.count");
  if (h.per_host.has_value() == h.count.has_value()) {
    node.fail(h.per_host ? "per_host and count are both given" : "neither per_host nor count is given",
              "one of: per_host (instances a host holds, e.g. 8 GPUs a node) or count (the hosts "
              "the instances run on)");
  }
  if (auto v = m.get("placement")) {
    h.placement = v->as_choice({"pack", "spread"}) == 0 ? HostPlacement::Order::kPack
                                                         : HostPlacement::Order::kSpread;
  }
  return h;
}

}  // namespace stowage::sim::config
