// The accuracy suite (data/validation/, `stowage accuracy`): its table is pinned, fit and check
// cases stay apart, and the suite file's errors point at the offending case.
// `ctest -L accuracy` runs this suite alone.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "advisor/judge/accuracy.hpp"
#include "cli_runner.hpp"
#include "sim/config/accuracy_cases.hpp"
#include "sim/config/config_error.hpp"

namespace fs = std::filesystem;
using stowage::testing::run_stowage;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path source_dir() { return fs::path(STOWAGE_TEST_DIR).parent_path(); }

/// Whether `profiles` names `id` as a fit case: "fit case ID" (an `assumption: fitted from ...`
/// source) or "fitted: ID" (a `fitted` source), the id ending where a case id cannot go on.
bool cites_fit(const std::string& profiles, const std::string& id) {
  for (const char* lead : {"fit case ", "fitted: "}) {
    const std::string key = lead + id;
    const std::string stops = " (),;\"\n";
    for (auto at = profiles.find(key); at != std::string::npos; at = profiles.find(key, at + 1)) {
      const std::size_t end = at + key.size();
      if (end == profiles.size() || stops.find(profiles[end]) != std::string::npos) return true;
    }
  }
  return false;
}

std::string error_of_suite(const std::string& text) {
  const stowage::testing::TempDir temp("stowage-accuracy-test");
  const fs::path file = temp / "cases.yaml";
  std::ofstream(file) << text;
  try {
    stowage::sim::config::load_accuracy_suite(file);
  } catch (const stowage::sim::config::ConfigError& e) {
    return std::string(e.what()).substr(file.string().size());
  }
  return "";
}

}  // namespace

TEST_SUITE("accuracy") {
  TEST_CASE("accuracy: the suite's table matches tests/golden/accuracy.txt") {
    // Any change of a prediction shows here; regenerate with scripts/update-golden.sh and say in
    // the commit what moved and why.
    const auto r = run_stowage("accuracy");
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out == read_text(fs::path(STOWAGE_TEST_DIR) / "golden/accuracy.txt"));
  }

  TEST_CASE("accuracy: the bands and the model error match tests/golden/accuracy-bands.txt") {
    // Every band, the model error and how the checks fall against both: a change of a range, a
    // case or the draw shows here.
    const auto r = run_stowage("accuracy --uncertainty");
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out == read_text(fs::path(STOWAGE_TEST_DIR) / "golden/accuracy-bands.txt"));
  }

  TEST_CASE("accuracy: every fitted figure names its fit case and no figure comes from a check case") {
    const auto suite =
        stowage::sim::config::load_accuracy_suite(source_dir() / "data/validation/cases.yaml");
    // Every profile text of the suite and of the built-in catalog (a built-in figure may be
    // fitted from a case too), to look for case ids in the figures' sources.
    std::string profiles;
    for (const fs::path& dir : {suite.profiles, source_dir() / "profiles"}) {
      for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().extension() == ".yaml") profiles += read_text(entry.path());
      }
    }
    std::size_t checks = 0;
    for (const auto& c : suite.cases) {
      // A case id is cited in a profile exactly when a figure was fitted from it.
      const bool cited = cites_fit(profiles, c.id);
      CAPTURE(c.id);
      CHECK(cited == c.fit);
      checks += c.fit ? 0 : 1;
    }
    CHECK(checks >= 15);
  }

  TEST_CASE("accuracy: a case's source is its host, and on github.com its repository") {
    using stowage::advisor::source_of;
    CHECK(source_of("https://github.com/run-ai/runai-model-streamer/blob/master/docs/x.md") ==
          "github.com/run-ai/runai-model-streamer");
    // Issues, pulls and files of one repository are one source, whatever the case of its name.
    CHECK(source_of("https://github.com/vllm-project/vllm/pull/10647") ==
          source_of("https://GitHub.com/vllm-project/VLLM/issues/3182"));
    CHECK(source_of("https://www.alibabacloud.com/help/en/ack/ossfs2") == "alibabacloud.com");
    CHECK(source_of("https://github.com/owner") == "github.com/owner");
    CHECK(source_of("example.org?x=1") == "example.org");
  }

  TEST_CASE("accuracy: a validation storage says why no catalog storage serves, and shadows none") {
    // The suite checks what users run: a case uses a shipped storage wherever the source's
    // storage is one of them; a storage of the suite's own opens with the reason no catalog
    // storage can serve.
    const fs::path suite_storage = source_dir() / "data/validation/profiles/storage";
    std::size_t own = 0;
    for (const auto& entry : fs::directory_iterator(suite_storage)) {
      if (entry.path().extension() != ".yaml") continue;
      CAPTURE(entry.path().filename().string());
      CHECK(read_text(entry.path()).rfind("# Not the catalog's: ", 0) == 0);
      CHECK_FALSE(fs::exists(source_dir() / "profiles/storage" / entry.path().filename()));
      ++own;
    }
    CHECK(own > 0);
  }

  TEST_CASE("accuracy: suite files are checked where they are written") {
    CHECK(error_of_suite("profiles: p\ncases:\n  - {id: a, role: fit, workload: w.yaml, storage: s, "
                         "measured: 1s, source: {url: u, where: w}}\n") ==
          ":3:5: error: cases[0]: a fit case must say which figure was fitted from it (expected "
          "fits: PROFILE.FIELD)");
    CHECK(error_of_suite("profiles: p\ncases:\n  - {id: a, role: guess, workload: w.yaml, "
                         "storage: s, measured: 1s, source: {url: u, where: w}}\n") ==
          ":3:19: error: cases[0].role: unknown value 'guess' (expected one of: check, fit)");
    CHECK(error_of_suite("profiles: p\ncases:\n  - {id: a, role: check, workload: w.yaml, "
                         "storage: s, measured: 0s, source: {url: u, where: w}}\n") ==
          ":3:66: error: cases[0].measured: not a load time (expected > 0 s)");
    // Every case names its family; one independent check a family; `dependent` is for checks.
    const std::string head = "profiles: p\ncases:\n";
    const std::string check = "role: check, workload: w.yaml, storage: s, measured: 1s, "
                              "source: {url: u, where: w}";
    CHECK(error_of_suite(head + "  - {id: a, " + check + "}\n") ==
          ":3:5: error: cases[0]: missing required key `family` (expected the source, machine "
          "and configuration)");
    CHECK(error_of_suite(head + "  - {id: a, " + check + ", family: f}\n  - {id: b, " + check +
                         ", family: f}\n") ==
          ":4:106: error: cases[1].family: family `f` already has an independent check, `a` "
          "(expected one independent check per family; say why this one is not: dependent: "
          "...)");
    CHECK(error_of_suite(head + "  - {id: a, " + check + ", family: f}\n  - {id: b, " + check +
                         ", family: f, dependent: 'the same table as a'}\n")
              .empty());
    CHECK(error_of_suite(head + "  - {id: a, role: fit, fits: s.x, workload: w.yaml, storage: s, "
                                "measured: 1s, source: {url: u, where: w}, family: f, "
                                "dependent: d}\n") ==
          ":3:129: error: cases[0].dependent: a fit case is never counted; `dependent` is for "
          "checks (expected no `dependent`)");
  }
}
