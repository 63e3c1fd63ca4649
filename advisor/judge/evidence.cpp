#include "advisor/judge/evidence.hpp"

#include <algorithm>
#include <cmath>

#include "advisor/judge/accuracy.hpp"
#include "sim/result.hpp"

namespace stowage::advisor {
namespace {

template <class Uses>
ProfileEvidence evidence_for(const std::vector<CheckedCase>& cases, const std::string& profile,
                             Uses uses) {
  ProfileEvidence e{profile};
  std::vector<double> errors;
  for (const CheckedCase& c : cases) {
    if (!uses(c)) continue;
    errors.push_back(c.abs_error);
    e.independent += c.independent ? 1 : 0;
    if (c.inside_band) {
      ++e.banded;
      e.inside += *c.inside_band ? 1 : 0;
    }
    if (c.inside_widened_band) {
      ++e.widened;
      e.inside_widened += *c.inside_widened_band ? 1 : 0;
    }
  }
  e.checks = errors.size();
  if (!errors.empty()) e.median_abs = sim::nearest_rank(errors, 50);
  return e;
}

}  // namespace

std::vector<CheckedCase> checked_cases(const sim::config::AccuracySuite& suite,
                                       const sim::config::Catalog& catalog,
                                       const std::vector<std::string>& storages,
                                       const std::string& loader) {
  std::vector<CheckedCase> out;
  const auto wanted_storage = [&](const sim::config::AccuracyCase& c) {
    return std::find(storages.begin(), storages.end(), c.storage) != storages.end();
  };
  for (const sim::config::AccuracyCase& c : suite.cases) {
    if (c.fit) continue;
    // A case that names its loader and uses none of the wanted profiles is skipped before its
    // workload is read: most of the suite, for a typical advice.
    const bool loader_named = c.loader_given && !c.loader.profile.empty();
    if (loader_named && c.loader.profile != loader && !wanted_storage(c)) continue;
    const sim::Scenario s = case_scenario(c, catalog);
    const std::string& case_loader = s.workload.loader.profile;
    if (case_loader != loader && !wanted_storage(c)) continue;
    const AccuracyRow row = predict_case(c, s);
    out.push_back(
        CheckedCase{c.storage, case_loader, c.independent(), std::abs(row.error), {}, {}});
  }
  return out;
}

std::vector<CheckedCase> checked_cases(const AccuracyReport& report) {
  std::vector<CheckedCase> out;
  for (const AccuracyRow& row : report.rows) {
    if (row.c->fit) continue;
    CheckedCase c{row.c->storage, row.loader, row.c->independent(), std::abs(row.error), {}, {}};
    if (row.band) {
      c.inside_band = row.band->verdict == BandVerdict::kInside;
      if (row.band->with_error) {
        c.inside_widened_band = row.band->verdict_with_error == BandVerdict::kInside;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

Evidence evidence_of(const std::vector<CheckedCase>& cases, const std::string& storage,
                     const std::string& loader) {
  return Evidence{
      evidence_for(cases, storage, [&](const CheckedCase& c) { return c.storage == storage; }),
      evidence_for(cases, loader, [&](const CheckedCase& c) { return c.loader == loader; })};
}

}  // namespace stowage::advisor
