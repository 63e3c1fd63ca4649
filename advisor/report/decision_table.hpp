// Decision table: one row per scenario and one column per storage choice any of them lists, from
// the same advice as `stowage advise` (advisor/judge/rank.hpp); `stowage table` prints it.
//
// A cell holds the storage's p99 time to ready, marked `*` for the recommended choice and `!`
// when it misses the SLO, `x` when it is not feasible (the reasons follow the table), and `-`
// when the scenario does not list that storage. The last columns are the recommendation and its
// monthly cost. After the table (terminal and markdown): the reasons, then what each scenario's
// advice hinges on (advisor/report/hinges.hpp, one line per flip). CSV has the same cells; JSON
// is `{"scenarios": [ADVICE, ...]}` with each scenario's advice object and its hinge keys
// (advisor/report/advice.hpp), exactly as `stowage advise --format json` prints it, in the order
// given.
// With guidance (`table --guidance FILE`, advisor/judge/guidance.hpp), `guidance[i]` belongs to
// `all[i]` (none: the file does not list that scenario): terminal and markdown end with where
// stowage and the published guidance disagree, one line per scenario with the figures and values
// at which they would agree; JSON gives each listed scenario a `guidance` object
// `{"text", "storages", "agrees", "agree_at": [{"figure", "value", "unit", "source", "flips_at",
// "direction", "then", "text", "agrees_when"}]}`.
// Under uncertainty (`table --uncertainty`, advisor/judge/uncertainty.hpp: the candidates carry
// their worlds), a cell whose verdict (meets or misses the SLO) holds in fewer than the
// objective's confidence share of plausible worlds is marked `?` after its other mark, the legend
// says so, and `uncertainty[i]`, when set, is `all[i]`'s `"uncertainty"` in JSON (as
// `advise --uncertainty` writes it).
// Pure: the same advice gives the same bytes.
#pragma once

#include <string>
#include <vector>

#include <optional>

#include "advisor/judge/advise.hpp"
#include "advisor/judge/guidance.hpp"
#include "advisor/judge/hinges.hpp"
#include "advisor/judge/uncertainty.hpp"

namespace stowage::advisor::report {

/// `format`: table, markdown, csv or json; `robustness[i]` belongs to `all[i]`. `width` > 0
/// (a terminal's columns) fits the table and wraps the lines under it; 0 prints full width.
std::string decision_table(const std::vector<Advice>& all,
                           const std::vector<Robustness>& robustness, const std::string& format,
                           int width = 0,
                           const std::vector<std::optional<GuidanceCheck>>& guidance = {},
                           const std::vector<std::optional<Uncertainty>>& uncertainty = {});

}  // namespace stowage::advisor::report
