#include "advisor/cli/user_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

#include "advisor/cli/data_dir.hpp"

namespace stowage::advisor {

namespace {

namespace fs = std::filesystem;

bool same_directory(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return !b.empty() && fs::equivalent(a, b, ec) && !ec;
}

// A checkout of stowage: its top CMakeLists.txt declares the project, beside profiles/.
bool is_checkout(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir / "profiles", ec)) return false;
  std::ifstream in(dir / "CMakeLists.txt", std::ios::binary);
  if (!in) return false;
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.find("project(stowage") != std::string::npos;
}

}  // namespace

fs::path user_config_dir(const char* xdg_config_home, const char* home) {
  if (xdg_config_home != nullptr && fs::path(xdg_config_home).is_absolute()) {
    return fs::path(xdg_config_home) / "stowage";
  }
  if (home != nullptr && fs::path(home).is_absolute()) return fs::path(home) / ".config/stowage";
  return {};
}

fs::path user_config_dir() {
  return user_config_dir(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"));
}

fs::path stowage_tree_around(const fs::path& dir) {
  std::error_code ec;
  fs::path at = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (ec) at = dir;
  const fs::path source(STOWAGE_SOURCE_DIR);
  const fs::path data = data_dir();
  while (true) {
    if (same_directory(at, source) || same_directory(at, data) || is_checkout(at)) return at;
    if (at == at.parent_path() || at.empty()) return {};
    at = at.parent_path();
  }
}

}  // namespace stowage::advisor
