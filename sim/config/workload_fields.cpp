#include "sim/config/workload_fields.hpp"

#include <fmt/format.h>

#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {

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
  return node.as_int(1, kMaxLoaderStreams);
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

}  // namespace stowage::sim::config
