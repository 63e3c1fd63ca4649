// An output file written in pieces that readers only ever see whole: the pieces go to PATH.tmp,
// and commit() renames it to PATH. Destroyed without commit() (a ConfigError on the way, say),
// it removes PATH.tmp, so a failed command leaves nothing behind. write_file_atomically
// (advisor/commands.hpp) is the one-piece case. Errors are ConfigErrors at the path ("cannot
// write: ..."), as for any output file.
#pragma once

#include <filesystem>
#include <fstream>
#include <string_view>

namespace stowage::advisor {

class AtomicFile {
 public:
  /// Opens PATH.tmp for writing (ConfigError if it cannot).
  explicit AtomicFile(std::filesystem::path path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  /// Removes PATH.tmp unless committed.
  ~AtomicFile();

  void write(std::string_view text);
  /// Closes PATH.tmp and renames it to PATH; ConfigError if either fails (PATH.tmp is removed).
  void commit();

 private:
  std::filesystem::path path_;
  std::filesystem::path tmp_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace stowage::advisor
