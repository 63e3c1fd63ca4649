// Where a command's output goes: standard output, or a file that readers only ever see whole and
// that never destroys what stands at its path.
//
// AtomicFile(PATH) looks at what PATH is, following symbolic links:
//   - nothing yet, or a regular file: the text goes to a temporary file created exclusively
//     (O_EXCL) under an unpredictable name (`.NAME.<16 random hex digits>.tmp`) in the target's
//     directory; commit() gives it the mode (and, where permitted, the owner) of the file it
//     replaces and renames it over the target. A symbolic link stays a link: the file it points
//     to is the one replaced. Destroyed without commit() (an error on the way), it removes the
//     temporary file, so a failed command leaves nothing behind.
//   - a device, a FIFO or a socket (/dev/null, /dev/stdout on a terminal, a named pipe): written
//     through, as a shell redirection would, never replaced.
//   - a directory, or a symbolic link to nothing: refused.
// write_file_atomically (advisor/cli/commands.hpp) is the one-piece case; write_stdout the standard
// output. Every failure to open, write, close or rename is a WriteError: main prints
// `stowage CMD: error: cannot write PATH: REASON` and exits 1 (a failed write, not a user
// mistake in a file, which exits 2).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/environment_error.hpp"

namespace stowage::advisor {

/// Output that could not be written: an environment failure (sim/environment_error.hpp) that
/// keeps its own, older exit status: main exits 1.
class WriteError : public sim::EnvironmentError {
 public:
  using sim::EnvironmentError::EnvironmentError;
};

/// Writes all of `text` to standard output and flushes it; WriteError if it fails (a full
/// device, a closed descriptor), with nothing of it reported as written.
void write_stdout(std::string_view text);

class AtomicFile {
 public:
  /// Opens the temporary file (or the device) for `path`; WriteError if it cannot.
  explicit AtomicFile(std::filesystem::path path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  /// Removes the temporary file unless committed.
  ~AtomicFile();

  void write(std::string_view text);
  /// Closes the temporary file and renames it over the target (a device: closes it); WriteError
  /// if either fails (the temporary file is removed).
  void commit();

 private:
  [[noreturn]] void fail(int error) const;

  std::filesystem::path path_;    // as given, for messages
  std::filesystem::path target_;  // the file replaced (symbolic links resolved)
  std::filesystem::path tmp_;     // empty when written through
  int fd_ = -1;
  bool replaces_ = false;  // a regular file stands at target_: keep its mode and owner
  unsigned mode_ = 0;
  unsigned uid_ = 0, gid_ = 0;
  bool committed_ = false;
};

}  // namespace stowage::advisor
