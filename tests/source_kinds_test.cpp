// Source kinds (sim/provenance.hpp, sim/config/source_reader.hpp): published, measured, fitted,
// assumption; how `profiles show` and `profiles list` print them; and the shipped catalog walked
// figure by figure.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "sim/config/accuracy_cases.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/profile_loader.hpp"
#include "sim/config/yaml_reader.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;

namespace {

GpuProfile gpu_from(std::string_view text) {
  return load_gpu_profile(YamlDocument::from_text(text, "gpu.yaml"), "test-gpu", nullptr);
}

/// A GPU whose pinned beta has `source`.
std::string gpu_with(std::string_view source) {
  return "description: card\nsource: https://example.com/card\nmemory: 16GB\n"
         "host_link: {pcie_gen: 3}\nh2d:\n  pinned: {alpha: 10us, beta: {value: 12GB/s, source: " +
         std::string(source) + "}}\n  pageable: {alpha: 10us, beta: 9GB/s}\n";
}

const Figure& figure_at(const ProfileInfo& info, std::string_view path) {
  const auto it = std::find_if(info.figures.begin(), info.figures.end(),
                               [&](const Figure& f) { return f.path == path; });
  REQUIRE(it != info.figures.end());
  return *it;
}

std::filesystem::path source_dir() { return std::filesystem::path(STOWAGE_TEST_DIR).parent_path(); }

/// The built-in catalog alone (what the binary ships), as catalog_test reads it.
Catalog shipped() {
  Catalog::Options o;
  o.installed = false;
  return Catalog(o);
}

ProfileInfo info_of(const Catalog& c, ProfileKind kind, const std::string& name) {
  switch (kind) {
    case ProfileKind::kStorage:
      return c.storage(name).info;
    case ProfileKind::kPlatform:
      return c.platform(name).info;
    case ProfileKind::kGpu:
      return c.gpu(name).info;
    case ProfileKind::kLoader:
      return c.loader(name).info;
  }
  return {};
}

}  // namespace

TEST_CASE("source kinds: fitted names its case and says why, in either form") {
  const GpuProfile s = gpu_from(gpu_with("\"fitted: case-1 the rate that makes case-1 exact\""));
  const Source& f = figure_at(s.info, "h2d.pinned.beta").source;
  CHECK(f.kind == Source::Kind::kFitted);
  CHECK(f.first_word() == "case-1");
  CHECK(f.to_string() == "fitted: case-1 the rate that makes case-1 exact");
  CHECK(source_kind_name(f.kind) == "fitted");

  const GpuProfile m = gpu_from(gpu_with("{kind: fitted, why: the rate, case: case-2}"));
  CHECK(figure_at(m.info, "h2d.pinned.beta").source ==
        Source{Source::Kind::kFitted, "case-2 the rate"});
  CHECK(m.info.count(Source::Kind::kFitted) == 1);
  CHECK(m.info.count(Source::Kind::kPublished) == 5);  // memory, pcie_gen, 2 alphas, pageable

  // No case, no why, a case that is not one word: errors at the source.
  CHECK(stowage::testing::config_error_of([] { gpu_from(gpu_with("\"fitted:\"")); }) ==
        "gpu.yaml:6:55: error: h2d.pinned.beta.source: a fitted figure must name its fit case "
        "first (expected fitted: CASE-ID why (a fit case of the accuracy suite))");
  CHECK(stowage::testing::config_error_of([] { gpu_from(gpu_with("\"fitted: case-1\"")); }) ==
        "gpu.yaml:6:55: error: h2d.pinned.beta.source: a fitted figure must say what was fitted "
        "from case case-1 (expected fitted: CASE-ID why (a fit case of the accuracy suite))");
  CHECK(stowage::testing::config_error_of([] {
          gpu_from(gpu_with("{kind: fitted, case: \"a/b\", why: w}"));
        }).find("a fitted figure must name its fit case first") != std::string::npos);
  CHECK(stowage::testing::config_error_of([] {
          gpu_from(gpu_with("{kind: fitted, case: c}"));
        }).find("missing required key `why` (expected `case` and `why`)") != std::string::npos);
}

TEST_CASE("source kinds: every figure of the shipped catalog has a kind that holds") {
  const Catalog c = shipped();
  const AccuracySuite suite = load_accuracy_suite(source_dir() / "data/validation/cases.yaml");
  std::size_t figures = 0, fitted = 0, measured = 0;
  std::vector<std::string> unlinked;
  for (ProfileKind kind : kProfileKinds) {
    for (const std::string& name : c.names(kind)) {
      const ProfileInfo info = info_of(c, kind, name);
      for (const Figure& f : info.figures) {
        CAPTURE(name);
        CAPTURE(f.path);
        CAPTURE(f.source.text);
        ++figures;
        switch (f.source.kind) {
          case Source::Kind::kPublished:
            // Printed as published only with a URL; without one it is printed as `document`.
            if (!f.source.has_url()) unlinked.push_back(name + "." + f.path);
            break;
          case Source::Kind::kMeasured: {
            // A record under data/calibration/ that the repository holds.
            ++measured;
            const std::string record(f.source.first_word());
            CHECK(record.starts_with("data/calibration/"));
            CHECK(std::filesystem::is_regular_file(source_dir() / record));
            break;
          }
          case Source::Kind::kFitted: {
            // A fit case of the shipped suite (its `fits` names this figure or the suite's own
            // copy of it that the catalog carries over).
            ++fitted;
            const auto it = std::find_if(suite.cases.begin(), suite.cases.end(),
                                         [&](const AccuracyCase& a) { return a.id == f.source.first_word(); });
            REQUIRE(it != suite.cases.end());
            CHECK(it->fit);
            break;
          }
          case Source::Kind::kAssumption:
            CHECK_FALSE(f.source.text.empty());
            break;
        }
      }
    }
  }
  CHECK(figures > 300);
  // The published figures whose page's address was not kept when they were read: printed as
  // `document` until it is found. Nothing may join them.
  CHECK(unlinked == std::vector<std::string>{"fc-gpu.image.safe_uncompressed",
                                             "fc-gpu.gpu_pricing.per_hour.l20",
                                             "fc-gpu.gpu_pricing.idle_per_hour.l20"});
  // fastsafetensors-gds.per_stream; the H100 SXM's two copy rates.
  CHECK(fitted >= 1);
  CHECK(measured >= 2);
}

TEST_CASE("source kinds: each fit case's figure is labelled fitted from it, in the suite's profiles "
          "and the catalog") {
  const AccuracySuite suite = load_accuracy_suite(source_dir() / "data/validation/cases.yaml");
  Catalog::Options o;
  o.dirs = {suite.profiles};
  o.installed = false;
  const Catalog c(o);
  for (const AccuracyCase& a : suite.cases) {
    if (!a.fit) continue;
    CAPTURE(a.id);
    CAPTURE(a.fits);
    // `fits` names one or more PROFILE.FIELD: each such figure says `fitted: ID ...`.
    const std::regex figure_name(R"(([a-z0-9][a-z0-9-]*)\.([a-z_][a-z_.]*[a-z_]))");
    std::size_t found = 0;
    for (std::sregex_iterator m(a.fits.begin(), a.fits.end(), figure_name), end; m != end; ++m) {
      const std::string name = (*m)[1], path = (*m)[2];
      for (ProfileKind kind : kProfileKinds) {
        if (!c.contains(kind, name)) continue;
        CAPTURE(name);
        CAPTURE(path);
        const ProfileInfo info = info_of(c, kind, name);
        const Source& s = figure_at(info, path).source;
        CHECK(s.kind == Source::Kind::kFitted);
        CHECK(s.first_word() == a.id);
        ++found;
      }
    }
    CHECK(found >= 1);
  }
}

TEST_CASE("source kinds: every GPU copy rate of the shipped catalog has a source of its own kind") {
  const Catalog c = shipped();
  for (const std::string& name : c.names(ProfileKind::kGpu)) {
    const GpuProfile g = c.gpu(name);
    for (const char* path : {"h2d.pinned.beta", "h2d.pageable.beta"}) {
      CAPTURE(name);
      CAPTURE(path);
      const Source& s = figure_at(g.info, path).source;
      // Measured only on the card the record was taken on; elsewhere an assumption says so.
      if (s.kind == Source::Kind::kMeasured) CHECK(name == "h100-sxm");
      if (s.kind == Source::Kind::kPublished) CHECK(s.has_url());
    }
  }
  CHECK(figure_at(c.gpu("h100-sxm").info, "h2d.pageable.beta").source.kind ==
        Source::Kind::kMeasured);
  CHECK(figure_at(c.gpu("h200").info, "h2d.pageable.beta").source.kind ==
        Source::Kind::kAssumption);
  CHECK(figure_at(c.loader("fastsafetensors-gds").info, "per_stream").source.kind ==
        Source::Kind::kFitted);
}

TEST_CASE("source kinds: profiles show prints each figure's kind, and profiles list counts them") {
  const auto show = stowage::testing::run_stowage("profiles show fastsafetensors-gds");
  CHECK(show.code == 0);
  CHECK(show.out.find("FIGURE") != std::string::npos);
  CHECK(show.out.find("KIND") != std::string::npos);
  CHECK(show.out.find("per_stream  245 MB/s  172 MB/s .. 370 MB/s  fitted     "
                      "it-qwen3-30b-tmpfs-fastsafetensors (") != std::string::npos);

  const auto json = stowage::testing::run_stowage("profiles show h100-sxm --json");
  CHECK(json.code == 0);
  CHECK(json.out.find("\"source_kind\": \"measured\"") != std::string::npos);
  CHECK(json.out.find("\"source_kinds\": {") != std::string::npos);

  const auto list = stowage::testing::run_stowage("profiles list --kind loader");
  CHECK(list.code == 0);
  CHECK(list.out.find("fitted") != std::string::npos);
  CHECK(list.out.find("on a figure fitted from an accuracy case") != std::string::npos);

  // A user's profile citing a document with no URL is printed as `document`, never `published`.
  const auto doc = stowage::testing::run_stowage(
      "profiles show doc-card --profiles tests/fixtures/profiles/document");
  CHECK(doc.code == 0);
  // The memory row: its value, no range (the RANGE column's width follows the other rows), and
  // the kind `document`.
  const std::size_t row = doc.out.find("\nmemory              24 GB ");
  REQUIRE(row != std::string::npos);
  const std::string line = doc.out.substr(row + 1, doc.out.find('\n', row + 1) - row - 1);
  CHECK(line.find(" document    A10 datasheet, printed copy") != std::string::npos);
  CHECK(line.find("..") == std::string::npos);
  CHECK(doc.out.find("sources: 2 published, 1 document, 4 assumed") != std::string::npos);
}

TEST_CASE("source kinds: profiles show names the figures the model does not use") {
  const auto show = stowage::testing::run_stowage("profiles show fc-gpu");
  CHECK(show.code == 0);
  CHECK(show.out.find("recorded for the reader, not used by the model: health_check_timeout, "
                      "idle_reclaim (docs/profiles.md says why)") != std::string::npos);
  const auto json = stowage::testing::run_stowage("profiles show fc-gpu --format json");
  REQUIRE(json.code == 0);
  const auto j = nlohmann::json::parse(json.out);
  for (const auto& f : j.at("figures")) {
    const std::string path = f.at("path");
    CAPTURE(path);
    CHECK(f.at("used_by_model") == (path != "health_check_timeout" && path != "idle_reclaim"));
  }
  // A profile without such a figure has no such line.
  const auto gpu = stowage::testing::run_stowage("profiles show h100-sxm");
  CHECK(gpu.out.find("not used by the model") == std::string::npos);
}
