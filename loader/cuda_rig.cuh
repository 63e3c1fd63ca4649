// The CUDA building blocks of the loader's GPU modes (gpu_probe.cu): checked calls, RAII owners
// of streams, events and buffers, the on-device pattern check, and the three copy rigs (one copy
// split over streams, the double-buffered file pipeline, the parallel pipeline's pinned pool and
// copy streams). Every CUDA call is checked and a failure throws LoaderError naming the call;
// destructors ignore errors (they run during unwinding and have nothing better to do).
// Included only by CUDA sources; C++17, as every loader header the CUDA files see.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "loader/measurement.hpp"
#include "loader/parallel_modes.hpp"
#include "loader/test_file.hpp"

namespace stowage::loader {

/// "call: message (name)" for a failed CUDA call.
std::string cuda_message(const char* call, cudaError_t rc);

/// Throws LoaderError naming `call` unless `rc` is cudaSuccess.
void check_cuda(cudaError_t rc, const char* call);

#define STOWAGE_CUDA(call) ::stowage::loader::check_cuda((call), #call)

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

PinnedBuffer pinned_buffer(std::uint64_t bytes);
DeviceBuffer device_buffer(std::uint64_t bytes);
PageableBuffer pageable_buffer(std::uint64_t bytes);

/// Fills `bytes` of host memory with the test file's pattern (and so touches every page).
void fill_pattern(char* host, std::uint64_t bytes);

/// Whether the first `bytes` on the device hold the test file's pattern; a mode whose bytes
/// arrived wrong measured nothing worth keeping, so a mismatch throws LoaderError naming `mode`.
bool device_holds_pattern(const char* device, std::uint64_t bytes, const std::string& mode);

/// Seconds between two recorded events.
double elapsed_seconds(cudaEvent_t start, cudaEvent_t stop);

/// The CUDA objects every copy mode uses.
struct CopyRig {
  std::vector<std::unique_ptr<Stream>> streams;
  Event start;
  Event done;
  std::vector<std::unique_ptr<Event>> part_done;

  explicit CopyRig(int stream_count);

  /// One copy of `bytes` split into one part per stream (the last takes the remainder, parts
  /// are whole words), timed from an event before the first part to one after the last.
  double time_copy(char* dst, const char* src, std::uint64_t bytes, cudaMemcpyKind kind,
                   int parts);
};

/// The file-to-GPU pipeline: chunk i is read into pinned buffer i % 2 while chunk i - 1 is
/// being copied; a buffer is refilled only once its previous copy has finished.
struct Pipeline {
  PinnedBuffer buffers[2];
  Event copy_start[2];
  Event copy_end[2];
  Stream stream;

  explicit Pipeline(std::uint64_t io_chunk);

  /// The first `bytes` of the file onto `device`, with the busy time of each stage.
  Trial run(const TestFile& file, std::uint64_t bytes, std::uint64_t io_chunk, char* device);

  /// Reads [0, bytes) into the two buffers in turn without copying: the read stage alone.
  double read_only(const TestFile& file, std::uint64_t bytes, std::uint64_t io_chunk);
};

/// The parallel pipeline's GPU side (parallel_modes.hpp): a pool of pinned buffers for up to
/// `max_readers` reader threads, and one consumer per copy stream that copies a filled buffer
/// on its own stream and waits for the copy before the buffer goes back to the pool. Pinned
/// buffers are page-aligned, as O_DIRECT needs (io_chunk is a multiple of 4 KiB with --direct).
struct ParallelRig {
  std::vector<PinnedBuffer> owned;
  std::vector<char*> pool;
  std::vector<std::unique_ptr<Stream>> streams;
  Consume copy;

  ParallelRig(int max_readers, int copy_streams, std::uint64_t io_chunk, char* device);
  ParallelRig(const ParallelRig&) = delete;
  ParallelRig& operator=(const ParallelRig&) = delete;

  /// The buffers `readers` threads use: one each being filled, two per copy stream.
  std::vector<char*> buffers(int readers) const;
};

}  // namespace stowage::loader
