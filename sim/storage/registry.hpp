// The storage kind registry: every kind stowage knows, in one list (registry.cpp, one line per
// kind; each kind is defined in its own file, sim/storage/<kind>.cpp).
//
// The list's order is the order of `profiles list` and of the messages that name kinds. Adding a
// kind: its file, one line in registry.cpp, its profiles and tests (ARCHITECTURE.md). Kinds are
// made once, on first use, and never change.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "sim/storage/kind.hpp"

namespace stowage::sim {

/// Every kind, in registry order.
std::span<const StorageKind* const> storage_kinds();
/// The kind named `name` (a profile's `kind:`), or null.
const StorageKind* find_storage_kind(std::string_view name);
/// The kind named `name`, which must exist.
const StorageKind& storage_kind(std::string_view name);
/// The names of every kind, joined with `sep`: `image, nas, ...`.
std::string kind_names(std::string_view sep);
/// The names of the kinds that take profile section `key`, joined with `sep`:
/// `object_fuse or accelerator`.
std::string kinds_taking(std::string_view key, std::string_view sep);

}  // namespace stowage::sim
