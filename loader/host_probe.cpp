#include "loader/host_probe.hpp"

#include <fmt/format.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/utsname.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "loader/driver_version.hpp"

namespace stowage::loader {

namespace {

// /proc/meminfo reports kibibytes.
constexpr std::uint64_t kKibibyte = 1024;

// The value after "key" and a colon on the first line of `file` that starts with `key`.
std::string proc_field(const char* file, std::string_view key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const auto begin = line.find_first_not_of(" \t", colon + 1);
    return begin == std::string::npos ? std::string{} : line.substr(begin);
  }
  return {};
}

std::string file_system_name(const std::filesystem::path& dir) {
  struct statfs fs {};
  if (::statfs(dir.c_str(), &fs) != 0) return "unknown";
  switch (static_cast<unsigned long>(fs.f_type)) {
    case EXT4_SUPER_MAGIC:
      return "ext2/3/4";
    case XFS_SUPER_MAGIC:
      return "xfs";
    case BTRFS_SUPER_MAGIC:
      return "btrfs";
    case TMPFS_MAGIC:
      return "tmpfs";
    case OVERLAYFS_SUPER_MAGIC:
      return "overlay";
    case NFS_SUPER_MAGIC:
      return "nfs";
    case FUSE_SUPER_MAGIC:
      return "fuse";
    default:
      return fmt::format("0x{:x}", static_cast<unsigned long>(fs.f_type));
  }
}

}  // namespace

bool on_pseudo_file_system(const std::filesystem::path& path) {
  struct statfs fs {};
  if (::statfs(path.c_str(), &fs) != 0) return false;
  switch (static_cast<unsigned long>(fs.f_type)) {
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

namespace {

// A buffer whose pages have all been touched, so that first-touch faults stay out of timings.
std::unique_ptr<std::byte[]> touched_buffer(std::uint64_t bytes, int fill) {
  auto buffer = std::make_unique_for_overwrite<std::byte[]>(bytes);
  std::memset(buffer.get(), fill, bytes);
  return buffer;
}

Mode measure_memcpy(const Settings& s) {
  Mode mode{"memcpy", "memcpy between two touched host buffers", 1, {}, {}, {}};
  auto src = touched_buffer(s.max_chunk, 1);
  auto dst = touched_buffer(s.max_chunk, 0);
  volatile std::byte sink{};
  for (std::uint64_t bytes : chunk_ladder(s.min_chunk, s.max_chunk)) {
    run_trials(s, bytes, mode, [&] {
      const auto start = std::chrono::steady_clock::now();
      std::memcpy(dst.get(), src.get(), bytes);
      sink = dst[bytes - 1];  // keeps the copy observable
      return seconds_since(start);
    });
  }
  return mode;
}

Mode measure_file_read(const Settings& s, const TestFile& file, bool cold) {
  Mode mode{cold ? "file_read_cold" : "file_read_warm",
            cold ? "read() of the test file after dropping it from the page cache"
                 : "read() of the test file while it is in the page cache",
            1,
            {},
            {},
            {}};
  auto buffer = touched_buffer(s.io_chunk, 0);
  double resident = 0.0;
  if (!cold) file.read_prefix(file.size(), buffer.get(), s.io_chunk);
  for (std::uint64_t bytes : file_prefixes(file.size(), sizeof(std::uint64_t))) {
    run_trials(s, bytes, mode, [&] {
      if (cold) {
        file.drop_cache();
        resident = std::max(resident, file.resident_fraction());
      }
      const auto start = std::chrono::steady_clock::now();
      file.read_prefix(bytes, buffer.get(), s.io_chunk);
      return seconds_since(start);
    });
  }
  if (cold) mode.resident_after_drop = resident;
  return mode;
}

}  // namespace

HostDescription describe_host(const std::filesystem::path& dir) {
  HostDescription h;
  h.cpu_model = proc_field("/proc/cpuinfo", "model name");
  if (h.cpu_model.empty()) h.cpu_model = proc_field("/proc/cpuinfo", "Model");  // arm64
  h.logical_cpus = static_cast<int>(std::thread::hardware_concurrency());
  const std::string mem = proc_field("/proc/meminfo", "MemTotal");
  h.memory_bytes = mem.empty() ? 0 : std::stoull(mem) * kKibibyte;
  struct utsname u {};
  if (::uname(&u) == 0) h.kernel = fmt::format("{} {} {}", u.sysname, u.release, u.machine);
  h.file_system = file_system_name(dir);
  return h;
}

int pcie_generation_from_speed(const std::string& speed) {
  // Transfer rate per lane of each PCIe generation (PCI-SIG base specifications 1.0 to 6.0).
  struct Generation {
    double gigatransfers;
    int generation;
  };
  constexpr Generation kGenerations[] = {{2.5, 1},  {5.0, 2},  {8.0, 3},
                                         {16.0, 4}, {32.0, 5}, {64.0, 6}};
  double gt = 0.0;
  try {
    gt = std::stod(speed);
  } catch (const std::exception&) {
    return 0;
  }
  for (const Generation& g : kGenerations) {
    if (gt == g.gigatransfers) return g.generation;
  }
  return 0;
}

std::optional<PcieLink> read_pcie_link(const std::string& pci_bus_id) {
  // CUDA spells the id "0000:3B:00.0" (sometimes with an 8-digit domain); sysfs "0000:3b:00.0".
  unsigned domain = 0, bus = 0, device = 0, function = 0;
  if (std::sscanf(pci_bus_id.c_str(), "%x:%x:%x.%x", &domain, &bus, &device, &function) != 4) {
    return std::nullopt;
  }
  const std::filesystem::path dir =
      fmt::format("/sys/bus/pci/devices/{:04x}:{:02x}:{:02x}.{:x}", domain, bus, device, function);
  auto read_line = [&](const char* name) {
    std::ifstream in(dir / name);
    std::string line;
    std::getline(in, line);
    return line;
  };
  auto to_int = [](const std::string& text) {
    try {
      return std::stoi(text);
    } catch (const std::exception&) {
      return 0;
    }
  };
  PcieLink link;
  link.generation = pcie_generation_from_speed(read_line("current_link_speed"));
  link.max_generation = pcie_generation_from_speed(read_line("max_link_speed"));
  link.width = to_int(read_line("current_link_width"));
  link.max_width = to_int(read_line("max_link_width"));
  if (link.generation == 0 && link.width == 0) return std::nullopt;
  return link;
}

std::string nvidia_driver_version() {
  // The kernel module's own text first; the sysfs file holds the bare version.
  for (const char* file : {"/proc/driver/nvidia/version", "/sys/module/nvidia/version"}) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      std::string version = driver_version_from_text(line);
      if (!version.empty()) return version;
    }
  }
  return {};
}

std::vector<Mode> measure_host(const Settings& settings, const TestFile& file) {
  std::vector<Mode> modes;
  modes.push_back(measure_memcpy(settings));
  modes.push_back(measure_file_read(settings, file, /*cold=*/true));
  modes.push_back(measure_file_read(settings, file, /*cold=*/false));
  return modes;
}

}  // namespace stowage::loader
