// ParallelModes: the loader's thread sweep and its storage measurement, built on read_parallel
// (parallel_reader.hpp).
//
//   file_read_{cold,warm}_tN   (--cpu with --max-threads) the test file read by N threads, no
//                              copy: the read stage alone, over file_prefixes()
//   file_to_host_warm_tN       (--cpu with --max-threads) the whole pipeline on the CPU:
//                              copy_streams consumer threads memcpy each buffer into host memory,
//                              checked against the pattern afterwards (`verified`)
//   file_to_gpu_{cold,warm}_tN (GPU, gpu_probe.cu) the same with copies on copy_streams streams
//   storage_cold_tN            (--storage) every file read by N threads after dropping it from
//                              the page cache (O_DIRECT with --direct), whole files
//   storage_warm_tN            (--storage) the same re-read without a drop, N = 1 and the most;
//                              resident_after_read says whether the storage uses the page cache
// N runs over thread_sweep(max_threads) (sweep_plan.hpp). Trials carry the CPU seconds of this
// process and of the whole machine. C++17 and free of CUDA types (gpu_probe.cu includes it).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "loader/measurement.hpp"
#include "loader/parallel_reader.hpp"
#include "loader/test_file.hpp"

namespace stowage::loader {

/// One mode of a sweep: for each of `sizes` (prefixes of `file`), warm-up and timed trials of
/// read_parallel, the page cache dropped before each when `cold`.
Mode parallel_mode(const Settings& s, const std::string& name, const std::string& description,
                   const TestFile& file, const std::vector<std::uint64_t>& sizes, bool cold,
                   const ParallelPlan& plan, const std::vector<char*>& buffers,
                   const Consume& consume);

/// A pool of `count` buffers of `bytes` (rounded up to kDirectAlignment), aligned to it.
class AlignedBuffers {
 public:
  AlignedBuffers(int count, std::uint64_t bytes);
  ~AlignedBuffers();
  AlignedBuffers(const AlignedBuffers&) = delete;
  AlignedBuffers& operator=(const AlignedBuffers&) = delete;
  const std::vector<char*>& get() const { return buffers_; }

 private:
  std::vector<char*> buffers_;
};

/// file_read_{cold,warm}_tN and file_to_host_warm_tN over the thread sweep (CPU only).
std::vector<Mode> measure_parallel_reads(const Settings& s, const TestFile& file);

/// storage_cold_tN and storage_warm_tN of `files` (each read whole, one after another).
std::vector<Mode> measure_storage(const Settings& s,
                                  const std::vector<std::filesystem::path>& files);

}  // namespace stowage::loader
