#include "advisor/output_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <system_error>

#include "advisor/commands.hpp"
#include "sim/config/config_error.hpp"

namespace stowage::advisor {
namespace {

using sim::config::ConfigError;

[[noreturn]] void cannot_write(const std::filesystem::path& path, const std::string& why) {
  throw ConfigError(path.string(), {}, "", fmt::format("cannot write: {}", why), "a writable path");
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path path)
    : path_(std::move(path)), tmp_(path_.string() + ".tmp") {
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
  if (!out_) cannot_write(path_, std::generic_category().message(errno));
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  std::filesystem::remove(tmp_, ignored);
}

void AtomicFile::write(std::string_view text) {
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void AtomicFile::commit() {
  out_.close();
  if (!out_) cannot_write(path_, "I/O error");
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) cannot_write(path_, ec.message());
  committed_ = true;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  AtomicFile file(path);
  file.write(text);
  file.commit();
}

}  // namespace stowage::advisor
