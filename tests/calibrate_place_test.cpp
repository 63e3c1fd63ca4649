// Where `stowage calibrate` writes (advisor/calibrate/output_place.hpp): ./profiles and
// ./data/calibration outside stowage's tree, the user's $XDG_CONFIG_HOME/stowage inside it
// (which every command then reads), and the advise command it prints.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "advisor/calibrate/output_place.hpp"
#include "advisor/cli/user_dir.hpp"
#include "cli_runner.hpp"

namespace stowage {

namespace {

namespace fs = std::filesystem;

const std::string kRecord =
    std::string(STOWAGE_TEST_DIR) + "/fixtures/calibration/storage-nas-1-2-4-threads.json";
const fs::path kSourceRoot = fs::path(STOWAGE_TEST_DIR).parent_path();

// A git checkout that looks like stowage's (its CMakeLists.txt declares the project beside
// profiles/), committed, with a docs/ directory to run from.
void make_checkout(const fs::path& dir) {
  fs::create_directories(dir / "profiles" / "storage");
  fs::create_directories(dir / "docs");
  std::ofstream(dir / "CMakeLists.txt") << "cmake_minimum_required(VERSION 3.25)\n"
                                           "project(stowage VERSION 0.1.0 LANGUAGES CXX)\n";
  std::ofstream(dir / "profiles" / "storage" / "README.md") << "profiles\n";
  std::ofstream(dir / "docs" / "README.md") << "docs\n";
  const auto r = testing::run_shell(fmt::format(
      "cd '{}' && git init -q . && git add -A && git -c user.name=t -c user.email=t@t "
      "commit -qm init\n",
      dir.string()));
  REQUIRE(r.code == 0);
}

std::string git_status(const fs::path& dir) {
  const auto r = testing::run_shell(fmt::format("git -C '{}' status --porcelain\n", dir.string()));
  REQUIRE(r.code == 0);
  return r.out;
}

// The line of `out` that starts with "to use it: ", without that prefix.
std::string usage_line(const std::string& out) {
  const std::string prefix = "to use it: ";
  const auto at = out.find(prefix);
  if (at == std::string::npos) return "";
  return out.substr(at + prefix.size(), out.find('\n', at) - at - prefix.size());
}

}  // namespace

TEST_CASE("calibrate place: the user directory follows XDG_CONFIG_HOME, else HOME") {
  using advisor::user_config_dir;
  CHECK(user_config_dir("/x/cfg", "/home/u") == fs::path("/x/cfg/stowage"));
  CHECK(user_config_dir(nullptr, "/home/u") == fs::path("/home/u/.config/stowage"));
  CHECK(user_config_dir("", "/home/u") == fs::path("/home/u/.config/stowage"));
  // The XDG base directory specification: a relative XDG_CONFIG_HOME is ignored.
  CHECK(user_config_dir("cfg", "/home/u") == fs::path("/home/u/.config/stowage"));
  CHECK(user_config_dir(nullptr, nullptr).empty());
  CHECK(user_config_dir("cfg", "home").empty());
}

TEST_CASE("calibrate place: stowage's tree is found from any directory inside it") {
  const testing::TempDir tmp("stowage-place-tree");
  const fs::path checkout = fs::path(tmp.path()) / "co";
  make_checkout(checkout);
  using advisor::stowage_tree_around;
  CHECK(fs::equivalent(stowage_tree_around(kSourceRoot), kSourceRoot));
  CHECK(fs::equivalent(stowage_tree_around(kSourceRoot / "docs"), kSourceRoot));
  CHECK(fs::equivalent(stowage_tree_around(checkout / "docs"), checkout));
  CHECK(fs::equivalent(stowage_tree_around(checkout), checkout));
  CHECK(stowage_tree_around(tmp.path()).empty());
  // A profiles/ directory alone is a user's own place, not stowage's tree.
  fs::create_directories(fs::path(tmp.path()) / "mine" / "profiles");
  CHECK(stowage_tree_around(fs::path(tmp.path()) / "mine").empty());
}

TEST_CASE("calibrate place: --max-threads defaults to 16, at most twice the logical CPUs") {
  using advisor::default_max_threads;
  CHECK(default_max_threads(0) == 2);  // unknown: one CPU
  CHECK(default_max_threads(1) == 2);
  CHECK(default_max_threads(4) == 8);
  CHECK(default_max_threads(8) == 16);
  CHECK(default_max_threads(96) == 16);
}

TEST_CASE("calibrate --storage from a checkout writes to XDG_CONFIG_HOME and git status stays "
          "clean") {
  // Run from the checkout's docs/ with no -o: the profile and its record go to the user
  // directory, nothing into the checkout. The printed advise command, with the default workload
  // for WORKLOAD.yaml, finds the measured profile without --profiles.
  const testing::TempDir tmp("stowage-place-checkout");
  const fs::path checkout = fs::path(tmp.path()) / "co";
  const fs::path xdg = fs::path(tmp.path()) / "xdg";
  make_checkout(checkout);
  const auto r = testing::run_shell(fmt::format(
      "cd '{}/docs' && XDG_CONFIG_HOME='{}' '{}' calibrate --storage --extends local-nvme "
      "--from '{}'\n",
      checkout.string(), xdg.string(), STOWAGE_BINARY, kRecord));
  CHECK(r.err == "");
  CHECK(r.code == 0);
  CHECK(git_status(checkout) == "");
  const fs::path profile = xdg / "stowage" / "storage" / "local-nvme-measured.yaml";
  const fs::path record = xdg / "stowage" / "calibration" / "local-nvme-measured.json";
  CHECK(fs::exists(profile));
  CHECK(fs::exists(record));
  CHECK(r.out.find("wrote " + profile.generic_string() + "\nwrote " + record.generic_string()) !=
        std::string::npos);
  const std::string use = usage_line(r.out);
  CHECK(use == "stowage advise --storage local-nvme-measured WORKLOAD.yaml");
  REQUIRE(use.find("WORKLOAD.yaml") != std::string::npos);
  std::string command = use;
  command.replace(command.find("WORKLOAD.yaml"), 13, "data/workloads/default.yaml");
  command.replace(0, 7, fmt::format("'{}'", STOWAGE_BINARY));
  const auto a = testing::run_shell(
      fmt::format("XDG_CONFIG_HOME='{}' {} --replications 1\n", xdg.string(), command));
  CHECK(a.code == 0);
  CHECK(a.out.find("local-nvme-measured") != std::string::npos);
  // Every command reads the user directory: profiles list names its layer.
  const auto l = testing::run_shell(fmt::format("XDG_CONFIG_HOME='{}' '{}' profiles list\n",
                                                xdg.string(), STOWAGE_BINARY));
  CHECK(l.out.find("local-nvme-measured") != std::string::npos);
}

TEST_CASE("calibrate --storage from the source tree itself leaves its git status as it was") {
  if (testing::run_shell("git rev-parse --show-toplevel\n").code != 0) return;  // not a checkout
  const testing::TempDir tmp("stowage-place-source");
  const std::string before = git_status(kSourceRoot);
  const auto r = testing::run_shell(fmt::format(
      "XDG_CONFIG_HOME='{}' '{}' calibrate --storage --extends local-nvme --name src --from "
      "'{}'\n",
      tmp.path(), STOWAGE_BINARY, kRecord));
  CHECK(r.code == 0);
  CHECK(git_status(kSourceRoot) == before);
  CHECK(fs::exists(fs::path(tmp.path()) / "stowage" / "storage" / "src-measured.yaml"));
}

TEST_CASE("calibrate --storage elsewhere writes ./profiles and ./data/calibration") {
  const testing::TempDir tmp("stowage-place-plain");
  const fs::path work = fs::path(tmp.path()) / "work";
  const fs::path xdg = fs::path(tmp.path()) / "xdg";
  fs::create_directories(work);
  const auto r = testing::run_shell(fmt::format(
      "cd '{}' && XDG_CONFIG_HOME='{}' '{}' calibrate --storage --extends local-nvme --from "
      "'{}'\n",
      work.string(), xdg.string(), STOWAGE_BINARY, kRecord));
  CHECK(r.code == 0);
  CHECK(fs::exists(work / "profiles" / "storage" / "local-nvme-measured.yaml"));
  CHECK(fs::exists(work / "data" / "calibration" / "local-nvme-measured.json"));
  CHECK_FALSE(fs::exists(xdg));
  CHECK(usage_line(r.out) ==
        "stowage advise --profiles profiles --storage local-nvme-measured WORKLOAD.yaml");
  // A profile written outside a storage/ directory cannot be found by name: it says where to put
  // it.
  const auto o = testing::run_shell(fmt::format(
      "cd '{}' && '{}' calibrate --storage --extends local-nvme --from '{}' -o x.yaml\n",
      work.string(), STOWAGE_BINARY, kRecord));
  CHECK(o.code == 0);
  CHECK(usage_line(o.out) ==
        "move it to DIR/storage/x.yaml of a profiles directory DIR, then pass --profiles DIR");
}

TEST_CASE("calibrate: in stowage's tree with no HOME and no XDG_CONFIG_HOME, -o is asked for") {
  const auto r = testing::run_shell(fmt::format(
      "env -u HOME -u XDG_CONFIG_HOME '{}' calibrate --storage --extends local-nvme --from '{}'\n",
      STOWAGE_BINARY, kRecord));
  CHECK(r.code == 2);
  CHECK(r.err.find("stowage calibrate: error: --out: the current directory is in stowage's own "
                   "tree") == 0);
  CHECK(r.out == "");
}

#ifdef STOWAGE_LOADER
TEST_CASE("calibrate --storage measuring a temporary directory from a checkout: git status clean, "
          "threads by default") {
  // The loader writes and reads a 4 MiB test file under a temporary directory; no -o and no
  // --max-threads: the sweep goes to default_max_threads(logical CPUs) and the outputs to the
  // user directory, not the checkout.
  const testing::TempDir tmp("stowage-place-live");
  const fs::path checkout = fs::path(tmp.path()) / "co";
  const fs::path xdg = fs::path(tmp.path()) / "xdg";
  const fs::path mnt = fs::path(tmp.path()) / "mnt";
  make_checkout(checkout);
  fs::create_directories(mnt);
  const auto r = testing::run_shell(fmt::format(
      "cd '{}' && XDG_CONFIG_HOME='{}' '{}' calibrate --storage --loader '{}' --extends "
      "local-nvme --name live --dir '{}' --file-size 4MiB --io-chunk 1MiB --warmup 0 --trials 1\n",
      checkout.string(), xdg.string(), STOWAGE_BINARY, STOWAGE_LOADER, mnt.string()));
  CHECK((r.code == 0 || r.code == 4));  // 4: the cap not reached on this machine
  CHECK(git_status(checkout) == "");
  const fs::path record = xdg / "stowage" / "calibration" / "live-measured.json";
  REQUIRE(fs::exists(record));
  CHECK(testing::read_text(record.string())
            .find(fmt::format("\"max_threads\": {}",
                              advisor::default_max_threads(std::thread::hardware_concurrency()))) !=
        std::string::npos);
  CHECK(fs::exists(xdg / "stowage" / "storage" / "live-measured.yaml"));
}
#endif

}  // namespace stowage
