#include "sim/storage/registry.hpp"

#include <array>

#include "sim/check.hpp"

namespace stowage::sim {

std::span<const StorageKindSpec> storage_kinds() {
  // In StorageKind order; built once, on first use, and never changed.
  static const std::array<StorageKindSpec, 8> kKinds = {
      image_kind(), nas_kind(),   object_fuse_kind(),   accelerator_kind(),
      local_kind(), block_kind(), object_direct_kind(), host_memory_kind()};
  return kKinds;
}

const StorageKindSpec& kind_spec(StorageKind kind) {
  const auto kinds = storage_kinds();
  const auto i = static_cast<std::size_t>(kind);
  STOWAGE_CHECK(i < kinds.size() && kinds[i].kind == kind, "storage kind missing from registry");
  return kinds[i];
}

std::string_view storage_kind_name(StorageKind kind) { return kind_spec(kind).name; }

std::string kind_names(bool (*pick)(const StorageKindSpec&), std::string_view sep) {
  std::string out;
  for (const StorageKindSpec& k : storage_kinds()) {
    if (!pick(k)) continue;
    if (!out.empty()) out += sep;
    out += k.name;
  }
  return out;
}

}  // namespace stowage::sim
