// EnvironmentError: a failure of the machine stowage runs on, not of the user's input.
//
// A loader executable that cannot be run or that fails, a temporary directory that cannot be
// used, a record the loader wrote that stowage cannot read, a file that cannot be read after it
// was checked or cannot be written: nothing the user wrote is wrong, so the message has no
// `file:line:col` position and no key path. It is one line, `what failed: why (what would help)`,
// and `main` prints it as `stowage CMD: error: MESSAGE` with exit status 5
// (kExitEnvironmentError), which scripts can tell from a bad input (2, ConfigError) and from a
// command's own finding (1). A failed write of an output (WriteError, exit 1) is the one
// environment failure with an older status of its own. Text echoed into the message goes through
// sim::config::printable first, so the message stays one line (DuckDB's IOException plays this
// part there).
#pragma once

#include <stdexcept>
#include <string>

namespace stowage::sim {

/// An operating-system or installation failure (see above); `what()` is the whole line.
class EnvironmentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Exit status of a command that stopped on an EnvironmentError.
inline constexpr int kExitEnvironmentError = 5;

}  // namespace stowage::sim
