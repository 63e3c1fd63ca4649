// The outputs of advice under uncertainty (issue 26, item 5): the advise table's `holds in` and
// p99 band columns, `table --uncertainty`'s `?` marks, the band plot, and the JSON behind them.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "advisor/report/band_plot.hpp"
#include "advisor/report/uncertainty.hpp"
#include "cli_runner.hpp"

namespace adv = stowage::advisor;
using stowage::testing::run_shell;
using stowage::testing::run_stowage;

namespace {

/// The line of `out` that starts with `start`, or "".
std::string line_starting(const std::string& out, const std::string& start) {
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(start, 0) == 0) return line;
  }
  return "";
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("uncertainty outputs: the verdict's share of worlds, worked by hand") {
  adv::Candidate c;
  c.worlds = adv::WorldsShare{200, 0.7, 0.9, {}};
  c.meets_slo = true;
  CHECK(adv::report::verdict_share(c) == doctest::Approx(0.7));  // it meets in 140 of 200
  c.meets_slo = false;
  CHECK(adv::report::verdict_share(c) == doctest::Approx(0.3));  // it misses in 60 of 200
  c.worlds.reset();
  CHECK(adv::report::verdict_share(c) == 1);  // no worlds: nothing to doubt
}

TEST_CASE("uncertainty outputs: the advise table gains holds in and the p99 band") {
  const std::string w = "data/workloads/on-demand.yaml";
  const auto plain = run_stowage("advise " + w);
  REQUIRE(plain.code == 0);
  CHECK(plain.out.find("holds in") == std::string::npos);
  const auto text = run_stowage("advise " + w + " --uncertainty --worlds 20");
  const auto json = run_stowage("advise " + w + " --uncertainty --worlds 20 --format json");
  REQUIRE(text.code == 0);
  REQUIRE(json.code == 0);
  CHECK(line_starting(text.out, "#  storage").find("holds in") != std::string::npos);
  CHECK(line_starting(text.out, "#  storage").find("p99 p10 / p50 / p90") != std::string::npos);
  // Each row carries its candidate's share (rounded down) and band, as JSON gives them.
  const auto j = nlohmann::json::parse(json.out);
  for (const auto& c : j["uncertainty"]["candidates"]) {
    if (!c["feasible"].get<bool>()) continue;
    const std::string storage = c["storage"];
    const int pct = static_cast<int>(c["holds"].get<double>() * 100 + 1e-9);
    std::string row;
    for (int rank = 1; rank <= 9 && row.empty(); ++rank) {
      row = line_starting(text.out, std::to_string(rank) + "  " + storage + " ");
    }
    CAPTURE(storage);
    REQUIRE_FALSE(row.empty());
    CHECK(row.find(" " + std::to_string(pct) + "% ") != std::string::npos);
    CHECK(row.find(" / ") != std::string::npos);
  }
}

TEST_CASE("uncertainty outputs: table --uncertainty marks the cells its worlds leave in doubt") {
  const std::string w = "data/workloads/on-demand.yaml data/workloads/idle-gpu.yaml";
  const auto text = run_stowage("table " + w + " --uncertainty --worlds 20");
  const auto json = run_stowage("table " + w + " --uncertainty --worlds 20 --format json");
  REQUIRE(text.code == 0);
  REQUIRE(json.code == 0);
  CHECK(text.out.find("? the verdict holds in fewer than 90% of 20 plausible worlds") !=
        std::string::npos);
  // A cell is marked `?` exactly when its verdict (meets or misses) holds in fewer than the
  // confidence share of the worlds that JSON lists.
  const auto j = nlohmann::json::parse(json.out);
  int marked = 0;
  for (const auto& s : j["scenarios"]) {
    REQUIRE(s.contains("uncertainty"));
    const std::string row = line_starting(text.out, s["workload"].get<std::string>() + " ");
    REQUIRE_FALSE(row.empty());
    const double confidence = s["uncertainty"]["confidence"];
    std::size_t doubts = 0;
    for (const auto& u : s["uncertainty"]["candidates"]) {
      if (!u["feasible"].get<bool>()) continue;
      bool meets = false;
      for (const auto& c : s["candidates"]) {
        if (c["storage"] == u["storage"]) meets = c["meets_slo"];
      }
      const double holds = u["holds"];
      doubts += (meets ? holds : 1 - holds) < confidence ? 1 : 0;
    }
    marked += static_cast<int>(doubts);
    CAPTURE(row);
    CHECK(count(row, "?") == doubts);
  }
  CHECK(marked > 0);  // on-demand's candidates hold in fewer than 90% of worlds
  // Each scenario's worlds carry the model error as advise gives it; idle-gpu has no p99 target.
  for (const auto& s : j["scenarios"]) {
    CHECK(s["uncertainty"]["model_error"]["checks"].get<int>() > 0);
    CHECK(s["uncertainty"]["candidates"][0].contains("p99_s_with_model_error"));
    const bool target =
        !s["uncertainty"]["candidates"][0]["p99_target_holds_with_model_error"].is_null();
    CHECK(target == (s["workload"].get<std::string>() != "sd15-idle-provisioned"));
  }
  // Without --uncertainty nothing is marked, and --worlds needs it.
  const auto plain = run_stowage("table " + w);
  REQUIRE(plain.code == 0);
  CHECK(plain.out.find('?') == std::string::npos);
  CHECK(run_stowage("table --worlds 5").code == 2);
}

TEST_CASE("uncertainty outputs: --band-plot draws one band per feasible candidate") {
  const auto r = run_shell("d=$(mktemp -d) && '" STOWAGE_BINARY
                           "' advise data/workloads/burst-500.yaml --uncertainty --worlds 10 "
                           "--band-plot \"$d/b.svg\" > /dev/null && cat \"$d/b.svg\"; rm -rf \"$d\"");
  REQUIRE(r.code == 0);
  CHECK(r.out.rfind("<svg", 0) == 0);
  // The background and one bar per feasible candidate (burst-500 lists four, all feasible).
  CHECK(count(r.out, "<rect") == 5);
  CHECK(r.out.find("image (holds in 100%)") != std::string::npos);
  CHECK(r.out.find("p99 target 300 s") != std::string::npos);
  CHECK(r.out.find(">failed<") != std::string::npos);  // oss and others never get a load ready
  // Each band with model error as a whisker: a middle line and two caps per candidate.
  CHECK(r.out.find("whisker: with the model error of published loads") != std::string::npos);
  CHECK(count(r.out, "stroke=\"#555555\"") == 4 * 3);
  const auto again = run_shell("d=$(mktemp -d) && '" STOWAGE_BINARY
                               "' advise data/workloads/burst-500.yaml --uncertainty --worlds 10 "
                               "--band-plot \"$d/b.svg\" > /dev/null && cat \"$d/b.svg\"; rm -rf "
                               "\"$d\"");
  CHECK(again.out == r.out);
  const auto bad = run_stowage("advise --band-plot x.svg");
  CHECK(bad.code == 2);
  CHECK(bad.err ==
        "stowage advise: error: --band-plot: given without --uncertainty (expected "
        "--uncertainty --band-plot FILE.svg)\n");
}
