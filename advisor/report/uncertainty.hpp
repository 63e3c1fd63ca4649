// Uncertainty reports: `stowage advise --uncertainty` (advisor/judge/uncertainty.hpp).
//
//   lines   after the advice: the worlds drawn, the recommendation under uncertainty
//           (`recommended under uncertainty: oss-accel, holds in 87% of plausible worlds`, or
//           that no candidate holds in the confidence share), a table of every candidate
//           (STORAGE, HOLDS IN, P99 p10 / p50 / p90, COST p10 / p50 / p90) and the figures to
//           measure first, each with its influence and how to measure it
//   JSON    `"uncertainty": {"worlds", "confidence", "recommended", "text",
//            "candidates": [{"storage", "feasible", "reason", "holds", "meets", "p99_s": {"p10",
//                            "p50", "p90"}, "cost": {"p10", "p50", "p90", "currency"},
//                            "p99_s_per_world": [...], "meets_per_world": [...]}],
//            "figures": [{"figure", "unit", "value", "low", "high", "range", "source",
//                         "influence", "rho", "decides", "measure", "values": [...]}],
//            "measure_first": [FIGURE, ...]}`
//           numbers in the figure's unit (advisor/report/knob_text.hpp), times in seconds (null
//           when infinite), costs in the compared currency
// How to measure a figure (measure_text): a storage figure by `stowage calibrate --storage` on a
// host that mounts it, a GPU copy or a loader figure by `stowage calibrate` on a host with the
// GPU, a price or a platform figure by asking its provider. Pure: same result, same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "advisor/judge/uncertainty.hpp"
#include "advisor/report/text.hpp"

namespace stowage::advisor::report {

/// `holds in 87% of plausible worlds` (the share rounded down to a whole percent, so 89.9%
/// never reads as the 90% it misses).
std::string holds_text(double share);
/// The command or the question that would measure a figure.
std::string measure_text(const FigureKnob& knob);
/// The lines after the advice, as a terminal table (`format` "table") or markdown.
std::string uncertainty_text(const Uncertainty& u, const std::string& format, int width);
nlohmann::ordered_json uncertainty_json(const Uncertainty& u);
/// The advice table's columns when its candidates carry worlds (Candidate::worlds): `holds in`
/// (`87%`, rounded down) and `p99 p10/p50/p90` (`28.1 s / 29.5 s / 35 s`); nothing otherwise.
void add_worlds_columns(TextTable& t, const std::vector<Candidate>& candidates);
/// The share of worlds in which the candidate's verdict (meets or misses the SLO) is the one
/// the advice gives it.
double verdict_share(const Candidate& c);

}  // namespace stowage::advisor::report
