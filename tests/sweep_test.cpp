// `stowage sweep` and `stowage merge`: axis parsing (lists, linear and log ranges), seeds per
// point, determinism across threads and shards, merge checks, the frontier of a sweep whose
// answers follow by hand, the plot, every bad sweep fixture's message, and the shipped sweeps.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "advisor/cli/commands.hpp"
#include "advisor/report/svg_plot.hpp"
#include "advisor/sweep/frontier.hpp"
#include "advisor/sweep/merge.hpp"
#include "advisor/sweep/run.hpp"
#include "cli_runner.hpp"
#include "sim/config/sweep_loader.hpp"
#include "sim/config/workload_fields.hpp"
#include "sim/config/yaml_reader.hpp"

namespace adv = stowage::advisor;
namespace sim = stowage::sim;
using stowage::testing::config_error_of;
using stowage::testing::read_text;
using stowage::testing::run_stowage;

namespace {

const std::string kFixtures = std::string(STOWAGE_TEST_DIR) + "/fixtures/sweep";

sim::config::Catalog builtin_catalog() { return sim::config::Catalog::standard({}, ""); }
sim::config::Catalog fixture_catalog() { return sim::config::Catalog::standard({kFixtures + "/profiles"}, ""); }

/// A sweep over an inline burst of 10 instances of a 5 GB model, with `axes` appended.
sim::SweepSpec sweep_text(const std::string& axes, const sim::config::Catalog& catalog) {
  const std::string text =
      "name: t\n"
      "base:\n"
      "  name: b\n"
      "  model: {files: [{path: w, size: 5GB}, {path: v, size: 300MB}]}\n"
      "  platform: fc-gpu\n"
      "  gpu: a10\n"
      "  arrivals: {burst: {count: 10}}\n"
      "  storage: {nas-performance: {stored: 500GB}, oss: null, oss-accel: {capacity: 1TB}}\n"
      "  objective: {p99: 120s}\n"
      "axes:\n" +
      axes;
  const auto doc = sim::config::YamlDocument::from_text(text, "sweep.yaml");
  return sim::config::load_sweep(doc, text, catalog);
}

std::vector<double> numbers(const sim::SweepAxis& a) {
  std::vector<double> out;
  for (const sim::AxisValue& v : a.values) out.push_back(v.number);
  return out;
}

std::vector<std::string> labels(const sim::SweepAxis& a) {
  std::vector<std::string> out;
  for (const sim::AxisValue& v : a.values) out.push_back(v.label);
  return out;
}

adv::SweepTable run(const sim::SweepSpec& spec, const sim::config::Catalog& catalog, unsigned threads,
                    adv::Shard shard = {}) {
  adv::SweepRunOptions o;
  o.threads = threads;
  o.shard = shard;
  return adv::run_sweep(spec, catalog, o);
}

}  // namespace

TEST_CASE("sweep: a list axis keeps its values in order, in the simulator's units") {
  const auto catalog = builtin_catalog();
  const auto spec = sweep_text("  model.files[0].size: [2GB, 5GB, 20GiB]\n", catalog);
  REQUIRE(spec.axes.size() == 1);
  const sim::SweepAxis& a = spec.axes[0];
  CHECK(a.field == sim::SweepField::kFileSize);
  CHECK(a.file_index == 0);
  CHECK(a.scale == sim::AxisScale::kList);
  // 20 GiB = 20 x 2^30 = 21474836480 bytes, labelled as sizing tables write it.
  CHECK(numbers(a) == std::vector<double>{2e9, 5e9, 21474836480.0});
  CHECK(labels(a) == std::vector<std::string>{"2 GB", "5 GB", "20 GiB"});
  // Point 2 sets the first file to 20 GiB and leaves the second alone.
  const sim::Workload w = spec.workload_at(2);
  CHECK(w.model.files[0].size.value() == 21474836480.0);
  CHECK(w.model.files[1].size.value() == 3e8);
}

TEST_CASE("sweep: linear and log ranges include both ends, integer fields round and dedupe") {
  const auto catalog = builtin_catalog();
  // Linear, 5 steps from 0 s to 60 s: 0, 15, 30, 45, 60 s.
  auto spec = sweep_text("  arrivals.spread: {from: 0s, to: 1min, steps: 5}\n", catalog);
  CHECK(spec.axes[0].scale == sim::AxisScale::kLinear);
  CHECK(numbers(spec.axes[0]) == std::vector<double>{0, 15, 30, 45, 60});
  // Log, 4 steps from 1 to 1000: 1000^(i/3) = 1, 10, 100, 1000.
  spec = sweep_text("  arrivals.count: {from: 1, to: 1000, steps: 4, scale: log}\n", catalog);
  CHECK(spec.axes[0].scale == sim::AxisScale::kLog);
  CHECK(numbers(spec.axes[0]) == std::vector<double>{1, 10, 100, 1000});
  // Log, 12 steps from 1 to 1000: 10^(3i/11) = 1, 1.87, 3.51, 6.58, 12.3, 23.1, 43.3, 81.1,
  // 152, 285, 534, 1000, rounded to the nearest integer.
  spec = sweep_text("  arrivals.count: {from: 1, to: 1000, steps: 12, scale: log}\n", catalog);
  CHECK(numbers(spec.axes[0]) ==
        std::vector<double>{1, 2, 4, 7, 12, 23, 43, 81, 152, 285, 534, 1000});
  // Log, 6 steps from 1 to 4: 4^(i/5) = 1, 1.32, 1.74, 2.30, 3.03, 4 round to 1, 1, 2, 2, 3, 4;
  // repeats are dropped, leaving 1, 2, 3, 4.
  spec = sweep_text("  arrivals.count: {from: 1, to: 4, steps: 6, scale: log}\n", catalog);
  CHECK(numbers(spec.axes[0]) == std::vector<double>{1, 2, 3, 4});
  // Log sizes keep their fractions: 500 GB x 4^(i/2) = 500 GB, 1 TB, 2 TB.
  spec = sweep_text("  storage.oss-accel.capacity: {from: 500GB, to: 2TB, steps: 3, scale: log}\n",
                    catalog);
  CHECK(numbers(spec.axes[0]) == std::vector<double>{5e11, 1e12, 2e12});
  const sim::Workload w = spec.workload_at(1);
  CHECK(w.storage[2].profile == "oss-accel");
  CHECK(w.storage[2].capacity->value() == 1e12);
}

TEST_CASE("sweep: a warm axis takes booleans, and only for an accelerator") {
  const auto catalog = builtin_catalog();
  const auto spec = sweep_text("  storage.oss-accel.warm: [false, true]\n", catalog);
  CHECK(spec.axes[0].unit == sim::AxisUnit::kBool);
  CHECK(labels(spec.axes[0]) == std::vector<std::string>{"false", "true"});
  CHECK_FALSE(spec.workload_at(0).storage[2].warm);
  CHECK(spec.workload_at(1).storage[2].warm);
  // nas-performance has no cache to warm: refused at the axis's value, line 11, column
  // 2 (indent) + 28 (the path) + 2 (`: `) + 1 = 33.
  CHECK(config_error_of([&] { sweep_text("  storage.nas-performance.warm: [true]\n", catalog); }) ==
        "sweep.yaml:11:33: error: axes.storage.nas-performance.warm: `warm` applies to an "
        "accelerator's cache; nas-performance is a nas storage (expected storage.NAME.warm of an "
        "accelerator)");
}

TEST_CASE("sweep: loader.streams, loader.profile and model.io.threads are axes") {
  const auto catalog = builtin_catalog();
  // Two points, each with its streams applied to the workload's loader; the base sets none.
  auto spec = sweep_text("  loader.streams: [1, 16]\n", catalog);
  REQUIRE(spec.point_count() == 2);
  CHECK(spec.axes[0].field == sim::SweepField::kLoaderStreams);
  CHECK(labels(spec.axes[0]) == std::vector<std::string>{"1", "16"});
  CHECK_FALSE(spec.base.loader.streams.has_value());
  CHECK(spec.workload_at(0).loader.streams == 1);
  CHECK(spec.workload_at(1).loader.streams == 16);
  // A log range of streams rounds like any count: 16^(i/4) = 1, 2, 4, 8, 16.
  spec = sweep_text("  loader.streams: {from: 1, to: 16, steps: 5, scale: log}\n", catalog);
  CHECK(numbers(spec.axes[0]) == std::vector<double>{1, 2, 4, 8, 16});
  // Loader profiles by name, checked against the catalog.
  spec = sweep_text("  loader.profile: [vllm-default, runai-streamer]\n", catalog);
  CHECK(spec.workload_at(0).loader.profile == "vllm-default");
  CHECK(spec.workload_at(1).loader.profile == "runai-streamer");
  spec = sweep_text("  model.io.threads: [1, 8]\n", catalog);
  CHECK(spec.workload_at(1).model.io.reader_threads == 8);
  // The workload's bound on streams, 1..1024, at the value's position: line 11, column
  // 2 (indent) + 14 (the path) + 2 (`: `) + 1 (`[`) + 3 (`1, `) + 1 = 23.
  CHECK(config_error_of([&] { sweep_text("  loader.streams: [1, 0]\n", catalog); }) ==
        "sweep.yaml:11:23: error: axes.loader.streams[1]: 0 is out of range (expected an integer "
        "from 1 to 1024)");
  CHECK(config_error_of([&] { sweep_text("  loader.profile: [vllm-defualt]\n", catalog); })
            .starts_with("sweep.yaml:11:20: error: axes.loader.profile[0]: unknown loader profile "
                         "`vllm-defualt`, did you mean `vllm-default`?"));
}

TEST_CASE("sweep: count and number axes take the workload's own bounds") {
  // One row per bounded workload figure serves the workload loader and the sweep axes.
  for (const sim::SweepFieldInfo& f : sim::sweep_fields()) {
    CAPTURE(f.path);
    if (f.unit == sim::AxisUnit::kCount || f.unit == sim::AxisUnit::kNumber) {
      CHECK(sim::config::is_bounded_workload_field(f.path));
    }
  }
  // instance.vcpu is 0.125..1024 in both; the value is at line 11, column 2 + 13 + 2 + 1 + 1 = 19.
  const auto catalog = builtin_catalog();
  CHECK(config_error_of([&] { sweep_text("  instance.vcpu: [0.1]\n", catalog); }) ==
        "sweep.yaml:11:19: error: axes.instance.vcpu[0]: 0.1 is out of range (expected a number "
        "from 0.125 to 1024)");
}

TEST_CASE("sweep: a loader.streams axis runs, and more streams load no slower") {
  const auto catalog = builtin_catalog();
  const auto spec = sweep_text(
      "  loader.streams: [1, 16]\n  storage: [nas-performance]\n", catalog);
  const adv::SweepTable t = run(spec, catalog, 1);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].point == 0);
  CHECK(t.rows[1].point == 1);
  CHECK(t.rows[1].p50_s <= t.rows[0].p50_s);
  // Loader profiles named only by the axis are read up front like platforms and GPUs.
  const auto by_profile = sweep_text(
      "  loader.profile: [vllm-default, runai-streamer]\n  storage: [nas-performance]\n",
      catalog);
  const adv::SweepTable p = run(by_profile, catalog, 1);
  REQUIRE(p.rows.size() == 2);
  CHECK(p.rows[0].feasible);
  CHECK(p.rows[1].feasible);
}

TEST_CASE("sweep: the storage axis picks the choices and keeps the base's sizing") {
  const auto catalog = builtin_catalog();
  const auto spec =
      sweep_text("  storage: [oss-accel, image]\n  arrivals.count: [1, 2]\n", catalog);
  REQUIRE(spec.base.storage.size() == 2);
  CHECK(spec.base.storage[0].profile == "oss-accel");
  CHECK(spec.base.storage[0].capacity->value() == 1e12);  // from the base's storage mapping
  CHECK(spec.base.storage[1].profile == "image");
  CHECK(spec.axes.size() == 1);  // storage is not a grid dimension
}

TEST_CASE("sweep: points are numbered first axis fastest, all on the sweep's seed") {
  const auto catalog = builtin_catalog();
  const auto spec =
      sweep_text("  arrivals.count: [10, 20, 40]\n  model.files[0].size: [2GB, 5GB]\n", catalog);
  // 3 x 2 = 6 points; point 4 = 1 + 3 x 1 is (count 20, size 5 GB).
  CHECK(spec.point_count() == 6);
  CHECK(spec.coords(4) == std::vector<std::size_t>{1, 1});
  const sim::Workload w = spec.workload_at(4);
  CHECK(std::get<sim::BurstArrivals>(w.arrivals).count == 20);
  CHECK(w.model.files[0].size.value() == 5e9);
  // Common random numbers: every point runs on the sweep's seed (the base's, 1 by default).
  CHECK(spec.seed == 1);
  for (std::size_t i = 0; i < spec.point_count(); ++i) CHECK(spec.workload_at(i).seed == 1);
}

namespace {

/// The rows of a sweep over `gpu: [A, B]` on the twins platform (tests/fixtures/sweep/profiles),
/// keyed by GPU name, the point index left out.
std::map<std::string, std::vector<std::string>> rows_by_gpu(const std::string& a,
                                                             const std::string& b) {
  const std::string text =
      "name: twins\n"
      "base:\n"
      "  name: b\n"
      "  model: {files: [{path: w, size: 5GB}]}\n"
      "  platform: twins\n"
      "  gpu: twin-a\n"
      "  arrivals: {burst: {count: 20, spread: 10s}}\n"
      "  storage: {nas-performance: {stored: 500GB}, oss: null}\n"
      "  objective: {p99: 40s}\n"
      "axes:\n"
      "  gpu: [" + a + ", " + b + "]\n";
  const auto catalog = fixture_catalog();
  const auto doc = sim::config::YamlDocument::from_text(text, "sweep.yaml");
  const sim::SweepSpec spec = sim::config::load_sweep(doc, text, catalog);
  const adv::SweepTable t = run(spec, catalog, 1);
  std::map<std::string, std::vector<std::string>> out;
  for (const adv::SweepRow& r : t.rows) {
    const std::string gpu = spec.axes[0].values[r.point].name;
    out[gpu].push_back(fmt::format("{} {} {} {} {} {} {}", r.storage, r.meets_slo, r.p50_s,
                                   r.p99_s, r.max_s, r.failed, r.bottleneck));
  }
  return out;
}

}  // namespace

TEST_CASE("sweep: two identical GPUs give identical rows, in either order (common random numbers)") {
  // twin-a and twin-b are the same A10 under two names on a platform whose sandbox start is
  // drawn (fc-gpu's lognormal): with a seed per point the two would see different draws and a
  // non-random axis would carry the noise; on the sweep's one seed they see the same.
  const auto ab = rows_by_gpu("twin-a", "twin-b");
  const auto ba = rows_by_gpu("twin-b", "twin-a");
  REQUIRE(ab.size() == 2);
  REQUIRE(ab.at("twin-a").size() == 2);
  CHECK(ab.at("twin-a") == ab.at("twin-b"));
  CHECK(ba.at("twin-a") == ba.at("twin-b"));
  CHECK(ab == ba);
}

TEST_CASE("sweep: the same CSV with 1 thread, 2 threads, and 4 shards merged") {
  const auto catalog = builtin_catalog();
  // Random delays (lognormal sandbox, NAS attach) make every point's seed matter.
  const auto spec = sweep_text(
      "  arrivals.count: {from: 1, to: 40, steps: 5, scale: log}\n"
      "  model.files[0].size: [2GB, 5GB]\n"
      "  arrivals.spread: [0s, 10s]\n",
      catalog);
  const std::string one = adv::sweep_csv(run(spec, catalog, 1));
  CHECK(adv::sweep_csv(run(spec, catalog, 2)) == one);
  std::vector<adv::SweepTable> parts;
  std::vector<std::string> files;
  for (std::size_t k = 0; k < 4; ++k) {
    const adv::SweepTable part = run(spec, catalog, 2, {k, 4});
    // Through JSON, as `stowage merge` reads parts, in reverse order.
    parts.insert(parts.begin(),
                 adv::sweep_from_json(adv::sweep_json(part).dump(2), fmt::format("part{}", k)));
    files.insert(files.begin(), fmt::format("part{}", k));
  }
  const adv::SweepTable merged = adv::merge_sweep_tables(parts, files);
  CHECK(adv::sweep_csv(merged) == one);
  CHECK(adv::sweep_json(merged) == adv::sweep_json(run(spec, catalog, 1)));
  // 5 x 2 x 2 = 20 points, 3 storages each, and a header line.
  CHECK(std::count(one.begin(), one.end(), '\n') == 61);
}

TEST_CASE("sweep: the command line gives the same bytes with threads and shards") {
  const std::string dir =
      std::filesystem::temp_directory_path() / fmt::format("stowage-sweep-cli-{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::string sweep = "tests/fixtures/sweep/small.yaml";
  const auto one = run_stowage("sweep " + sweep + " --threads 1");
  REQUIRE(one.code == 0);
  CHECK(one.err.empty());  // not a terminal: no progress bar
  // Rows to a file: standard error ends with what was written where.
  const auto to_file = run_stowage(fmt::format("sweep {} --threads 1 -o {}/rows.csv", sweep, dir));
  CHECK(to_file.err == fmt::format("wrote 18 rows (6 points x 3 storages) to {}/rows.csv\n", dir));
  CHECK(run_stowage("sweep " + sweep + " --threads 2").out == one.out);
  std::string parts;
  for (int k = 1; k <= 4; ++k) {  // shards count from 1: 1/4 to 4/4
    const std::string part = fmt::format("{}/part-{}.json", dir, k);
    REQUIRE(run_stowage(fmt::format("sweep {} --shard {}/4 --out {}", sweep, k, part)).code == 0);
    parts += " " + part;
  }
  const auto merged = run_stowage("merge" + parts + " --out " + dir + "/all.csv");
  REQUIRE(merged.code == 0);
  CHECK(read_text(dir + "/all.csv") == one.out);
  // A shard cannot draw the frontier: it lacks the other points.
  const auto refused = run_stowage("sweep " + sweep + " --shard 1/4 --frontier");
  CHECK(refused.code == 2);
  CHECK(refused.err ==
        "stowage sweep: error: --shard: the frontier and the plot need the whole grid (expected "
        "them on the merged parts: stowage merge PARTS... --out FILE --frontier)\n");
  const auto bad_shard = run_stowage("sweep " + sweep + " --shard 5/4");
  CHECK(bad_shard.code == 2);
  CHECK(bad_shard.err ==
        "stowage sweep: error: --shard: '5/4' is not a shard (expected K/N with 1 <= K <= N, e.g. "
        "1/4 for the first of 4)\n");
  // 0/N was the first shard when shards counted from 0; now it is refused, saying why.
  const auto zero = run_stowage("sweep " + sweep + " --shard 0/4 -o " + dir + "/zero.json");
  CHECK(zero.code == 2);
  CHECK(zero.err ==
        "stowage sweep: error: --shard: '0/4' is not a shard: shards count from 1 (expected K/N "
        "with 1 <= K <= N, e.g. 1/4 for the first of 4)\n");
  // A part is JSON, the only format merge reads: a CSV part is refused before anything runs.
  const auto csv_part = run_stowage("sweep " + sweep + " --shard 1/4 -o " + dir + "/part.csv");
  CHECK(csv_part.code == 2);
  CHECK(csv_part.err ==
        "stowage sweep: error: --shard: a part must be JSON: `stowage merge` reads only JSON parts "
        "(expected --format json or -o PART.json)\n");
  CHECK_FALSE(std::filesystem::exists(dir + "/part.csv"));
  CHECK(run_stowage("sweep " + sweep + " --shard 1/4 --format csv").code == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("merge: missing, duplicated and foreign parts are refused with what is wrong") {
  const auto catalog = builtin_catalog();
  const auto spec = sweep_text("  arrivals.count: [1, 2, 3, 4, 5, 6]\n", catalog);
  const adv::SweepTable p0 = run(spec, catalog, 1, {0, 3});  // points 0, 3
  const adv::SweepTable p1 = run(spec, catalog, 1, {1, 3});  // points 1, 4
  const adv::SweepTable p2 = run(spec, catalog, 1, {2, 3});  // points 2, 5
  // Without p2, points 2 and 5 are missing.
  CHECK(config_error_of([&] {
          adv::merge_sweep_tables({p0, p1}, {"a.json", "b.json"});
        }) ==
        "a.json:1:1: error: points: 2 points missing: 2, 5 (expected every point from 0 to 5 "
        "in exactly one part)");
  // p1 twice: points 1 and 4 are duplicated, and 2 and 5 are still missing.
  CHECK(config_error_of([&] {
          adv::merge_sweep_tables({p0, p1, p1}, {"a.json", "b.json", "c.json"});
        }) ==
        "a.json:1:1: error: points: 2 points missing: 2, 5; 2 points duplicated: 1 (in b.json "
        "and c.json), 4 (in b.json and c.json) (expected every point from 0 to 5 in exactly one "
        "part)");
  // A part of another sweep (another identity) is not merged.
  const auto other = sweep_text("  arrivals.count: [1, 2, 3, 4, 5, 7]\n", catalog);
  adv::SweepTable foreign = run(other, catalog, 1, {2, 3});
  CHECK(config_error_of([&] {
          adv::merge_sweep_tables({p0, p1, foreign}, {"a.json", "b.json", "c.json"});
        }) == fmt::format("c.json:1:1: error: identity: a part of sweep `t` ({}, 6 points), not "
                          "of `t` ({}, 6 points) like a.json (expected parts of one sweep)",
                          foreign.header.identity, p0.header.identity));
  CHECK(adv::merge_sweep_tables({p2, p0, p1}, {"c", "a", "b"}).rows.size() == 18);
  // Through the command: exit 2, nothing written.
  const std::string dir =
      std::filesystem::temp_directory_path() / fmt::format("stowage-merge-cli-{}", ::getpid());
  std::filesystem::create_directories(dir);
  adv::write_file_atomically(dir + "/a.json", adv::sweep_json(p0).dump());
  const auto r = run_stowage(fmt::format("merge {0}/a.json --out {0}/all.csv", dir));
  CHECK(r.code == 2);
  CHECK(r.err == fmt::format("{}/a.json:1:1: error: points: 4 points missing: 1, 2, 4, 5 "
                             "(expected every point from 0 to 5 in exactly one part)\n",
                             dir));
  CHECK_FALSE(std::filesystem::exists(dir + "/all.csv"));
  std::filesystem::remove_all(dir);
}

// The hand-checkable sweep (tests/fixtures/sweep/frontier.yaml and its profiles): N instances
// at once each read one file of S bytes from a NAS of constant shared throughput C; there is no
// sandbox, attach or mount time, the NICs (100 GB/s) never bind and the GPU copy is free, so
// max-min sharing gives each C / N and every instance is ready at N x S / C. SLO p99 <= 105 s.
//   S = 10 GB: flat-nas (1 GB/s) 50, 100, 110, 200 s at N = 5, 10, 11, 20: meets up to 10;
//              flat-nas-fast (2 GB/s) 25, 50, 55, 100 s: meets everywhere;
//              flat-nas-slow (100 MB/s) 500 s and more: never.
//   S = 20 GB: flat-nas 100, 200, ... s: meets up to 5; flat-nas-fast 50, 100, 110, 200 s: up
//              to 10; flat-nas-slow never (from N = 10 it passes the 2000 s timeout).
// The recommendation is the fastest that meets the SLO (equal costs): flat-nas-fast, and none
// where nothing meets it (S = 20 GB, N >= 11).
TEST_CASE("sweep: the frontier of a hand-checkable sweep") {
  const auto catalog = fixture_catalog();
  const auto spec = sim::config::load_sweep_file(kFixtures + "/frontier.yaml", catalog);
  const adv::SweepTable t = run(spec, catalog, 2);
  // Point 1 (N = 10, S = 10 GB) on flat-nas: 10 x 10 GB / 1 GB/s = 100 s.
  const adv::SweepRow& r = t.rows[3];
  REQUIRE(r.point == 1);
  REQUIRE(r.storage == "flat-nas");
  CHECK(r.p99_s == doctest::Approx(100.0).epsilon(1e-9));
  CHECK(r.meets_slo);
  CHECK(adv::sweep_frontier(t) ==
        "hand-frontier: where each storage meets the SLO (p99 <= 105 s, no failed start) along "
        "arrivals.count\n"
        "\n"
        "at model.files[0].size = 10 GB:\n"
        "  flat-nas       meets up to 10 (misses from 11)\n"
        "  flat-nas-fast  meets across the whole range (5 to 20)\n"
        "  flat-nas-slow  never meets (5 to 20)\n"
        "  recommended: flat-nas-fast for 5 to 20\n"
        "\n"
        "at model.files[0].size = 20 GB:\n"
        "  flat-nas       meets up to 5 (misses from 10)\n"
        "  flat-nas-fast  meets up to 10 (misses from 11)\n"
        "  flat-nas-slow  never meets (5 to 20)\n"
        "  recommended: flat-nas-fast for 5 to 10, none for 11 to 20\n");
}

namespace {

/// An empty table of sweep "h" (SLO p99 <= 1 s, storages a and b) along `path` = 1 .. n.
adv::SweepTable table_along(const std::string& path, int n) {
  adv::SweepTable t;
  t.header.name = "h";
  t.header.slo = "p99 <= 1 s";
  t.header.storages = {"a", "b"};
  sim::SweepAxis axis;
  axis.path = path;
  for (int i = 1; i <= n; ++i) axis.values.push_back({double(i), {}, std::to_string(i)});
  t.header.axes = {axis};
  t.header.points = static_cast<std::size_t>(n);
  return t;
}

}  // namespace

TEST_CASE("sweep: the frontier reads a rising run and scattered runs") {
  // A capacity axis where larger is better: misses at 1 and 2, meets from 3 on.
  adv::SweepTable t = table_along("storage.a.capacity", 4);
  const bool a_meets[] = {false, false, true, true};
  const bool b_meets[] = {true, false, true, false};
  for (std::size_t p = 0; p < 4; ++p) {
    t.rows.push_back({p, "a", true, "", a_meets[p], 0, 0, 0, 0, 0, 0, "", false, "", a_meets[p]});
    t.rows.push_back(
        {p, "b", true, "", b_meets[p], 0, 0, 0, 0, 0, 0, "", false, "", b_meets[p] && !a_meets[p]});
  }
  CHECK(adv::sweep_frontier(t) ==
        "h: where each storage meets the SLO (p99 <= 1 s) along storage.a.capacity\n"
        "a  meets from 3 (misses up to 2)\n"
        "b  meets at 1, 3\n"
        "recommended: b for 1, none for 2, a for 3 to 4\n");
}

TEST_CASE("sweep: the frontier marks where a single run of drawn delays decided") {
  // Storage a met at 1 and 3 but not at 2, each in a single run with drawn delays (one random
  // start delay can make such a hole); b was simulated 3 times at every value.
  adv::SweepTable t = table_along("arrivals.count", 3);
  for (std::size_t p = 0; p < 3; ++p) {
    adv::SweepRow a{p, "a", true, "", p != 1, 0, 0, 0, 0, 0, 0, "", false, "", p != 1};
    a.runs = 1;
    a.single_run = p != 2;
    t.rows.push_back(a);
    adv::SweepRow b{p, "b", true, "", false, 0, 0, 0, 0, 0, 0, "", false, "", false};
    b.runs = 3;
    t.rows.push_back(b);
  }
  CHECK(adv::sweep_frontier(t) ==
        "h: where each storage meets the SLO (p99 <= 1 s) along arrivals.count\n"
        "a  meets at 1, 3 (a single run of drawn delays decided at 1 to 2: more replications may "
        "move it)\n"
        "b  never meets (1 to 3)\n"
        "recommended: a for 1, none for 2, a for 3\n");
}

TEST_CASE("sweep: with drawn delays a point runs 3 times unless the sweep says otherwise") {
  // The default workload draws its sandbox start (lognormal on fc-gpu): without `replications`,
  // each row takes the advise default of 3 runs, and its p99 is the worst of them.
  const auto catalog = builtin_catalog();
  auto spec = sim::config::load_sweep_file(kFixtures + "/small.yaml", catalog);
  CHECK_FALSE(spec.replications.has_value());
  const adv::SweepTable t = run(spec, catalog, 1);
  REQUIRE_FALSE(t.rows.empty());
  CHECK(t.header.replications == 3);
  for (const adv::SweepRow& r : t.rows) {
    if (!r.feasible) continue;
    CHECK(r.runs == 3);
    CHECK_FALSE(r.single_run);
  }
  // One run asked for: every feasible row says a single run decided it.
  spec.replications = 1;
  for (const adv::SweepRow& r : run(spec, catalog, 1).rows) {
    if (r.feasible) CHECK(r.single_run);
  }
}

TEST_CASE("sweep: the plot is an SVG with the SLO, a legend and axis titles") {
  const auto catalog = fixture_catalog();
  auto spec = sim::config::load_sweep_file(kFixtures + "/frontier.yaml", catalog);
  const std::string heat = adv::sweep_svg(run(spec, catalog, 1));
  CHECK(heat.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(heat.find("recommended storage by instances per burst and model file size") !=
        std::string::npos);
  CHECK(heat.find("none meets the SLO") != std::string::npos);
  spec.axes.pop_back();  // one axis: p99 against arrivals.count
  const std::string lines = adv::sweep_svg(run(spec, catalog, 1));
  CHECK(lines.find("p99 time to ready by instances per burst") != std::string::npos);
  CHECK(lines.find("SLO p99 105 s") != std::string::npos);
  CHECK(lines.find("stroke-dasharray") != std::string::npos);
  CHECK(lines.ends_with("</svg>\n"));
  CHECK(adv::sweep_svg(run(spec, catalog, 2)) == lines);
}

// One fixture per promised message; the text is the contract, so it is pinned in full.
TEST_CASE("sweep: every bad sweep fixture gives its exact message") {
  const std::string dir = "tests/fixtures/bad/";
  const std::string paths =
      "one of: arrivals.count, arrivals.spread, arrivals.rate_per_s, arrivals.duration, "
      "arrivals.instances, model.files[N].size, model.io.threads, instance.memory, "
      "instance.vcpu, timeout, regions, platform, gpu, loader.profile, loader.streams, storage, "
      "storage.NAME.stored, storage.NAME.capacity, storage.NAME.warm, objective.p50, "
      "objective.p95, objective.p99, objective.max, objective.max_failed, objective.cost_weight";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"sweep_bad_value.yaml",
       "12:30: error: axes.model.files[0].size[1]: unknown unit 'GBs' (expected e.g. 20GiB, "
       "4.27GB, 335MB)"},
      {"sweep_duplicate_value.yaml",
       "12:26: error: axes.arrivals.count[2]: 1 is listed twice (expected each value once)"},
      {"sweep_file_index.yaml",
       "12:24: error: axes.model.files[3].size: the base workload has 1 model file (expected an "
       "index from 0 to 0)"},
      {"sweep_log_from_zero.yaml",
       "12:42: error: axes.storage.nas-performance.stored.from: a log range must start above 0 "
       "(expected from > 0)"},
      {"sweep_missing_base.yaml",
       "2:7: error: base: base workload 'tests/fixtures/bad/nowhere.yaml' does not exist "
       "(expected a workload file relative to the sweep file, or an inline workload mapping)"},
      {"sweep_no_axis.yaml",
       "12:3: error: axes: no axis to sweep (expected at least one field besides storage, " +
           paths + ")"},
      {"sweep_not_applicable.yaml",
       "12:19: error: axes.arrivals.count: `arrivals.count` applies to a burst, but the base "
       "workload's arrivals are poisson (expected an axis that the base workload has)"},
      {"sweep_range_key.yaml",
       "12:37: error: axes.arrivals.count.step: unknown key, did you mean `steps`? (expected "
       "one of: from, to, steps, scale)"},
      {"sweep_storage_not_listed.yaml",
       "13:31: error: axes.storage.oss-accel.capacity: `oss-accel` is not among the sweep's "
       "storage choices (expected one of: nas-performance, oss)"},
      {"sweep_unknown_file_field.yaml",
       "12:3: error: axes.model.files[0].sise: unknown field path `model.files[0].sise`, did "
       "you mean `model.files[0].size`? (expected " +
           paths + ")"},
      {"sweep_unknown_path.yaml",
       "12:3: error: axes.arrivals.cont: unknown field path `arrivals.cont`, did you mean "
       "`arrivals.count`? (expected " +
           paths + ")"},
      {"sweep_unknown_storage.yaml",
       "13:30: error: axes.storage[1]: unknown storage profile `oss-acel`, did you mean "
       "`oss-accel`? (expected one of: cpfs, ebs-gp3, ebs-io2, efs-elastic, essd-pl0, essd-pl1, "
       "essd-pl2, essd-pl3, fsx-lustre, gcp-pd-balanced, gcp-pd-ssd, gcs-direct, gcs-fuse, "
       "gcs-fuse-parallel, "
       "host-memory, "
       "image, local-nvme, nas-capacity, nas-extreme, nas-performance, oss, oss-accel, "
       "oss-direct, ossfs1, ossfs2, s3-direct, s3-mountpoint, s3-mountpoint-cache, s3fs)"},
  };
  for (const auto& [file, message] : cases) {
    CAPTURE(file);
    const auto r = run_stowage("sweep " + dir + file);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == dir + file + ":" + message + "\n");
  }
}

TEST_CASE("sweep: validate checks sweep files like workloads") {
  const auto r = run_stowage(
      "validate data/sweeps/nas-frontier.yaml tests/fixtures/bad/sweep_unknown_path.yaml");
  CHECK(r.code == 2);
  CHECK(r.out == "data/sweeps/nas-frontier.yaml: ok\n");
  CHECK(
      r.err.starts_with("tests/fixtures/bad/sweep_unknown_path.yaml:12:3: error: "
                        "axes.arrivals.cont: unknown field path `arrivals.cont`"));
}

TEST_CASE("sweep: every shipped sweep loads, and a small one runs end to end") {
  const auto catalog = builtin_catalog();
  const std::filesystem::path dir = std::filesystem::path(STOWAGE_TEST_DIR) / "../data/sweeps";
  int shipped = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    CAPTURE(entry.path().string());
    const sim::SweepSpec spec = sim::config::load_sweep_file(entry.path(), catalog);
    CHECK(spec.point_count() >= 2);
    ++shipped;
  }
  CHECK(shipped >= 3);
  const auto r = run_stowage("sweep tests/fixtures/sweep/small.yaml --frontier");
  REQUIRE(r.code == 0);
  CHECK(r.out.starts_with("small: where each storage meets the SLO"));
}
