#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <system_error>

#include "advisor/commands.hpp"
#include "sim/config/config_error.hpp"

namespace stowage::advisor {

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  using sim::config::ConfigError;
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw ConfigError(path.string(), {}, "",
                        fmt::format("cannot write: {}", std::generic_category().message(errno)),
                        "a writable path");
    }
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      throw ConfigError(path.string(), {}, "", "cannot write: I/O error", "a writable path");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw ConfigError(path.string(), {}, "", fmt::format("cannot write: {}", ec.message()),
                      "a writable path");
  }
}

}  // namespace stowage::advisor
