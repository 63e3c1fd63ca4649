// Measurements of the micro-loader: what it was asked to measure and what it saw.
//
// The loader times data movement on the machine it runs on and reports raw trials, never fitted
// figures: each Mode holds one (bytes, seconds) pair per timed trial, warm-up trials excluded,
// and `stowage calibrate` fits t = alpha + bytes / beta to them. Sizes are bytes, times seconds
// (wall clock from std::chrono::steady_clock on the host, CUDA events on the GPU). Nothing here
// touches CUDA; the CUDA part (gpu_probe.cu) fills the same plain structs. Measurements are of
// course not deterministic, but the plan (which sizes, in which order, how many trials) is a
// pure function of Settings.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stowage::loader {

/// Exit statuses of stowage-loader.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // a measurement failed midway (I/O or CUDA error)
inline constexpr int kExitUsage = 2;   // bad command line
inline constexpr int kExitNoGpu = 3;   // no usable GPU (no driver, no device, any start-up error)
inline constexpr int kExitBenchMissed = 4;  // --bench: a benchmark target was not met

/// What to measure and how often. Sizes in bytes.
struct Settings {
  std::filesystem::path dir;     // the test file goes into a fresh directory under this one
  std::uint64_t file_size = 0;   // the test file; file modes read prefixes of it
  std::uint64_t min_chunk = 0;   // smallest copy of the chunk ladder
  std::uint64_t max_chunk = 0;   // largest copy of the chunk ladder
  std::uint64_t io_chunk = 0;    // one read() and one pipeline buffer
  std::uint64_t model_size = 0;  // largest buffer whose pinning is timed
  int streams = 0;               // streams of the multi-stream modes
  int warmup = 0;                // untimed trials before the timed ones, per size
  int trials = 0;                // timed trials per size
  /// The parallel pipeline (parallel_reader.hpp): reader threads swept over
  /// thread_sweep(max_threads), pinned buffers shared by all, copies on `copy_streams` streams.
  /// 0: no thread sweep.
  int max_threads = 0;
  int copy_streams = 0;
  bool direct = false;  // cold reads of the sweep with O_DIRECT (bypassing the page cache)
  /// --storage: only the storage under `dir` is measured (or the files in `read_files`).
  bool storage = false;
  std::vector<std::filesystem::path> read_files;
};

/// One timed trial.
struct Trial {
  std::uint64_t bytes = 0;
  double seconds = 0.0;
  /// Pipelined modes only (file to GPU): busy time of each stage, summed over chunks.
  std::optional<double> read_seconds;
  std::optional<double> copy_seconds;
  /// Parallel modes: CPU seconds this process used, and that the whole machine was busy (from
  /// /proc/stat; includes a FUSE daemon's work), during the trial.
  std::optional<double> cpu_seconds = std::nullopt;
  std::optional<double> busy_cpu_seconds = std::nullopt;
};

/// Every trial of one way of moving bytes, e.g. "h2d_pinned" with one stream.
struct Mode {
  std::string name;
  std::string description;
  int streams = 1;
  std::vector<Trial> trials;
  /// Cold page cache modes: the largest fraction of the file still resident in the page cache
  /// after a drop, as mincore() saw it (0 = the drop worked; 1 = it did nothing, e.g. on tmpfs).
  std::optional<double> resident_after_drop;
  /// GPU modes that land bytes on the device: true once they were checked and found right (a
  /// mismatch stops the loader with an error instead).
  std::optional<bool> verified;
  /// Parallel modes: reader threads (`streams` is then the copy streams).
  std::optional<int> threads = std::nullopt;
  /// Warm modes of the storage: the fraction of the files in the page cache after one read
  /// (about 1: reads go through the page cache; 0: they bypass it, e.g. FUSE with direct_io).
  std::optional<double> resident_after_read = std::nullopt;
};

/// The host the loader ran on.
struct HostDescription {
  std::string cpu_model;
  int logical_cpus = 0;
  std::uint64_t memory_bytes = 0;
  std::string kernel;
  std::string file_system;  // of the directory holding the test file, e.g. "ext4", "tmpfs"
};

/// The PCIe link of a GPU as the kernel reports it (sysfs); generation 0 when unknown.
struct PcieLink {
  int generation = 0;
  int width = 0;
  int max_generation = 0;
  int max_width = 0;
};

/// The GPU the loader measured.
struct GpuDescription {
  std::string name;
  std::string pci_bus_id;
  std::uint64_t memory_bytes = 0;
  int compute_major = 0;
  int compute_minor = 0;
  std::string driver_version;        // kernel module version, e.g. "580.65.06", if readable
  std::string cuda_driver_version;   // e.g. "13.0"
  std::string cuda_runtime_version;  // e.g. "13.0"
  std::optional<PcieLink> link;
};

/// The benchmark's two comparisons (--bench), rates in bytes per second.
struct BenchResult {
  std::uint64_t chunk_bytes = 0;      // the pinned copy size compared
  double loader_pinned_rate = 0.0;    // the loader's pinned H2D method, median trial
  double plain_loop_rate = 0.0;       // best of repeated back-to-back cudaMemcpyAsync loops
  double pinned_target = 0.0;         // required loader / plain ratio
  double file_to_gpu_rate = 0.0;      // warm page cache, overlapped total
  double file_read_rate = 0.0;        // warm page cache, read alone into pinned memory
  double h2d_rate_at_io_chunk = 0.0;  // pinned H2D of one io_chunk
  double file_target = 0.0;           // required file_to_gpu / min(read, h2d) ratio
  /// With --max-threads: the parallel pipeline, warm page cache, at that many readers (no
  /// target: it is reported beside the one-thread pipeline's rate). 0 threads: not measured.
  int parallel_threads = 0;
  int parallel_copy_streams = 0;
  double parallel_file_to_gpu_rate = 0.0;
  bool pinned_ok() const { return loader_pinned_rate >= pinned_target * plain_loop_rate; }
  bool file_ok() const {
    const double bound =
        file_read_rate < h2d_rate_at_io_chunk ? file_read_rate : h2d_rate_at_io_chunk;
    return file_to_gpu_rate >= file_target * bound;
  }
};

/// A measurement that could not be completed; `what()` says which call failed and why.
class LoaderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Chunk sizes from `min` to `max`, each kLadderFactor times the previous, `max` always last.
std::vector<std::uint64_t> chunk_ladder(std::uint64_t min, std::uint64_t max);

/// Prefix lengths of the test file that file modes read: file_size / 2^k for k = 3..0, each a
/// multiple of `align`, distinct, smallest first.
std::vector<std::uint64_t> file_prefixes(std::uint64_t file_size, std::uint64_t align);

/// The median of `values` (mean of the middle two for an even count); values must not be empty.
double median(std::vector<double> values);

/// The median trial time of `mode` at `bytes`; throws LoaderError if there is none.
double median_seconds(const Mode& mode, std::uint64_t bytes);

/// Seconds since `start` on the steady clock.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Runs `once` warm-up times untimed, then `trials` times, appending a Trial of `bytes` with the
/// seconds each timed call returns.
template <class Once>
void run_trials(const Settings& s, std::uint64_t bytes, Mode& mode, Once&& once) {
  for (int i = 0; i < s.warmup; ++i) once();
  for (int i = 0; i < s.trials; ++i) mode.trials.push_back({bytes, once(), {}, {}});
}

}  // namespace stowage::loader
