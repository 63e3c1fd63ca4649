#include "advisor/judge/accuracy.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>

#include "advisor/judge/accuracy_bands.hpp"
#include "advisor/judge/model_error.hpp"
#include "sim/config/resolve.hpp"
#include "sim/config/workload_loader.hpp"
#include "sim/result.hpp"
#include "sim/simulate.hpp"

namespace stowage::advisor {
namespace {

/// The statistics of the rows `counted` keeps.
template <class Keep>
AccuracyStats stats_of(const std::vector<AccuracyRow>& rows, Keep counted) {
  AccuracyStats s;
  std::vector<double> abs_errors;
  std::set<std::string> sources;
  for (const AccuracyRow& row : rows) {
    if (!counted(*row.c)) continue;
    sources.insert(source_of(row.c->source_url));
    abs_errors.push_back(std::abs(row.error));
    const double ratio = row.predicted_s / row.c->measured.value();
    if (!(ratio >= 0.5 && ratio <= 2.0)) ++s.beyond_2x;
    if (!(ratio >= 1 / 1.5 && ratio <= 1.5)) ++s.beyond_1_5x;
  }
  s.checks = abs_errors.size();
  s.sources = sources.size();
  if (!abs_errors.empty()) {
    s.median_abs = sim::nearest_rank(abs_errors, 50);
    s.p90_abs = sim::nearest_rank(abs_errors, 90);
    s.max_abs = sim::nearest_rank(abs_errors, 100);
  }
  return s;
}

}  // namespace

std::string source_of(const std::string& url) {
  std::string rest = url;
  if (const auto scheme = rest.find("://"); scheme != std::string::npos) rest.erase(0, scheme + 3);
  std::transform(rest.begin(), rest.end(), rest.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (rest.rfind("www.", 0) == 0) rest.erase(0, 4);
  // The host, and on github.com the owner and repository: three segments, else one.
  const std::size_t keep = rest.rfind("github.com/", 0) == 0 ? 3 : 1;
  std::size_t end = 0;
  for (std::size_t n = 0; n < keep && end != std::string::npos; ++n) {
    end = rest.find_first_of("/?#", n == 0 ? 0 : end + 1);
  }
  return end == std::string::npos ? rest : rest.substr(0, end);
}

sim::Scenario case_scenario(const sim::config::AccuracyCase& c,
                            const sim::config::Catalog& catalog) {
  sim::Workload w = sim::config::load_workload_file(c.workload, &catalog);
  if (c.loader_given) {
    if (!c.loader.profile.empty()) w.loader.profile = c.loader.profile;
    if (c.loader.memory) w.loader.memory = c.loader.memory;
    if (c.loader.overlap) w.loader.overlap = c.loader.overlap;
    if (c.loader.streams) w.loader.streams = c.loader.streams;
  }
  const sim::StorageChoice choice{c.storage, std::nullopt, std::nullopt};
  return sim::config::resolve_scenario(std::move(w), catalog, {choice});
}

AccuracyRow predict_case(const sim::config::AccuracyCase& c, const sim::Scenario& s) {
  const sim::StorageChoice choice{c.storage, std::nullopt, std::nullopt};
  AccuracyRow row;
  row.c = &c;
  row.loader = s.workload.loader.profile;
  row.infeasible = sim::infeasible(s, choice);
  row.predicted_s = std::numeric_limits<double>::infinity();
  if (!row.infeasible) {
    const sim::SimResult r = sim::simulate(s, choice, s.workload.seed);
    row.predicted_s = r.summary.load_p50_s;
    row.bottleneck = r.summary.bottleneck;
  }
  row.error = row.predicted_s / c.measured.value() - 1.0;
  return row;
}

AccuracyReport run_accuracy(const sim::config::AccuracySuite& suite,
                            const sim::config::Catalog& catalog, int worlds) {
  AccuracyReport out;
  out.worlds = worlds;
  for (const sim::config::AccuracyCase& c : suite.cases) {
    const sim::Scenario s = case_scenario(c, catalog);
    AccuracyRow row = predict_case(c, s);
    if (worlds > 0 && !row.infeasible) row.band = case_band(c, s, worlds);
    out.rows.push_back(std::move(row));
  }
  const auto is_check = [](const sim::config::AccuracyCase& c) { return !c.fit; };
  const auto is_independent = [](const sim::config::AccuracyCase& c) { return c.independent(); };
  out.checks = stats_of(out.rows, is_check);
  out.independent = stats_of(out.rows, is_independent);
  if (worlds > 0) {
    attach_model_error(out);
    out.check_bands = band_stats(out.rows, is_check);
    out.independent_bands = band_stats(out.rows, is_independent);
  }
  return out;
}

}  // namespace stowage::advisor
