#include "advisor/judge/model_error.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "advisor/judge/accuracy_bands.hpp"
#include "advisor/judge/uncertainty.hpp"

namespace stowage::advisor {

ModelError model_error(const std::vector<AccuracyRow>& rows, const std::string& leave_out_source) {
  ModelError e;
  std::set<std::string> sources;
  for (const AccuracyRow& row : rows) {
    if (!row.c->independent() || row.infeasible) continue;
    if (!(std::isfinite(row.predicted_s) && row.predicted_s > 0)) continue;
    std::string source = source_of(row.c->source_url);
    if (!leave_out_source.empty() && source == leave_out_source) continue;
    e.ratios.push_back(row.c->measured.value() / row.predicted_s);
    sources.insert(std::move(source));
  }
  e.sources = sources.size();
  if (!e.ratios.empty()) {
    e.ratio = band_of(e.ratios);
  }
  return e;
}

std::vector<double> model_error_values(const std::vector<double>& values,
                                       const std::vector<double>& ratios,
                                       const std::vector<double>& untouched) {
  std::vector<double> products;
  products.reserve(values.size() * std::max<std::size_t>(ratios.size(), 1));
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double rest = i < untouched.size() ? untouched[i] : 0.0;
    if (ratios.empty()) products.push_back(values[i] + rest);
    for (const double m : ratios) products.push_back(values[i] * m + rest);
  }
  return products;
}

Band with_model_error(const std::vector<double>& values, const std::vector<double>& ratios,
                      const std::vector<double>& untouched) {
  return band_of(model_error_values(values, ratios, untouched));
}

void attach_model_error(AccuracyReport& report) {
  const ModelError all = model_error(report.rows);
  report.error_ratio = all.ratio;
  report.error_checks = all.ratios.size();
  report.error_sources = all.sources;
  for (AccuracyRow& row : report.rows) {
    if (!row.band) continue;
    const ModelError others = model_error(report.rows, source_of(row.c->source_url));
    if (others.empty()) continue;
    row.band->with_error = with_model_error(row.band->world_load_s, others.ratios);
    row.band->verdict_with_error = band_verdict(*row.band->with_error, row.c->measured.value());
  }
}

AdviceModelError advice_model_error(const AccuracyReport& report) {
  const BandStats& b = report.independent_bands;
  return AdviceModelError{model_error(report.rows), b.checks, b.inside, b.inside_with_error};
}

void attach_model_error(Uncertainty& u, AdviceModelError e, std::optional<double> p99_target_s) {
  for (CandidateWorlds& c : u.candidates) {
    if (c.infeasible || c.world_p99_s.empty() || e.error.empty()) continue;
    std::vector<double> read(c.world_p99_s.size());
    for (std::size_t w = 0; w < read.size(); ++w) {
      read[w] = c.world_p99_s[w] - c.world_outside_read_s[w];  // infinite for a failed p99
    }
    const std::vector<double> values =
        model_error_values(read, e.error.ratios, c.world_outside_read_s);
    c.p99_with_error = band_of(values);
    if (p99_target_s) {
      const auto within =
          std::count_if(values.begin(), values.end(), [&](double v) { return v <= *p99_target_s; });
      c.p99_target_share_with_error =
          static_cast<double>(within) / static_cast<double>(values.size());
    }
  }
  u.model_error = std::move(e);
}

}  // namespace stowage::advisor
