// Every assumed figure of the shipped catalog with a number carries a range (sim/figure_range.hpp)
// with its reason in the source text: the rule of issue 26, walked over every profile.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "sim/config/catalog.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;

namespace {

Catalog shipped() {
  Catalog::Options o;
  o.installed = false;
  return Catalog(o);
}

/// `kind/name: path` of every numeric assumption without a range.
void unranged(const std::string& where, const ProfileInfo& info, std::vector<std::string>& out) {
  for (const Figure& f : info.figures) {
    if (f.source.is_assumption() && f.numeric && !f.range) out.push_back(where + ": " + f.path);
  }
}

}  // namespace

TEST_CASE("catalog ranges: every assumed figure in the shipped catalog has a range and a reason") {
  const Catalog c = shipped();
  std::vector<std::string> missing;
  std::size_t ranged = 0;
  const auto walk = [&](const std::string& where, const ProfileInfo& info) {
    unranged(where, info, missing);
    for (const Figure& f : info.figures) {
      if (!f.range) continue;
      ++ranged;
      CAPTURE(where);
      CAPTURE(f.path);
      // The reason is in the source text: an assumption says why, a published range its sources;
      // either way the text states the range it gives a reason for.
      CHECK_FALSE(f.source.text.empty());
      CHECK(f.source.text.find("range") != std::string::npos);
      CHECK(f.range->low > 0);
      CHECK(f.range->low <= f.range->high);
    }
  };
  for (const std::string& n : c.names(ProfileKind::kStorage)) walk("storage/" + n, c.storage(n).info);
  for (const std::string& n : c.names(ProfileKind::kPlatform)) walk("platform/" + n, c.platform(n).info);
  for (const std::string& n : c.names(ProfileKind::kGpu)) walk("gpu/" + n, c.gpu(n).info);
  for (const std::string& n : c.names(ProfileKind::kLoader)) walk("loader/" + n, c.loader(n).info);
  for (const std::string& m : missing) MESSAGE("assumption without a range: " << m);
  CHECK(missing.empty());
  CHECK(ranged > 0);
}

TEST_CASE("catalog ranges: the walk refuses an assumed figure without a range") {
  // A profile directory of one storage whose mount time is assumed with no range, and whose
  // request size carries one: the walk names the first and passes the second.
  stowage::testing::TempDir dir("catalog-ranges");
  std::filesystem::create_directories(dir / "storage");
  std::ofstream(dir / "storage/bare.yaml")
      << "description: a test storage\nkind: local\nsource: \"assumption: a test\"\n"
         "throughput:\n  per_client: {value: 1GB/s, source: \"assumption: a test; range 0.5 "
         "to 2 GB/s: a test\", range: [0.5GB/s, 2GB/s]}\n"
         "cold_start:\n  mount: {value: 1s, source: \"assumption: a test\"}\n"
         "page_cache: true\ncost:\n  currency: USD\n";
  Catalog::Options o;
  o.dirs = {dir.path()};
  o.installed = false;
  o.embedded = false;
  const Catalog c(o);
  std::vector<std::string> missing;
  unranged("storage/bare", c.storage("bare").info, missing);
  CHECK(missing == std::vector<std::string>{"storage/bare: cold_start.mount"});
}
