// The CUDA implementation of gpu_probe.hpp. Every CUDA call is checked: a failure while opening
// the device is "no GPU" (NoGpu), a failure later throws LoaderError naming the call. Buffers,
// streams and events are owned by small RAII types whose destructors ignore errors (they run
// during unwinding and have nothing better to do).
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "loader/gpu_probe.hpp"
#include "loader/host_probe.hpp"
#include "loader/parallel_modes.hpp"
#include "loader/parallel_reader.hpp"
#include "loader/pattern.hpp"
#include "loader/sweep_plan.hpp"

namespace stowage::loader {

namespace {

// Launch shape of the verification kernel: a grid-stride loop, so one launch of any fixed shape
// covers any size; the check runs outside the timed trials, so its speed does not matter.
constexpr int kVerifyBlocks = 1024;
constexpr int kVerifyThreads = 256;
// CUDA events measure milliseconds.
constexpr double kSecondsPerMillisecond = 1e-3;
// Back-to-back copies in one timed loop of the benchmark's plain cudaMemcpyAsync reference.
constexpr int kBenchLoopCopies = 8;
// The benchmark's targets: the loader's pinned copy reaches 95% of the plain loop's best rate,
// and file to GPU (warm page cache) 90% of the slower of its two stages.
constexpr double kPinnedTarget = 0.95;
constexpr double kFileTarget = 0.90;

std::string cuda_message(const char* call, cudaError_t rc) {
  return std::string(call) + ": " + cudaGetErrorString(rc) + " (" + cudaGetErrorName(rc) + ")";
}

void check(cudaError_t rc, const char* call) {
  if (rc != cudaSuccess) throw LoaderError(cuda_message(call, rc));
}

#define STOWAGE_CUDA(call) check((call), #call)

class Event {
 public:
  Event() { STOWAGE_CUDA(cudaEventCreate(&e_)); }
  ~Event() { cudaEventDestroy(e_); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  operator cudaEvent_t() const { return e_; }

 private:
  cudaEvent_t e_ = nullptr;
};

class Stream {
 public:
  Stream() { STOWAGE_CUDA(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking)); }
  ~Stream() { cudaStreamDestroy(s_); }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  operator cudaStream_t() const { return s_; }

 private:
  cudaStream_t s_ = nullptr;
};

struct PinnedDeleter {
  void operator()(void* p) const { cudaFreeHost(p); }
};
struct DeviceDeleter {
  void operator()(void* p) const { cudaFree(p); }
};
using PinnedBuffer = std::unique_ptr<char, PinnedDeleter>;
using DeviceBuffer = std::unique_ptr<char, DeviceDeleter>;
using PageableBuffer = std::unique_ptr<char, decltype(&std::free)>;

PinnedBuffer pinned_buffer(std::uint64_t bytes) {
  void* p = nullptr;
  STOWAGE_CUDA(cudaHostAlloc(&p, bytes, cudaHostAllocDefault));
  return PinnedBuffer(static_cast<char*>(p));
}

DeviceBuffer device_buffer(std::uint64_t bytes) {
  void* p = nullptr;
  STOWAGE_CUDA(cudaMalloc(&p, bytes));
  return DeviceBuffer(static_cast<char*>(p));
}

PageableBuffer pageable_buffer(std::uint64_t bytes) {
  PageableBuffer p(static_cast<char*>(std::malloc(bytes)), &std::free);
  if (!p) throw LoaderError("malloc of " + std::to_string(bytes) + " bytes failed");
  return p;
}

// Fills `bytes` of host memory with the test file's pattern (and so touches every page).
void fill_pattern(char* host, std::uint64_t bytes) {
  auto* words = reinterpret_cast<std::uint64_t*>(host);
  for (std::uint64_t k = 0; k < bytes / sizeof(std::uint64_t); ++k) words[k] = pattern_word(k);
}

__global__ void count_mismatches(const std::uint64_t* words, std::uint64_t count,
                                 unsigned long long* mismatches) {
  unsigned long long local = 0;
  const std::uint64_t stride = static_cast<std::uint64_t>(gridDim.x) * blockDim.x;
  for (std::uint64_t k = blockIdx.x * static_cast<std::uint64_t>(blockDim.x) + threadIdx.x;
       k < count; k += stride) {
    local += words[k] != pattern_word(k) ? 1ULL : 0ULL;
  }
  if (local != 0) atomicAdd(mismatches, local);
}

// Whether the first `bytes` on the device hold the test file's pattern; a mode whose bytes
// arrived wrong measured nothing worth keeping, so that is an error, not a figure.
bool device_holds_pattern(const char* device, std::uint64_t bytes, const std::string& mode) {
  DeviceBuffer counter = device_buffer(sizeof(unsigned long long));
  auto* mismatches = reinterpret_cast<unsigned long long*>(counter.get());
  STOWAGE_CUDA(cudaMemset(mismatches, 0, sizeof(unsigned long long)));
  count_mismatches<<<kVerifyBlocks, kVerifyThreads>>>(
      reinterpret_cast<const std::uint64_t*>(device), bytes / sizeof(std::uint64_t), mismatches);
  STOWAGE_CUDA(cudaGetLastError());
  unsigned long long found = 0;
  STOWAGE_CUDA(cudaMemcpy(&found, mismatches, sizeof found, cudaMemcpyDeviceToHost));
  if (found != 0) {
    throw LoaderError(mode + ": " + std::to_string(found) + " of " +
                      std::to_string(bytes / sizeof(std::uint64_t)) +
                      " words on the GPU differ from the bytes sent");
  }
  return true;
}

double elapsed_seconds(cudaEvent_t start, cudaEvent_t stop) {
  float ms = 0.0f;
  STOWAGE_CUDA(cudaEventElapsedTime(&ms, start, stop));
  return static_cast<double>(ms) * kSecondsPerMillisecond;
}

// The CUDA objects every copy mode uses.
struct CopyRig {
  std::vector<std::unique_ptr<Stream>> streams;
  Event start;
  Event done;
  std::vector<std::unique_ptr<Event>> part_done;

  explicit CopyRig(int stream_count) {
    for (int i = 0; i < stream_count; ++i) {
      streams.push_back(std::make_unique<Stream>());
      part_done.push_back(std::make_unique<Event>());
    }
  }

  // One copy of `bytes` split into one part per stream (the last takes the remainder, parts are
  // whole words), timed from an event before the first part to one after the last.
  double time_copy(char* dst, const char* src, std::uint64_t bytes, cudaMemcpyKind kind,
                   int parts) {
    cudaStream_t first = *streams[0];
    STOWAGE_CUDA(cudaEventRecord(start, first));
    const std::uint64_t part = bytes / parts / sizeof(std::uint64_t) * sizeof(std::uint64_t);
    for (int i = 0; i < parts; ++i) {
      cudaStream_t s = *streams[i];
      if (i > 0) STOWAGE_CUDA(cudaStreamWaitEvent(s, start, 0));
      const std::uint64_t offset = part * i;
      const std::uint64_t len = i + 1 == parts ? bytes - offset : part;
      STOWAGE_CUDA(cudaMemcpyAsync(dst + offset, src + offset, len, kind, s));
      if (i > 0) {
        STOWAGE_CUDA(cudaEventRecord(*part_done[i], s));
        STOWAGE_CUDA(cudaStreamWaitEvent(first, *part_done[i], 0));
      }
    }
    STOWAGE_CUDA(cudaEventRecord(done, first));
    STOWAGE_CUDA(cudaEventSynchronize(done));
    return elapsed_seconds(start, done);
  }
};

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

// The file-to-GPU pipeline: chunk i is read into pinned buffer i % 2 while chunk i - 1 is being
// copied; a buffer is refilled only once its previous copy has finished.
struct Pipeline {
  PinnedBuffer buffers[2];
  Event copy_start[2];
  Event copy_end[2];
  Stream stream;

  explicit Pipeline(std::uint64_t io_chunk)
      : buffers{pinned_buffer(io_chunk), pinned_buffer(io_chunk)} {}

  Trial run(const TestFile& file, std::uint64_t bytes, std::uint64_t io_chunk, char* device) {
    bool pending[2] = {false, false};
    double read_s = 0.0;
    double copy_s = 0.0;
    auto retire = [&](int b) {
      if (!pending[b]) return;
      STOWAGE_CUDA(cudaEventSynchronize(copy_end[b]));
      copy_s += elapsed_seconds(copy_start[b], copy_end[b]);
      pending[b] = false;
    };
    const auto start = std::chrono::steady_clock::now();
    int b = 0;
    for (std::uint64_t offset = 0; offset < bytes; offset += io_chunk, b ^= 1) {
      retire(b);
      const std::uint64_t len = std::min(io_chunk, bytes - offset);
      const auto read_start = std::chrono::steady_clock::now();
      file.read(offset, buffers[b].get(), len);
      read_s += seconds_since(read_start);
      STOWAGE_CUDA(cudaEventRecord(copy_start[b], stream));
      STOWAGE_CUDA(
          cudaMemcpyAsync(device + offset, buffers[b].get(), len, cudaMemcpyHostToDevice, stream));
      STOWAGE_CUDA(cudaEventRecord(copy_end[b], stream));
      pending[b] = true;
    }
    retire(0);
    retire(1);
    return Trial{bytes, seconds_since(start), read_s, copy_s};
  }

  // Reads [0, bytes) into the two buffers in turn without copying: the read stage alone.
  double read_only(const TestFile& file, std::uint64_t bytes, std::uint64_t io_chunk) {
    const auto start = std::chrono::steady_clock::now();
    int b = 0;
    for (std::uint64_t offset = 0; offset < bytes; offset += io_chunk, b ^= 1) {
      file.read(offset, buffers[b].get(), std::min(io_chunk, bytes - offset));
    }
    return seconds_since(start);
  }
};

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

// The parallel pipeline's GPU side (parallel_modes.hpp): a pool of pinned buffers for up to
// `max_readers` reader threads, and one consumer per copy stream that copies a filled buffer on
// its own stream and waits for the copy before the buffer goes back to the pool. Pinned buffers
// are page-aligned, as O_DIRECT needs (io_chunk is a multiple of 4 KiB with --direct, main.cpp).
struct ParallelRig {
  std::vector<PinnedBuffer> owned;
  std::vector<char*> pool;
  std::vector<std::unique_ptr<Stream>> streams;
  Consume copy;

  ParallelRig(int max_readers, int copy_streams, std::uint64_t io_chunk, char* device) {
    for (int i = 0; i < pool_buffers(max_readers, copy_streams); ++i) {
      owned.push_back(pinned_buffer(io_chunk));
      pool.push_back(owned.back().get());
    }
    for (int c = 0; c < copy_streams; ++c) streams.push_back(std::make_unique<Stream>());
    copy = [this, device](int c, char* buffer, std::uint64_t offset, std::uint64_t len) {
      cudaStream_t stream = *streams[static_cast<std::size_t>(c)];
      STOWAGE_CUDA(cudaMemcpyAsync(device + offset, buffer, len, cudaMemcpyHostToDevice, stream));
      STOWAGE_CUDA(cudaStreamSynchronize(stream));
    };
  }
  ParallelRig(const ParallelRig&) = delete;
  ParallelRig& operator=(const ParallelRig&) = delete;

  // The buffers `readers` threads use: one each being filled, two per copy stream.
  std::vector<char*> buffers(int readers) const {
    const int count = pool_buffers(readers, static_cast<int>(streams.size()));
    return std::vector<char*>(pool.begin(), pool.begin() + count);
  }
};

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
