#include "advisor/calibrate/loader_options.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>

#include "advisor/cli/commands.hpp"
#include "sim/config/input_text.hpp"
#include "sim/engine_range.hpp"
#include "sim/units.hpp"

namespace stowage::advisor {

namespace {

// What stowage-loader accepts (loader/main.cpp, loader/sweep_plan.hpp).
struct CountRange {
  int lo, hi;
};
const std::map<std::string, CountRange, std::less<>> kCounts{{"--max-threads", {1, 64}},
                                                              {"--trials", {1, 1000}},
                                                              {"--warmup", {0, 1000}},
                                                              {"--copy-streams", {1, 16}}};
constexpr std::string_view kSizes[] = {"--file-size", "--io-chunk", "--max-chunk"};

std::string shown(std::string_view text) { return sim::config::printable(std::string(text)); }

void check_count(std::string_view flag, std::string_view text, CountRange r) {
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < r.lo || n > r.hi) {
    throw UsageError(std::string(flag), fmt::format("'{}' is not a whole number from {} to {}",
                                                    shown(text), r.lo, r.hi));
  }
}

double check_size(std::string_view flag, std::string_view text) {
  double bytes = 0.0;
  try {
    bytes = sim::parse_bytes(std::string(text)).value();
  } catch (const sim::UnitError& e) {
    throw UsageError(std::string(flag), e.what(), fmt::format("e.g. {}", e.expected()));
  }
  if (!(bytes > 0.0) || bytes > sim::kMaxFlowBytes || bytes != static_cast<double>(static_cast<
                                                                   std::uint64_t>(bytes)) ||
      static_cast<std::uint64_t>(bytes) % 8 != 0) {
    throw UsageError(std::string(flag),
                     fmt::format("'{}' is not a positive multiple of 8 bytes", shown(text)),
                     "e.g. 1GiB");
  }
  return bytes;
}

// File systems whose files are made up by the kernel: their sizes and reads say nothing about a
// storage.
bool pseudo_file_system(long type) {
  switch (type) {
    case PROC_SUPER_MAGIC:
    case SYSFS_MAGIC:
    case DEBUGFS_MAGIC:
    case TRACEFS_MAGIC:
    case SECURITYFS_MAGIC:
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC:
    case DEVPTS_SUPER_MAGIC:
    case BPF_FS_MAGIC:
      return true;
    default:
      return false;
  }
}

void check_read_file(const std::string& path) {
  const auto refuse = [&](std::string problem) {
    throw UsageError("--read", fmt::format("'{}' {}", shown(path), problem),
                     "a readable, non-empty regular file on the storage measured");
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) refuse(fmt::format("cannot be read: {}", std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) refuse("is not a regular file");
  struct statfs fs {};
  if (::statfs(path.c_str(), &fs) == 0 && pseudo_file_system(static_cast<long>(fs.f_type))) {
    refuse("is on a kernel pseudo-file system (such as /proc or /sys)");
  }
  if (st.st_size == 0) refuse("is empty");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) refuse(fmt::format("cannot be read: {}", std::strerror(errno)));
  ::close(fd);
}

void check_dir(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw UsageError("--dir", fmt::format("'{}' is not a directory", shown(path)),
                     "an existing directory on the storage measured");
  }
}

}  // namespace

std::string plain_name_problem(std::string_view name) {
  if (name.empty()) return "the name is empty";
  if (name == "." || name == "..") return fmt::format("'{}' is not a name", name);
  for (char c : name) {
    if (c == '/') return fmt::format("'{}' holds a '/'", shown(name));
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return fmt::format("'{}' holds a control character", shown(name));
    }
  }
  return {};
}

void check_loader_options(const std::vector<std::string>& args) {
  // The loader's defaults (loader/main.cpp) where the option is not given.
  double file_size = 1024.0 * 1024 * 1024;
  double io_chunk = 16.0 * 1024 * 1024;
  bool io_chunk_given = false;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    const std::string& flag = args[i];
    if (!flag.starts_with("--") || args[i + 1].starts_with("--")) continue;
    const std::string& value = args[++i];
    if (const auto c = kCounts.find(flag); c != kCounts.end()) check_count(flag, value, c->second);
    for (std::string_view size_flag : kSizes) {
      if (flag != size_flag) continue;
      const double bytes = check_size(flag, value);
      if (flag == "--file-size") file_size = bytes;
      if (flag == "--io-chunk") {
        io_chunk = bytes;
        io_chunk_given = true;
      }
    }
    if (flag == "--dir") check_dir(value);
    if (flag == "--read") check_read_file(value);
  }
  if (io_chunk > file_size) {
    if (io_chunk_given) {
      throw UsageError("--io-chunk", "larger than --file-size", "at most the test file's size");
    }
    throw UsageError("--file-size", "smaller than the 16MiB of one read (--io-chunk)",
                     "at least --io-chunk");
  }
}

}  // namespace stowage::advisor
