// `stowage calibrate --loader-profile`: the loader's parallel pipeline as a loader profile
// (advisor/calibrate/loader.hpp).
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli_runner.hpp"
#include "sim/config/catalog.hpp"

using namespace stowage;

namespace {

using Json = nlohmann::ordered_json;

std::filesystem::path loader_test_dir(const char* name) {
  std::string path = (std::filesystem::temp_directory_path() / name).string() + "-XXXXXX";
  REQUIRE(::mkdtemp(path.data()) != nullptr);
  return path;
}

// A loader record whose warm sweep `prefix`N runs at the given rates: at each thread count a
// 64 MiB trial at a tenth of the rate (a small prefix, which must not count) and two 1 GiB
// trials at the rate. One cold point at 1 thread, 500 MB/s.
Json pipeline_record(const std::string& prefix, const std::vector<std::pair<int, double>>& warm,
                     bool gpu) {
  Json modes = Json::array();
  const auto mode = [](const std::string& name, int threads, double rate) {
    constexpr double kSmall = 64.0 * 1024 * 1024;
    constexpr double kLarge = 1024.0 * 1024 * 1024;
    Json trials = Json::array({Json{{"bytes", kSmall}, {"seconds", kSmall / (rate / 10)}},
                               Json{{"bytes", kLarge}, {"seconds", kLarge / rate}},
                               Json{{"bytes", kLarge}, {"seconds", kLarge / rate}}});
    return Json{{"name", name}, {"description", "synthetic"}, {"streams", 2},
                {"threads", threads}, {"trials", trials}};
  };
  for (const auto& [threads, rate] : warm) {
    modes.push_back(mode(prefix + std::to_string(threads), threads, rate));
  }
  Json cold = mode("file_read_cold_t1", 1, 5e8);
  cold["resident_after_drop"] = 0.0;
  modes.push_back(cold);
  return Json{{"format", "stowage-loader/1"},
              {"loader_version", "0.1.0"},
              {"started_at", "2026-01-02T03:04:05Z"},
              {"settings", {{"dir", "/tmp"}, {"io_chunk", 16 * 1024 * 1024}, {"copy_streams", 2}}},
              {"host", {{"cpu_model", "test CPU"}, {"logical_cpus", 16}}},
              {"gpu", gpu ? Json{{"found", true}, {"name", "test GPU"}}
                          : Json{{"found", false}, {"reason", "not looked for"}}},
              {"modes", modes}};
}

struct Calibrated {
  testing::CliResult run;
  std::filesystem::path dir;
};

Calibrated calibrate(const Json& record, const char* name) {
  const auto dir = loader_test_dir(name);
  std::ofstream(dir / "rec.json") << record.dump(2);
  const auto r = testing::run_stowage(
      "calibrate --loader-profile mine --from " + (dir / "rec.json").string() + " --out " +
      (dir / "profiles" / "loader" / "mine-measured.yaml").string() + " --samples-out " +
      (dir / "mine.json").string());
  return {r, dir};
}

}  // namespace

TEST_CASE("calibrate --loader-profile: the warm sweep's knee gives streams and per_stream") {
  // calibrate/loader.hpp's worked example: 1, 2, 4, 8 threads at 2.0, 3.9, 7.0, 7.2 GB/s. The
  // best is 7.2 GB/s and 0.95 x 7.2 = 6.84: 4 threads reach it, so streams 4 and per_stream
  // 2 GB/s (the 64 MiB trials at a tenth of the rate do not count). The record copied to a GPU:
  // complete, exit 0. The profile loads through the catalog with the pipeline's design: 16 MiB
  // chunks, pinned staging, overlap, through the page cache.
  const auto c = calibrate(pipeline_record("file_to_gpu_warm_t",
                                           {{1, 2e9}, {2, 3.9e9}, {4, 7e9}, {8, 7.2e9}}, true),
                           "stowage-calibrate-loader");
  CHECK(c.run.err == "");
  CHECK(c.run.code == 0);
  CHECK(c.run.out.find("streams 4; per_stream 2 GB/s") != std::string::npos);
  const auto catalog =
      sim::config::Catalog::standard({c.dir / "profiles"}, std::string_view());
  const sim::LoaderProfile p = catalog.loader("mine-measured");
  CHECK(*p.streams == 4);
  CHECK(p.per_stream->value() == 2e9);
  CHECK(p.chunk->value() == 16.0 * 1024 * 1024);
  CHECK(p.staging == sim::LoaderProfile::Staging::kPinned);
  CHECK(p.overlap);
  CHECK(p.page_cache);
  CHECK_FALSE(p.hash_first);
  for (const sim::Figure& f : p.info.figures) {
    CHECK(f.source.kind == sim::Source::Kind::kMeasured);
  }
  CHECK_FALSE(p.info.figures.empty());
  CHECK(testing::read_text((c.dir / "profiles" / "loader" / "mine-measured.yaml").string())
            .find("chunk: 16MiB") != std::string::npos);
  const auto saved = nlohmann::json::parse(testing::read_text((c.dir / "mine.json").string()));
  CHECK(saved["calibration"]["complete"] == true);
  CHECK(saved["calibration"]["fit"]["streams"] == 4);
  CHECK(testing::run_stowage("validate " +
                             (c.dir / "profiles" / "loader" / "mine-measured.yaml").string())
            .code == 0);
  std::filesystem::remove_all(c.dir);
}

TEST_CASE("calibrate --loader-profile: a record without a GPU gives a partial profile") {
  // --cpu: the pipeline ends in a host memcpy. 1 and 2 threads at 1.5 and 2.9 GB/s: 2.9 >= 0.95
  // x 2.9, so streams 2, per_stream 1.5 GB/s; written, but exit 4 saying the GPU copy is missing.
  const auto c = calibrate(
      pipeline_record("file_to_host_warm_t", {{1, 1.5e9}, {2, 2.9e9}}, false),
      "stowage-calibrate-loader-cpu");
  CHECK(c.run.code == 4);
  CHECK(c.run.err.find("not measured: the copy to the GPU: the record was made without a GPU") !=
        std::string::npos);
  const sim::LoaderProfile p =
      sim::config::Catalog::standard({c.dir / "profiles"}, std::string_view())
          .loader("mine-measured");
  CHECK(*p.streams == 2);
  CHECK(p.per_stream->value() == 1.5e9);
  std::filesystem::remove_all(c.dir);
}

TEST_CASE("calibrate --loader-profile: a record without a warm pipeline sweep is a user error") {
  Json record = pipeline_record("file_to_gpu_warm_t", {}, true);
  const auto c = calibrate(record, "stowage-calibrate-loader-none");
  CHECK(c.run.code == 2);
  CHECK(c.run.err.find("error: modes: no warm pipeline sweep") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(c.dir / "profiles"));
  std::filesystem::remove_all(c.dir);
}

TEST_CASE("calibrate --loader-profile: --cpu needs it and it excludes --storage") {
  CHECK(testing::run_stowage("calibrate --cpu --from /dev/null").code == 2);
  CHECK(testing::run_stowage("calibrate --storage --loader-profile x --from /dev/null").code == 2);
}

#ifdef STOWAGE_LOADER
TEST_CASE("calibrate --loader-profile: the loader's --cpu sweep measured end to end is usable") {
  // An 8 MiB test file, 1 to 2 threads, one trial, no GPU: the figures depend on the machine, so
  // only the shape is checked: a partial profile (no GPU copy), valid, and usable as a workload's
  // loader through --profiles.
  const auto dir = loader_test_dir("stowage-calibrate-loader-live");
  const auto profiles = dir / "profiles";
  const auto r = testing::run_stowage(
      std::string("calibrate --loader-profile ci --cpu --loader ") + STOWAGE_LOADER + " --dir " +
      dir.string() + " --out " + (profiles / "loader" / "ci-measured.yaml").string() +
      " --samples-out " + (dir / "ci.json").string() +
      " --file-size 8MiB --io-chunk 1MiB --max-threads 2 --warmup 0 --trials 1");
  CHECK(r.code == 4);
  REQUIRE(std::filesystem::exists(profiles / "loader" / "ci-measured.yaml"));
  CHECK(testing::run_stowage("validate " + (profiles / "loader" / "ci-measured.yaml").string())
            .code == 0);
  std::ofstream(dir / "w.yaml") << "version: 1\nname: w\nmodel:\n  files:\n    - {path: m, "
                                   "size: 2GB}\nplatform: fc-gpu\ngpu: a10\nloader: ci-measured\n"
                                   "arrivals:\n  burst: {count: 1}\nstorage: [nas-performance]\n";
  const auto s = testing::run_stowage("simulate " + (dir / "w.yaml").string() + " --profiles " +
                                      profiles.string() + " --storage nas-performance");
  CHECK(s.code == 0);
  CHECK(s.out.find("ci-measured") != std::string::npos);
  std::filesystem::remove_all(dir);
}
#endif
