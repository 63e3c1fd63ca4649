#include "advisor/calibrate/process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "advisor/cli/commands.hpp"
#include "sim/config/input_text.hpp"
#include "sim/environment_error.hpp"

extern char** environ;

namespace stowage::advisor {

std::filesystem::path temp_directory() {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) {
    throw sim::EnvironmentError(
        fmt::format("cannot use the temporary directory (TMPDIR, else /tmp): {} (expected a "
                    "writable directory)",
                    ec.message()));
  }
  return dir;
}

TempFile::TempFile() {
  std::string p = (temp_directory() / "stowage-calibrate-XXXXXX").string();
  const int fd = ::mkstemp(p.data());
  if (fd < 0) {
    throw sim::EnvironmentError(fmt::format("cannot create {}: {} (expected a writable "
                                            "temporary directory: TMPDIR, else /tmp)",
                                            sim::config::printable(p), std::strerror(errno)));
  }
  ::close(fd);
  path_ = p;
}

TempFile::~TempFile() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string default_loader() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto beside = self.parent_path() / "stowage-loader";
    if (std::filesystem::exists(beside, ec)) return beside.string();
  }
  return "stowage-loader";
}

LoaderExit run_loader(const std::string& loader, const std::vector<std::string>& args,
                      const std::filesystem::path& json_path) {
  const TempFile err_file;
  std::vector<std::string> argv_text{loader};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  argv_text.push_back("--out");
  argv_text.push_back(json_path.string());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.path().c_str(),
                                   O_WRONLY | O_TRUNC, 0);
  pid_t pid = 0;
  const int rc = loader.find('/') == std::string::npos
                     ? ::posix_spawnp(&pid, loader.c_str(), &actions, nullptr, argv.data(), environ)
                     : ::posix_spawn(&pid, loader.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw sim::EnvironmentError(
        fmt::format("cannot run {}: {} (expected the stowage-loader executable: --loader PATH)",
                    sim::config::printable(loader), std::strerror(rc)));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  LoaderExit r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.err = read_whole(err_file.path());
  return r;
}

std::string line_starting(const std::string& text, std::string_view prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(prefix)) return line;
  }
  return text;
}

void write_creating_parent(const std::filesystem::path& path, std::string_view text) {
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
  }
  write_file_atomically(path, text);
}

}  // namespace stowage::advisor
