// The documentation as a reader meets it: the README keeps the commands CI and users copy, stays
// short enough to read (the long notes live in docs/), and every relative link of README.md,
// ARCHITECTURE.md and docs/*.md resolves (scripts/check-doc-links.sh).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cli_runner.hpp"

using stowage::testing::run_shell;
using stowage::testing::TempDir;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(std::string(STOWAGE_TEST_DIR) + "/../" + path);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  REQUIRE(out.good());
}

}  // namespace

TEST_CASE("docs: every relative link and anchor of README.md, ARCHITECTURE.md and docs/ resolves") {
  const auto r = run_shell("scripts/check-doc-links.sh");
  CHECK(r.err == "");
  CHECK(r.code == 0);
}

TEST_CASE("docs: the link check names a missing file, a missing heading, and skips code blocks") {
  TempDir root("stowage-docs");
  run_shell("mkdir -p '" + root.path() + "/docs'");
  write_text(root / "README.md",
             "# Title\n\n## Quick start (`a/b.yaml`)\n\nSee [start](#quick-start-abyaml), "
             "[notes](docs/notes.md#the-model), [gone](docs/gone.md) and [web](https://x.org).\n"
             "```\n[in code](#nowhere)\n```\n");
  write_text(root / "docs/notes.md", "# Notes\n\n## The model\n\nBack to [the top](../README.md#title) "
                                     "and [a heading](../README.md#usage).\n");
  const auto r = run_shell("scripts/check-doc-links.sh '" + root.path() + "'");
  CHECK(r.code == 1);
  CHECK(r.err ==
        "README.md:5: docs/gone.md: no such file\n"
        "docs/notes.md:5: ../README.md#usage: no such heading\n");
}

TEST_CASE("docs: the README keeps the quick-start commands CI runs, ARCHITECTURE.md on its first "
          "screen, and under 600 lines") {
  const std::string readme = read_text("README.md");
  const std::string test_command = "scripts/build.sh && ctest --test-dir build --output-on-failure";
  CHECK(readme.find("\n" + test_command + "\n") != std::string::npos);
  CHECK(readme.find("\nscripts/build.sh --programs && build/stowage advise\n") != std::string::npos);
  CHECK(read_text(".ci/run").find("\n" + test_command + "\n") != std::string::npos);

  std::istringstream lines(readme);
  std::string line;
  int count = 0;
  int architecture_at = 0;
  while (std::getline(lines, line)) {
    ++count;
    if (architecture_at == 0 && line.find("](ARCHITECTURE.md)") != std::string::npos) {
      architecture_at = count;
    }
  }
  CHECK(architecture_at > 0);
  CHECK(architecture_at <= 24);
  CHECK(count < 600);
}
