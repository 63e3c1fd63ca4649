// The storage kind registry: every kind, what it declares, and how to build its model.
//
// One row per kind, each defined in the kind's own file (sim/storage/<kind>.cpp) and listed once
// in registry.cpp. A row declares everything the rest of stowage needs to know about a kind:
//   - which profile sections it reads (a FUSE client, a backing bucket) and whether its cache can
//     be warmed before the first start;
//   - what a cold start does with it: whether the weights ship inside the container image (the
//     instance waits for a new image before it is delivered, and pulls it whole until the
//     platform has prepared it), the constraints of a read (its StorageModel) and its delay
//     phases (from the profile's cold_start section);
//   - what makes it infeasible for a workload, beyond the rules every kind shares;
//   - its update pipeline (sim/update.hpp) and whether an update rebuilds an image (a cost term).
// Adding a kind: a file with its StorageModel and its row, one line in registry.cpp, its tag in
// kind.hpp, profiles, tests. Deterministic, no state: the table is built once and never changes.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/result.hpp"
#include "sim/storage/kind.hpp"

namespace stowage::sim {

class StorageModel;
struct StorageSetup;

struct StorageKindSpec {
  StorageKind kind;
  std::string_view name;  // as written in a profile's `kind:`
  /// Reads go through a FUSE client on the instance: the profile needs a `fuse:` section and
  /// each instance gets a FUSE CPU constraint.
  bool fuse_client = false;
  /// A cache in front of an object store named by the profile's `backing:`.
  bool has_backing = false;
  /// `warm: true` (or the storage.NAME.warm axis) loads its cache before the first start.
  bool can_warm = false;
  /// The weights ship inside the container image.
  bool in_image = false;
  /// A model update rebuilds and pushes an image (priced at the platform's build price).
  bool update_rebuilds_image = false;
  /// Reads cross the instance's block-storage bandwidth (platform `block_bandwidth`).
  bool block_link = false;
  /// Builds the model of one simulation run.
  std::unique_ptr<StorageModel> (*make)(const StorageSetup& setup) = nullptr;
  /// How a new model version reaches this storage.
  UpdateTimeline (*update)(const StorageSetup& setup) = nullptr;
  /// Why this kind cannot serve the setup's workload, beyond the shared rules; null: never.
  std::optional<std::string> (*infeasible)(const StorageSetup& setup) = nullptr;
};

/// Every kind, in StorageKind order.
std::span<const StorageKindSpec> storage_kinds();
/// The row of `kind`.
const StorageKindSpec& kind_spec(StorageKind kind);
/// `image`, `nas`, `object_fuse`, `accelerator` or `local`.
std::string_view storage_kind_name(StorageKind kind);
/// The names of the kinds for which `pick` holds, joined with `sep`: `object_fuse or accelerator`.
std::string kind_names(bool (*pick)(const StorageKindSpec&), std::string_view sep);

// One row per kind, each in its own file.
StorageKindSpec image_kind();
StorageKindSpec nas_kind();
StorageKindSpec object_fuse_kind();
StorageKindSpec accelerator_kind();
StorageKindSpec local_kind();
StorageKindSpec block_kind();
StorageKindSpec object_direct_kind();
StorageKindSpec host_memory_kind();

}  // namespace stowage::sim
