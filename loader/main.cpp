// stowage-loader: measures how fast bytes reach GPU memory from host memory and from files on
// the machine it runs on, and writes the raw trials as JSON (report.hpp) for `stowage calibrate`.
//
// Exit status: 0 measured; 1 a measurement failed midway; 2 bad command line; 3 no GPU found
// (after the host measurements when --cpu asked for them; never with --storage, which needs
// none); 4 --bench missed a target.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <variant>
#include <vector>

#include "loader/gpu_probe.hpp"
#include "loader/host_probe.hpp"
#include "loader/measurement.hpp"
#include "loader/parallel_modes.hpp"
#include "loader/parallel_reader.hpp"
#include "loader/report.hpp"
#include "loader/sweep_plan.hpp"
#include "loader/test_file.hpp"
#include "sim/units.hpp"

namespace {

using namespace stowage::loader;

// Command-line defaults (settings of the measurement, not figures about any machine): chunks from
// 64 KiB to 1 GiB span small tensors to whole shards; 16 MiB reads keep two pipeline buffers
// small while each read and copy is long next to a call's overhead; 4 streams show whether more
// than one copy engine helps; 2 warm-up and 5 timed trials give a median that one slow trial
// cannot move.
struct Options {
  std::string out;
  std::string dir = std::filesystem::temp_directory_path().string();
  std::string file_size = "1GiB";
  std::string min_chunk = "64KiB";
  std::string max_chunk = "1GiB";
  std::string io_chunk = "16MiB";
  std::string model_size = "1GiB";
  std::string bench_chunk = "256MiB";
  int streams = 4;
  int warmup = 2;
  int trials = 5;
  int max_threads = 0;
  int copy_streams = 2;
  bool direct = false;
  bool storage = false;
  std::vector<std::string> read_files;
  bool cpu = false;
  bool bench = false;
};

// A size option: positive, a whole number of 8-byte words; throws CLI::ValidationError.
std::uint64_t size_option(const std::string& name, const std::string& text) {
  double bytes = 0.0;
  try {
    bytes = stowage::sim::parse_bytes(text).value();
  } catch (const stowage::sim::UnitError& e) {
    throw CLI::ValidationError(name, fmt::format("{} (expected e.g. {})", e.what(), e.expected()));
  }
  const auto whole = static_cast<std::uint64_t>(bytes);
  if (bytes <= 0.0 || static_cast<double>(whole) != bytes || whole % sizeof(std::uint64_t) != 0) {
    throw CLI::ValidationError(name,
                               fmt::format("'{}' must be a positive multiple of 8 bytes", text));
  }
  return whole;
}

Settings settings_from(const Options& o) {
  Settings s;
  s.dir = o.dir;
  s.file_size = size_option("--file-size", o.file_size);
  s.min_chunk = size_option("--min-chunk", o.min_chunk);
  s.max_chunk = size_option("--max-chunk", o.max_chunk);
  s.io_chunk = size_option("--io-chunk", o.io_chunk);
  s.model_size = size_option("--model-size", o.model_size);
  s.streams = o.streams;
  s.warmup = o.warmup;
  s.trials = o.trials;
  s.max_threads = o.max_threads;
  s.copy_streams = o.copy_streams;
  s.direct = o.direct;
  s.storage = o.storage;
  for (const std::string& f : o.read_files) {
    std::error_code ec;  // a symlink loop or an unreadable path is not a regular file either
    if (!std::filesystem::is_regular_file(f, ec)) {
      throw CLI::ValidationError("--read", fmt::format("'{}' is not a regular file", f));
    }
    const std::uintmax_t size = std::filesystem::file_size(f, ec);
    if (ec || size == 0 || on_pseudo_file_system(f)) {
      throw CLI::ValidationError(
          "--read", fmt::format("'{}' is empty or on a kernel pseudo-file system", f));
    }
    s.read_files.emplace_back(f);
  }
  if (s.direct && s.io_chunk % stowage::loader::kDirectAlignment != 0) {
    throw CLI::ValidationError("--io-chunk", "must be a multiple of 4 KiB with --direct");
  }
  if (s.min_chunk > s.max_chunk) {
    throw CLI::ValidationError("--min-chunk", "must not exceed --max-chunk");
  }
  if (s.min_chunk > s.model_size) {
    throw CLI::ValidationError("--min-chunk", "must not exceed --model-size");
  }
  if (s.io_chunk > s.file_size) {
    throw CLI::ValidationError("--io-chunk", "must not exceed --file-size");
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(s.dir, ec)) {
    throw CLI::ValidationError("--dir", fmt::format("'{}' is not a directory", o.dir));
  }
  return s;
}

void write_output(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw LoaderError(fmt::format("cannot write {}", tmp));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw LoaderError(fmt::format("cannot write {}: {}", path, ec.message()));
}

std::string bench_summary(const BenchResult& b) {
  using stowage::sim::Bytes;
  using stowage::sim::BytesPerSecond;
  const double slower = std::min(b.file_read_rate, b.h2d_rate_at_io_chunk);
  std::string text = fmt::format(
      "pinned H2D, {} chunks: loader {}, plain cudaMemcpyAsync loop (best) {}: {:.1f}% (target "
      "{:.0f}%): {}\n"
      "file to GPU, warm page cache: {}; file read {}, pinned H2D per io chunk {}: {:.1f}% of "
      "the slower (target {:.0f}%): {}\n",
      Bytes(static_cast<double>(b.chunk_bytes)), BytesPerSecond(b.loader_pinned_rate),
      BytesPerSecond(b.plain_loop_rate), 100.0 * b.loader_pinned_rate / b.plain_loop_rate,
      100.0 * b.pinned_target, b.pinned_ok() ? "ok" : "MISSED", BytesPerSecond(b.file_to_gpu_rate),
      BytesPerSecond(b.file_read_rate), BytesPerSecond(b.h2d_rate_at_io_chunk),
      100.0 * b.file_to_gpu_rate / slower, 100.0 * b.file_target, b.file_ok() ? "ok" : "MISSED");
  if (b.parallel_threads > 0) {
    text += fmt::format(
        "file to GPU, warm page cache, parallel pipeline ({} readers, {} copy streams): {} "
        "({:.1f} times the one-thread pipeline)\n",
        b.parallel_threads, b.parallel_copy_streams, BytesPerSecond(b.parallel_file_to_gpu_rate),
        b.parallel_file_to_gpu_rate / b.file_to_gpu_rate);
  }
  return text;
}

// --storage: the storage under --dir (or the --read files), no GPU needed.
int run_storage(Report& report, const Settings& s, const std::string& out) {
  report.no_gpu_reason = "not looked for: --storage measures the storage only";
  if (s.read_files.empty()) {
    const TestFile file(s.dir, s.file_size, s.io_chunk);
    report.modes = measure_storage(s, {file.path()});
  } else {
    report.modes = measure_storage(s, s.read_files);
  }
  write_output(
      out,
      to_json(report).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
  std::fflush(stdout);
  return kExitOk;
}

int run(const Options& o, const Settings& s) {
  Report report;
  report.started_at = utc_timestamp();
  report.settings = s;
  report.host = describe_host(s.dir);
  if (s.storage) return run_storage(report, s, o.out);
  auto gpu = open_gpu();
  if (auto* none = std::get_if<NoGpu>(&gpu))
    report.no_gpu_reason = none->reason;
  else
    report.gpu = std::get<GpuDescription>(gpu);

  if (!report.gpu && !o.cpu) {
    fmt::print(stderr, "no GPU found: {}\n", report.no_gpu_reason);
    return kExitNoGpu;
  }
  {
    const TestFile file(s.dir, s.file_size, s.io_chunk);
    if (o.cpu) {
      report.modes = measure_host(s, file);
      for (Mode& m : measure_parallel_reads(s, file)) report.modes.push_back(std::move(m));
    }
    if (report.gpu && o.bench) {
      report.bench = bench_gpu(s, file, size_option("--bench-chunk", o.bench_chunk));
    } else if (report.gpu) {
      for (Mode& m : measure_gpu(s, file)) report.modes.push_back(std::move(m));
    }
  }
  // Text from /proc or the driver that is not UTF-8 is written with U+FFFD, not refused.
  const std::string json =
      to_json(report).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  if (report.bench) {
    if (!o.out.empty()) write_output(o.out, json);
    const std::string summary = bench_summary(*report.bench);
    std::fwrite(summary.data(), 1, summary.size(), stdout);
    std::fflush(stdout);
    return report.bench->pinned_ok() && report.bench->file_ok() ? kExitOk : kExitBenchMissed;
  }
  write_output(o.out, json);
  std::fflush(stdout);
  if (!report.gpu) {
    fmt::print(stderr, "no GPU found: {}\n", report.no_gpu_reason);
    return kExitNoGpu;
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "stowage-loader: measures host-to-GPU and file-to-GPU throughput on this machine and "
      "writes the trials as JSON for `stowage calibrate`"};
  app.name("stowage-loader");
  app.set_version_flag("--version", "stowage-loader " STOWAGE_VERSION);
  Options o;
  app.add_option("--out", o.out, "write the JSON here instead of stdout");
  app.add_option("--dir", o.dir,
                 "directory for the test file (a fresh subdirectory, removed "
                 "afterwards); its file system is what file reads measure")
      ->capture_default_str();
  app.add_option("--file-size", o.file_size, "size of the test file")->capture_default_str();
  app.add_option("--min-chunk", o.min_chunk, "smallest copy")->capture_default_str();
  app.add_option("--max-chunk", o.max_chunk, "largest copy")->capture_default_str();
  app.add_option("--io-chunk", o.io_chunk, "one read and one pipeline buffer")
      ->capture_default_str();
  app.add_option("--model-size", o.model_size, "largest buffer whose pinning is timed")
      ->capture_default_str();
  app.add_option("--streams", o.streams, "streams of the multi-stream copies")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--warmup", o.warmup, "untimed trials per size")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  app.add_option("--trials", o.trials, "timed trials per size")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_flag("--cpu", o.cpu,
               "also measure the host: memcpy and file reads (cold and warm page cache); done "
               "even when no GPU is found");
  app.add_flag("--bench", o.bench,
               "run the benchmark instead: the loader's pinned copy against a plain "
               "cudaMemcpyAsync loop, and file to GPU against its slower stage");
  app.add_option("--bench-chunk", o.bench_chunk, "pinned copy size of --bench")
      ->capture_default_str();
  app.add_option("--max-threads", o.max_threads,
                 "also sweep the parallel pipeline: 1, 2, 4, ... up to this many reader threads "
                 "into a shared pinned pool (file_to_gpu_*_tN; with --cpu file_read_*_tN)")
      ->check(CLI::Range(1, stowage::loader::kMaxReaderThreads));
  app.add_option("--copy-streams", o.copy_streams,
                 "copy streams of the parallel pipeline, each fed by the readers")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  app.add_flag("--direct", o.direct,
               "cold reads of the parallel pipeline and of --storage with O_DIRECT");
  app.add_flag("--storage", o.storage,
               "measure only the storage under --dir (or the --read files): cold reads by 1 to "
               "--max-threads threads, a warm re-read, CPU time; no GPU needed")
      ->excludes("--bench");
  app.add_option("--read", o.read_files,
                 "with --storage: read these existing files (read-only) instead of writing a "
                 "test file");

  Settings settings;
  try {
    app.parse(argc, argv);
    settings = settings_from(o);
    if (o.bench) size_option("--bench-chunk", o.bench_chunk);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e) == 0 ? kExitOk : kExitUsage;  // --help
    fmt::print(stderr, "stowage-loader: error: {}\n", e.what());  // one line, no usage text
    return kExitUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "stowage-loader: error: {}\n", e.what());
    return kExitUsage;
  }
  // Every failure is one line: a LoaderError, and anything else the library or the file system
  // throws (a filesystem_error from a path that loops, a bad_alloc).
  try {
    return run(o, settings);
  } catch (const std::exception& e) {
    fmt::print(stderr, "stowage-loader: error: {}\n", e.what());
    return kExitFailed;
  }
}
