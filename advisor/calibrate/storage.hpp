// Storage calibration: a record of `stowage-loader --storage` (cold reads of a mounted storage
// at 1 to N threads, warm re-reads, CPU time) to a storage profile that `extends` the profile the
// user measured against, every figure with `source: {kind: measured, calibration: FILE}`.
//
// Model: N threads read at r(N) = min(N x per_connection, per_client).
//   per_connection = the median one-thread cold rate (bytes / seconds of each trial).
//   per_client     = the highest cold rate of the sweep, written only once the sweep shows the
//                    cap: the most threads read at less than kSaturation x N x per_connection
//                    (otherwise the cap lies above what was measured, and the parent's stays).
//   page_cache     = true when one read left at least kCachedFraction of the files resident in
//                    the page cache (mincore), false when it left none of that.
//   fuse.per_vcpu  = bytes / busy CPU seconds of the whole machine (a FUSE daemon's work counts
//                    there) at the most threads, written only when the parent reads through a
//                    FUSE client and the trials kept the CPUs busy at least kMinBusySeconds.
// Worked example: 1 thread 1.0 GB/s, 2 threads 2.0 GB/s, 4 threads 2.5 GB/s. 2.5 < 0.8 x 4 x 1.0
// = 3.2, so the cap shows: per_connection 1 GB/s, per_client 2.5 GB/s.
//
// Cold trials whose page cache drop left more than kCachedFraction of the files resident were
// not cold; their rates are not written. Every figure not written is said, with its reason; the
// calibration is then partial. CPU seconds per GB (this process and the machine) have no profile
// field unless the storage has a FUSE client: they stay in the samples file. Pure apart from
// the catalog it reads the parent from.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "advisor/calibrate/gpu.hpp"
#include "advisor/calibrate/samples.hpp"

namespace stowage::advisor {

/// Scaling below this fraction of linear at the most threads shows the per-client cap.
inline constexpr double kSaturation = 0.8;
/// Page cache residency (0 to 1) at or above which the files count as cached.
inline constexpr double kCachedFraction = 0.5;
/// Busy CPU seconds below which a CPU-per-byte figure is left out: /proc/stat counts in clock
/// ticks of 10 ms, so 0.1 s is ten ticks, a 10% resolution.
inline constexpr double kMinBusySeconds = 0.1;

/// What the command line adds to a storage record.
struct StorageCalibrationOptions {
  std::string extends;                    // the profile measured against; required
  std::vector<std::string> profile_dirs;  // --profiles, searched first for it
};

/// The overlay at `profile_path` (its stem is the profile's name; its source names
/// `samples_path`) and the samples file. Throws ConfigError for a record without storage modes
/// and UsageError for an unknown --extends.
CalibrationOutputs calibrate_storage(const StorageCalibrationOptions& o,
                                     const std::string& samples_name, CalibrationJson doc,
                                     const std::filesystem::path& profile_path,
                                     const std::filesystem::path& samples_path);

}  // namespace stowage::advisor
