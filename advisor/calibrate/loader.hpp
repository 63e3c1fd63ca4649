// Loader calibration: stowage-loader's parallel file-to-GPU pipeline (N reader threads into a
// pool of pinned buffers, copies on K streams; loader/parallel_reader.hpp), as measured in a
// loader record, written as a loader profile (sim/profile.hpp LoaderProfile) that a workload can
// name with `loader:`, so a user's own pipeline is compared with the shipped loaders.
//
// The sweep used is the warm one (the file in the page cache), so that what limits it is the
// loader and the host, not the storage the test file sits on:
//   file_to_gpu_warm_tN    the whole pipeline, copies to the GPU (a GPU record), else
//   file_to_host_warm_tN   the pipeline with host memcpy in place of the GPU copy (--cpu).
// At each N the rate is the median, over the trials of the largest size, of bytes / seconds.
//   per_stream = the one-thread rate: what one reader of this pipeline carries at most.
//   streams    = the fewest threads that reach kKnee of the best rate: more gain nothing.
//   chunk      = the record's io_chunk (one read and one copy).
//   staging    = pinned (the pipeline copies from its pinned pool); overlap = true (readers and
//                copy streams run at once); page_cache = not --direct; hash_first = false.
// Worked example: 1, 2, 4, 8 threads at 2.0, 3.9, 7.0, 7.2 GB/s. The best is 7.2 GB/s and
// 0.95 x 7.2 = 6.84: 4 threads reach it, so streams 4 and per_stream 2 GB/s.
//
// A --cpu record never copied to a GPU: the profile is still written, and the calibration is
// partial (exit 4) with the reason. The cold sweeps are listed in the summary and kept in the
// samples file: they measure the storage under the test file, which a storage calibration
// (calibrate/storage.hpp) describes. Pure: the same record and paths give the same bytes.
#pragma once

#include <filesystem>
#include <string>

#include "advisor/calibrate/gpu.hpp"
#include "advisor/calibrate/samples.hpp"

namespace stowage::advisor {

/// The share of the best rate at which more threads stop counting.
inline constexpr double kKnee = 0.95;

/// The loader profile at `profile_path` (its stem is the profile's name; its source names
/// `samples_path`) and the samples file. Throws ConfigError for a record without a warm
/// pipeline sweep.
CalibrationOutputs calibrate_loader(const std::string& samples_name, CalibrationJson doc,
                                    const std::filesystem::path& profile_path,
                                    const std::filesystem::path& samples_path);

}  // namespace stowage::advisor
