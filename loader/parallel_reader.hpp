// ParallelReader: a file read by N threads into a shared pool of buffers, each filled buffer
// handed to one of a few consumers (the GPU path: copy streams), the buffer back to the pool when
// its consumer is done.
//
// Why this shape: one reader thread reaches 5 to 8 GB/s from a warm page cache, while the pinned
// copy engine takes 55 GB/s (tests/fixtures/calibration/). Page cache reads scale to about 45
// GB/s with 12 to 32 threads, but giving every thread its own stream and buffers stalls near 18
// GB/s (the H200 reference of 2026-11-27). So readers are decoupled from copies: piece i of the
// file (io_chunk bytes at i * io_chunk) goes to whichever reader takes it next (an atomic
// counter), into any free buffer of the pool; a filled buffer is queued for `consumers` consumer
// threads (one per copy stream) and returns to the pool once consumed. With no consumer the pool
// measures reading alone. Cold reads may use O_DIRECT (bypassing the page cache; io_chunk a
// multiple of kDirectAlignment and buffers aligned to it).
//
// Times in seconds from steady_clock; CPU time of this process (CLOCK_PROCESS_CPUTIME_ID) and of
// the whole machine (/proc/stat busy jiffies: a FUSE daemon's work counts there). Errors of a
// read or a consumer stop every thread and are rethrown as LoaderError. C++17, no CUDA types.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

namespace stowage::loader {

/// O_DIRECT reads need offsets, lengths and buffers aligned to the logical block size; 4 KiB
/// covers every common disk and file system.
inline constexpr std::uint64_t kDirectAlignment = 4096;

/// How one parallel read runs.
struct ParallelPlan {
  int readers = 1;             // reader threads, 1 to 64
  int consumers = 0;           // consumer threads (copy streams); 0: read only
  std::uint64_t io_chunk = 0;  // bytes per read and per buffer
  bool direct = false;         // open the file with O_DIRECT
};

/// What one parallel read measured.
struct ParallelStats {
  std::uint64_t bytes = 0;
  double seconds = 0.0;           // first read issued to last buffer consumed
  double cpu_seconds = 0.0;       // this process
  double busy_cpu_seconds = 0.0;  // the whole machine (0 where /proc/stat is unreadable)
};

/// Consumes a filled buffer: `consumer` is the consumer's index (its copy stream), `buffer`
/// holds file bytes [offset, offset + len).
using Consume =
    std::function<void(int consumer, char* buffer, std::uint64_t offset, std::uint64_t len)>;

/// Reads [0, bytes) of `path` as `plan` says, into `buffers` (each io_chunk bytes, aligned to
/// kDirectAlignment when direct; at least plan.readers of them, so that no reader waits on
/// another's buffer). Throws LoaderError.
ParallelStats read_parallel(const std::filesystem::path& path, std::uint64_t bytes,
                            const ParallelPlan& plan, const std::vector<char*>& buffers,
                            const Consume& consume);

/// Seconds the whole machine's CPUs have been busy since boot (/proc/stat), 0 if unreadable.
double machine_busy_cpu_seconds();

}  // namespace stowage::loader
