#include <doctest/doctest.h>
#include <stdlib.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "sim/config/yaml_reader.hpp"
#include "advisor/calibrate_fit.hpp"
#include "cli_runner.hpp"
#include "sim/config/profile_loader.hpp"

using namespace stowage;
using advisor::CopyFit;
using advisor::FitRejected;
using advisor::Sample;

namespace {

// Exact samples of t = alpha + bytes / beta at each size, `trials` of each.
std::vector<Sample> exact_samples(double alpha, double beta, const std::vector<double>& sizes,
                                  int trials = 1) {
  std::vector<Sample> out;
  for (double x : sizes) {
    for (int i = 0; i < trials; ++i) out.push_back({x, alpha + x / beta});
  }
  return out;
}

// The loader's chunk ladder: 64 KiB to 1 GiB, times 4 each step.
std::vector<double> ladder() {
  std::vector<double> sizes;
  for (double x = 65536.0; x <= 1073741824.0; x *= 4.0) sizes.push_back(x);
  return sizes;
}

std::string rejection_of(const std::vector<Sample>& samples) {
  try {
    advisor::fit_copy_cost("h2d_pinned", samples);
  } catch (const FitRejected& e) {
    return e.what();
  }
  return "not rejected";
}

// A fresh, unique directory for one test's files (several test runs may share the machine).
std::filesystem::path fresh_dir(const char* name) {
  std::string path = (std::filesystem::temp_directory_path() / name).string() + "-XXXXXX";
  REQUIRE(::mkdtemp(path.data()) != nullptr);
  return path;
}

// A pipelined file mode over 128 MiB to 1 GiB: total 60 us + x / 1.9 GB/s, of which the read
// stage is busy 50 us + x / 2 GB/s and the copy stage 8 us + x / 40 GB/s.
nlohmann::ordered_json file_mode() {
  using Json = nlohmann::ordered_json;
  Json trials = Json::array();
  for (double x = 134217728.0; x <= 1073741824.0; x *= 2.0) {
    trials.push_back({{"bytes", x},
                      {"seconds", 60e-6 + x / 1.9e9},
                      {"read_seconds", 50e-6 + x / 2e9},
                      {"copy_seconds", 8e-6 + x / 40e9}});
  }
  return Json{{"name", "file_to_gpu_warm"},
              {"description", "synthetic"},
              {"streams", 1},
              {"trials", trials}};
}

// A loader samples document for a GPU that copies pinned memory at alpha 8 us + bytes / 50 GB/s
// and pageable memory at 20 us + bytes / 12 GB/s, every trial exact.
nlohmann::ordered_json synthetic_samples() {
  using Json = nlohmann::ordered_json;
  auto mode = [](const char* name, double alpha, double beta) {
    Json trials = Json::array();
    for (const Sample& s : exact_samples(alpha, beta, ladder(), 3)) {
      trials.push_back({{"bytes", s.bytes}, {"seconds", s.seconds}});
    }
    return Json{{"name", name}, {"description", "synthetic"}, {"streams", 1}, {"trials", trials}};
  };
  return Json{
      {"format", "stowage-loader/1"},
      {"loader_version", "0.1.0"},
      {"started_at", "2026-01-02T03:04:05Z"},
      {"settings", Json::object()},
      {"host", {{"cpu_model", "test CPU"}, {"logical_cpus", 8}}},
      {"gpu",
       {{"found", true},
        {"name", "Test GPU 24GB"},
        {"pci_bus_id", "0000:01:00.0"},
        {"memory_bytes", 24000000000ULL},
        {"compute_capability", "8.9"},
        {"driver_version", "580.1"},
        {"cuda_driver_version", "13.0"},
        {"cuda_runtime_version", "13.0"},
        {"pcie", {{"generation", 4}, {"width", 16}, {"max_generation", 4}, {"max_width", 16}}}}},
      {"modes", Json::array({mode("h2d_pinned", 8e-6, 50e9), mode("h2d_pageable", 20e-6, 12e9),
                             file_mode()})}};
}

void write_json(const std::filesystem::path& path, const nlohmann::ordered_json& j) {
  std::ofstream(path) << j.dump(2);
}

}  // namespace

TEST_CASE("calibrate fit: exact samples give alpha and beta back with R^2 = 1") {
  // The header's worked example: alpha 10 us, beta 25 GB/s; 1 MB takes 50 us, 100 MB 4.01 ms,
  // 1 GB 40.01 ms. The line passes through all three, so residuals are 0 and R^2 is 1.
  const std::vector<Sample> samples{{1e6, 50e-6}, {100e6, 4.01e-3}, {1e9, 40.01e-3}};
  const CopyFit fit = advisor::fit_copy_cost("h2d_pinned", samples);
  CHECK(fit.alpha.value() == doctest::Approx(10e-6).epsilon(1e-9));
  CHECK(fit.beta.value() == doctest::Approx(25e9).epsilon(1e-9));
  CHECK(fit.r_squared == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(fit.max_relative_residual() < 1e-9);
  CHECK_FALSE(fit.alpha_clamped);
  REQUIRE(fit.points.size() == 3);
  CHECK(fit.points[1].predicted == doctest::Approx(4.01e-3));
}

TEST_CASE("calibrate fit: noisy trials still recover alpha and beta") {
  // alpha 12 us, beta 24 GB/s over the loader's 8 sizes, 5 trials each, every trial scaled by a
  // factor uniform in [0.97, 1.03] (std::mt19937_64 is the same on every platform; the 53-bit
  // uniform is computed here, not by a library distribution). The median of 5 such trials is
  // within a fraction of the 3% noise of the truth, so both parameters come back within 3% and
  // the line explains nearly all the relative variation (R^2 > 0.99).
  std::mt19937_64 rng(20261124);
  std::vector<Sample> samples;
  for (double x : ladder()) {
    for (int i = 0; i < 5; ++i) {
      const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
      samples.push_back({x, (12e-6 + x / 24e9) * (0.97 + 0.06 * u)});
    }
  }
  const CopyFit fit = advisor::fit_copy_cost("h2d_pinned", samples);
  CHECK(fit.alpha.value() == doctest::Approx(12e-6).epsilon(0.03));
  CHECK(fit.beta.value() == doctest::Approx(24e9).epsilon(0.03));
  CHECK(fit.r_squared > 0.99);
  CHECK(fit.max_relative_residual() < 0.03);
  for (const advisor::FitPoint& p : fit.points) CHECK(p.trials == 5);
}

TEST_CASE("calibrate fit: a negative intercept is clamped to zero and the slope refitted") {
  // t = -1 us + x / 10 GB/s at 1, 2 and 4 MB: 99, 199, 399 us. The free line has alpha = -1 us,
  // which no copy can have; with alpha = 0 the relative least squares slope is
  // b = sum(x/t) / sum((x/t)^2). Each x/t is about 1e10 * 1.0101, 1.00503, 1.00251, so b is
  // about 1 / (1.00588 * 1e10): beta is within 0.6% of 10 GB/s, and alpha is exactly 0.
  const std::vector<Sample> samples{{1e6, 99e-6}, {2e6, 199e-6}, {4e6, 399e-6}};
  const CopyFit fit = advisor::fit_copy_cost("h2d_pinned", samples);
  CHECK(fit.alpha_clamped);
  CHECK(fit.alpha.value() == 0.0);
  CHECK(fit.beta.value() == doctest::Approx(10e9).epsilon(0.006));
  double sx = 0.0;
  double sxx = 0.0;
  for (const Sample& s : samples) {
    sx += s.bytes / s.seconds;
    sxx += (s.bytes / s.seconds) * (s.bytes / s.seconds);
  }
  CHECK(fit.beta.value() == doctest::Approx(sxx / sx).epsilon(1e-12));
}

TEST_CASE("calibrate fit: data that does not follow the line is rejected, saying why") {
  // Three sizes all taking 1 ms: the best line is flat (no size dependence), so R^2 is 0 or the
  // slope is not positive; either way there is no throughput to report.
  const std::string flat = rejection_of({{1e6, 1e-3}, {1e7, 1e-3}, {1e8, 1e-3}});
  CHECK(flat.find("h2d_pinned: fit rejected") == 0);
  // Times that fall as sizes grow: a negative slope.
  CHECK(rejection_of({{1e6, 3e-3}, {1e7, 2e-3}, {1e8, 1e-3}}).find("does not grow with size") !=
        std::string::npos);
  // A zigzag around a line: 1, 10, 1, 10 ms at 1, 2, 3, 4 MB explains too little (R^2 < 0.95).
  CHECK(rejection_of({{1e6, 1e-3}, {2e6, 10e-3}, {3e6, 1e-3}, {4e6, 10e-3}}).find("R^2 =") !=
        std::string::npos);
  // Two sizes determine a line exactly and say nothing about how well it fits.
  CHECK(rejection_of(exact_samples(1e-5, 1e10, {1e6, 1e7}, 4)) ==
        "h2d_pinned: fit rejected: trials of 2 size(s) (expected at least 3 different sizes)");
  CHECK(rejection_of({{1e6, 0.0}, {1e7, 1e-3}, {1e8, 1e-2}}).find("expected a positive time") !=
        std::string::npos);
}

TEST_CASE("calibrate: a measured profile round-trips through the catalog's GPU profile loader") {
  // The synthetic samples are exact lines (pinned 8 us + x / 50 GB/s, pageable 20 us + x / 12
  // GB/s), so the profile must carry those four figures, the PCIe link the samples report, the
  // memory, and a `measured` source naming the samples file it wrote.
  const auto dir = fresh_dir("stowage-calibrate-roundtrip");
  write_json(dir / "samples.json", synthetic_samples());
  const auto profile = dir / "test-gpu.yaml";
  const auto samples_out = dir / "calibration" / "test-gpu.json";
  const auto r =
      testing::run_stowage("calibrate --from " + (dir / "samples.json").string() + " --out " +
                           profile.string() + " --samples-out " + samples_out.string());
  CHECK(r.err == "");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("calibrated Test GPU 24GB (PCIe gen 4 x16 (max gen 4 x16)):") == 0);
  CHECK(r.out.find("wrote " + profile.string()) != std::string::npos);
  CHECK(r.out.find("note:") == std::string::npos);  // no cold mode, so nothing to warn about

  const sim::GpuProfile g =
      sim::config::load_gpu_profile(sim::config::YamlDocument::from_file(profile), "test-gpu");
  CHECK(g.origin.kind == sim::Source::Kind::kMeasured);
  CHECK(g.origin.text == samples_out.generic_string());
  CHECK(g.memory.value() == 24e9);
  CHECK(g.host_link.pcie_generation == 4);
  CHECK(g.host_link.lanes == 16);
  CHECK(g.h2d_pinned.alpha.value() == doctest::Approx(8e-6).epsilon(1e-9));
  CHECK(g.h2d_pinned.beta.value() == doctest::Approx(50e9).epsilon(1e-9));
  CHECK(g.h2d_pageable.alpha.value() == doctest::Approx(20e-6).epsilon(1e-9));
  CHECK(g.h2d_pageable.beta.value() == doctest::Approx(12e9).epsilon(1e-9));
  CHECK(g.info.description.find("Test GPU 24GB measured by stowage calibrate on 2026-01-02") == 0);

  // The samples file keeps the loader's document and adds every mode's fit.
  const auto saved = nlohmann::json::parse(testing::read_text(samples_out.string()));
  CHECK(saved["gpu"]["name"] == "Test GPU 24GB");
  CHECK(saved["calibration"]["profile"] == profile.generic_string());
  const auto& fits = saved["calibration"]["fits"];
  REQUIRE(fits.size() == 5);
  CHECK(fits[0]["mode"] == "h2d_pinned");
  CHECK(fits[0]["r_squared"].get<double>() == doctest::Approx(1.0).epsilon(1e-9));
  // The file mode's total and each of its two stages get a fit of their own.
  CHECK(fits[2]["mode"] == "file_to_gpu_warm");
  CHECK(fits[2]["beta_bytes_per_second"].get<double>() == doctest::Approx(1.9e9).epsilon(1e-9));
  CHECK(fits[3]["mode"] == "file_to_gpu_warm.read");
  CHECK(fits[3]["beta_bytes_per_second"].get<double>() == doctest::Approx(2e9).epsilon(1e-9));
  CHECK(fits[4]["mode"] == "file_to_gpu_warm.copy");
  CHECK(fits[4]["alpha_seconds"].get<double>() == doctest::Approx(8e-6).epsilon(1e-9));
  CHECK(r.out.find("  file_to_gpu_warm.read       50 us      2 GB/s   1.0000    0.0%\n") !=
        std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("calibrate: a rejected fit of a needed mode writes nothing") {
  // Pageable trials all taking 1 ms whatever their size: no line, so no profile and exit 1.
  const auto dir = fresh_dir("stowage-calibrate-rejected");
  auto samples = synthetic_samples();
  for (auto& t : samples["modes"][1]["trials"]) t["seconds"] = 1e-3;
  write_json(dir / "samples.json", samples);
  const auto r = testing::run_stowage("calibrate --from " + (dir / "samples.json").string() +
                                      " --out " + (dir / "x.yaml").string() + " --samples-out " +
                                      (dir / "x.json").string());
  CHECK(r.code == 1);
  CHECK(r.out == "");
  CHECK(r.err.find("stowage calibrate: h2d_pageable: fit rejected:") == 0);
  CHECK(r.err.find("nothing written") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "x.yaml"));
  CHECK_FALSE(std::filesystem::exists(dir / "x.json"));
  std::filesystem::remove_all(dir);
}

#ifdef STOWAGE_LOADER
TEST_CASE("calibrate: without a GPU it reports the loader's reason, exits 3 and writes nothing") {
  // CUDA_VISIBLE_DEVICES="" hides every GPU from the CUDA runtime, so the loader takes its
  // "no GPU" path on any machine, with or without a GPU or a driver.
  ::setenv("CUDA_VISIBLE_DEVICES", "", 1);
  const auto dir = fresh_dir("stowage-calibrate-nogpu");
  const auto r = testing::run_stowage(
      std::string("calibrate --loader ") + STOWAGE_LOADER + " --out " + (dir / "x.yaml").string() +
      " --samples-out " + (dir / "x.json").string() + " --dir " + dir.string() +
      " --file-size 1MiB --io-chunk 256KiB --max-chunk 256KiB --trials 1");
  CHECK(r.code == 3);
  CHECK(r.out == "");
  CHECK(r.err.find("no GPU found: ") == 0);
  CHECK(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}
#endif

TEST_CASE("calibrate: a samples file recorded without a GPU exits 3") {
  const auto dir = fresh_dir("stowage-calibrate-nogpu-file");
  auto samples = synthetic_samples();
  samples["gpu"] = {{"found", false}, {"reason", "cudaGetDeviceCount: no CUDA device"}};
  write_json(dir / "samples.json", samples);
  const auto r = testing::run_stowage("calibrate --from " + (dir / "samples.json").string() +
                                      " --out " + (dir / "x.yaml").string());
  CHECK(r.code == 3);
  CHECK(r.err == "no GPU found: cudaGetDeviceCount: no CUDA device\n");
  CHECK_FALSE(std::filesystem::exists(dir / "x.yaml"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("calibrate: a file that is not the loader's JSON is a user error (exit 2)") {
  const auto dir = fresh_dir("stowage-calibrate-bad");
  const auto file = dir / "samples.json";
  std::ofstream(file) << R"({"format": "something-else/2"})";
  const auto wrong = testing::run_stowage("calibrate --from " + file.string());
  CHECK(wrong.code == 2);
  CHECK(wrong.err.find("format is 'something-else/2', not 'stowage-loader/1'") !=
        std::string::npos);
  std::ofstream(file) << "not json";
  const auto garbage = testing::run_stowage("calibrate --from " + file.string());
  CHECK(garbage.code == 2);
  CHECK(garbage.err.find(file.string() + ":1:1: error: not JSON") == 0);
  auto samples = synthetic_samples();
  samples["gpu"]["name"] = 5;
  write_json(file, samples);
  const auto typed = testing::run_stowage("calibrate --from " + file.string() + " --out " +
                                          (dir / "x.yaml").string());
  CHECK(typed.code == 2);
  CHECK(typed.err.find("unexpected content") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "x.yaml"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("calibrate: a cold mode whose page cache drop did nothing is pointed out") {
  // tmpfs keeps every page whatever posix_fadvise says: the loader reports resident_after_drop
  // 1 (100%), and the summary says the cold trials were not cold.
  const auto dir = fresh_dir("stowage-calibrate-tmpfs");
  auto samples = synthetic_samples();
  samples["host"]["file_system"] = "tmpfs";
  auto cold = file_mode();
  cold["name"] = "file_to_gpu_cold";
  cold["resident_after_drop"] = 1.0;
  samples["modes"].push_back(cold);
  write_json(dir / "samples.json", samples);
  const auto r = testing::run_stowage("calibrate --from " + (dir / "samples.json").string() +
                                      " --out " + (dir / "x.yaml").string() + " --samples-out " +
                                      (dir / "x.json").string());
  CHECK(r.code == 0);
  CHECK(r.out.find("note: file_to_gpu_cold: up to 100% of the test file stayed in the page cache "
                   "after a drop (file system tmpfs), so its trials were not cold; pass --dir on "
                   "a disk\n") != std::string::npos);
  std::filesystem::remove_all(dir);
}
