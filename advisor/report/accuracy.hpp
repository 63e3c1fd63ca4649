// Accuracy report: one row per case (id, role, measured, predicted, error, what bound the
// prediction, source) and the check cases' median, p90 and largest |error|, as a terminal table,
// markdown (the README's table), CSV or JSON (docs/schema/accuracy.schema.json). Pure: the
// same report gives the same bytes.
#pragma once

#include <string>

#include "advisor/judge/accuracy.hpp"

namespace stowage::advisor::report {

/// `format`: table, markdown, csv or json.
/// `width` > 0: the terminal table fits that many columns (report/text.hpp).
std::string accuracy_report(const AccuracyReport& r, const std::string& format, int width = 0);

}  // namespace stowage::advisor::report
