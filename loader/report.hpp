// Report: everything one run of stowage-loader says, and its JSON form.
//
// The JSON document is the loader's only interface with the rest of stowage (`stowage calibrate`
// reads it; data/calibration/ keeps it). Its shape, "format": "stowage-loader/1":
//   {"format", "loader_version", "started_at" (UTC, ISO 8601), "settings" {...},
//    "host" {"cpu_model", "logical_cpus", "memory_bytes", "kernel", "file_system"},
//    "gpu" {"found": true, "name", "pci_bus_id", "memory_bytes", "compute_capability",
//           "driver_version", "cuda_driver_version", "cuda_runtime_version",
//           "pcie" {"generation", "width", "max_generation", "max_width"} (if known)}
//        or {"found": false, "reason"},
//    "modes" [{"name", "description", "streams", "resident_after_drop"?, "verified"?,
//              "threads"?, "resident_after_read"?,
//              "trials" [{"bytes", "seconds", "read_seconds"?, "copy_seconds"?,
//                         "cpu_seconds"?, "busy_cpu_seconds"?}]}],
//    "bench" {...} (only with --bench)}
// Sizes in bytes, times in seconds, rates in bytes per second. The same Report always gives the
// same text (keys in a fixed order, numbers printed by nlohmann-json's shortest round trip).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "loader/measurement.hpp"

namespace stowage::loader {

/// The value of "format" in every document the loader writes.
inline constexpr const char* kReportFormat = "stowage-loader/1";

struct Report {
  std::string started_at;
  Settings settings;
  HostDescription host;
  std::optional<GpuDescription> gpu;  // empty: no GPU, see no_gpu_reason
  std::string no_gpu_reason;
  std::vector<Mode> modes;
  std::optional<BenchResult> bench;
};

/// The JSON document of `report`.
nlohmann::ordered_json to_json(const Report& report);

/// The current UTC time as "2026-11-24T15:04:05Z".
std::string utc_timestamp();

}  // namespace stowage::loader
