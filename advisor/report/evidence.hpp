// Evidence in the advice: how far the accuracy suite backs each candidate's storage and loader
// profiles (advisor/judge/evidence.hpp), as `stowage advise` prints it.
//
// A table cell per candidate (`none`, `storage 3 checks, 12%`, `loader 6 checks, 8.5%`, or both
// joined by `; `), one closing paragraph that names every profile asked about with its check
// cases and their median |error| or "not validated against any published load", and the JSON
// object of a candidate:
//   {"storage": PROFILE_EVIDENCE, "loader": PROFILE_EVIDENCE}, each
//   {"profile": NAME or null (the generic loader), "checks", "independent",
//    "median_abs_error": a fraction or null when no check case uses it, "text"}, and with
//    bands (`advise --uncertainty`) "inside_band": {"checks", "inside"}.
// Pure: same evidence, same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "advisor/judge/evaluate.hpp"
#include "advisor/report/text.hpp"

namespace stowage::advisor::report {

/// Whether any candidate carries evidence.
bool any_evidence(const std::vector<Candidate>& candidates);
/// Adds the `evidence` column to a table with one row per candidate, in order, when any
/// candidate carries evidence (`-` for one that does not).
void add_evidence_column(TextTable& t, const std::vector<Candidate>& candidates);
/// The table cell: `none` when neither profile is validated.
std::string evidence_cell(const Evidence& e);
/// `loader vllm-default: 6 check cases (2 independent), median |error| 8.5%; storage image, oss:
/// not validated against any published load`, over the candidates that carry evidence; empty
/// when none does.
std::string evidence_paragraph(const std::vector<Candidate>& candidates);
nlohmann::ordered_json evidence_json(const Evidence& e);

}  // namespace stowage::advisor::report
