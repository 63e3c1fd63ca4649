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

}  // namespace stowage::sim::config
