#include "loader/parallel_reader.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "loader/measurement.hpp"

namespace stowage::loader {

namespace {

double process_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// A filled buffer waiting for a consumer.
struct Filled {
  char* buffer = nullptr;
  std::uint64_t offset = 0;
  std::uint64_t len = 0;
};

// The pool of free buffers, the queue of filled ones, and the first error: every wait ends when
// an error is set, so one failing thread stops them all.
class Exchange {
 public:
  explicit Exchange(const std::vector<char*>& buffers) : free_(buffers.begin(), buffers.end()) {}

  char* take_free() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !free_.empty() || error_; });
    if (error_) return nullptr;
    char* b = free_.front();
    free_.pop_front();
    return b;
  }
  void give_free(char* b) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(b);
    changed_.notify_all();
  }
  void put_filled(const Filled& f) {
    std::lock_guard<std::mutex> lock(mutex_);
    filled_.push_back(f);
    changed_.notify_all();
  }
  // False once the readers are done and nothing is queued, or on error.
  bool take_filled(Filled& f) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !filled_.empty() || readers_done_ || error_; });
    if (error_ || filled_.empty()) return false;
    f = filled_.front();
    filled_.pop_front();
    return true;
  }
  void readers_done() {
    std::lock_guard<std::mutex> lock(mutex_);
    readers_done_ = true;
    changed_.notify_all();
  }
  void fail(std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error_) error_ = e;
    changed_.notify_all();
  }
  bool failed() {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<bool>(error_);
  }
  std::exception_ptr error() {
    std::lock_guard<std::mutex> lock(mutex_);
    return error_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<char*> free_;
  std::deque<Filled> filled_;
  bool readers_done_ = false;
  std::exception_ptr error_;
};

// Reads `len` bytes at `offset`; with O_DIRECT the request is rounded up to the alignment (the
// buffer has room) and a short read at the end of the file is expected.
void read_piece(int fd, const std::filesystem::path& path, char* buffer, std::uint64_t offset,
                std::uint64_t len, bool direct) {
  const std::uint64_t want =
      direct ? (len + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment : len;
  std::uint64_t done = 0;
  while (done < len) {
    const ssize_t n = ::pread(fd, buffer + done, want - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw LoaderError(fmt::format("read {}: {}", path.string(), std::strerror(errno)));
    if (n == 0) throw LoaderError(fmt::format("read {}: unexpected end of file", path.string()));
    done += static_cast<std::uint64_t>(n);
  }
}

}  // namespace

double machine_busy_cpu_seconds() {
  // "cpu  user nice system idle iowait irq softirq steal ..." in clock ticks.
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;
  if (cpu != "cpu") return 0.0;
  unsigned long long v[8] = {};
  for (unsigned long long& x : v) in >> x;
  if (!in) return 0.0;
  const unsigned long long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
  return static_cast<double>(busy) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

ParallelStats read_parallel(const std::filesystem::path& path, std::uint64_t bytes,
                            const ParallelPlan& plan, const std::vector<char*>& buffers,
                            const Consume& consume) {
  if (plan.readers < 1 || buffers.size() < static_cast<std::size_t>(plan.readers) ||
      plan.io_chunk == 0 || (plan.direct && plan.io_chunk % kDirectAlignment != 0)) {
    throw LoaderError(fmt::format(
        "parallel read of {}: {} readers, {} buffers, io chunk {} bytes{} (expected at least one "
        "buffer per reader{})",
        path.string(), plan.readers, buffers.size(), plan.io_chunk, plan.direct ? ", O_DIRECT" : "",
        plan.direct ? " and a chunk that is a multiple of 4 KiB" : ""));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (plan.direct ? O_DIRECT : 0));
  if (fd < 0) {
    throw LoaderError(fmt::format("open {}{}: {}", path.string(),
                                  plan.direct ? " with O_DIRECT" : "", std::strerror(errno)));
  }
  Exchange exchange(buffers);
  std::atomic<std::uint64_t> next_piece{0};
  const std::uint64_t pieces = (bytes + plan.io_chunk - 1) / plan.io_chunk;
  const auto reader = [&] {
    try {
      for (std::uint64_t i = next_piece++; i < pieces && !exchange.failed(); i = next_piece++) {
        char* b = exchange.take_free();
        if (b == nullptr) return;
        const std::uint64_t offset = i * plan.io_chunk;
        const std::uint64_t len = std::min(plan.io_chunk, bytes - offset);
        read_piece(fd, path, b, offset, len, plan.direct);
        if (plan.consumers > 0) {
          exchange.put_filled({b, offset, len});
        } else {
          exchange.give_free(b);
        }
      }
    } catch (...) {
      exchange.fail(std::current_exception());
    }
  };
  const auto consumer = [&](int index) {
    try {
      Filled f;
      while (exchange.take_filled(f)) {
        consume(index, f.buffer, f.offset, f.len);
        exchange.give_free(f.buffer);
      }
    } catch (...) {
      exchange.fail(std::current_exception());
    }
  };

  const double cpu_start = process_cpu_seconds();
  const double busy_start = machine_busy_cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  {
    std::vector<std::thread> consumers;
    for (int c = 0; c < plan.consumers; ++c) consumers.emplace_back(consumer, c);
    std::vector<std::thread> readers;
    for (int r = 0; r < plan.readers; ++r) readers.emplace_back(reader);
    for (std::thread& t : readers) t.join();
    exchange.readers_done();
    for (std::thread& t : consumers) t.join();
  }
  ParallelStats stats{bytes, seconds_since(start), process_cpu_seconds() - cpu_start,
                      machine_busy_cpu_seconds() - busy_start};
  ::close(fd);
  if (std::exception_ptr e = exchange.error()) std::rethrow_exception(e);
  return stats;
}

}  // namespace stowage::loader
