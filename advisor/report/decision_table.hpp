// Decision table: one row per scenario and one column per storage choice any of them lists, from
// the same advice as `stowage advise` (advisor/judge/rank.hpp); `stowage table` prints it.
//
// A cell holds the storage's p99 time to ready, marked `*` for the recommended choice and `!`
// when it misses the SLO, `x` when it is not feasible (the reasons follow the table), and `-`
// when the scenario does not list that storage. The last columns are the recommendation and its
// monthly cost. After the table (terminal and markdown): the reasons, then what each scenario's
// advice hinges on (advisor/report/hinges.hpp, one line per flip). CSV has the same cells; JSON
// is `{"scenarios": [ADVICE, ...]}` with each scenario's advice object and its `hinges`
// (advisor/report/advice.hpp), exactly as `stowage advise --format json` prints it, in the order
// given.
// Pure: the same advice gives the same bytes.
#pragma once

#include <string>
#include <vector>

#include "advisor/judge/advise.hpp"
#include "advisor/judge/hinges.hpp"

namespace stowage::advisor::report {

/// `format`: table, markdown, csv or json; `robustness[i]` belongs to `all[i]`. `width` > 0
/// (a terminal's columns) fits the table and wraps the lines under it; 0 prints full width.
std::string decision_table(const std::vector<Advice>& all,
                           const std::vector<Robustness>& robustness, const std::string& format,
                           int width = 0);

}  // namespace stowage::advisor::report
