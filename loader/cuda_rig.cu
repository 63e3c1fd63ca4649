// The CUDA building blocks of cuda_rig.cuh.
#include "loader/cuda_rig.cuh"

#include <algorithm>
#include <chrono>

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

}  // namespace

std::string cuda_message(const char* call, cudaError_t rc) {
  return std::string(call) + ": " + cudaGetErrorString(rc) + " (" + cudaGetErrorName(rc) + ")";
}

void check_cuda(cudaError_t rc, const char* call) {
  if (rc != cudaSuccess) throw LoaderError(cuda_message(call, rc));
}

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

void fill_pattern(char* host, std::uint64_t bytes) {
  auto* words = reinterpret_cast<std::uint64_t*>(host);
  for (std::uint64_t k = 0; k < bytes / sizeof(std::uint64_t); ++k) words[k] = pattern_word(k);
}

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

CopyRig::CopyRig(int stream_count) {
  for (int i = 0; i < stream_count; ++i) {
    streams.push_back(std::make_unique<Stream>());
    part_done.push_back(std::make_unique<Event>());
  }
}

double CopyRig::time_copy(char* dst, const char* src, std::uint64_t bytes, cudaMemcpyKind kind,
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

Pipeline::Pipeline(std::uint64_t io_chunk)
    : buffers{pinned_buffer(io_chunk), pinned_buffer(io_chunk)} {}

Trial Pipeline::run(const TestFile& file, std::uint64_t bytes, std::uint64_t io_chunk,
                    char* device) {
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

double Pipeline::read_only(const TestFile& file, std::uint64_t bytes, std::uint64_t io_chunk) {
  const auto start = std::chrono::steady_clock::now();
  int b = 0;
  for (std::uint64_t offset = 0; offset < bytes; offset += io_chunk, b ^= 1) {
    file.read(offset, buffers[b].get(), std::min(io_chunk, bytes - offset));
  }
  return seconds_since(start);
}

ParallelRig::ParallelRig(int max_readers, int copy_streams, std::uint64_t io_chunk,
                         char* device) {
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

std::vector<char*> ParallelRig::buffers(int readers) const {
  const int count = pool_buffers(readers, static_cast<int>(streams.size()));
  return std::vector<char*>(pool.begin(), pool.begin() + count);
}

}  // namespace stowage::loader
