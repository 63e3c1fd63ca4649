// TestFile: the file the loader reads, written by the loader itself.
//
// A TestFile owns a fresh directory `<parent>/stowage-loader-XXXXXX` holding one file of a given
// size filled with pattern_word() (pattern.hpp), written and fsynced on construction and removed
// with its directory on destruction. It can drop its pages from the page cache (fdatasync, then
// posix_fadvise(POSIX_FADV_DONTNEED)) and tell, through mincore(), how much of it is still
// resident, so that a "cold" measurement can show that it really was cold. Sizes are bytes.
// Errors of the operating system throw LoaderError naming the call.
#pragma once

#include <cstdint>
#include <filesystem>

namespace stowage::loader {

/// Drops the pages of the open file `fd` (named `path` in errors) from the page cache
/// (fdatasync, then posix_fadvise DONTNEED).
void drop_file_cache(int fd, const std::filesystem::path& path);
/// The fraction of the open file `fd` of `size` bytes resident in the page cache, 0 to 1.
double file_resident_fraction(int fd, std::uint64_t size, const std::filesystem::path& path);

class TestFile {
 public:
  /// Writes `size` bytes (a multiple of 8) in writes of `io_chunk` bytes and fsyncs them.
  TestFile(const std::filesystem::path& parent, std::uint64_t size, std::uint64_t io_chunk);
  ~TestFile();
  TestFile(const TestFile&) = delete;
  TestFile& operator=(const TestFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::uint64_t size() const { return size_; }

  /// Drops the file's pages from the page cache.
  void drop_cache() const;
  /// The fraction of the file's pages resident in the page cache, 0 to 1.
  double resident_fraction() const;
  /// Reads `len` bytes at `offset` into `buffer` (pread until done).
  void read(std::uint64_t offset, void* buffer, std::uint64_t len) const;
  /// Reads [0, bytes) in pieces of `buffer_len` bytes into `buffer`.
  void read_prefix(std::uint64_t bytes, void* buffer, std::uint64_t buffer_len) const;

 private:
  std::filesystem::path dir_;
  std::filesystem::path path_;
  std::uint64_t size_ = 0;
  int fd_ = -1;
};

}  // namespace stowage::loader
