// Output that never destroys and never fails silently (advisor/cli/output_file.hpp): `-o/--out`
// replaces a regular file whole and keeps its mode, follows a symbolic link to the file it
// replaces, writes through a device or a FIFO, creates its temporary file exclusively under an
// unpredictable name; a failed write, to a file or to standard output, is one line and exit 1
// for every command.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "advisor/cli/commands.hpp"
#include "advisor/cli/output_file.hpp"
#include "cli_runner.hpp"

namespace adv = stowage::advisor;
namespace fs = std::filesystem;
using stowage::testing::read_text;
using stowage::testing::run_shell;
using stowage::testing::run_stowage;

namespace {

/// A fresh empty directory under the temporary directory.
std::string fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("{}-{}", name, ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

/// The names in `dir`.
std::set<std::string> names_in(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

/// The message of the WriteError that `f()` throws, or "no error".
std::string write_error_of(auto f) {
  try {
    f();
  } catch (const adv::WriteError& e) {
    return e.what();
  }
  return "no error";
}

bool has_dev_full() {
  struct stat st {};
  return ::stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode);
}

}  // namespace

TEST_CASE("output: a replaced file keeps its mode and no temporary file is left") {
  const std::string dir = fresh_dir("stowage-out-mode");
  const std::string path = dir + "/advice.txt";
  std::ofstream(path) << "old\n";
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);  // 600
  adv::write_file_atomically(path, "new\n");
  CHECK(read_text(path) == "new\n");
  CHECK(mode_of(path) == 0600);  // it was 644 when a new file replaced it
  CHECK(names_in(dir) == std::set<std::string>{"advice.txt"});

  // A new file gets the usual 0666 less the umask, as a shell redirection gives it.
  const mode_t umask_now = ::umask(022);
  adv::write_file_atomically(dir + "/new.txt", "x");
  ::umask(umask_now);
  CHECK(mode_of(dir + "/new.txt") == 0644);
  fs::remove_all(dir);
}

TEST_CASE("output: a symbolic link stays a link and the file it points to is replaced") {
  const std::string dir = fresh_dir("stowage-out-link");
  std::ofstream(dir + "/target.csv") << "old\n";
  fs::create_symlink("target.csv", dir + "/link.csv");
  const auto r = run_stowage(fmt::format("profiles list --kind gpu -o {}/link.csv", dir));
  REQUIRE(r.code == 0);
  CHECK(fs::is_symlink(dir + "/link.csv"));
  CHECK(read_text(dir + "/target.csv") == run_stowage("profiles list --kind gpu").out);
  CHECK(names_in(dir) == std::set<std::string>{"link.csv", "target.csv"});

  // A link to nothing is refused, and nothing is created.
  fs::create_symlink("missing.csv", dir + "/dangling.csv");
  CHECK(write_error_of([&] { adv::write_file_atomically(dir + "/dangling.csv", "x"); }) ==
        fmt::format("cannot write {}/dangling.csv: a symbolic link to a missing file", dir));
  CHECK_FALSE(fs::exists(dir + "/missing.csv"));
  fs::remove_all(dir);
}

TEST_CASE("output: a planted OUT.tmp link is not followed and the temporary name is unpredictable") {
  // The old temporary file was OUT.tmp: a link planted there had its target overwritten.
  const std::string dir = fresh_dir("stowage-out-tmp");
  std::ofstream(dir + "/victim") << "precious\n";
  fs::create_symlink(dir + "/victim", dir + "/out.json.tmp");
  adv::AtomicFile file(dir + "/out.json");
  file.write("{}\n");
  // While it is written, the temporary file is a new regular file next to the target, named
  // `.out.json.<16 hex digits>.tmp`.
  std::set<std::string> during = names_in(dir);
  during.erase("victim");
  during.erase("out.json.tmp");
  REQUIRE(during.size() == 1);
  const std::string tmp = *during.begin();
  CHECK(tmp.size() == std::string(".out.json.").size() + 16 + 4);
  CHECK(tmp.starts_with(".out.json."));
  CHECK(tmp.ends_with(".tmp"));
  CHECK(fs::is_regular_file(fs::symlink_status(dir + "/" + tmp)));
  file.commit();
  CHECK(read_text(dir + "/out.json") == "{}\n");
  CHECK(read_text(dir + "/victim") == "precious\n");
  CHECK(fs::is_symlink(dir + "/out.json.tmp"));
  CHECK(names_in(dir) == std::set<std::string>{"out.json", "out.json.tmp", "victim"});

  // Two files written at once get different temporary names.
  adv::AtomicFile a(dir + "/same"), b(dir + "/same");
  CHECK(names_in(dir).size() == 5);
  fs::remove_all(dir);
}

TEST_CASE("output: a FIFO is written through and stays a FIFO") {
  const std::string dir = fresh_dir("stowage-out-fifo");
  const std::string fifo = dir + "/pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto r = run_shell(fmt::format(
      "cat '{0}' > '{1}/read.txt' & \"{2}\" profiles list --kind gpu -o '{0}'; code=$?; wait; "
      "exit $code",
      fifo, dir, STOWAGE_BINARY));
  CHECK(r.code == 0);
  CHECK(read_text(dir + "/read.txt") == run_stowage("profiles list --kind gpu").out);
  CHECK(fs::is_fifo(fifo));
  fs::remove_all(dir);
}

TEST_CASE("output: a device is written through and never replaced by a file") {
  // /dev/null takes the text; the node stays a character device.
  const auto r = run_stowage("sweep tests/fixtures/sweep/small.yaml --threads 1 -o /dev/null");
  CHECK(r.code == 0);
  CHECK(fs::is_character_file("/dev/null"));
  if (::geteuid() == 0) {
    // As root, the old rename replaced a device node with a regular file: a node of /dev/null's
    // numbers in a scratch directory shows it is written through instead.
    const std::string dir = fresh_dir("stowage-out-dev");
    const std::string node = dir + "/null";
    REQUIRE(::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
    CHECK(run_stowage("profiles list --kind gpu -o " + node).code == 0);
    CHECK(fs::is_character_file(node));
    CHECK(names_in(dir) == std::set<std::string>{"null"});
    fs::remove_all(dir);
  }
  // A directory is refused.
  const std::string dir = fresh_dir("stowage-out-dir");
  const auto refused = run_stowage("profiles list -o " + dir);
  CHECK(refused.code == 1);
  CHECK(refused.err ==
        fmt::format("stowage profiles list: error: cannot write {}: Is a directory\n", dir));
  fs::remove_all(dir);
}

TEST_CASE("output: a failed write to --out exits 1 with one line and leaves nothing") {
  const std::string dir = fresh_dir("stowage-out-fail");
  // A directory that does not exist.
  const auto missing = run_stowage(fmt::format("profiles list -o {}/no/such.txt", dir));
  CHECK(missing.code == 1);
  CHECK(missing.err == fmt::format("stowage profiles list: error: cannot write {}/no/such.txt: "
                                   "No such file or directory\n",
                                   dir));
  CHECK(names_in(dir).empty());
  fs::remove_all(dir);
  if (!has_dev_full()) return;
  // A full device: sweep and merge rows, advise, a plot.
  for (const std::string args : {"sweep tests/fixtures/sweep/small.yaml --threads 1 --out /dev/full",
                                 "advise --storage image -o /dev/full",
                                 "sweep tests/fixtures/sweep/small.yaml --threads 1 --out "
                                 "/dev/null --plot /dev/full"}) {
    CAPTURE(args);
    const auto r = run_stowage(args);
    CHECK(r.code == 1);
    CHECK(r.err.ends_with(": error: cannot write /dev/full: No space left on device\n"));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(fs::is_character_file("/dev/full"));
  }
}

TEST_CASE("output: a failed write to standard output exits 1 with one line for every command") {
  const std::string commands[] = {
      "simulate --storage image --json",
      "simulate --storage image",
      "simulate --flows tests/fixtures/flows/two_links.yaml",
      "advise --storage image",
      "sweep tests/fixtures/sweep/small.yaml --threads 1",
      "sweep tests/fixtures/sweep/small.yaml --threads 1 --frontier --out /dev/null",
      "table data/workloads/default.yaml",
      "profiles list",
      "profiles show a10 --json",
      "validate",
      "accuracy",
  };
  for (const std::string& args : commands) {
    CAPTURE(args);
    const std::string command = args.substr(0, args.find(' '));
    const std::string name = command == "profiles" ? args.substr(0, args.find(' ', 9)) : command;
    if (has_dev_full()) {
      const auto full = run_shell(fmt::format("\"{}\" {} > /dev/full", STOWAGE_BINARY, args));
      CHECK(full.code == 1);
      CHECK(full.err == fmt::format("stowage {}: error: cannot write to standard output: No "
                                    "space left on device\n",
                                    name));
    }
    const auto closed = run_shell(fmt::format("\"{}\" {} >&-", STOWAGE_BINARY, args));
    CHECK(closed.code == 1);
    CHECK(closed.err ==
          fmt::format("stowage {}: error: cannot write to standard output: Bad file descriptor\n",
                      name));
  }
}
