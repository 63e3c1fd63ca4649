// The adversarial suite: tests/adversarial/cases.txt lists bad inputs and bad command lines, each
// with the exit status and the one line of message that `stowage` must give. Its format:
//
//   case: NAME                     starts a case (names are unique)
//   run: SHELL TEXT                run by sh from the source tree's root; several lines join in
//                                  order. `stowage` runs the binary under test, and $T is a fresh
//                                  temporary directory of the case's own.
//   exit: N                        the exit status of the last command
//   stderr: LINE                   the whole of stderr: this one line, and nothing else ({T}
//                                  stands for $T)
//
// Lines starting with `#` and blank lines are ignored. Each case must also leave stdout empty:
// a command that fails prints nothing half-made.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <set>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace {

using stowage::testing::CliResult;
using stowage::testing::read_text;
using stowage::testing::run_shell;
using stowage::testing::TempDir;

struct AdversarialCase {
  std::string name;
  std::string run;
  int exit = -1;
  std::string stderr_line;
  bool has_stderr = false;
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

std::vector<AdversarialCase> read_cases(const std::string& text) {
  std::vector<AdversarialCase> cases;
  std::size_t start = 0;
  int line_no = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const std::size_t colon = line.find(": ");
    REQUIRE_MESSAGE(colon != std::string::npos, "cases.txt:", line_no, ": not `key: value`");
    const std::string key = line.substr(0, colon), value = line.substr(colon + 2);
    if (key == "case") {
      cases.push_back(AdversarialCase{value, {}, -1, {}, false});
      continue;
    }
    REQUIRE_MESSAGE(!cases.empty(), "cases.txt:", line_no, ": a field before the first case");
    AdversarialCase& c = cases.back();
    if (key == "run") {
      c.run += value + "\n";
    } else if (key == "exit") {
      c.exit = std::stoi(value);
    } else if (key == "stderr") {
      c.stderr_line = value;
      c.has_stderr = true;
    } else {
      FAIL("cases.txt:", line_no, ": unknown key `", key, "`");
    }
  }
  return cases;
}

}  // namespace

TEST_CASE("adversarial: every bad input gives its exit status and its one line of message") {
  const std::vector<AdversarialCase> cases =
      read_cases(read_text(std::string(STOWAGE_TEST_DIR) + "/adversarial/cases.txt"));
  CHECK(cases.size() >= 100);
  std::set<std::string> names;
  for (const AdversarialCase& c : cases) {
    CAPTURE(c.name);
    CHECK(names.insert(c.name).second);
    REQUIRE(!c.run.empty());
    REQUIRE(c.exit >= 0);
    REQUIRE(c.has_stderr);
    const TempDir temp("stowage-adversarial");
    const CliResult r = run_shell(fmt::format("T='{}'\nstowage() {{ '{}' \"$@\"; }}\n{}",
                                              temp.path(), STOWAGE_BINARY, c.run));
    CHECK(r.code == c.exit);
    CHECK(r.err == replace_all(c.stderr_line, "{T}", temp.path()) + "\n");
    CHECK(r.out.empty());
  }
}
