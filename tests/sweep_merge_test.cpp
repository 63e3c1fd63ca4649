// `stowage merge` streaming: the rows' text in pieces is the whole table's text, a synthetic
// sweep of thousands of points merges from parts given in any order to the bytes of the whole
// table, in CSV and JSON, the frontier and the plot of the merged parts are those of the
// unsharded run, and malformed parts are refused with what is wrong.
#include "advisor/sweep/merge.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "advisor/cli/commands.hpp"
#include "cli_runner.hpp"
#include "synthetic_sweep.hpp"

namespace adv = stowage::advisor;
using stowage::testing::config_error_of;
using stowage::testing::read_text;
using stowage::testing::run_stowage;
using stowage::testing::synthetic_shard;
using stowage::testing::synthetic_sweep;

namespace {

/// Merge options writing the rows to `out` in `format` (empty: from the extension).
adv::SweepOutputOptions rows_to(const std::string& out, const std::string& format = "") {
  adv::SweepOutputOptions o;
  o.out = out;
  o.format = format;
  return o;
}

/// A fresh directory under the temporary one, named for this process: two test runs at once
/// (two checkouts on one machine) never share it.
std::string temp_dir(const std::string& name) {
  const std::string dir =
      std::filesystem::temp_directory_path() / fmt::format("{}-{}", name, ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("merge: the rows' text in pieces is the whole table's CSV and JSON") {
  const adv::SweepTable t = synthetic_sweep(4, 3);
  // What sweep_csv and nlohmann's dump(2) of sweep_json write, as `stowage sweep` always did.
  CHECK(adv::SweepRowsText(t.header, "csv").all(t.rows) == adv::sweep_csv(t));
  CHECK(adv::SweepRowsText(t.header, "json").all(t.rows) == adv::sweep_json(t).dump(2) + "\n");
  // A shard with no rows (more shards than points) is still well-formed JSON.
  const adv::SweepTable empty = synthetic_shard(t, 13, 20);
  REQUIRE(empty.rows.empty());
  CHECK(adv::SweepRowsText(empty.header, "json").all(empty.rows) ==
        adv::sweep_json(empty).dump(2) + "\n");
}

TEST_CASE("merge: 6,000 synthetic points in 7 parts stream into the whole table's bytes") {
  // 200 x 30 points, 3 rows each; parts written as `stowage sweep --shard K/7 --format json`
  // writes them (dump(2)), given to merge in the order 6, 5, ..., 0.
  const adv::SweepTable whole = synthetic_sweep(200, 30);
  const std::string dir = temp_dir("stowage-merge-stream");
  std::vector<std::string> files;
  for (std::size_t k = 7; k-- > 0;) {
    files.push_back(fmt::format("{}/part-{}.json", dir, k));
    adv::write_file_atomically(files.back(),
                               adv::sweep_json(synthetic_shard(whole, k, 7)).dump(2) + "\n");
  }
  for (const char* format : {"csv", "json"}) {
    CAPTURE(format);
    const std::string out = fmt::format("{}/all.{}", dir, format);
    adv::merge_sweep_files(files, rows_to(out, format));
    CHECK(read_text(out) == adv::SweepRowsText(whole.header, format).all(whole.rows));
    CHECK_FALSE(std::filesystem::exists(out + ".tmp"));
  }
  // The in-memory merge agrees.
  std::vector<adv::SweepTable> parts;
  for (const std::string& f : files) parts.push_back(adv::sweep_from_json(read_text(f), f));
  CHECK(adv::sweep_csv(adv::merge_sweep_tables(parts, files)) == adv::sweep_csv(whole));

  // One part lost: 6,000 / 7 points missing (those with point % 7 == 3), nothing written.
  std::filesystem::remove(dir + "/all.csv");
  std::vector<std::string> six = files;
  six.erase(six.begin() + 3);
  CHECK(config_error_of([&] { adv::merge_sweep_files(six, rows_to(dir + "/all.csv")); }) ==
        fmt::format("{}/part-6.json:1:1: error: points: 857 points missing: 3, 10, 17, 24, 31, "
                    "38, 45, 52, 59, 66, 73, 80, 87, 94, 101, 108, 115, 122, 129, 136, ... "
                    "(expected every point from 0 to 5999 in exactly one part)",
                    dir));
  CHECK_FALSE(std::filesystem::exists(dir + "/all.csv"));
  CHECK_FALSE(std::filesystem::exists(dir + "/all.csv.tmp"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("merge: the merged parts give the unsharded run's JSON, frontier and plot") {
  const std::string dir = temp_dir("stowage-merge-frontier");
  const std::string sweep =
      "tests/fixtures/sweep/frontier.yaml --profiles "
      "tests/fixtures/sweep/profiles";
  const auto one = run_stowage(
      fmt::format("sweep {} --out {}/one.json --plot {}/one.svg --frontier", sweep, dir, dir));
  REQUIRE(one.code == 0);
  std::string parts;
  for (int k = 1; k <= 3; ++k) {
    REQUIRE(
        run_stowage(fmt::format("sweep {} --shard {}/3 --out {}/part-{}.json", sweep, k, dir, k))
            .code == 0);
    parts += fmt::format(" {}/part-{}.json", dir, k);
  }
  const auto merged = run_stowage(
      fmt::format("merge{} --out {}/all.json --plot {}/all.svg --frontier", parts, dir, dir));
  REQUIRE(merged.code == 0);
  CHECK(merged.out == one.out);  // the frontier
  CHECK(read_text(dir + "/all.json") == read_text(dir + "/one.json"));
  CHECK(read_text(dir + "/all.svg") == read_text(dir + "/one.svg"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("merge: malformed parts are refused with what is wrong") {
  const adv::SweepTable t = synthetic_sweep(3, 2);  // 6 points
  const std::string good = adv::sweep_json(t).dump(2);
  const auto error_of = [](const std::string& text) {
    return config_error_of([&] { adv::sweep_from_json(text, "p.json"); });
  };
  CHECK(error_of("[1, 2]") ==
        "p.json:1:1: error: not a JSON object (expected a part written by `stowage sweep "
        "--format json`)");
  CHECK(error_of(good.substr(0, good.size() / 2)) ==
        "p.json:1:1: error: not a JSON object (expected a part written by `stowage sweep "
        "--format json`)");
  // A row that is not an object, a row without its point, a point past the sweep's.
  adv::SweepTable bad = t;
  nlohmann::ordered_json j = adv::sweep_json(bad);
  j["rows"][4] = 17;
  CHECK(error_of(j.dump()).starts_with("p.json:1:1: error: rows: malformed part: "));
  j = adv::sweep_json(bad);
  j["rows"][2].erase("point");
  CHECK(error_of(j.dump()).starts_with("p.json:1:1: error: rows: malformed part: "));
  CHECK(error_of(j.dump()).find("'point' not found") != std::string::npos);
  bad.rows[5].point = 9;
  CHECK(error_of(adv::sweep_json(bad).dump()) ==
        "p.json:1:1: error: rows: point 9 of a sweep of 6 (expected a part written by `stowage "
        "sweep --format json`)");
  // The same, with the rows before the header (not as stowage writes, still read).
  const nlohmann::ordered_json bad_json = adv::sweep_json(bad);
  nlohmann::ordered_json reordered;
  reordered["rows"] = bad_json["rows"];
  for (const auto& [key, value] : bad_json.items()) {
    if (key != "rows") reordered[key] = value;
  }
  CHECK(error_of(reordered.dump()) ==
        "p.json:1:1: error: rows: point 9 of a sweep of 6 (expected a part written by `stowage "
        "sweep --format json`)");
  reordered["rows"] = adv::sweep_json(t)["rows"];
  CHECK(adv::sweep_csv(adv::sweep_from_json(reordered.dump(), "p.json")) == adv::sweep_csv(t));
  // A point whose rows stand apart in one part is in that part twice.
  adv::SweepTable apart = synthetic_shard(t, 0, 2);  // points 0, 2, 4
  std::swap(apart.rows[0], apart.rows[3]);           // rows of 2, 0, 0, 0, 2, 2, 4, ...
  CHECK(config_error_of([&] {
          adv::merge_sweep_tables({apart, synthetic_shard(t, 1, 2)}, {"a.json", "b.json"});
        }) ==
        "a.json:1:1: error: points: 1 point duplicated: 2 (in a.json and a.json) (expected every "
        "point from 0 to 5 in exactly one part)");
  // A part of another version of the JSON contract (docs/json.md).
  j = adv::sweep_json(t);
  CHECK(j["schema_version"] == 1);
  j["schema_version"] = 2;
  CHECK(error_of(j.dump()) ==
        "p.json:1:1: error: schema_version: 2: this stowage reads version 1 (merge the parts with "
        "the stowage that wrote them) (expected a part written by `stowage sweep --format json`)");
  // An unreadable part.
  const std::string dir = temp_dir("stowage-merge-unreadable");
  const auto r = run_stowage(fmt::format("merge {0}/none.json --out {0}/all.csv", dir));
  CHECK(r.code == 2);
  CHECK(r.err == fmt::format("{}/none.json:1:1: error: cannot read: does not exist "
                             "(expected a part written by `stowage sweep --shard K/N --format "
                             "json`)\n",
                             dir));
  std::filesystem::remove_all(dir);
}

TEST_CASE("sweep rows: CSV has 4 significant digits and an unpriced cost empty, JSON every digit") {
  adv::SweepTable t = synthetic_sweep(2, 1);  // 2 points x 3 storages
  t.rows[0].p99_s = 12.3456789;
  t.rows[0].cost_per_month = 1234.56;
  t.rows[1].unpriced = true;  // oss: a term without a price, the priced ones 60.94
  const std::string csv = adv::sweep_csv(t);
  CHECK(csv.starts_with("point,arrivals.count,storage.nas-performance.capacity,storage,feasible,"
                        "meets_slo,p50_s,p95_s,p99_s,max_s,failed,cost_per_month,currency,"
                        "unpriced,bottleneck,recommended,reason\n"));
  // 10 + 0.5 = 10.5, 10.9, 12.3456789 to 12.35, 11.3; 1234.56 to 1235.
  CHECK(csv.find("\n0,1,1000000000000,nas-performance,true,true,10.5,10.9,12.35,11.3,0,1235,CNY,"
                 "false,nas throughput,true,\n") != std::string::npos);
  CHECK(csv.find("\n0,1,1000000000000,oss,true,false,20.01,30.02,,,1,,CNY,true,instance nic,"
                 "false,\n") != std::string::npos);
  // Not feasible: no cost, no flag.
  CHECK(csv.find("\n0,1,1000000000000,oss-accel,false,false,,,,,,,,,,false,\"capacity") !=
        std::string::npos);
  const nlohmann::ordered_json j = adv::sweep_json(t);
  CHECK(j["rows"][0]["p99_s"] == 12.3456789);
  CHECK(j["rows"][1]["cost_per_month"] == 60.94);
  CHECK(j["rows"][1]["unpriced"] == true);
  CHECK(j["rows"][0]["unpriced"] == false);
  // Merged from JSON, the flag survives.
  CHECK(adv::sweep_csv(adv::sweep_from_json(j.dump(), "p.json")) == csv);
}
