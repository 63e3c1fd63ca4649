#include "loader/parallel_modes.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

#include "loader/pattern.hpp"
#include "loader/sweep_plan.hpp"

namespace stowage::loader {

namespace {

Trial trial_of(const ParallelStats& p) {
  return Trial{p.bytes, p.seconds, {}, {}, p.cpu_seconds, p.busy_cpu_seconds};
}

// An existing file opened read-only, for dropping and checking its page cache.
class OpenFile {
 public:
  explicit OpenFile(std::filesystem::path path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      throw LoaderError(fmt::format("open {}: {}", path_.string(), std::strerror(errno)));
    }
    std::error_code ec;
    size_ = std::filesystem::file_size(path_, ec);
    if (ec) throw LoaderError(fmt::format("size of {}: {}", path_.string(), ec.message()));
  }
  ~OpenFile() { ::close(fd_); }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::uint64_t size() const { return size_; }
  void drop_cache() const { drop_file_cache(fd_, path_); }
  double resident_fraction() const { return file_resident_fraction(fd_, size_, path_); }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// One storage trial: every file read whole by `plan.readers` threads, one file after another.
Trial storage_trial(const std::vector<std::unique_ptr<OpenFile>>& files, bool cold,
                    const ParallelPlan& plan, const std::vector<char*>& buffers, double& resident) {
  ParallelStats sum;
  for (const auto& f : files) {
    if (cold) {
      f->drop_cache();
      resident = std::max(resident, f->resident_fraction());
    }
    const ParallelStats p = read_parallel(f->path(), f->size(), plan, buffers, {});
    sum.bytes += p.bytes;
    sum.seconds += p.seconds;
    sum.cpu_seconds += p.cpu_seconds;
    sum.busy_cpu_seconds += p.busy_cpu_seconds;
  }
  return trial_of(sum);
}

// The first `count` buffers of `pool`: a sweep point with fewer threads uses a smaller pool.
std::vector<char*> first_buffers(const AlignedBuffers& pool, int count) {
  return std::vector<char*>(pool.get().begin(), pool.get().begin() + count);
}

// Whether `bytes` of `host` hold the test file's pattern; a mismatch is an error, as on the GPU.
bool holds_pattern(const char* host, std::uint64_t bytes, const std::string& mode) {
  std::uint64_t wrong = 0;
  for (std::uint64_t k = 0; k < bytes / sizeof(std::uint64_t); ++k) {
    std::uint64_t word = 0;
    std::memcpy(&word, host + k * sizeof word, sizeof word);
    wrong += word != pattern_word(k) ? 1 : 0;
  }
  if (wrong != 0) {
    throw LoaderError(fmt::format("{}: {} of {} words differ from the file", mode, wrong,
                                  bytes / sizeof(std::uint64_t)));
  }
  return true;
}

}  // namespace

AlignedBuffers::AlignedBuffers(int count, std::uint64_t bytes) {
  const std::uint64_t size = (bytes + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment;
  for (int i = 0; i < count; ++i) {
    void* p = std::aligned_alloc(kDirectAlignment, size);
    if (p == nullptr) throw LoaderError(fmt::format("aligned_alloc of {} bytes failed", size));
    std::memset(p, 0, size);  // touched, so that first-touch faults stay out of timings
    buffers_.push_back(static_cast<char*>(p));
  }
}

AlignedBuffers::~AlignedBuffers() {
  for (char* p : buffers_) std::free(p);
}

Mode parallel_mode(const Settings& s, const std::string& name, const std::string& description,
                   const TestFile& file, const std::vector<std::uint64_t>& sizes, bool cold,
                   const ParallelPlan& plan, const std::vector<char*>& buffers,
                   const Consume& consume) {
  Mode mode{name, description, plan.consumers, {}, {}, {}, plan.readers, {}};
  ParallelPlan p = plan;
  p.direct = plan.direct && cold;
  double resident = 0.0;
  if (!cold) read_parallel(file.path(), file.size(), p, buffers, consume);  // into the cache
  for (std::uint64_t bytes : sizes) {
    for (int i = 0; i < s.warmup + s.trials; ++i) {
      if (cold) {
        file.drop_cache();
        resident = std::max(resident, file.resident_fraction());
      }
      const ParallelStats stats = read_parallel(file.path(), bytes, p, buffers, consume);
      if (i >= s.warmup) mode.trials.push_back(trial_of(stats));
    }
  }
  if (cold) mode.resident_after_drop = resident;
  return mode;
}

std::vector<Mode> measure_parallel_reads(const Settings& s, const TestFile& file) {
  std::vector<Mode> modes;
  const std::vector<int> sweep = thread_sweep(s.max_threads);
  if (sweep.empty()) return modes;
  const AlignedBuffers pool(pool_buffers(sweep.back(), 0), s.io_chunk);
  const auto prefixes =
      file_prefixes(file.size(), s.direct ? kDirectAlignment : sizeof(std::uint64_t));
  for (bool cold : {true, false}) {
    for (int n : sweep) {
      const ParallelPlan plan{n, 0, s.io_chunk, s.direct};
      const std::vector<char*> buffers = first_buffers(pool, pool_buffers(n, 0));
      modes.push_back(parallel_mode(
          s, fmt::format("file_read_{}_t{}", cold ? "cold" : "warm", n),
          fmt::format("the test file read by {} threads in io_chunk pieces, no copy, {}", n,
                      cold ? (s.direct ? "O_DIRECT after a page cache drop" : "page cache dropped")
                           : "file in the page cache"),
          file, prefixes, cold, plan, buffers, {}));
    }
  }
  // The whole pipeline on the CPU: consumers copy each buffer into host memory standing in for
  // the GPU, which is then checked word by word, as the GPU modes check the device.
  const AlignedBuffers destination(1, file.size());
  char* host = destination.get().front();
  const AlignedBuffers consumer_pool(pool_buffers(sweep.back(), s.copy_streams), s.io_chunk);
  const Consume copy = [host](int, char* buffer, std::uint64_t offset, std::uint64_t len) {
    std::memcpy(host + offset, buffer, len);
  };
  for (int n : sweep) {
    const ParallelPlan plan{n, s.copy_streams, s.io_chunk, false};
    modes.push_back(parallel_mode(
        s, fmt::format("file_to_host_warm_t{}", n),
        fmt::format("the test file through the pipeline into host memory: {} reader threads, {} "
                    "shared buffers, {} copy threads with memcpy, file in the page cache",
                    n, pool_buffers(n, s.copy_streams), s.copy_streams),
        file, prefixes, false, plan, first_buffers(consumer_pool, pool_buffers(n, s.copy_streams)),
        copy));
    modes.back().verified = holds_pattern(host, file.size(), modes.back().name);
    std::memset(host, 0, file.size());
  }
  return modes;
}

std::vector<Mode> measure_storage(const Settings& s,
                                  const std::vector<std::filesystem::path>& paths) {
  std::vector<std::unique_ptr<OpenFile>> files;
  for (const auto& p : paths) files.push_back(std::make_unique<OpenFile>(p));
  const std::vector<int> sweep = thread_sweep(std::max(1, s.max_threads));
  const AlignedBuffers pool(pool_buffers(sweep.back(), 0), s.io_chunk);
  std::vector<Mode> modes;
  for (int n : sweep) {
    const ParallelPlan plan{n, 0, s.io_chunk, s.direct};
    const std::vector<char*> buffers = first_buffers(pool, pool_buffers(n, 0));
    Mode mode{fmt::format("storage_cold_t{}", n),
              fmt::format("every file read whole by {} threads after a page cache drop{}", n,
                          s.direct ? ", O_DIRECT" : ""),
              0,
              {},
              {},
              {},
              n,
              {}};
    double resident = 0.0;
    for (int i = 0; i < s.warmup + s.trials; ++i) {
      const Trial t = storage_trial(files, true, plan, buffers, resident);
      if (i >= s.warmup) mode.trials.push_back(t);
    }
    mode.resident_after_drop = resident;
    modes.push_back(std::move(mode));
  }
  std::vector<int> warm_counts{sweep.front()};
  if (sweep.back() != sweep.front()) warm_counts.push_back(sweep.back());
  for (int n : warm_counts) {
    const ParallelPlan plan{n, 0, s.io_chunk, false};
    const std::vector<char*> buffers = first_buffers(pool, pool_buffers(n, 0));
    Mode mode{fmt::format("storage_warm_t{}", n),
              fmt::format("every file re-read whole by {} threads without a drop", n),
              0,
              {},
              {},
              {},
              n,
              {}};
    double unused = 0.0;
    for (const auto& f : files) f->drop_cache();
    storage_trial(files, false, plan, buffers, unused);  // the first read, which may cache
    double resident = 1.0;
    for (const auto& f : files) resident = std::min(resident, f->resident_fraction());
    mode.resident_after_read = resident;
    for (int i = 0; i < s.trials; ++i) {
      mode.trials.push_back(storage_trial(files, false, plan, buffers, unused));
    }
    modes.push_back(std::move(mode));
  }
  return modes;
}

}  // namespace stowage::loader
