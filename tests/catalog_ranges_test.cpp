// Every assumed figure of the shipped catalog with a number carries a range (sim/figure_range.hpp)
// with its reason in the source text: the rule of issue 26, walked over every profile.
#include <doctest/doctest.h>

#include <string>
#include <vector>

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
      // The reason is in the source text: an assumption says why, a published range its sources.
      CHECK_FALSE(f.source.text.empty());
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
