// Runs the built `stowage` binary in a shell and captures its exit code, stdout and stderr,
// for tests of the command line as users see it.
#pragma once

#include <string>

#include "sim/config/config_error.hpp"

namespace stowage::testing {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

/// Runs `script` with sh from the source tree's root, stdin empty, XDG_CONFIG_HOME set to a
/// directory that cannot exist (the script may set its own).
CliResult run_shell(const std::string& script);

/// Runs `stowage ARGS` from the source tree's root; `args` is shell text.
CliResult run_stowage(const std::string& args);

/// Runs `stowage ARGS` twice, checks that it exits 0 and prints the same bytes both times, and
/// returns that output (the determinism promise: same input, same output).
std::string run_stowage_twice(const std::string& args);

/// A new directory under the temporary one (TMPDIR, else /tmp) with a name no other test, run or
/// worktree shares (mkdtemp, from `prefix`); removed with its content when the object goes.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// `path/name`.
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// The whole content of a file, or "" if it cannot be read.
std::string read_text(const std::string& path);

/// The message of the ConfigError that `f()` throws, or "no error".
std::string config_error_of(auto f) {
  try {
    f();
  } catch (const sim::config::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

/// Runs every case of tests/golden/LIST ("NAME ARGS" lines, written by scripts/update-golden.sh)
/// and checks that `stowage ARGS` exits 0 and prints exactly tests/golden/NAME.txt; returns the
/// number of cases.
int check_golden_cases(const std::string& list);

}  // namespace stowage::testing
