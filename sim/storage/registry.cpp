#include "sim/storage/registry.hpp"

#include <array>

#include "sim/check.hpp"

// Every kind, one line each, in registry order: KIND(name) is defined as `name_kind()` in
// sim/storage/name.cpp. A new kind is one more line above the last, which ends the list.
// clang-format off
#define STOWAGE_STORAGE_KINDS(KIND) \
  KIND(image)                       \
  KIND(nas)                         \
  KIND(object_fuse)                 \
  KIND(accelerator)                 \
  KIND(local)                       \
  KIND(block)                       \
  KIND(object_direct)               \
  KIND(host_memory)                 \
  KIND(node_cache)                  \
  /* the end of the list */
// clang-format on

namespace stowage::sim {

#define STOWAGE_DECLARE_KIND(name) const StorageKind& name##_kind();
STOWAGE_STORAGE_KINDS(STOWAGE_DECLARE_KIND)
#undef STOWAGE_DECLARE_KIND

std::span<const StorageKind* const> storage_kinds() {
#define STOWAGE_LIST_KIND(name) &name##_kind(),
  static const std::array kKinds{STOWAGE_STORAGE_KINDS(STOWAGE_LIST_KIND)};
#undef STOWAGE_LIST_KIND
  return kKinds;
}

const StorageKind* find_storage_kind(std::string_view name) {
  for (const StorageKind* k : storage_kinds()) {
    if (k->name() == name) return k;
  }
  return nullptr;
}

const StorageKind& storage_kind(std::string_view name) {
  const StorageKind* k = find_storage_kind(name);
  STOWAGE_CHECK(k != nullptr, "a storage kind missing from the registry");
  return *k;
}

namespace {

template <class Pick>
std::string joined_names(std::string_view sep, Pick pick) {
  std::string out;
  for (const StorageKind* k : storage_kinds()) {
    if (!pick(*k)) continue;
    if (!out.empty()) out += sep;
    out += k->name();
  }
  return out;
}

}  // namespace

std::string kind_names(std::string_view sep) {
  return joined_names(sep, [](const StorageKind&) { return true; });
}

std::string kinds_taking(std::string_view key, std::string_view sep) {
  return joined_names(sep, [key](const StorageKind& k) { return k.takes(key); });
}

}  // namespace stowage::sim
