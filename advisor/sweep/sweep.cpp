// `stowage sweep SWEEP.yaml [--threads N] [--shard K/N] [-o/--out FILE] [--format csv|json]
// [--frontier] [--plot FILE.svg] [--uncertainty [--worlds N]]`: simulates every grid point of a
// sweep file (sim/config/sweep_loader.hpp) on every storage choice and reports one row per (point,
// storage) (advisor/sweep/run.hpp), the frontier and a plot (advisor/report/sweep.hpp).
// --uncertainty judges every row in N plausible worlds as well (default as advise's); a sweep
// whose work in worlds (advisor/sweep/run.hpp, sweep_work_in_worlds) exceeds the loader's limit
// on a sweep's work is refused before anything runs.
//
// Threads: all cores by default (std::thread::hardware_concurrency). `--shard K/N` runs the K-th
// of N interleaved slices, counted from 1 as Playwright, Jest and Vitest count theirs: the points
// whose 0-based index % N == K - 1 (a Kubernetes Indexed Job passes its completion index + 1, a
// Slurm array --array=1-N its task id); the parts, written as JSON (a CSV part is refused: merge
// reads JSON only), are joined by `stowage merge`. The frontier and the plot need the whole grid:
// with --shard, ask merge. A progress bar (points done, rate, time left) goes to stderr when
// stderr is a terminal; it fits the terminal's width and redraws one line in place.
#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "advisor/cli/catalog_option.hpp"
#include "advisor/cli/commands.hpp"
#include "advisor/cli/progress.hpp"
#include "advisor/judge/uncertainty.hpp"
#include "advisor/report/sweep.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/sweep_loader.hpp"

namespace stowage::advisor {
namespace {

using sim::config::ConfigError;

struct SweepOptions {
  std::string file;
  int threads = 0;  // 0: all cores
  std::string shard;
  std::vector<std::string> profile_dirs;
  SweepOutputOptions output;
  bool uncertainty = false;
  int worlds = kDefaultWorlds;
};

/// `K/N`, 1 <= K <= N, as the 0-based Shard K - 1 of N.
Shard parse_shard(const std::string& text) {
  const std::string_view expected = "K/N with 1 <= K <= N, e.g. 1/4 for the first of 4";
  const std::size_t slash = text.find('/');
  Shard s;
  const char* begin = text.data();
  const char* mid = begin + std::min(slash, text.size());
  const char* end = begin + text.size();
  const auto [k_end, k_ec] = std::from_chars(begin, mid, s.index);
  const bool ok = slash != std::string::npos && k_ec == std::errc() && k_end == mid &&
                  std::from_chars(mid + 1, end, s.count).ec == std::errc() &&
                  std::from_chars(mid + 1, end, s.count).ptr == end;
  if (ok && s.index == 0 && s.count > 0) {
    throw UsageError("--shard", fmt::format("'{}' is not a shard: shards count from 1", text),
                     std::string(expected));
  }
  if (!ok || s.count == 0 || s.index > s.count) {
    throw UsageError("--shard", fmt::format("'{}' is not a shard", text), std::string(expected));
  }
  --s.index;
  return s;
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
  cmd->add_option("--threads", options->threads,
                  fmt::format("Worker threads, at most {} (default: all cores)", kMaxSweepThreads));
  cmd->add_option("--shard", options->shard,
                  "Run only the K-th of N interleaved slices of the points (1 <= K <= N, e.g. "
                  "1/4 for the first of 4) and write it as JSON; join the parts with "
                  "`stowage merge`");
  add_sweep_output_options(cmd, options->output);
  cmd->add_flag("--uncertainty", options->uncertainty,
                "Judge every row in plausible worlds of the ranged figures: its p99 band and "
                "how often it meets the SLO, the frontier's band and the plot's");
  cmd->add_option("--worlds", options->worlds,
                  fmt::format("With --uncertainty: worlds to draw (default {})", kDefaultWorlds));
  add_profiles_option(cmd, options->profile_dirs);
  cmd->callback([options, &status] {
    (void)status;
    if (options->threads < 0 || options->threads > kMaxSweepThreads) {
      throw UsageError("--threads", fmt::format("{} threads", options->threads),
                       fmt::format("from 1 to {}, or 0 for all cores", kMaxSweepThreads));
    }
    check_worlds_option(options->uncertainty, options->worlds);
    const Shard shard = options->shard.empty() ? Shard{} : parse_shard(options->shard);
    if (shard.count > 1 && (options->output.frontier || !options->output.plot.empty())) {
      throw UsageError("--shard", "the frontier and the plot need the whole grid",
                        "them on the merged parts: stowage merge PARTS... --out FILE --frontier");
    }
    if (!options->shard.empty() && sweep_rows_format(options->output) != "json") {
      throw UsageError("--shard", "a part must be JSON: `stowage merge` reads only JSON parts",
                       "--format json or -o PART.json");
    }
    const sim::config::Catalog catalog = open_catalog(options->profile_dirs);
    const sim::SweepSpec spec = sim::config::load_sweep_file(options->file, catalog);
    SweepRunOptions run;
    run.threads = options->threads > 0 ? static_cast<unsigned>(options->threads)
                                       : std::max(1u, std::thread::hardware_concurrency());
    run.shard = shard;
    if (options->uncertainty) {
      run.worlds = options->worlds;
      const double work = sweep_work_in_worlds(spec, run.worlds);
      if (work > sim::config::kMaxSweepLoads) {
        throw UsageError(
            "--worlds",
            fmt::format("up to {:.3g} loads in {} worlds (up to {:.3g} loads a world and the "
                        "sweep's own run), more than {:.0e}",
                        work, run.worlds, spec.work_loads, sim::config::kMaxSweepLoads),
            "fewer worlds, or fewer points, storages or replications");
      }
    }
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
