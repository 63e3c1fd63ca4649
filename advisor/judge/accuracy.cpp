#include "advisor/judge/accuracy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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
  for (const AccuracyRow& row : rows) {
    if (!counted(*row.c)) continue;
    abs_errors.push_back(std::abs(row.error));
    const double ratio = row.predicted_s / row.c->measured.value();
    if (!(ratio >= 0.5 && ratio <= 2.0)) ++s.beyond_2x;
    if (!(ratio >= 1 / 1.5 && ratio <= 1.5)) ++s.beyond_1_5x;
  }
  s.checks = abs_errors.size();
  if (!abs_errors.empty()) {
    s.median_abs = sim::nearest_rank(abs_errors, 50);
    s.p90_abs = sim::nearest_rank(abs_errors, 90);
    s.max_abs = sim::nearest_rank(abs_errors, 100);
  }
  return s;
}

}  // namespace

AccuracyReport run_accuracy(const sim::config::AccuracySuite& suite,
                            const sim::config::Catalog& catalog) {
  AccuracyReport out;
  for (const sim::config::AccuracyCase& c : suite.cases) {
    sim::Workload w = sim::config::load_workload_file(c.workload, &catalog);
    if (c.loader_given) {
      if (!c.loader.profile.empty()) w.loader.profile = c.loader.profile;
      if (c.loader.memory) w.loader.memory = c.loader.memory;
      if (c.loader.overlap) w.loader.overlap = c.loader.overlap;
      if (c.loader.streams) w.loader.streams = c.loader.streams;
    }
    const sim::StorageChoice choice{c.storage, std::nullopt, std::nullopt};
    const sim::Scenario s = sim::config::resolve_scenario(std::move(w), catalog, {choice});
    AccuracyRow row;
    row.c = &c;
    row.infeasible = sim::infeasible(s, choice);
    row.predicted_s = std::numeric_limits<double>::infinity();
    if (!row.infeasible) {
      const sim::SimResult r = sim::simulate(s, choice, s.workload.seed);
      row.predicted_s = r.summary.load_p50_s;
      row.bottleneck = r.summary.bottleneck;
    }
    row.error = row.predicted_s / c.measured.value() - 1.0;
    out.rows.push_back(std::move(row));
  }
  out.checks = stats_of(out.rows, [](const sim::config::AccuracyCase& c) { return !c.fit; });
  out.independent =
      stats_of(out.rows, [](const sim::config::AccuracyCase& c) { return c.independent(); });
  return out;
}

}  // namespace stowage::advisor
