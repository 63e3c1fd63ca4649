// Tests of the stowage-loader executable as `stowage calibrate` runs it. They need no GPU:
// CUDA_VISIBLE_DEVICES="" hides every GPU from the CUDA runtime, so the loader takes its "no GPU"
// path on any machine (here: no driver at all, or a loader built without CUDA).
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "loader/driver_version.hpp"
#include "loader/sweep_plan.hpp"

TEST_CASE("loader: the driver version is read from every text the driver publishes") {
  using stowage::loader::driver_version_from_text;
  // The proprietary kernel module: the version follows "Kernel Module".
  CHECK(driver_version_from_text("NVRM version: NVIDIA UNIX x86_64 Kernel Module  580.159.04  Thu "
                                 "Oct 30 05:07:09 UTC 2025") == "580.159.04");
  CHECK(driver_version_from_text("NVRM version: NVIDIA UNIX x86_64 Kernel Module  470.57.02  Tue "
                                 "Jul 13 16:14:05 UTC 2021") == "470.57.02");
  // The open kernel module says "for x86_64" first: the word after "Kernel Module" is "for",
  // which the H100 record of 2026-11-27 took for the version.
  CHECK(driver_version_from_text("NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  "
                                 "580.159.04  Release Build  (dvs-builder@U16-I3-B13-4-3)  Thu "
                                 "Oct 30 04:47:49 UTC 2025") == "580.159.04");
  CHECK(driver_version_from_text("NVRM version: NVIDIA UNIX Open Kernel Module for aarch64  "
                                 "575.57.08  Release Build  (dvs-builder@U16-T02-35-3)") ==
        "575.57.08");
  // nvidia-smi's banner: the driver version, not nvidia-smi's own, and not the CUDA version.
  CHECK(driver_version_from_text("| NVIDIA-SMI 580.159.04             Driver Version: 580.159.03   "
                                 "  CUDA Version: 13.0     |") == "580.159.03");
  // nvidia-smi --query-gpu=driver_version --format=csv,noheader and /sys/module/nvidia/version.
  CHECK(driver_version_from_text("580.159.04\n") == "580.159.04");
  CHECK(driver_version_from_text("535.247.01") == "535.247.01");
  // A module line cut short holds no version; neither does nothing.
  CHECK(driver_version_from_text("NVRM version: NVIDIA UNIX Open Kernel Module for x86_64") == "");
  CHECK(driver_version_from_text("") == "");
  CHECK_FALSE(stowage::loader::is_version_word("x86_64"));
  CHECK_FALSE(stowage::loader::is_version_word("16:14:05"));
  CHECK_FALSE(stowage::loader::is_version_word("580."));
  CHECK_FALSE(stowage::loader::is_version_word("2025"));
}

TEST_CASE("loader: the thread sweep doubles up to the most threads asked and sizes the pool") {
  using stowage::loader::thread_sweep;
  // 1, 2, 4, 8 are below 12, then 12 itself; a power of two ends on itself once.
  CHECK(thread_sweep(12) == std::vector<int>{1, 2, 4, 8, 12});
  CHECK(thread_sweep(16) == std::vector<int>{1, 2, 4, 8, 16});
  CHECK(thread_sweep(1) == std::vector<int>{1});
  CHECK(thread_sweep(64).size() == 7);
  CHECK(thread_sweep(0).empty());
  // One buffer per reader being filled, two per copy stream (one copying, one queued).
  CHECK(stowage::loader::pool_buffers(16, 2) == 20);
  CHECK(stowage::loader::pool_buffers(4, 0) == 4);
}

#ifdef STOWAGE_LOADER

namespace {

struct LoaderRun {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs the loader with `args` (shell text), every GPU hidden, capturing stdout and stderr.
LoaderRun run_loader(const std::filesystem::path& dir, const std::string& args) {
  const auto out = dir / "stdout.txt";
  const auto err = dir / "stderr.txt";
  const std::string command = fmt::format("CUDA_VISIBLE_DEVICES= '{}' {} >'{}' 2>'{}' </dev/null",
                                          STOWAGE_LOADER, args, out.string(), err.string());
  const int status = std::system(command.c_str());
  LoaderRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = stowage::testing::read_text(out.string());
  r.err = stowage::testing::read_text(err.string());
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

std::filesystem::path fresh_dir() {
  std::string path =
      (std::filesystem::temp_directory_path() / "stowage-loader-test-XXXXXX").string();
  REQUIRE(::mkdtemp(path.data()) != nullptr);
  return path;
}

}  // namespace

TEST_CASE("loader: without a GPU it exits 3 with its reason and measures nothing") {
  const auto dir = fresh_dir();
  const LoaderRun r = run_loader(dir, "--dir " + dir.string());
  CHECK(r.code == 3);
  CHECK(r.out == "");
  CHECK(r.err.find("no GPU found: ") == 0);
  CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
  CHECK(std::filesystem::is_empty(dir));        // no test file was written
  std::filesystem::remove_all(dir);
}

namespace {

/// `--cpu` on a 4 MiB test file in `dir` read in 1 MiB pieces (chunks up to 1 MiB), the samples
/// written to `json_path`, plus `extra` options.
LoaderRun run_small_cpu_loader(const std::filesystem::path& dir,
                               const std::filesystem::path& json_path, const std::string& extra) {
  return run_loader(dir, fmt::format("--cpu --dir '{}' --out '{}' --file-size 4MiB --io-chunk 1MiB "
                                     "--max-chunk 1MiB {}",
                                     dir.string(), json_path.string(), extra));
}

}  // namespace

TEST_CASE("loader: --cpu measures memcpy and a real file, cold and warm, then reports no GPU") {
  // A 4 MiB file read in 1 MiB pieces: file modes read its 1/8, 1/4, 1/2 and all of it
  // (512 KiB, 1, 2, 4 MiB); memcpy runs the chunk ladder 64 KiB, 256 KiB, 1 MiB. Two timed
  // trials per size after one warm-up: 8 file trials per file mode, 6 memcpy trials.
  const auto dir = fresh_dir();
  const auto json_path = dir / "samples.json";
  const LoaderRun r =
      run_small_cpu_loader(dir, json_path, "--warmup 1 --trials 2");
  CHECK(r.code == 3);
  CHECK(r.out == "");
  CHECK(r.err.find("no GPU found: ") == 0);
  const auto j = nlohmann::json::parse(stowage::testing::read_text(json_path.string()));
  CHECK(j["format"] == "stowage-loader/1");
  CHECK(j["gpu"]["found"] == false);
  CHECK(r.err == "no GPU found: " + j["gpu"]["reason"].get<std::string>() + "\n");
  CHECK(j["host"]["logical_cpus"].get<int>() > 0);
  CHECK(j["host"]["memory_bytes"].get<double>() > 0);
  REQUIRE(j["modes"].size() == 3);
  CHECK(j["modes"][0]["name"] == "memcpy");
  CHECK(j["modes"][1]["name"] == "file_read_cold");
  CHECK(j["modes"][2]["name"] == "file_read_warm");
  CHECK(j["modes"][0]["trials"].size() == 6);
  for (int m = 1; m <= 2; ++m) {
    const auto& trials = j["modes"][m]["trials"];
    CHECK(trials.size() == 8);
    std::set<double> sizes;
    for (const auto& t : trials) {
      sizes.insert(t["bytes"].get<double>());
      CHECK(t["seconds"].get<double>() > 0.0);
    }
    CHECK(sizes == std::set<double>{524288.0, 1048576.0, 2097152.0, 4194304.0});
  }
  // The cold mode says how much of the file survived each drop (0 on a disk, 1 on tmpfs).
  const double resident = j["modes"][1]["resident_after_drop"].get<double>();
  CHECK(resident >= 0.0);
  CHECK(resident <= 1.0);
  // The test file and its directory are gone; only the samples are left.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++entries;
  CHECK(entries == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("loader: a bad size is a usage error (exit 2) that names the option") {
  const auto dir = fresh_dir();
  const LoaderRun odd = run_loader(dir, "--cpu --file-size 1001B --dir " + dir.string());
  CHECK(odd.code == 2);
  CHECK(odd.err.find("--file-size") != std::string::npos);
  CHECK(odd.err.find("multiple of 8 bytes") != std::string::npos);
  const LoaderRun unit = run_loader(dir, "--cpu --io-chunk 4MiBs --dir " + dir.string());
  CHECK(unit.code == 2);
  CHECK(unit.err.find("--io-chunk") != std::string::npos);
  const LoaderRun order = run_loader(dir, "--cpu --min-chunk 2MiB --max-chunk 1MiB");
  CHECK(order.code == 2);
  CHECK(order.err.find("--min-chunk") != std::string::npos);
  CHECK(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST_CASE(
    "loader: --storage reads at 1 to N threads cold and warm with CPU time and needs no GPU") {
  // A 4 MiB test file read in 1 MiB pieces, --max-threads 3: cold modes at 1, 2, 3 threads and
  // warm modes at 1 and 3, two timed trials each of the whole file. No GPU is looked for, so the
  // exit status is 0 with every GPU hidden.
  const auto dir = fresh_dir();
  const auto json_path = dir / "storage.json";
  const LoaderRun r = run_loader(
      dir, fmt::format("--storage --dir '{}' --out '{}' --file-size 4MiB --io-chunk 1MiB "
                       "--max-threads 3 --warmup 0 --trials 2",
                       dir.string(), json_path.string()));
  CHECK(r.code == 0);
  CHECK(r.err == "");
  const auto j = nlohmann::json::parse(stowage::testing::read_text(json_path.string()));
  CHECK(j["settings"]["storage"] == true);
  CHECK(j["settings"]["max_threads"] == 3);
  CHECK(j["gpu"]["found"] == false);
  std::vector<std::string> names;
  for (const auto& m : j["modes"]) {
    names.push_back(m["name"].get<std::string>());
    CHECK(m["trials"].size() == 2);
    for (const auto& t : m["trials"]) {
      CHECK(t["bytes"].get<double>() == 4194304.0);
      CHECK(t["seconds"].get<double>() > 0.0);
      CHECK(t["cpu_seconds"].get<double>() >= 0.0);
      CHECK(t["busy_cpu_seconds"].get<double>() >= 0.0);
    }
  }
  CHECK(names == std::vector<std::string>{"storage_cold_t1", "storage_cold_t2", "storage_cold_t3",
                                          "storage_warm_t1", "storage_warm_t3"});
  CHECK(j["modes"][1]["threads"] == 2);
  CHECK(j["modes"][0].contains("resident_after_drop"));
  // A warm mode says how much of the file one read left in the page cache (0 to 1).
  const double resident = j["modes"][3]["resident_after_read"].get<double>();
  CHECK(resident >= 0.0);
  CHECK(resident <= 1.0);
  // --read reads an existing file and leaves it in place.
  const auto weights = dir / "model.bin";
  { std::ofstream(weights) << std::string(65536, 'w'); }
  const LoaderRun existing = run_loader(
      dir, fmt::format("--storage --read '{}' --dir '{}' --out '{}' --io-chunk 16KiB --trials 1",
                       weights.string(), dir.string(), json_path.string()));
  CHECK(existing.code == 0);
  CHECK(std::filesystem::file_size(weights) == 65536);
  const auto k = nlohmann::json::parse(stowage::testing::read_text(json_path.string()));
  CHECK(k["modes"][0]["trials"][0]["bytes"] == 65536);
  std::filesystem::remove_all(dir);
}

TEST_CASE("loader: --cpu --max-threads sweeps the reader pool over the test file") {
  // 3 threads: file_read_cold_t1..t3, file_read_warm_t1..t3 and file_to_host_warm_t1..t3 after
  // the three single-thread modes, each over the 4 prefixes of a 4 MiB file, one trial each.
  const auto dir = fresh_dir();
  const auto json_path = dir / "samples.json";
  const LoaderRun r =
      run_small_cpu_loader(dir, json_path, "--max-threads 3 --direct --warmup 0 --trials 1");
  CHECK(r.code == 3);  // no GPU, after the host modes
  const auto j = nlohmann::json::parse(stowage::testing::read_text(json_path.string()));
  REQUIRE(j["modes"].size() == 12);
  CHECK(j["modes"][3]["name"] == "file_read_cold_t1");
  CHECK(j["modes"][5]["name"] == "file_read_cold_t3");
  CHECK(j["modes"][8]["name"] == "file_read_warm_t3");
  CHECK(j["modes"][8]["threads"] == 3);
  CHECK(j["modes"][8]["trials"].size() == 4);
  // The whole pipeline on the CPU: readers, a shared pool, 2 copy threads (the default), and the
  // copied bytes checked against the test pattern.
  CHECK(j["modes"][9]["name"] == "file_to_host_warm_t1");
  CHECK(j["modes"][11]["name"] == "file_to_host_warm_t3");
  CHECK(j["modes"][11]["streams"] == 2);
  CHECK(j["modes"][11]["verified"] == true);
  CHECK(j["modes"][11]["trials"].size() == 4);
  std::filesystem::remove_all(dir);
}

TEST_CASE("loader: parallel options are checked") {
  const auto dir = fresh_dir();
  const LoaderRun many = run_loader(dir, "--storage --max-threads 65 --dir " + dir.string());
  CHECK(many.code == 2);
  CHECK(many.err.find("--max-threads") != std::string::npos);
  const LoaderRun direct = run_loader(
      dir, "--storage --direct --io-chunk 1000B --file-size 8000B --dir " + dir.string());
  CHECK(direct.code == 2);
  CHECK(direct.err.find("multiple of 4 KiB with --direct") != std::string::npos);
  const LoaderRun missing =
      run_loader(dir, "--storage --read /nonexistent/x --dir " + dir.string());
  CHECK(missing.code == 2);
  CHECK(missing.err.find("--read") != std::string::npos);
  CHECK(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST_CASE("loader (issue 27 R5): a symlink loop as --dir or --read is one line, not a crash") {
  const auto dir = fresh_dir();
  std::filesystem::create_symlink(dir / "loop", dir / "loop");
  const std::string loop = (dir / "loop").string();
  const LoaderRun as_dir = run_loader(dir, "--storage --dir " + loop);
  CHECK(as_dir.code == 2);
  CHECK(as_dir.err ==
        fmt::format("stowage-loader: error: --dir: '{}' is not a directory\n", loop));
  const LoaderRun as_read = run_loader(dir, "--storage --read " + loop + " --dir " + dir.string());
  CHECK(as_read.code == 2);
  CHECK(as_read.err ==
        fmt::format("stowage-loader: error: --read: '{}' is not a regular file\n", loop));
  const LoaderRun proc =
      run_loader(dir, "--storage --read /proc/self/status --dir " + dir.string());
  CHECK(proc.code == 2);
  CHECK(proc.err ==
        "stowage-loader: error: --read: '/proc/self/status' is empty or on a kernel pseudo-file "
        "system\n");
  std::filesystem::remove_all(dir);
}

#endif  // STOWAGE_LOADER
