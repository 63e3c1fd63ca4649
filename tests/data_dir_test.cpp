// Where the program finds its data (advisor/cli/data_dir.hpp), and the command line's front door:
// `stowage` alone, `--version`, and the exit codes at the end of every help.
#include "advisor/cli/data_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "cli_runner.hpp"

namespace fs = std::filesystem;
using stowage::advisor::data_dir_candidates;
using stowage::advisor::first_data_dir;
using stowage::testing::run_stowage;
using stowage::testing::TempDir;

TEST_CASE("data dir: beside the program first, then the source tree, then the install prefix") {
  const auto c = data_dir_candidates("/opt/x/bin/stowage");
  REQUIRE(c.size() == 3);
  CHECK(c[0] == fs::path("/opt/x/share/stowage"));
  CHECK(c[1] == fs::path(STOWAGE_SOURCE_DIR));
  CHECK(c[2].filename() == "stowage");
  // An unknown program location leaves the other two.
  CHECK(data_dir_candidates({}).size() == 2);
}

TEST_CASE("data dir: the first candidate that holds profiles/ wins") {
  const TempDir tmp("data-dir");
  fs::create_directories(tmp / "a");  // no profiles/
  fs::create_directories(tmp / "b/profiles");
  fs::create_directories(tmp / "c/profiles");
  CHECK(first_data_dir({tmp / "a", tmp / "b", tmp / "c"}) == fs::path(tmp / "b"));
  CHECK(first_data_dir({tmp / "c", tmp / "b"}) == fs::path(tmp / "c"));
  CHECK(first_data_dir({tmp / "a", tmp / "missing"}).empty());
}

TEST_CASE("cli: the build tree's program reads the source tree's data and says so in --version") {
  const auto r = run_stowage("--version");
  CHECK(r.code == 0);
  CHECK(r.out.starts_with("stowage " STOWAGE_VERSION " (git "));
  CHECK(r.out.find(")\ndata: ") != std::string::npos);  // `(git REV, BUILD TYPE)`
  CHECK(r.out.find("\ndata: " STOWAGE_SOURCE_DIR "\n") != std::string::npos);
}

TEST_CASE("cli: stowage alone prints the command list and exits 2") {
  const auto r = run_stowage("");
  CHECK(r.code == 2);
  for (const char* command : {"advise", "table", "simulate", "sweep", "accuracy", "profiles"}) {
    CHECK(r.out.find(std::string("\n  ") + command + " ") != std::string::npos);
  }
  CHECK(r.out.find("completion") == std::string::npos);  // hidden
  CHECK(r.out.find("Exit status:\n  0  done") != std::string::npos);
}

TEST_CASE("cli: every command's help ends with examples and the exit codes") {
  for (const char* command : {"advise", "table", "sweep", "profiles list", "accuracy"}) {
    const auto r = run_stowage(std::string(command) + " --help");
    CHECK(r.code == 0);
    CHECK(r.out.find("Examples:\n  stowage " + std::string(command)) != std::string::npos);
    CHECK(r.out.find("Exit status:\n  0  done\n  1  ") != std::string::npos);
  }
  CHECK(run_stowage("calibrate --help").out.find("\n  3  no GPU found") != std::string::npos);
}

TEST_CASE("cli: piped, every help fits 80 columns, its descriptions wrapped at spaces") {
  for (const char* command :
       {"", "validate", "profiles", "profiles list", "profiles show", "calibrate", "simulate",
        "advise", "table", "sweep", "merge", "accuracy"}) {
    const auto r = run_stowage(std::string(command) + " --help");
    CHECK(r.code == 0);
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      INFO(command, ": ", line);
      CHECK(line.size() <= 80);
    }
  }
  // A wrapped description goes on in its column (30), an exit code under its text.
  const auto sweep = run_stowage("sweep --help").out;
  CHECK(sweep.find(
            "\n  --shard TEXT                Run only the K-th of N interleaved slices of the\n"
            "                              points") != std::string::npos);
  CHECK(sweep.find("\n  5  a failure of the machine (a loader that cannot run, a temporary\n"
                   "     directory") != std::string::npos);
}
