// Runs the built `stowage` binary in a shell and captures its exit code, stdout and stderr,
// for tests of the command line as users see it.
#pragma once

#include <string>

namespace stowage::testing {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

/// Runs `stowage ARGS` from the source tree's root; `args` is shell text.
CliResult run_stowage(const std::string& args);

/// The whole content of a file, or "" if it cannot be read.
std::string read_text(const std::string& path);

}  // namespace stowage::testing
