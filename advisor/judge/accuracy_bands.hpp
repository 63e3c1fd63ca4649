// Accuracy against the advice's own uncertainty (`stowage accuracy --uncertainty`): does the
// published load fall inside the band that the catalog's ranged figures give?
//
// One case: the figures `advise --uncertainty` would draw for the case's storage choice (every
// knob with a value and a range, advisor/judge/figure_knobs.hpp, that can touch that choice:
// knob_touches), drawn the same way (draw_figures: a Latin hypercube, log-uniform in each range,
// from the case workload's seed), and the case predicted in every world as predict_case predicts
// it. Prices are not drawn: they cannot move a load time. Its band is the p10, p50 and p90 of the
// predicted load times (linear interpolation between order statistics, quantile_of), its span
// the least and the most. The verdict places the measured time: inside p10..p90, below it
// (faster than nine worlds in ten predict) or above it; a band whose p90 is under kNarrowBand x
// its p10 is narrow (the figures that decide the case carry no range).
// Over a set of checks (band_stats): how many fall inside the band, inside the span, below and
// above, how many bands are narrow, and how many fall inside their band with model error
// (advisor/judge/model_error.hpp). The ranges are plausible bounds written by hand, not
// probabilities, so the share inside is a test of the ranges: a share well under eight in ten
// says the ranges are too narrow or the model lacks a mechanism.
// Worked example (one ranged figure, a rate of 1 to 4 GB/s that alone bounds a 4 GB load): a
// world reads at 4^q GB/s, q uniform, so the p10 time is 4 GB / 4^0.9 GB/s = 1.15 s and the p90
// 4 GB / 4^0.1 GB/s = 3.48 s; a measured 2 s is inside, 0.9 s below.
// Deterministic: the same case, catalog and worlds give the same band.
#pragma once

#include <functional>

#include "advisor/judge/accuracy.hpp"

namespace stowage::advisor {

/// The band of case `c` over `worlds` worlds (worlds >= 1); `s` is its case_scenario.
CaseBand case_band(const sim::config::AccuracyCase& c, const sim::Scenario& s, int worlds);

/// The verdict of `measured_s` against `band` (see above).
BandVerdict band_verdict(const Band& band, double measured_s);

/// How the rows `counted` keeps fall against their bands; rows without a band are skipped.
BandStats band_stats(const std::vector<AccuracyRow>& rows,
                     const std::function<bool(const sim::config::AccuracyCase&)>& counted);

}  // namespace stowage::advisor
