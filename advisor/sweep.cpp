// `stowage sweep SWEEP.yaml [--threads N] [--shard K/N] [--out FILE] [--format csv|json]
// [--frontier] [--plot FILE.svg]`: simulates every grid point of a sweep file
// (sim/config/sweep_loader.hpp) on every storage choice and reports one row per (point, storage)
// (advisor/sweep_run.hpp), the frontier and a plot (advisor/sweep_output.hpp).
//
// Threads: all cores by default (std::thread::hardware_concurrency). `--shard K/N` runs the
// points whose index % N == K, K from 0 to N - 1 (a Kubernetes Indexed Job's completion index,
// a Slurm array task id with --array=0-(N-1)); the parts, written with --format json, are joined
// by `stowage merge`. The frontier and the plot need the whole grid: with --shard, ask merge.
// A progress bar (points done, rate, time left) goes to stderr when stderr is a terminal.
#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "advisor/catalog_option.hpp"
#include "advisor/commands.hpp"
#include "advisor/sweep_output.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/sweep_loader.hpp"

namespace stowage::advisor {
namespace {

using sim::config::ConfigError;

/// Width of the progress bar in characters.
constexpr int kBarWidth = 30;

struct SweepOptions {
  std::string file;
  int threads = 0;  // 0: all cores
  std::string shard;
  std::vector<std::string> profile_dirs;
  SweepOutputOptions output;
};

Shard parse_shard(const std::string& text) {
  const std::string_view expected = "K/N with 0 <= K < N, e.g. 0/4";
  const std::size_t slash = text.find('/');
  Shard s;
  const char* begin = text.data();
  const char* mid = begin + std::min(slash, text.size());
  const char* end = begin + text.size();
  const auto [k_end, k_ec] = std::from_chars(begin, mid, s.index);
  const bool ok = slash != std::string::npos && k_ec == std::errc() && k_end == mid &&
                  std::from_chars(mid + 1, end, s.count).ec == std::errc() &&
                  std::from_chars(mid + 1, end, s.count).ptr == end;
  if (!ok || s.count == 0 || s.index >= s.count) {
    throw UsageError("--shard", fmt::format("'{}' is not a shard", text), std::string(expected));
  }
  return s;
}

/// `sweep NAME  [#####.....] 120/400 points  35.2/s  8 s left`, redrawn in place.
void draw_progress(const std::string& name, std::size_t done, std::size_t total,
                   std::chrono::steady_clock::time_point start) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  const int filled = total ? static_cast<int>(kBarWidth * done / total) : kBarWidth;
  const std::string left =
      rate > 0 ? sim::to_string(sim::Seconds(static_cast<double>(total - done) / rate)) : "?";
  fmt::print(stderr, "\r{} [{:#<{}}{:.<{}}] {}/{} points  {:.1f}/s  {} left ", name, "", filled, "",
             kBarWidth - filled, done, total, rate, left);
  if (done == total) fmt::print(stderr, "\n");
  std::fflush(stderr);
}

}  // namespace

void add_sweep_command(CLI::App& app, CommandStatus& status) {
  auto options = std::make_shared<SweepOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sweep",
      "Simulate a grid of scenarios around a base workload (a sweep file) on every storage "
      "choice: one row per point and storage, the frontier where each stops meeting the SLO, "
      "and a plot");
  cmd->add_option("sweep", options->file, "Sweep YAML (see data/sweeps/)")->required();
  cmd->add_option("--threads", options->threads, "Worker threads (default: all cores)");
  cmd->add_option("--shard", options->shard,
                  "Run only the K-th of N interleaved slices of the points (0 <= K < N); "
                  "join the parts with `stowage merge`");
  add_sweep_output_options(cmd, options->output);
  add_profiles_option(cmd, options->profile_dirs);
  cmd->callback([options, &status] {
    (void)status;
    if (options->threads < 0) {
      throw UsageError("--threads", fmt::format("{} threads", options->threads),
                        "at least 1, or 0 for all cores");
    }
    const Shard shard = options->shard.empty() ? Shard{} : parse_shard(options->shard);
    if (shard.count > 1 && (options->output.frontier || !options->output.plot.empty())) {
      throw UsageError("--shard", "the frontier and the plot need the whole grid",
                        "them on the merged parts: stowage merge PARTS... --out FILE --frontier");
    }
    const sim::config::Catalog catalog = open_catalog(options->profile_dirs);
    const sim::SweepSpec spec = sim::config::load_sweep_file(options->file, catalog);
    SweepRunOptions run;
    run.threads = options->threads > 0 ? static_cast<unsigned>(options->threads)
                                       : std::max(1u, std::thread::hardware_concurrency());
    run.shard = shard;
    if (isatty(fileno(stderr)) != 0) {
      const auto start = std::chrono::steady_clock::now();
      run.progress = [name = spec.name, start](std::size_t done, std::size_t total) {
        draw_progress(name, done, total, start);
      };
    }
    emit_sweep(run_sweep(spec, catalog, run), options->output);
  });
}

}  // namespace stowage::advisor
