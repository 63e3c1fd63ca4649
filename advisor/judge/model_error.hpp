// Model error: how far the model itself misses published loads, beside the ranges of its
// figures (`accuracy --uncertainty`, `advise --uncertainty`).
//
// A band over plausible worlds (advisor/judge/uncertainty.hpp) moves only the figures that carry
// a range; a mechanism the model lacks, or a figure fitted on one machine and used on another,
// moves none of them, so such bands are too narrow (docs/accuracy.md#bands). The accuracy suite
// measures that part: each independent check gives the ratio measured / predicted of its load.
// The model error is the empirical set of those ratios, m_1..m_J. A band with model error is the
// p10, p50 and p90 of every product t_w x m_j, each world's value times each ratio (the two taken
// as independent): W worlds and J ratios give W x J values of equal weight.
// In `stowage accuracy`, a case's ratios leave out every check from its own source (source_of):
// leave one source out, so no case is judged by a band built from itself or from a near-copy of
// it, and the share of checks inside their widened band is a fair test of it. The advice uses
// every independent check, and widens each candidate's p99 band with it: the suite measures
// loads (the first read to the weights on the GPU), so only the p99 load's reading and copying
// is scaled; its delivery, image pull, sandbox, VPC attach, mount and init keep their worlds'
// values, as no published check covers them.
// Worked example: worlds of 10 s and 20 s, ratios 0.5 and 2: the products 5, 10, 20 and 40 s give
// p10 6.5 s, p50 15 s and p90 34 s (linear interpolation between order statistics, quantile_of).
// Deterministic: the same rows give the same error, the same values and ratios the same band.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "advisor/judge/accuracy.hpp"
#include "advisor/judge/band.hpp"
#include "advisor/judge/uncertainty.hpp"

namespace stowage::advisor {

/// The model error of the independent checks among `rows` that finished, less those whose
/// source (source_of) is `leave_out_source` (none left out when it is empty).
ModelError model_error(const std::vector<AccuracyRow>& rows,
                       const std::string& leave_out_source = {});

/// The p10, p50 and p90 of every value of `values` times every ratio of `ratios`, plus the same
/// world's `untouched` time when given (one per value; see above); `values` (plus `untouched`)
/// when `ratios` is empty. `values` must not be empty.
Band with_model_error(const std::vector<double>& values, const std::vector<double>& ratios,
                      const std::vector<double>& untouched = {});

/// Gives every banded row of `report` its band with model error, leaving its own source out,
/// and counts the checks inside it (BandStats::inside_with_error).
void attach_model_error(AccuracyReport& report);

/// The model error the advice shows, from the suite's report with bands (run_accuracy with
/// worlds > 0): every independent check's ratio and how its band held.
AdviceModelError advice_model_error(const AccuracyReport& report);

/// Every value of `values` times every ratio of `ratios` (`values` alone when there is none),
/// plus the same world's `untouched` time when given: the values with_model_error takes its
/// quantiles of, world by world, ratio by ratio.
std::vector<double> model_error_values(const std::vector<double>& values,
                                       const std::vector<double>& ratios,
                                       const std::vector<double>& untouched = {});

/// Gives `u` the model error and every feasible candidate its p99 band with it: in each world,
/// the p99 load's reading and copying times each ratio, its other phases as they are
/// (CandidateWorlds::world_outside_read_s; with_model_error). With a p99 target, also the share
/// of those values within it: how often the p99 target holds once the model may miss as it
/// missed published loads (the target alone; failures and other targets are not widened).
void attach_model_error(Uncertainty& u, AdviceModelError e,
                        std::optional<double> p99_target_s = std::nullopt);

}  // namespace stowage::advisor
