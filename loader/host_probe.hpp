// HostProbe: what the loader learns and measures on the host, GPU or not.
//
// describe_host() reads the machine's description from /proc and uname (CPU model, logical CPUs,
// memory, kernel) and the file system of the test directory (statfs); read_pcie_link() and
// nvidia_driver_version() read what the kernel says about a GPU (sysfs, /proc/driver/nvidia).
// measure_host() times memcpy between two touched buffers over the chunk ladder, and reads of the
// test file with a cold page cache (dropped before every trial, see TestFile) and a warm one (read
// once before the trials), over file_prefixes(). Wall clock from steady_clock; sizes in bytes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "loader/measurement.hpp"
#include "loader/test_file.hpp"

namespace stowage::loader {

/// The host, with `dir` the directory the test file lives in.
HostDescription describe_host(const std::filesystem::path& dir);

/// The PCIe generation of a sysfs link speed such as "16.0 GT/s PCIe" (4), 0 if unknown.
int pcie_generation_from_speed(const std::string& speed);

/// The PCIe link of the device at `pci_bus_id` ("0000:3B:00.0") from sysfs, if readable.
std::optional<PcieLink> read_pcie_link(const std::string& pci_bus_id);

/// The NVIDIA driver's version from /proc/driver/nvidia/version (else /sys/module/nvidia/version),
/// "" if unreadable (driver_version.hpp).
std::string nvidia_driver_version();

/// True when `path` is on a kernel pseudo-file system (/proc, /sys, debugfs, cgroup, ...), whose
/// files report no size, or a made-up one, and stand for no storage.
bool on_pseudo_file_system(const std::filesystem::path& path);

/// Modes "memcpy", "file_read_cold" and "file_read_warm"; throws LoaderError.
std::vector<Mode> measure_host(const Settings& settings, const TestFile& file);

}  // namespace stowage::loader
