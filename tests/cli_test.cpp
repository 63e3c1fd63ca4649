// The command line's conventions: `simulate` with no argument, one directory per `--profiles`,
// "did you mean" for a mistyped command, option or storage, `--format` and `-o/--out` on every
// command that prints results (the older `--json`/`--csv` still work), tables that fit a
// terminal (and full width when piped), and a progress line that fits its pane.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "advisor/cli/progress.hpp"
#include "advisor/report/text.hpp"
#include "cli_runner.hpp"

namespace adv = stowage::advisor;
namespace report = stowage::advisor::report;
using stowage::testing::read_text;
using stowage::testing::run_shell;
using stowage::testing::run_stowage;

namespace {

std::string golden(const std::string& name) {
  return read_text(std::string(STOWAGE_TEST_DIR) + "/golden/" + name + ".txt");
}

/// The longest line of `text`, in bytes.
std::size_t widest_line(const std::string& text) {
  std::istringstream in(text);
  std::size_t widest = 0;
  for (std::string line; std::getline(in, line);) widest = std::max(widest, line.size());
  return widest;
}

/// The words of `text` (runs of non-space) joined by single spaces.
std::string words(const std::string& text) {
  std::istringstream in(text);
  std::string all, w;
  while (in >> w) all += w + " ";
  return all;
}

/// The words of `text`, sorted: the same for a table whose cells wrap onto several lines.
std::vector<std::string> sorted_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> all;
  for (std::string w; in >> w;) all.push_back(w);
  std::sort(all.begin(), all.end());
  return all;
}

/// `stowage ARGS` on a pseudo-terminal `columns` wide (script(1)), its output with the
/// terminal's CR LF line ends made LF.
std::string on_terminal(const std::string& args, int columns) {
  const auto r = run_shell(fmt::format("NO_COLOR=1 script -qec 'stty cols {} rows 50; \"{}\" {}' /dev/null",
                                       columns, STOWAGE_BINARY, args));
  REQUIRE_MESSAGE(r.code == 0, r.err);
  std::string out;
  for (char c : r.out) {
    if (c != '\r') out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("cli: simulate with no argument simulates every storage of the embedded workload") {
  // The embedded workload is data/workloads/default.yaml, which lists image, nas-performance,
  // oss and oss-accel: each simulated in turn, as the golden outputs of each show them.
  const std::string all = golden("default-image") + "\n" + golden("default-nas-performance") +
                          "\n" + golden("default-oss") + "\n" + golden("default-oss-accel");
  const auto embedded = run_stowage("simulate");
  REQUIRE(embedded.code == 0);
  CHECK(embedded.out == all);
  CHECK(run_stowage("simulate data/workloads/default.yaml").out == all);
  // JSON, CSV and a timeline describe one storage: the command says which to pick.
  const auto json = run_stowage("simulate --format json");
  CHECK(json.code == 2);
  CHECK(json.out.empty());
  CHECK(json.err ==
        "stowage simulate: error: --storage: --format json describes one storage and the workload "
        "lists several (expected --storage one of: image, nas-performance, oss, oss-accel)\n");
}

TEST_CASE("cli: --profiles takes one directory per occurrence and leaves the workload alone") {
  // It took several values: the workload went into the directory list and the error blamed it.
  const auto r = run_stowage("simulate --profiles profiles data/workloads/default.yaml --storage image");
  CHECK(r.err.empty());
  REQUIRE(r.code == 0);
  CHECK(r.out == golden("default-image"));
  CHECK(run_stowage("advise --profiles profiles --profiles tests/fixtures/sweep/profiles "
                    "data/workloads/default.yaml --storage image --format csv")
            .code == 0);
}

TEST_CASE("cli: did you mean, for a mistyped command, option and storage") {
  const std::pair<std::string, std::string> cases[] = {
      {"advice",
       "stowage: error: advice: unknown command (did you mean 'advise'?) (see stowage --help)\n"},
      {"profiles lst", "stowage profiles: error: lst: unknown command (did you mean 'list'?) (see "
                       "stowage profiles --help)\n"},
      {"advise --fromat json", "stowage advise: error: --fromat: unknown option (did you mean "
                               "'--format'?) (see stowage advise --help)\n"},
      {"sweep tests/fixtures/sweep/small.yaml --thread=2",
       "stowage sweep: error: --thread: unknown option (did you mean '--threads'?) (see stowage "
       "sweep --help)\n"},
      {"advise --storage imag",
       "stowage advise: error: --storage: unknown storage 'imag' (did you mean 'image'?)\n"},
  };
  for (const auto& [args, err] : cases) {
    CAPTURE(args);
    const auto r = run_stowage(args);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == err);
  }
  // Nothing close: CLI11's own message.
  const auto far = run_stowage("advise --zzzzzzzz");
  CHECK(far.code == 2);
  CHECK(far.err.starts_with("stowage advise: error: The following argument was not expected"));
}

TEST_CASE("cli: every command that prints results takes --format and -o") {
  const std::string dir =
      (std::filesystem::temp_directory_path() / fmt::format("stowage-cli-{}", ::getpid())).string();
  std::filesystem::create_directories(dir);
  // The older spellings still work and give the same bytes.
  const std::string json = run_stowage("simulate --storage image --format json").out;
  CHECK(json.starts_with("{\n"));
  CHECK(run_stowage("simulate --storage image --json").out == json);
  CHECK(run_stowage("simulate --storage image --csv").out ==
        run_stowage("simulate --storage image --format csv").out);
  CHECK(run_stowage("profiles show a10 --json").out ==
        run_stowage("profiles show a10 --format json").out);
  CHECK(run_stowage("simulate --flows tests/fixtures/flows/two_links.yaml --json").out ==
        run_stowage("simulate --flows tests/fixtures/flows/two_links.yaml --format json").out);
  // -o writes what standard output would carry.
  for (const std::string args :
       {"advise --storage image --format markdown", "simulate --storage oss", "table data/workloads/default.yaml --format csv",
        "profiles list --format json", "profiles show a10", "accuracy --format csv",
        "sweep tests/fixtures/sweep/small.yaml --format json"}) {
    CAPTURE(args);
    const auto printed = run_stowage(args);
    REQUIRE(printed.code == 0);
    const std::string file = dir + "/out.txt";
    const auto written = run_stowage(args + " -o " + file);
    CHECK(written.code == 0);
    CHECK(written.out.empty());
    CHECK(read_text(file) == printed.out);
  }
  // profiles list in each format.
  CHECK(run_stowage("profiles list --kind gpu --format csv")
            .out.starts_with("NAME,KIND,KEY FIGURES,SOURCES,FROM\n"));
  CHECK(run_stowage("profiles list --kind gpu --format markdown")
            .out.starts_with("| NAME | KIND | KEY FIGURES | SOURCES | FROM |\n|---|"));
  CHECK(run_stowage("profiles list --kind gpu --format json")
            .out.starts_with("{\n  \"schema_version\": 1,\n  \"profiles\": [\n    {\n"
                             "      \"name\": "));
  std::filesystem::remove_all(dir);
}

TEST_CASE("cli: tables fit a terminal and stay full width when piped") {
  // Piped: full width, one line per explanation, whatever the window.
  const auto piped = run_stowage("advise");
  REQUIRE(piped.code == 0);
  CHECK(widest_line(piped.out) > 300);
  // 120 and 80 columns: too narrow for the table even with its columns at their longest word
  // (a number and its unit count as one), so each candidate is a record, `HEADER value` for
  // each figure, kept on one line; the p99's spread over the runs has its own label, so that it
  // never wraps inside the p99. The explanations wrap, the lines after an explanation's first
  // indented.
  const std::string mid = on_terminal("advise", 120);
  CHECK(widest_line(mid) <= 120);
  CHECK(mid.find("\n3  nas-performance\n   verdict misses SLO; p50 268 s; p99 271 s; p99 spread "
                 "269 s..271 s over 3 runs; load p50 256 s; failed 0 of 50;\n") !=
        std::string::npos);
  const std::string narrow = on_terminal("advise", 80);
  CHECK(widest_line(narrow) <= 80);
  CHECK(narrow.find("\n3  nas-performance\n   verdict misses SLO; p50 268 s; p99 271 s;\n"
                    "   p99 spread 269 s..271 s over 3 runs; load p50 256 s; failed 0 of 50;\n"
                    "   cost/month 152.85 USD + 2231.50 CNY; bottleneck nas-performance;\n") !=
        std::string::npos);
  // No line ends in a number whose unit starts the next.
  for (const std::string& text : {mid, narrow}) {
    for (const char* unit : {"s", "ms", "GB", "GB/s", "CNY", "USD"}) {
      for (std::size_t at = text.find(std::string("\n   ") + unit + " "); at != std::string::npos;
           at = text.find(std::string("\n   ") + unit + " ", at + 1)) {
        CHECK_FALSE(std::isdigit(static_cast<unsigned char>(text[at - 1])));
      }
    }
  }
  const std::string explanations = piped.out.substr(piped.out.find("\nimage: 50 loads"));
  CHECK(words(narrow).ends_with(words(explanations)));
  const std::string profiles = on_terminal("profiles list", 120);
  CHECK(widest_line(profiles) <= 120);
  CHECK(sorted_words(profiles) == sorted_words(run_stowage("profiles list").out));
}

TEST_CASE("cli: the decision table fits a terminal and stays full width when piped") {
  // Two scenarios: the table narrows and wraps its cells at 100 columns, and the reasons and
  // hinge lines under it wrap; the words are those of the piped output, which is wider.
  const std::string args = "table data/workloads/default.yaml data/workloads/burst-500.yaml";
  const auto piped = run_stowage(args);
  REQUIRE(piped.code == 0);
  CHECK(widest_line(piped.out) > 100);
  const std::string fitted = on_terminal(args, 100);
  CHECK(widest_line(fitted) <= 100);
  CHECK(sorted_words(fitted) == sorted_words(piped.out));
}

TEST_CASE("report: a terminal table narrows its widest column and wraps its cells") {
  report::TextTable t{{"#", "storage", "note"},
                      {report::Align::kRight, report::Align::kLeft, report::Align::kLeft},
                      {{"1", "image", "bound by the image cache at 1.2 GB/s peak"},
                       {"2", "nas-performance", "short"}}};
  // Full width: 1 + 2 + 15 + 2 + 42 = 62 columns.
  CHECK(report::render_terminal(t) ==
        "#  storage          note\n"
        "1  image            bound by the image cache at 1.2 GB/s peak\n"
        "2  nas-performance  short\n");
  // 40 columns: the widest column, the note, narrows to 40 - 1 - 2 - 15 - 2 = 20 and wraps at
  // spaces.
  CHECK(report::render_terminal(t, {}, 40) ==
        "#  storage          note\n"
        "1  image            bound by the image\n"
        "                    cache at 1.2 GB/s\n"
        "                    peak\n"
        "2  nas-performance  short\n");
  // Too narrow even with every column at its longest word (1 + 15 + 5 + 2 x 2 = 25 > 24): each
  // row becomes a record, its other cells as `HEADER value`, wrapped and indented.
  CHECK(report::render_terminal(t, {"32", ""}, 24) ==
        "\x1b[32m1  image\x1b[0m\n"
        "\x1b[32m   note bound by the\x1b[0m\n"
        "\x1b[32m   image cache at\x1b[0m\n"
        "\x1b[32m   1.2 GB/s peak\x1b[0m\n"
        "2  nas-performance\n"
        "   note short\n");
  CHECK(report::wrap_paragraph("image: 50 loads x 2.1 GB model; bound by the cache", 20, "  ") ==
        "image: 50 loads x\n  2.1 GB model;\n  bound by the cache\n");
  CHECK(report::wrap_paragraph("one line", 0, "  ") == "one line\n");
  CHECK(report::wrap_words("abcdefghij klm", 4) ==
        std::vector<std::string>{"abcd", "efgh", "ij", "klm"});
}

TEST_CASE("report: no wrap parts a number from its unit, and a narrow record labels every value") {
  CHECK(report::wrap_words("p99 52.4 s over 3 runs", 8) ==
        std::vector<std::string>{"p99", "52.4 s", "over 3", "runs"});
  CHECK(report::wrap_paragraph("a new version is ready after 429 s (build 92.1 s)", 32, "  ") ==
        "a new version is ready after\n  429 s (build 92.1 s)\n");
  // The decision table's records open with the scenario alone: every storage is named beside
  // its p99, and a `HEADER value` moves whole to the next line rather than split.
  report::TextTable d{{"scenario", "ebs-gp3", "image", "cost/month"},
                      {report::Align::kLeft, report::Align::kRight, report::Align::kRight,
                       report::Align::kRight},
                      {{"burst", "51.2 s", "-", "5927.21 CNY + storage unpriced"}}};
  d.record_keys = 1;
  CHECK(report::render_terminal(d, {}, 20) ==
        "burst\n   ebs-gp3 51.2 s;\n   image -;\n   cost/month\n   5927.21 CNY +\n"
        "   storage unpriced\n");
}

TEST_CASE("progress: the line fits its pane, however narrow") {
  // 120 of 400 points in 4 s: 30/s, 280 points left, 9.33 s.
  const std::string full = adv::progress_line("nas-frontier", 120, 400, 4.0, 0);
  CHECK(full == "nas-frontier [#########.....................] 120/400 points  30.0/s  9.33 s left");
  CHECK(full.size() == 81);
  CHECK(adv::progress_line("nas-frontier", 120, 400, 4.0, 82) == full);
  // A narrower pane drops the bar first, then the name and the rate; never a line as wide as
  // the pane (the cursor would wrap and each update print a new line).
  CHECK(adv::progress_line("nas-frontier", 120, 400, 4.0, 80) ==
        "nas-frontier 120/400 points  30.0/s  9.33 s left");
  CHECK(adv::progress_line("nas-frontier", 120, 400, 4.0, 40) == "120/400 points  9.33 s left");
  CHECK(adv::progress_line("nas-frontier", 120, 400, 4.0, 20) == "120/400");
  CHECK(adv::progress_line("nas-frontier", 120, 400, 4.0, 5) == "120/");
  for (int width = 2; width < 100; ++width) {
    CHECK(adv::progress_line("nas-frontier", 399, 400, 0.5, width).size() < std::size_t(width));
  }
}
