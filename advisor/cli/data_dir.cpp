#include "advisor/cli/data_dir.hpp"

#include <system_error>

namespace stowage::advisor {

std::filesystem::path first_data_dir(const std::vector<std::filesystem::path>& candidates) {
  for (const auto& dir : candidates) {
    std::error_code ec;
    if (std::filesystem::is_directory(dir / "profiles", ec)) return dir;
  }
  return {};
}

std::vector<std::filesystem::path> data_dir_candidates(const std::filesystem::path& exe) {
  std::vector<std::filesystem::path> out;
  if (!exe.empty()) out.push_back(exe.parent_path().parent_path() / "share" / "stowage");
  // The source tree before the install prefix: a program run from its build tree reads the data
  // it was built with, not an older installed copy.
  out.emplace_back(STOWAGE_SOURCE_DIR);
  out.emplace_back(STOWAGE_INSTALL_DATADIR);
  return out;
}

std::filesystem::path data_dir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path found =
      first_data_dir(data_dir_candidates(ec ? std::filesystem::path() : exe));
  return found.empty() ? std::filesystem::path(STOWAGE_SOURCE_DIR) : found;
}

}  // namespace stowage::advisor
