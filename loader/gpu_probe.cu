// The CUDA implementation of gpu_probe.hpp: the modes and the benchmark, built from the rigs of
// cuda_rig.cuh. A failure while opening the device is "no GPU" (NoGpu), a failure later throws
// LoaderError naming the call.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "loader/gpu_probe.hpp"
#include "loader/cuda_rig.cuh"
#include "loader/host_probe.hpp"
#include "loader/parallel_modes.hpp"
#include "loader/parallel_reader.hpp"
#include "loader/sweep_plan.hpp"

namespace stowage::loader {

namespace {

// Back-to-back copies in one timed loop of the benchmark's plain cudaMemcpyAsync reference.
constexpr int kBenchLoopCopies = 8;
// The benchmark's targets: the loader's pinned copy reaches 95% of the plain loop's best rate,
// and file to GPU (warm page cache) 90% of the slower of its two stages.
constexpr double kPinnedTarget = 0.95;
constexpr double kFileTarget = 0.90;

Mode copy_mode(const Settings& s, CopyRig& rig, const char* name, const char* description,
               char* dst, const char* src, cudaMemcpyKind kind, int parts, bool verify) {
  Mode mode{name, description, parts, {}, {}, {}};
  for (std::uint64_t bytes : chunk_ladder(s.min_chunk, s.max_chunk)) {
    run_trials(s, bytes, mode, [&] { return rig.time_copy(dst, src, bytes, kind, parts); });
  }
  if (verify) {
    mode.verified = device_holds_pattern(dst, s.max_chunk, mode.name);
    STOWAGE_CUDA(cudaMemset(dst, 0, s.max_chunk));
  }
  return mode;
}

Mode pin_mode(const Settings& s, bool register_existing) {
  Mode mode{register_existing ? "pin_host_register" : "pin_host_alloc",
            register_existing ? "cudaHostRegister of touched malloc memory"
                              : "cudaHostAlloc of a new pinned buffer",
            1,
            {},
            {},
            {}};
  for (std::uint64_t bytes : chunk_ladder(s.min_chunk, s.model_size)) {
    if (register_existing) {
      PageableBuffer host = pageable_buffer(bytes);
      std::memset(host.get(), 0, bytes);
      run_trials(s, bytes, mode, [&] {
        const auto start = std::chrono::steady_clock::now();
        STOWAGE_CUDA(cudaHostRegister(host.get(), bytes, cudaHostRegisterDefault));
        const double t = seconds_since(start);
        STOWAGE_CUDA(cudaHostUnregister(host.get()));
        return t;
      });
    } else {
      run_trials(s, bytes, mode, [&] {
        const auto start = std::chrono::steady_clock::now();
        PinnedBuffer p = pinned_buffer(bytes);
        return seconds_since(start);
      });
    }
  }
  return mode;
}

Mode file_mode(const Settings& s, const TestFile& file, Pipeline& pipeline, char* device,
               bool cold) {
  Mode mode{cold ? "file_to_gpu_cold" : "file_to_gpu_warm",
            cold ? "test file to GPU memory, double-buffered, page cache dropped before each trial"
                 : "test file to GPU memory, double-buffered, file in the page cache",
            1,
            {},
            {},
            {}};
  double resident = 0.0;
  if (!cold) pipeline.read_only(file, file.size(), s.io_chunk);
  for (std::uint64_t bytes : file_prefixes(file.size(), sizeof(std::uint64_t))) {
    for (int i = 0; i < s.warmup + s.trials; ++i) {
      if (cold) {
        file.drop_cache();
        resident = std::max(resident, file.resident_fraction());
      }
      const Trial t = pipeline.run(file, bytes, s.io_chunk, device);
      if (i >= s.warmup) mode.trials.push_back(t);
    }
  }
  if (cold) mode.resident_after_drop = resident;
  mode.verified = device_holds_pattern(device, file.size(), mode.name);
  STOWAGE_CUDA(cudaMemset(device, 0, file.size()));
  return mode;
}

// The sweep: modes file_to_gpu_{cold,warm}_tN over file_prefixes, N over thread_sweep.
std::vector<Mode> parallel_modes(const Settings& s, const TestFile& file, char* device) {
  std::vector<Mode> modes;
  const std::vector<int> sweep = thread_sweep(s.max_threads);
  if (sweep.empty()) return modes;
  const ParallelRig rig(sweep.back(), s.copy_streams, s.io_chunk, device);
  const auto prefixes =
      file_prefixes(file.size(), s.direct ? kDirectAlignment : sizeof(std::uint64_t));
  for (bool cold : {true, false}) {
    for (int n : sweep) {
      const ParallelPlan plan{n, s.copy_streams, s.io_chunk, s.direct};
      const std::string how = cold ? (s.direct ? "O_DIRECT after a page cache drop"
                                               : "page cache dropped before each trial")
                                   : "file in the page cache";
      modes.push_back(parallel_mode(
          s, std::string("file_to_gpu_") + (cold ? "cold" : "warm") + "_t" + std::to_string(n),
          "test file to GPU memory: " + std::to_string(n) + " reader threads into " +
              std::to_string(pool_buffers(n, s.copy_streams)) + " shared pinned buffers, " +
              std::to_string(s.copy_streams) + " copy streams, " + how,
          file, prefixes, cold, plan, rig.buffers(n), rig.copy));
      modes.back().verified = device_holds_pattern(device, file.size(), modes.back().name);
      STOWAGE_CUDA(cudaMemset(device, 0, file.size()));
    }
  }
  return modes;
}

std::string version_string(int v) {
  // CUDA encodes versions as 1000 * major + 10 * minor.
  return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10);
}

}  // namespace

std::variant<GpuDescription, NoGpu> open_gpu() {
  int count = 0;
  cudaError_t rc = cudaGetDeviceCount(&count);
  if (rc != cudaSuccess) return NoGpu{cuda_message("cudaGetDeviceCount", rc)};
  if (count == 0) return NoGpu{"cudaGetDeviceCount: no CUDA device"};
  if ((rc = cudaSetDevice(0)) != cudaSuccess) return NoGpu{cuda_message("cudaSetDevice", rc)};
  // The first runtime call that needs a context creates it; failures here are start-up too.
  if ((rc = cudaFree(nullptr)) != cudaSuccess) return NoGpu{cuda_message("cudaFree", rc)};
  cudaDeviceProp prop{};
  if ((rc = cudaGetDeviceProperties(&prop, 0)) != cudaSuccess) {
    return NoGpu{cuda_message("cudaGetDeviceProperties", rc)};
  }
  int driver = 0;
  int runtime = 0;
  if ((rc = cudaDriverGetVersion(&driver)) != cudaSuccess) {
    return NoGpu{cuda_message("cudaDriverGetVersion", rc)};
  }
  if ((rc = cudaRuntimeGetVersion(&runtime)) != cudaSuccess) {
    return NoGpu{cuda_message("cudaRuntimeGetVersion", rc)};
  }
  char bus_id[64] = {};
  if ((rc = cudaDeviceGetPCIBusId(bus_id, sizeof bus_id, 0)) != cudaSuccess) {
    return NoGpu{cuda_message("cudaDeviceGetPCIBusId", rc)};
  }
  GpuDescription g;
  g.name = prop.name;
  g.pci_bus_id = bus_id;
  g.memory_bytes = prop.totalGlobalMem;
  g.compute_major = prop.major;
  g.compute_minor = prop.minor;
  g.driver_version = nvidia_driver_version();
  g.cuda_driver_version = version_string(driver);
  g.cuda_runtime_version = version_string(runtime);
  g.link = read_pcie_link(g.pci_bus_id);
  return g;
}

std::vector<Mode> measure_gpu(const Settings& s, const TestFile& file) {
  std::vector<Mode> modes;
  CopyRig rig(s.streams);
  DeviceBuffer device = device_buffer(std::max(s.max_chunk, file.size()));
  {
    PinnedBuffer pinned = pinned_buffer(s.max_chunk);
    fill_pattern(pinned.get(), s.max_chunk);
    modes.push_back(copy_mode(s, rig, "h2d_pinned", "cudaMemcpyAsync from cudaHostAlloc memory",
                              device.get(), pinned.get(), cudaMemcpyHostToDevice, 1, true));
    modes.push_back(copy_mode(s, rig, "h2d_pinned_streams",
                              "cudaMemcpyAsync from cudaHostAlloc memory, split over streams",
                              device.get(), pinned.get(), cudaMemcpyHostToDevice, s.streams, true));
    fill_pattern(pinned.get(), s.max_chunk);
    STOWAGE_CUDA(cudaMemcpy(device.get(), pinned.get(), s.max_chunk, cudaMemcpyHostToDevice));
    modes.push_back(copy_mode(s, rig, "d2h_pinned", "cudaMemcpyAsync to cudaHostAlloc memory",
                              pinned.get(), device.get(), cudaMemcpyDeviceToHost, 1, false));
  }
  {
    PageableBuffer pageable = pageable_buffer(s.max_chunk);
    fill_pattern(pageable.get(), s.max_chunk);
    modes.push_back(copy_mode(s, rig, "h2d_pageable", "cudaMemcpyAsync from touched malloc memory",
                              device.get(), pageable.get(), cudaMemcpyHostToDevice, 1, true));
    modes.push_back(copy_mode(s, rig, "h2d_pageable_streams",
                              "cudaMemcpyAsync from touched malloc memory, split over streams",
                              device.get(), pageable.get(), cudaMemcpyHostToDevice, s.streams,
                              true));
  }
  modes.push_back(pin_mode(s, /*register_existing=*/false));
  modes.push_back(pin_mode(s, /*register_existing=*/true));
  Pipeline pipeline(s.io_chunk);
  modes.push_back(file_mode(s, file, pipeline, device.get(), /*cold=*/true));
  modes.push_back(file_mode(s, file, pipeline, device.get(), /*cold=*/false));
  for (Mode& m : parallel_modes(s, file, device.get())) modes.push_back(std::move(m));
  return modes;
}

BenchResult bench_gpu(const Settings& s, const TestFile& file, std::uint64_t chunk) {
  BenchResult r;
  r.chunk_bytes = chunk;
  r.pinned_target = kPinnedTarget;
  r.file_target = kFileTarget;
  CopyRig rig(1);
  DeviceBuffer device = device_buffer(std::max(chunk, file.size()));
  {
    PinnedBuffer pinned = pinned_buffer(chunk);
    fill_pattern(pinned.get(), chunk);
    Mode loader{"h2d_pinned", "", 1, {}, {}, {}};
    run_trials(s, chunk, loader, [&] {
      return rig.time_copy(device.get(), pinned.get(), chunk, cudaMemcpyHostToDevice, 1);
    });
    r.loader_pinned_rate = static_cast<double>(chunk) / median_seconds(loader, chunk);
    Stream stream;
    Event start;
    Event stop;
    for (int i = 0; i < s.warmup + s.trials; ++i) {
      STOWAGE_CUDA(cudaEventRecord(start, stream));
      for (int c = 0; c < kBenchLoopCopies; ++c) {
        STOWAGE_CUDA(
            cudaMemcpyAsync(device.get(), pinned.get(), chunk, cudaMemcpyHostToDevice, stream));
      }
      STOWAGE_CUDA(cudaEventRecord(stop, stream));
      STOWAGE_CUDA(cudaEventSynchronize(stop));
      const double rate =
          static_cast<double>(chunk) * kBenchLoopCopies / elapsed_seconds(start, stop);
      if (i >= s.warmup) r.plain_loop_rate = std::max(r.plain_loop_rate, rate);
    }
  }
  Pipeline pipeline(s.io_chunk);
  Mode h2d{"h2d_pinned", "", 1, {}, {}, {}};
  run_trials(s, s.io_chunk, h2d, [&] {
    return rig.time_copy(device.get(), pipeline.buffers[0].get(), s.io_chunk,
                         cudaMemcpyHostToDevice, 1);
  });
  r.h2d_rate_at_io_chunk = static_cast<double>(s.io_chunk) / median_seconds(h2d, s.io_chunk);
  Mode read{"file_read_warm", "", 1, {}, {}, {}};
  pipeline.read_only(file, file.size(), s.io_chunk);
  run_trials(s, file.size(), read,
             [&] { return pipeline.read_only(file, file.size(), s.io_chunk); });
  r.file_read_rate = static_cast<double>(file.size()) / median_seconds(read, file.size());
  Mode total{"file_to_gpu_warm", "", 1, {}, {}, {}};
  run_trials(s, file.size(), total,
             [&] { return pipeline.run(file, file.size(), s.io_chunk, device.get()).seconds; });
  r.file_to_gpu_rate = static_cast<double>(file.size()) / median_seconds(total, file.size());
  if (s.max_threads > 0) {
    // The parallel pipeline at the most threads, warm page cache, the whole file; the device
    // is cleared first so that the check after it sees only what this pipeline copied.
    STOWAGE_CUDA(cudaMemset(device.get(), 0, file.size()));
    const ParallelRig prig(s.max_threads, s.copy_streams, s.io_chunk, device.get());
    const ParallelPlan plan{s.max_threads, s.copy_streams, s.io_chunk, false};
    const Mode m = parallel_mode(s, "file_to_gpu_warm_parallel", "", file, {file.size()}, false,
                                 plan, prig.buffers(s.max_threads), prig.copy);
    r.parallel_threads = s.max_threads;
    r.parallel_copy_streams = s.copy_streams;
    r.parallel_file_to_gpu_rate = static_cast<double>(file.size()) / median_seconds(m, file.size());
    device_holds_pattern(device.get(), file.size(), m.name);
  }
  return r;
}

}  // namespace stowage::loader
