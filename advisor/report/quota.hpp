// Quota raises as the reports say them: the note in words and the JSON of advise, table and
// simulate (`{"quota": "instances" or "gpus", "gpu", "need", "limit", "note"}`).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "advisor/judge/quota.hpp"

namespace stowage::advisor::report {

/// `needs a quota raise (500 instances > 300 per region by default)`.
std::string quota_note(const QuotaRaise& q);
/// The quota raises as JSON.
nlohmann::ordered_json quota_json(const std::vector<QuotaRaise>& raises);

}  // namespace stowage::advisor::report
