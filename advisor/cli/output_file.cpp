#include "advisor/cli/output_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <system_error>

#include "advisor/cli/commands.hpp"

namespace stowage::advisor {
namespace {

/// Tries at an unused temporary name before giving up (each name has 64 random bits, so a
/// collision means someone is creating names on purpose).
constexpr int kTempNameTries = 16;

std::string reason(int error) { return std::generic_category().message(error); }

/// Writes all of `text` to `fd`, retrying short writes and interruptions; the errno of a
/// failure, or 0.
int write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

/// `.NAME.<16 hex digits>.tmp` next to `target`.
std::filesystem::path temp_name(const std::filesystem::path& target, std::random_device& random) {
  const std::uint64_t bits = (std::uint64_t{random()} << 32) ^ random();
  return target.parent_path() / fmt::format(".{}.{:016x}.tmp", target.filename().string(), bits);
}

}  // namespace

void write_stdout(std::string_view text) {
  // Whatever an earlier print left in stdio's buffer goes first, then the text unbuffered.
  int error = std::fflush(stdout) == 0 ? 0 : errno;
  if (error == 0) error = write_all(STDOUT_FILENO, text);
  if (error != 0) throw WriteError(fmt::format("cannot write to standard output: {}", reason(error)));
}

AtomicFile::AtomicFile(std::filesystem::path path) : path_(std::move(path)), target_(path_) {
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) fail(EISDIR);
    if (!S_ISREG(st.st_mode)) {  // a device, FIFO or socket: written through, never replaced
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd_ < 0) fail(errno);
      return;
    }
    char resolved[PATH_MAX];
    if (::realpath(path_.c_str(), resolved) == nullptr) fail(errno);
    target_ = resolved;
    replaces_ = true;
    mode_ = st.st_mode & 07777;
    uid_ = st.st_uid;
    gid_ = st.st_gid;
  } else if (errno != ENOENT) {
    fail(errno);
  } else if (::lstat(path_.c_str(), &st) == 0) {
    throw WriteError(fmt::format("cannot write {}: a symbolic link to a missing file",
                                 path_.string()));
  }
  if (target_.parent_path().empty()) target_ = std::filesystem::path(".") / target_;
  std::random_device random;
  for (int i = 0; i < kTempNameTries && fd_ < 0; ++i) {
    tmp_ = temp_name(target_, random);
    // 0666 less the umask for a new file, as a shell redirection creates it; a replaced file's
    // mode is set in commit().
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, replaces_ ? 0600 : 0666);
    if (fd_ < 0 && errno != EEXIST) break;
  }
  if (fd_ < 0) {
    const int error = errno;
    tmp_.clear();
    fail(error);
  }
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicFile::fail(int error) const {
  throw WriteError(fmt::format("cannot write {}: {}", path_.string(), reason(error)));
}

void AtomicFile::write(std::string_view text) {
  if (const int error = write_all(fd_, text)) fail(error);
}

void AtomicFile::commit() {
  if (replaces_) {
    if (::fchmod(fd_, mode_) != 0) fail(errno);
    // Keeping the owner needs privileges; without them the file is the writer's, as any new one.
    [[maybe_unused]] const int ignored = ::fchown(fd_, uid_, gid_);
  }
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) fail(errno);
  if (!tmp_.empty() && ::rename(tmp_.c_str(), target_.c_str()) != 0) fail(errno);
  committed_ = true;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  AtomicFile file(path);
  file.write(text);
  file.commit();
}

}  // namespace stowage::advisor
