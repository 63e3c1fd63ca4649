// A test suite's setting shared by the accuracy-band tests: one 4 GB read by one plain reader
// (four 1 GiB copy calls of 10 us each) from a local disk whose only limit is a rate of 1 to
// 4 GB/s (2 GB/s as written, so predicted 2 s), as `w.yaml` with its profiles under `profiles/`.
#pragma once

#include <filesystem>
#include <fstream>

namespace stowage::testing {

inline void write_ranged_disk_setting(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "profiles/storage");
  std::filesystem::create_directories(dir / "profiles/loader");
  std::ofstream(dir / "profiles/storage/ranged-disk.yaml")
      << "description: a disk whose rate is known to within 1 to 4 GB/s\nkind: local\n"
         "source: \"assumption: a test disk\"\nthroughput:\n"
         "  per_client: {value: 2GB/s, source: \"assumption: a test rate, range 1 to 4 GB/s\", "
         "range: [1GB/s, 4GB/s]}\npage_cache: false\n";
  std::ofstream(dir / "profiles/loader/plain-read.yaml")
      << "description: one plain reader\nsource: \"assumption: a test loader\"\nstreams: 1\n"
         "chunk: 1GiB\nstaging: direct\noverlap: false\npage_cache: false\n";
  std::ofstream(dir / "w.yaml") << "version: 1\nname: w\nmodel:\n  files:\n"
                                   "    - {path: m.safetensors, size: 4GB}\n"
                                   "platform: k8s-hpa\ngpu: h100-sxm\nloader: plain-read\n"
                                   "arrivals:\n  burst: {count: 1}\nstorage: [ranged-disk]\n";
}

}  // namespace stowage::testing
