// Accuracy: predicted against published load times (sim/config/accuracy_cases.hpp).
//
// Each case is resolved like a workload (its suite's profiles directory first, then the catalog),
// its loader overridden as the case says, and simulated once with the workload's seed; the
// predicted load time is the load's first read to weights on the GPU (sim/result.hpp). The error
// is predicted / measured - 1. Over the check cases only (never the fit cases): the median and
// the p90 (nearest rank) of |error|, the largest, and how many are off by more than 2x
// (predicted < measured / 2 or > 2 x measured) and by more than 1.5x; the same over the
// independent set first (one check per family, none a near-copy of a fit or resting on a figure
// chosen after it was seen; sim/config/accuracy_cases.hpp), with how many sources its checks come
// from (source_of). Deterministic.
// With worlds > 0, each case also gets its band over plausible worlds of its ranged figures
// (advisor/judge/accuracy_bands.hpp) and the checks how often the measured load fell inside it,
// and inside it once widened by the model error of the other sources (model_error.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "advisor/judge/band.hpp"
#include "sim/config/accuracy_cases.hpp"
#include "sim/config/catalog.hpp"
#include "sim/scenario.hpp"

namespace stowage::advisor {

/// Where the measured load time falls against a case's band: inside p10..p90, below it (the
/// load was faster than nine worlds in ten predict) or above it.
enum class BandVerdict { kInside, kBelow, kAbove };

/// One case's predicted load time over plausible worlds (accuracy_bands.hpp).
struct CaseBand {
  int worlds = 0;
  std::vector<std::string> figures;  // the drawn figures that can touch the case, knob order
  Band load_s;                       // p10, p50, p90 of the predicted load time
  double lowest_s = 0, highest_s = 0;
  BandVerdict verdict = BandVerdict::kInside;
  std::vector<double> world_load_s;  // the predicted load time in every world, world order
  /// With the model error of the other sources' independent checks (model_error.hpp): the band
  /// widened by it and the measured load's place in that; none when no other source has one.
  std::optional<Band> with_error;
  BandVerdict verdict_with_error = BandVerdict::kInside;
  /// The band spans less than kNarrowBand (p90 < kNarrowBand x p10): the figures that decide
  /// the case have no range, or none that moves it.
  bool narrow = false;
};

/// A band narrower than this ratio of p90 to p10 says the model is all but certain.
inline constexpr double kNarrowBand = 1.1;

struct AccuracyRow {
  const sim::config::AccuracyCase* c = nullptr;
  std::string loader;      // the case's loader profile once overridden; empty: the generic one
  double predicted_s = 0;  // infinity when the load did not finish
  double error = 0;        // predicted / measured - 1
  std::string bottleneck;
  std::optional<std::string> infeasible;
  std::optional<CaseBand> band;  // with worlds asked for, and a feasible case
};

/// How the measured loads of a set of checks fall against their bands.
struct BandStats {
  std::size_t checks = 0;       // checks with a band
  std::size_t inside = 0;       // p10 <= measured <= p90
  std::size_t within_span = 0;  // lowest <= measured <= highest
  std::size_t below = 0, above = 0;
  std::size_t narrow = 0;  // bands narrower than kNarrowBand
  std::size_t with_error = 0;         // checks with a band with model error
  std::size_t inside_with_error = 0;  // of those, measured inside it
};

struct AccuracyStats {
  std::size_t checks = 0;
  std::size_t sources = 0;  // distinct source_of(url) among the checks
  double median_abs = 0, p90_abs = 0, max_abs = 0;
  std::size_t beyond_2x = 0;
  std::size_t beyond_1_5x = 0;
};

struct AccuracyReport {
  std::vector<AccuracyRow> rows;  // in suite order
  AccuracyStats independent;  // the independent checks
  AccuracyStats checks;       // every check
  int worlds = 0;             // 0: no bands
  BandStats independent_bands, check_bands;
  /// With bands: the model error of every independent check (model_error.hpp), the ratios
  /// measured / predicted that widen the bands.
  Band error_ratio;
  std::size_t error_checks = 0, error_sources = 0;
};

/// The publication a case's URL belongs to: its host without `www.`, lower case, and on
/// github.com the owner and repository (every page, issue and file of one repository is one
/// source). "https://github.com/run-ai/runai-model-streamer/blob/x.md" ->
/// "github.com/run-ai/runai-model-streamer".
std::string source_of(const std::string& url);

/// One case's scenario: its workload with the case's loader overrides, on its storage; `catalog`
/// must search the suite's profiles directory first.
sim::Scenario case_scenario(const sim::config::AccuracyCase& c,
                            const sim::config::Catalog& catalog);
/// Predicts one case from its scenario (case_scenario).
AccuracyRow predict_case(const sim::config::AccuracyCase& c, const sim::Scenario& s);

/// Runs every case of `suite`; `catalog` must search the suite's profiles directory first.
/// `worlds` > 0 gives every feasible case its band over that many worlds.
AccuracyReport run_accuracy(const sim::config::AccuracySuite& suite,
                            const sim::config::Catalog& catalog, int worlds = 0);

}  // namespace stowage::advisor
