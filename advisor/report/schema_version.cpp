#include "advisor/report/schema_version.hpp"

#include <utility>

namespace stowage::advisor::report {

nlohmann::ordered_json versioned(nlohmann::ordered_json doc) {
  nlohmann::ordered_json out;
  out["schema_version"] = kSchemaVersion;
  for (auto& member : doc.items()) out[member.key()] = std::move(member.value());
  return out;
}

}  // namespace stowage::advisor::report
