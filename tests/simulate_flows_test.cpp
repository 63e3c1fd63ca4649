#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "cli_runner.hpp"
#include "sim/config/flows_loader.hpp"
#include "sim/flow_scenario.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;
using stowage::testing::run_stowage;

namespace {

FlowScenarioResult run_file(const std::string& name) {
  return run_flow_scenario(load_flow_scenario_file("tests/fixtures/flows/" + name));
}

std::string error_of(const std::string& path) {
  try {
    load_flow_scenario_file(path);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("simulate flows: the two-link fixture ends as derived by hand") {
  // Rates a = 1, b = 9, c = 3 MB/s (sim/maxmin.hpp); b ends at 5 s, a at 10 s, c at 17.5 s.
  // Events: 3 starts and 3 completions.
  const auto r = run_file("two_links.yaml");
  REQUIRE(r.flows.size() == 3);
  CHECK(r.flows[0].end->value() == doctest::Approx(10.0));
  CHECK(r.flows[1].end->value() == doctest::Approx(5.0));
  CHECK(r.flows[2].end->value() == doctest::Approx(17.5));
  CHECK(*r.flows[0].bottleneck == "L2");
  CHECK(*r.flows[1].bottleneck == "L1");
  CHECK(r.events == 6);
}

TEST_CASE("simulate flows: the issue's burst through a NIC with 4 slots") {
  // Wave 1: 150 MB/s each (NAS 600 / 4): 4.27e9 / 150e6 = 28.4667 s, bottleneck nas.
  // Wave 2: bound 200 MB/s (below NAS 300 and NIC 312.5): 21.35 s more, 49.8167 s; they waited
  // 28.47 s for a slot, longer than they ran, so the slot is their main bottleneck.
  const auto r = run_file("burst.yaml");
  REQUIRE(r.flows.size() == 6);
  for (int i = 0; i < 4; ++i) {
    CHECK(r.flows[i].end->value() == doctest::Approx(4.27e9 / 150e6));
    CHECK(*r.flows[i].bottleneck == "nas");
  }
  for (int i = 4; i < 6; ++i) {
    CHECK(r.flows[i].end->value() == doctest::Approx(4.27e9 / 150e6 + 4.27e9 / 200e6));
    CHECK(*r.flows[i].bottleneck == "nic-0 (concurrency)");
    REQUIRE(r.flows[i].intervals.size() == 2);
    CHECK(r.flows[i].intervals[1].limit == "bound");
    CHECK(r.flows[i].intervals[1].bytes.value() == doctest::Approx(4.27e9));
  }
  CHECK(r.events == 12);
}

TEST_CASE("simulate flows: a late arrival, a FATPIPE and a capacity change") {
  // See the derivation in tests/fixtures/flows/staggered.yaml: second ends at 12 s, first at
  // 16.25 s with intervals per-conn (0-2 s, 160 MB), link (2-12 s, 500 MB), per-conn (12-16.25 s,
  // 340 MB). Events: 2 starts, 1 capacity change, 2 completions.
  const auto r = run_file("staggered.yaml");
  CHECK(r.flows[1].start.value() == 2.0);
  CHECK(r.flows[1].end->value() == doctest::Approx(12.0));
  CHECK(r.flows[0].end->value() == doctest::Approx(16.25));
  CHECK(*r.flows[0].bottleneck == "link");
  const auto& in = r.flows[0].intervals;
  REQUIRE(in.size() == 3);
  CHECK(in[0].limit == "per-conn");
  CHECK(in[0].bytes.value() == doctest::Approx(160e6));
  CHECK(in[1].limit == "link");
  CHECK(in[1].bytes.value() == doctest::Approx(500e6));
  CHECK(in[2].limit == "per-conn");
  CHECK(in[2].end.value() == doctest::Approx(16.25));
  CHECK(in[2].bytes.value() == doctest::Approx(340e6));
  CHECK(r.events == 5);
}

// One fixture per promised message; the text is the contract, so it is pinned in full.
TEST_CASE("simulate flows: every bad flows fixture gives its exact message") {
  const std::string dir = "tests/fixtures/bad/";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"flows_bad_sharing.yaml",
       "2:45: error: constraints[0].sharing: unknown value 'fatpip', did you mean `fatpipe`? "
       "(expected one of: shared, fatpipe)"},
      {"flows_change_unknown_constraint.yaml",
       "6:27: error: changes[0].constraint: unknown constraint `nsa`, did you mean `nas`? "
       "(expected a name from `constraints`)"},
      {"flows_duplicate_constraint.yaml",
       "3:12: error: constraints[1].name: duplicate constraint name `nas` (first defined at line "
       "2) (expected each name once)"},
      {"flows_duplicate_id.yaml",
       "5:10: error: flows[1].id: duplicate flow id `load-0` (first defined at line 4) (expected "
       "each id once)"},
      {"flows_empty_flows.yaml",
       "3:8: error: flows: the list is empty (expected at least one flow)"},
      {"flows_missing_flows.yaml",
       "1:1: error: missing required key `flows` (expected a list of {id, size, via}, or a CSV "
       "file name)"},
      {"flows_missing_size.yaml",
       "4:5: error: flows[0]: missing required key `size` (expected a size such as 4.27GB)"},
      {"flows_no_via.yaml",
       "4:37: error: flows[0].via: a flow that crosses no constraint needs a `bound` (expected a "
       "constraint name or a `bound` on the flow)"},
      {"flows_not_mapping.yaml",
       "1:1: error: found a sequence (expected a mapping with `constraints` and `flows`)"},
      {"flows_rate_is_size.yaml",
       "2:27: error: constraints[0].capacity: '600MB' is a size, not a rate (expected e.g. "
       "600MB/s, 10Gbps, 2.5GiB/s)"},
      {"flows_reserved_name.yaml",
       "2:12: error: constraints[0].name: the name `bound` is reserved for a flow's own bound "
       "(expected another name)"},
      {"flows_unknown_constraint.yaml",
       "4:38: error: flows[0].via[0]: unknown constraint `nsa`, did you mean `nas`? (expected a "
       "name from `constraints`)"},
      {"flows_unknown_key.yaml",
       "2:17: error: constraints[0].capcity: unknown key, did you mean `capacity`? (expected one "
       "of: name, capacity, sharing, concurrency)"},
      {"flows_via_twice.yaml",
       "4:43: error: flows[0].via[1]: constraint `nas` is listed twice (expected each constraint "
       "once per flow)"},
      {"flows_zero_concurrency.yaml",
       "2:49: error: constraints[0].concurrency: 0 is out of range (expected an integer from 1 to "
       "1000000000)"},
      {"flows_zero_weight.yaml",
       "4:52: error: flows[0].weight: a weight of 0 would never move a byte (expected a weight > "
       "0)"},
  };
  for (const auto& [file, message] : cases) {
    CAPTURE(file);
    CHECK(error_of(dir + file) == dir + file + ":" + message);
  }
}

TEST_CASE("simulate flows: --json prints flows in input order with times in seconds") {
  // two_links.yaml: a ends at 10 s (L2), b at 5 s (L1), c at 17.5 s (L2); 6 events.
  const auto r = run_stowage("simulate --flows tests/fixtures/flows/two_links.yaml --json");
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out == R"({
  "schema_version": 1,
  "flows": [
    {
      "id": "a",
      "start_s": 0.0,
      "end_s": 10.0,
      "bottleneck": "L2"
    },
    {
      "id": "b",
      "start_s": 0.0,
      "end_s": 5.0,
      "bottleneck": "L1"
    },
    {
      "id": "c",
      "start_s": 0.0,
      "end_s": 17.5,
      "bottleneck": "L2"
    }
  ],
  "events": 6
}
)");
}

TEST_CASE("simulate flows: the table names each flow's bottleneck and what held it") {
  // waves.yaml: w0 ends at 10 s under link; w7 waited 10 s for a slot, then ran 10 s.
  const auto r = run_stowage("simulate --flows tests/fixtures/flows/waves.yaml");
  CHECK(r.code == 0);
  CHECK(r.out.find("w0      0 s  10 s  10 s  link                link 10 s 1 GB\n") !=
        std::string::npos);
  CHECK(r.out.find("w7      0 s  20 s  20 s  link (concurrency)  link (concurrency) 10 s 0 B, link "
                   "10 s 1 GB\n") != std::string::npos);
  CHECK(r.out.find("8 flows, 16 events; last completion at 20 s\n") != std::string::npos);
}

TEST_CASE("simulate flows: a bad file or no scenario is a user error (exit 2, nothing on stdout)") {
  const auto bad =
      run_stowage("simulate --flows tests/fixtures/bad/flows_unknown_constraint.yaml --json");
  CHECK(bad.code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err ==
        "tests/fixtures/bad/flows_unknown_constraint.yaml:4:38: error: flows[0].via[0]: unknown "
        "constraint `nsa`, did you mean `nas`? (expected a name from `constraints`)\n");
  // Without --flows, simulate runs a workload (the embedded one); as JSON, it describes one
  // storage and needs to know which (as a table, it simulates each: tests/cli_test.cpp).
  const auto none = run_stowage("simulate --json");
  CHECK(none.code == 2);
  CHECK(none.out.empty());
  CHECK(none.err ==
        "stowage simulate: error: --storage: --format json describes one storage and the workload "
        "lists several (expected --storage one of: image, nas-performance, oss, oss-accel)\n");
  // A flow scenario has no timeline file or replications: refused, not silently ignored.
  const auto timeline =
      run_stowage("simulate --flows tests/fixtures/flows/two_links.yaml --timeline /tmp/x.csv");
  CHECK(timeline.code == 2);
  CHECK(timeline.err ==
        "stowage simulate: error: --flows: a flow scenario takes no workload, --storage, "
        "--timeline, --replications or CSV format (expected stowage simulate --flows FILE.yaml "
        "[--format table|json])\n");
  CHECK(run_stowage("simulate --flows tests/fixtures/flows/two_links.yaml --replications 3").code ==
        2);
}

TEST_CASE("simulate flows: a CSV of flows gives the same scenario and answer as the YAML list") {
  // burst_csv.yaml has the constraints of burst.yaml and its six flows in burst.csv, with the
  // columns in another order, defaults left empty and blanks around the names of one `via`.
  const FlowScenario yaml = load_flow_scenario_file("tests/fixtures/flows/burst.yaml");
  const FlowScenario csv = load_flow_scenario_file("tests/fixtures/flows/burst_csv.yaml");
  REQUIRE(csv.flows.size() == yaml.flows.size());
  for (std::size_t i = 0; i < csv.flows.size(); ++i) {
    CHECK(csv.flows[i].id == yaml.flows[i].id);
    CHECK(csv.flows[i].start == yaml.flows[i].start);
    CHECK(csv.flows[i].spec.size == yaml.flows[i].spec.size);
    CHECK(csv.flows[i].spec.via == yaml.flows[i].spec.via);
    CHECK(csv.flows[i].spec.bound == yaml.flows[i].spec.bound);
    CHECK(csv.flows[i].spec.weight == yaml.flows[i].spec.weight);
  }
  const auto a = run_stowage("simulate --flows tests/fixtures/flows/burst.yaml --json");
  const auto b = run_stowage("simulate --flows tests/fixtures/flows/burst_csv.yaml --json");
  CHECK(a.code == 0);
  CHECK(b.out == a.out);
}

TEST_CASE("simulate flows: every bad CSV of flows gives its exact message at its line and column") {
  const std::string dir = "tests/fixtures/bad/";
  // Each message points into the CSV (or at the YAML's `flows` when the CSV cannot be read).
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"flows_csv_bad_unit",
       "flows_csv_bad_unit.csv:3:8: error: flows[1].size: unknown unit 'GBs' (expected e.g. "
       "20GiB, 4.27GB, 335MB)"},
      {"flows_csv_unknown_constraint",
       "flows_csv_unknown_constraint.csv:2:19: error: flows[0].via[1]: unknown constraint `nsa`, "
       "did you mean `nas`? (expected a name from `constraints`)"},
      {"flows_csv_unknown_column",
       "flows_csv_unknown_column.csv:1:4: error: unknown column `sise`, did you mean `size`? "
       "(expected columns among: id, size, start, via, bound, weight)"},
      {"flows_csv_duplicate_id",
       "flows_csv_duplicate_id.csv:4:1: error: flows[2].id: duplicate flow id `load-0` (first "
       "defined at line 2) (expected each id once)"},
      {"flows_csv_short_row",
       "flows_csv_short_row.csv:2:12: error: flows[0]: 3 fields where the header has 4 (expected "
       "one value per column, an optional one left empty)"},
      {"flows_csv_missing_file",
       "flows_csv_missing_file.yaml:3:8: error: flows: cannot read "
       "'tests/fixtures/bad/flows_csv_missing.csv': does not exist (expected a readable CSV "
       "file)"},
  };
  for (const auto& [name, message] : cases) {
    CAPTURE(name);
    CHECK(error_of(dir + name + ".yaml") == dir + message);
  }
  // A user error on the command line: exit 2, the message on stderr, nothing on stdout.
  const auto r = run_stowage("simulate --flows " + dir + "flows_csv_bad_unit.yaml");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.starts_with(dir + "flows_csv_bad_unit.csv:3:8: error: flows[1].size:"));
}
