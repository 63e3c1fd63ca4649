// Sweep runs: every grid point of a sim::SweepSpec simulated and judged, as a table of rows.
//
// A row is one (point, storage): the storage's feasibility (the advisor's hard constraints), its
// time-to-ready percentiles, failures, monthly cost, bottleneck, SLO verdict, and whether it is
// the point's recommended choice, from the same evaluation as `stowage advise`
// (advisor/judge/evaluate.hpp, advisor/judge/rank.hpp). Every profile is read once, before the
// parallel part (one sim::ProfileSet shared by every point), and the sizing hint of a missed SLO is
// skipped (its extra simulations would multiply the cost of a sweep; a sweep over
// `storage.NAME.capacity` answers the same question).
// When a delay is drawn, each (point, storage) runs R times (`replications`, default
// kDefaultReplications, as advise): the point's seed, then the successive outputs of
// sim::Rng(point seed); the summary is the first run's, the p99 is the judged one (the worst run)
// and its target must hold in every run (as in advise). A row says how many runs it took and
// whether a drawn delay decided it in a single run (`replications: 1`), which the frontier marks.
//
// Determinism: a point's rows depend only on the spec, the catalog and its index. Threads take
// the next point from an atomic counter and write into the point's own slot; the table is
// assembled in point order, so any thread count and any sharding give the same rows. A shard
// K/N (0 <= K < N) runs the points whose index % N == K.
//
// Uncertainty (`sweep --uncertainty [--worlds N]`, SweepRunOptions::worlds > 0): every point's
// storages are also judged over N plausible worlds of the ranged figures, as `advise
// --uncertainty` judges its candidates (advisor/judge/uncertainty.hpp): the draw is seeded by the
// point's seed, which is the sweep's, so every point draws the same worlds of the figures it
// shares, and every world runs the point's simulation seeds. A feasible row gains its judged
// p99's band over the worlds (p10, p50, p90) and the share of worlds in which it meets the SLO;
// the header says how many worlds and the objective's confidence. The CSV then ends with the
// columns p99_p10_s,p99_p50_s,p99_p90_s,holds_in, and the JSON head carries "worlds" and
// "confidence" and each row "p99_p10_s", "p99_p50_s", "p99_p90_s" and "holds_in" (null for an
// infeasible row); without --uncertainty none of them appears.
//
// Formats (same table, same bytes):
//   CSV   point,<one column per axis path>,storage,feasible,meets_slo,p50_s,p95_s,p99_s,max_s,
//         failed,cost_per_month,currency,bottleneck,recommended,reason
//         axis values in the simulator's units (bytes, seconds, counts, per second) or the name;
//         times in seconds, empty when infinite (a failed percentile) or not simulated; numbers
//         in the shortest text that reads back as the same double.
//   JSON  {"sweep", "identity", "seed", "replications", "points", "shard": {"index", "count"},
//          "slo", "storages", "axes": [{"path", "unit", "scale", "values", "labels"}],
//          "rows": [{"point", "values", "storage", "feasible", "reason", "meets_slo", "p50_s",
//                    "p95_s", "p99_s", "max_s", "failed", "cost_per_month", "currency",
//                    "bottleneck", "recommended", "runs", "single_run"}]}
//         with null for infinite or not simulated; a shard's JSON is what `stowage merge` reads
//         (advisor/sweep/merge.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "advisor/judge/band.hpp"
#include "sim/config/catalog.hpp"
#include "sim/sweep.hpp"

namespace stowage::advisor {

struct SweepRow {
  std::size_t point = 0;
  std::string storage;
  bool feasible = false;
  std::string reason;  // why not feasible; empty when feasible
  bool meets_slo = false;
  double p50_s = 0, p95_s = 0, p99_s = 0, max_s = 0;  // infinity when failures reach the rank
  std::int64_t failed = 0;
  double cost_per_month = 0;  // rounded to hundredths (kCostScale)
  std::string currency;
  bool unpriced = false;  // a cost term no figure prices: cost_per_month counts only the others
  std::string bottleneck;
  bool recommended = false;
  int runs = 0;             // simulations behind the verdict (1 when nothing is drawn)
  bool single_run = false;  // a drawn delay decided the verdict in one run (Candidate::single_run)
  /// With --uncertainty, a feasible row's judged p99 over the worlds (seconds, infinite when no
  /// load was ready) and the share of worlds meeting the SLO; nothing otherwise.
  std::optional<Band> p99_band = std::nullopt;
  double holds_in = 0;
};

/// What a table says about the sweep it comes from.
struct SweepHeader {
  std::string name;
  std::string identity;  // the spec's and its profiles' (run_sweep): parts of one sweep share it
  std::uint64_t seed = 0;
  int replications = 1;
  std::size_t points = 0;  // in the whole grid
  std::size_t shard_index = 1, shard_count = 1;  // K and N of --shard K/N (K from 1)
  std::string slo;  // the base objective in words (`p99 <= 120 s, no failed start`) and its axes
  std::optional<double> slo_p99_s;    // the p99 target when every point shares it
  std::vector<std::string> storages;  // in the sweep's order
  std::vector<sim::SweepAxis> axes;
  int worlds = 0;           // plausible worlds each row was judged in; 0 without --uncertainty
  double confidence = 0.9;  // the base objective's confidence share (with worlds > 0)

  /// The value index on each axis of `point` (first axis fastest, as sim::SweepSpec).
  std::vector<std::size_t> coords(std::size_t point) const;
};

struct SweepTable {
  SweepHeader header;
  std::vector<SweepRow> rows;  // by point, then in header.storages order
};

/// A shard: the K-th (0-based here; `--shard K+1/N` on the command line) of N interleaved slices.
struct Shard {
  std::size_t index = 0;
  std::size_t count = 1;
};

/// Most worker threads a sweep takes (`--threads`): beyond the cores of any machine it runs on,
/// more threads only cost memory, and a system refuses to make many thousands.
inline constexpr int kMaxSweepThreads = 1024;

struct SweepRunOptions {
  unsigned threads = 1;  // from 1 to kMaxSweepThreads
  Shard shard;
  int worlds = 0;  // plausible worlds to judge every row in (--uncertainty); 0: none
  /// Called from the calling thread about every kProgressPeriod: points done, points in all.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// The header of `spec`'s table (without rows), for shard `shard`, judged in `worlds` worlds.
SweepHeader sweep_header(const sim::SweepSpec& spec, Shard shard, int worlds = 0);

/// The most simulated loads `spec` takes in `worlds` worlds (the advice's own run and one per
/// world, for every row): what `sweep --uncertainty` refuses beyond the sweep loader's limit.
double sweep_work_in_worlds(const sim::SweepSpec& spec, int worlds);

/// Runs the shard's points of `spec`; profiles are read from `catalog` once, up front.
SweepTable run_sweep(const sim::SweepSpec& spec, const sim::config::Catalog& catalog,
                     const SweepRunOptions& options);

std::string sweep_csv(const SweepTable& table);
nlohmann::ordered_json sweep_json(const SweepTable& table);

/// The CSV's header line, and one row's line (each with its newline): sweep_csv is the head and
/// then every row's line.
std::string sweep_csv_head(const SweepHeader& h);
std::string sweep_csv_row(const SweepHeader& h, const SweepRow& r);
/// The JSON without "rows", and one row of "rows" (`head` is sweep_json_head(h)): sweep_json is
/// the head with "rows" the array of every row's JSON.
nlohmann::ordered_json sweep_json_head(const SweepHeader& h);
nlohmann::ordered_json sweep_json_row(const SweepHeader& h, const nlohmann::ordered_json& head,
                                      const SweepRow& r);

}  // namespace stowage::advisor
