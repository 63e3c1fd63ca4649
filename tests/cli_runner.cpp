#include "cli_runner.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace stowage::testing {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

namespace {

// A fresh, unique file, so that parallel test runs never share captures.
std::string make_temp_file() {
  std::string path = (std::filesystem::temp_directory_path() / "stowage-cli-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd >= 0) ::close(fd);
  return path;
}

}  // namespace

TempDir::TempDir(const std::string& prefix) {
  path_ = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(path_.data()) == nullptr) {
    throw std::runtime_error("cannot make a temporary directory from " + path_);
  }
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

CliResult run_shell(const std::string& script) {
  const std::string script_path = make_temp_file();
  const std::string out_path = make_temp_file();
  const std::string err_path = make_temp_file();
  // No test reads or writes the user's own ~/.config/stowage: the user directory
  // (advisor/cli/user_dir.hpp) is one that cannot exist unless the script sets its own.
  std::ofstream(script_path, std::ios::binary)
      << "XDG_CONFIG_HOME=/dev/null/no-user-config; export XDG_CONFIG_HOME\n"
      << script;
  const std::string command = fmt::format("cd '{}' && sh '{}' >'{}' 2>'{}' </dev/null",
                                          STOWAGE_TEST_DIR "/..", script_path, out_path, err_path);
  const int status = std::system(command.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out_path);
  r.err = read_text(err_path);
  for (const std::string& path : {script_path, out_path, err_path}) std::filesystem::remove(path);
  return r;
}

CliResult run_stowage(const std::string& args) {
  return run_shell(fmt::format("'{}' {}\n", STOWAGE_BINARY, args));
}

std::string run_stowage_twice(const std::string& args) {
  const CliResult a = run_stowage(args);
  const CliResult b = run_stowage(args);
  REQUIRE(a.code == 0);
  CHECK(a.out == b.out);
  return a.out;
}

int check_golden_cases(const std::string& list) {
  const std::string dir = std::string(STOWAGE_TEST_DIR) + "/golden/";
  const std::string text = read_text(dir + list);
  int cases = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    if (line.empty()) continue;
    const std::size_t space = line.find(' ');
    CAPTURE(line);
    const CliResult r = run_stowage(line.substr(space + 1));
    CHECK(r.code == 0);
    CHECK(r.out == read_text(dir + line.substr(0, space) + ".txt"));
    ++cases;
  }
  return cases;
}

}  // namespace stowage::testing
