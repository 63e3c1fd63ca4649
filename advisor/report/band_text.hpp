// Band text: how reports write a band of seconds over plausible worlds (advisor/judge/band.hpp),
// shared by the uncertainty report (advisor/report/uncertainty.hpp) and the accuracy report
// (advisor/report/accuracy.hpp). Pure formatting.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "advisor/judge/band.hpp"

namespace stowage::advisor::report {

/// `1.2 s / 3.4 s / 8 s`: p10, p50 and p90.
std::string band_seconds(const Band& b);
/// {"p10": .., "p50": .., "p90": ..} in seconds (null where infinite: none finished).
nlohmann::ordered_json band_seconds_json(const Band& b);

}  // namespace stowage::advisor::report
