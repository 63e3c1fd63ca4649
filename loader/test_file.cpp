#include "loader/test_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include "loader/measurement.hpp"
#include "loader/pattern.hpp"

namespace stowage::loader {

namespace {

[[noreturn]] void fail_errno(std::string_view call, const std::filesystem::path& path) {
  throw LoaderError(fmt::format("{} {}: {}", call, path.string(), std::strerror(errno)));
}

}  // namespace

TestFile::TestFile(const std::filesystem::path& parent, std::uint64_t size, std::uint64_t io_chunk)
    : size_(size) {
  std::string templ = (parent / "stowage-loader-XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) fail_errno("mkdtemp", templ);
  dir_ = templ;
  path_ = dir_ / "weights.bin";
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    std::error_code ignored;
    std::filesystem::remove(dir_, ignored);
    fail_errno("open", path_);
  }
  try {
    std::vector<std::uint64_t> words(io_chunk / sizeof(std::uint64_t));
    for (std::uint64_t offset = 0; offset < size; offset += io_chunk) {
      const std::uint64_t len = std::min(io_chunk, size - offset);
      const std::uint64_t first = offset / sizeof(std::uint64_t);
      for (std::uint64_t i = 0; i < len / sizeof(std::uint64_t); ++i) {
        words[i] = pattern_word(first + i);
      }
      const auto* p = reinterpret_cast<const char*>(words.data());
      std::uint64_t done = 0;
      while (done < len) {
        const ssize_t n = ::pwrite(fd_, p + done, len - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail_errno("write", path_);
        done += static_cast<std::uint64_t>(n);
      }
    }
    if (::fsync(fd_) != 0) fail_errno("fsync", path_);
  } catch (...) {
    ::close(fd_);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    throw;
  }
}

TestFile::~TestFile() {
  ::close(fd_);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void drop_file_cache(int fd, const std::filesystem::path& path) {
  if (::fdatasync(fd) != 0 && errno != EINVAL && errno != ENOSYS && errno != EROFS)
    fail_errno("fdatasync", path);
  const int rc = ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  if (rc != 0) {
    errno = rc;
    fail_errno("posix_fadvise(DONTNEED)", path);
  }
}

double file_resident_fraction(int fd, std::uint64_t size, const std::filesystem::path& path) {
  if (size == 0) return 0.0;
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) fail_errno("mmap", path);
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> resident((size + page - 1) / page);
  const int rc = ::mincore(map, size, resident.data());
  const int saved = errno;
  ::munmap(map, size);
  if (rc != 0) {
    errno = saved;
    fail_errno("mincore", path);
  }
  std::uint64_t in_cache = 0;
  for (unsigned char r : resident) in_cache += (r & 1U);
  return static_cast<double>(in_cache) / static_cast<double>(resident.size());
}

void TestFile::drop_cache() const { drop_file_cache(fd_, path_); }

double TestFile::resident_fraction() const { return file_resident_fraction(fd_, size_, path_); }

void TestFile::read(std::uint64_t offset, void* buffer, std::uint64_t len) const {
  auto* p = static_cast<char*>(buffer);
  std::uint64_t done = 0;
  while (done < len) {
    const ssize_t n = ::pread(fd_, p + done, len - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_errno("read", path_);
    if (n == 0) throw LoaderError(fmt::format("read {}: unexpected end of file", path_.string()));
    done += static_cast<std::uint64_t>(n);
  }
}

void TestFile::read_prefix(std::uint64_t bytes, void* buffer, std::uint64_t buffer_len) const {
  for (std::uint64_t offset = 0; offset < bytes; offset += buffer_len) {
    read(offset, buffer, std::min(buffer_len, bytes - offset));
  }
}

}  // namespace stowage::loader
