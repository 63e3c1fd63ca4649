// Calibrate's plumbing: running stowage-loader as a child process, temporary files, and writing
// the outputs. `stowage calibrate` (GPU and storage) runs the loader with these and reads back
// only the JSON it writes (loader/report.hpp). Failures of the machine (a loader that cannot be
// run, a temporary directory that cannot be used) throw sim::EnvironmentError (exit 5).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace stowage::advisor {

/// The temporary directory (TMPDIR, else /tmp); EnvironmentError when it cannot be used.
std::filesystem::path temp_directory();

/// A unique empty file in the temporary directory, removed when the owner goes.
class TempFile {
 public:
  TempFile();
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// The whole content of `path` ("" if unreadable).
std::string read_whole(const std::filesystem::path& path);

/// The loader next to this `stowage` (where the build puts it), else `stowage-loader` on PATH.
std::string default_loader();

/// How the loader ended: its exit status and what it wrote on stderr.
struct LoaderExit {
  int code = 0;
  std::string err;
};

/// Runs `loader args... --out json_path` with stdout discarded and stderr captured;
/// EnvironmentError when the loader cannot be started.
LoaderExit run_loader(const std::string& loader, const std::vector<std::string>& args,
                      const std::filesystem::path& json_path);

/// The first line of `text` that starts with `prefix`, or all of it.
std::string line_starting(const std::string& text, std::string_view prefix);

/// Writes `text` to `path` atomically, creating its parent directories first.
void write_creating_parent(const std::filesystem::path& path, std::string_view text);

}  // namespace stowage::advisor
