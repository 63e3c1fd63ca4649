// ConfigError: a mistake in the user's input, reported where it is.
//
// Every user error in stowage is one line:
//   workload.yaml:12:17: error: storage.nas.stored: unknown unit 'GBs' (expected e.g. 2TiB, 500GB)
// with a 1-based line and column, the dotted key path (`model.files[0].size`), the problem and,
// when there is one, what would have been accepted. ConfigError is thrown by the config layer and
// caught only in `main`, which prints `what()` to stderr and exits with status 2. Programmer
// mistakes never use it: they go through STOWAGE_CHECK (sim/check.hpp) and abort.
#pragma once

#include <stdexcept>
#include <string>

namespace stowage::sim::config {

/// A 1-based position in a text file.
struct Mark {
  int line = 1;
  int column = 1;
};

/// No position in the file (a JSON document, whose reader gives none).
inline constexpr Mark kNoPosition{0, 0};

/// A user error in an input file, formatted as one `file:line:col: error: ...` line.
class ConfigError : public std::runtime_error {
 public:
  /// `key_path` may be empty for errors that concern the whole file; so may `expected`. A mark
  /// with line 0 (kNoPosition) prints no position: `file: error: ...` (JSON records).
  ConfigError(std::string file, Mark mark, std::string key_path, std::string problem,
              std::string expected = {});

  const std::string& file() const { return file_; }
  Mark mark() const { return mark_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& problem() const { return problem_; }
  const std::string& expected() const { return expected_; }

 private:
  std::string file_;
  Mark mark_;
  std::string key_path_;
  std::string problem_;
  std::string expected_;
};

/// Exit status of a command that stopped on a user error.
inline constexpr int kExitUserError = 2;

}  // namespace stowage::sim::config
