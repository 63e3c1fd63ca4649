// Failures of the machine, not of the input (sim/environment_error.hpp): one line with no
// `file:line:col` position, exit 5. Each kind of site a test can reach: a loader executable that
// cannot be run, a loader that fails, a record the loader wrote that stowage cannot read, a
// temporary directory that cannot be used. A sweep part that is not a part stays the user's
// mistake (exit 2): the user chose the files to merge, and the message names the key.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_runner.hpp"
#include "sim/environment_error.hpp"

namespace {

using stowage::testing::CliResult;
using stowage::testing::run_shell;
using stowage::testing::run_stowage;
using stowage::testing::TempDir;

/// An executable shell script at `path` with `body` after the `#!/bin/sh` line.
void write_script(const std::string& path, const std::string& body) {
  std::ofstream(path) << "#!/bin/sh\n" << body;
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
}

bool has_position(const std::string& err) { return err.find(":1:1:") != std::string::npos; }

}  // namespace

TEST_CASE("environment error: a loader executable that cannot be run exits 5, no position") {
  const TempDir dir("stowage-env-missing");
  const CliResult r =
      run_stowage(fmt::format("calibrate --loader {0}/no-such-loader --out {0}/x.yaml "
                              "--samples-out {0}/x.json",
                              dir.path()));
  CHECK(r.code == stowage::sim::kExitEnvironmentError);
  CHECK(r.code == 5);
  CHECK(r.err == fmt::format("stowage calibrate: error: cannot run {}/no-such-loader: No such "
                             "file or directory (expected the stowage-loader executable: "
                             "--loader PATH)\n",
                             dir.path()));
  CHECK_FALSE(std::filesystem::exists(dir / "x.yaml"));
}

TEST_CASE("environment error: a loader that fails exits 5 after its own account") {
  const TempDir dir("stowage-env-fails");
  write_script(dir / "loader", "echo 'cudaMalloc: out of memory' >&2\nexit 7\n");
  const CliResult r = run_stowage(
      fmt::format("calibrate --loader {0}/loader --out {0}/x.yaml --samples-out {0}/x.json",
                  dir.path()));
  CHECK(r.code == 5);
  CHECK(r.err == fmt::format("cudaMalloc: out of memory\n"
                             "stowage calibrate: error: {}/loader failed (exit 7)\n",
                             dir.path()));
  CHECK_FALSE(std::filesystem::exists(dir / "x.json"));
}

TEST_CASE("environment error: a record the loader wrote that stowage cannot read exits 5") {
  // The loader's last two arguments are `--out JSON`: the script writes a record of another
  // format there. The same text given with --from is the user's file: exit 2, naming the file.
  const TempDir dir("stowage-env-record");
  write_script(dir / "loader",
               "for a; do out=$a; done\nprintf '{\"format\": \"stowage-loader/9\"}' > \"$out\"\n");
  const CliResult r = run_stowage(
      fmt::format("calibrate --loader {0}/loader --out {0}/x.yaml --samples-out {0}/x.json",
                  dir.path()));
  CHECK(r.code == 5);
  CHECK(r.err == fmt::format("stowage calibrate: error: the record {}/loader wrote is not one "
                             "stowage reads: format is 'stowage-loader/9', not "
                             "'stowage-loader/1' (expected the stowage-loader built with this "
                             "stowage)\n",
                             dir.path()));
  CHECK_FALSE(has_position(r.err));
  std::ofstream(dir / "record.json") << R"({"format": "stowage-loader/9"})";
  const CliResult from = run_stowage(fmt::format("calibrate --from {}/record.json", dir.path()));
  CHECK(from.code == 2);
  CHECK(from.err == fmt::format("{}/record.json: error: format is 'stowage-loader/9', not "
                                "'stowage-loader/1' (expected the JSON that stowage-loader "
                                "writes)\n",
                                dir.path()));
}

TEST_CASE("environment error: a temporary directory that cannot be used exits 5") {
  const TempDir dir("stowage-env-tmp");
  const CliResult r = run_shell(fmt::format(
      "TMPDIR={0}/missing {1} calibrate --loader {0}/loader --out {0}/x.yaml", dir.path(),
      STOWAGE_BINARY));
  CHECK(r.code == 5);
  CHECK(r.err.starts_with("stowage calibrate: error: cannot use the temporary directory "
                          "(TMPDIR, else /tmp): "));
  CHECK(r.err.ends_with("(expected a writable directory)\n"));
  CHECK(r.err.find('\n') == r.err.size() - 1);
}

TEST_CASE("environment error: a sweep part that is not a part is the user's mistake (exit 2)") {
  const TempDir dir("stowage-env-merge");
  std::ofstream(dir / "a.json") << R"({"rows": 3})";
  const CliResult r = run_stowage(fmt::format("merge {0}/a.json --out {0}/all.csv", dir.path()));
  CHECK(r.code == 2);
  CHECK(r.err.starts_with(dir / "a.json:1:1: error: "));
}
