// GpuProbe: what the loader measures on a GPU, behind an interface free of CUDA types.
//
// open_gpu() starts the CUDA runtime on device 0 and describes it; any failure there (no driver,
// no device, a driver older than the runtime, a loader built without CUDA) yields the reason
// instead, and the loader reports "no GPU found: <reason>" with exit status 3. Once a GPU is
// open, measure_gpu() runs every GPU mode and bench_gpu() the benchmark; a CUDA error midway
// throws LoaderError naming the call. Timing uses CUDA events for copies and steady_clock for
// host calls (pinning) and pipelines (file to GPU). Sizes in bytes, times in seconds.
//
// Modes of measure_gpu():
//   h2d_pinned, h2d_pinned_streams     cudaMemcpyAsync from cudaHostAlloc memory, over the chunk
//                                       ladder; the streams variant splits each copy in `streams`
//   h2d_pageable, h2d_pageable_streams the same from malloc memory, touched first
//   d2h_pinned                          device to host, for reference
//   pin_host_alloc, pin_host_register   cudaHostAlloc / cudaHostRegister of touched malloc
//                                       memory, over the chunk ladder up to model_size
//   file_to_gpu_cold, file_to_gpu_warm  the test file read into two pinned io_chunk buffers and
//                                       copied to the device, double-buffered; each trial also
//                                       records the busy time of the read and copy stages
//   file_to_gpu_cold_tN, _warm_tN       with --max-threads: the parallel pipeline, N reader
//                                       threads into a shared pinned pool, copy_streams streams
//                                       (parallel_modes.hpp), N over thread_sweep(max_threads)
// Every mode that lands bytes on the device checks them against pattern_word() with a kernel;
// a mismatch throws LoaderError (the copy is broken, so its timings mean nothing).
//
// Implemented twice: gpu_probe.cu with CUDA, gpu_probe_unavailable.cpp without.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "loader/measurement.hpp"
#include "loader/test_file.hpp"

namespace stowage::loader {

/// Why no GPU can be used.
struct NoGpu {
  std::string reason;
};

/// Opens device 0 and describes it, or says why it cannot.
std::variant<GpuDescription, NoGpu> open_gpu();

/// Every GPU mode (see above); call only after open_gpu() found a GPU.
std::vector<Mode> measure_gpu(const Settings& settings, const TestFile& file);

/// The benchmark's comparisons (measurement.hpp, BenchResult); `chunk` is the pinned copy size
/// compared with a plain cudaMemcpyAsync loop; with max_threads, the parallel pipeline's warm
/// rate at that many readers beside them. Call only after open_gpu() found a GPU.
BenchResult bench_gpu(const Settings& settings, const TestFile& file, std::uint64_t chunk);

}  // namespace stowage::loader
