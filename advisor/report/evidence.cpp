#include "advisor/report/evidence.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "advisor/report/text.hpp"

namespace stowage::advisor::report {
namespace {

using J = nlohmann::ordered_json;

std::string percent_text(double fraction) {
  if (!std::isfinite(fraction)) return "unfinished";
  const double p = 100 * fraction;
  return p < 10 ? fmt::format("{:.1f}%", p) : fmt::format("{:.0f}%", p);
}

std::string name_of(const ProfileEvidence& e, const char* what) {
  return e.profile.empty() ? std::string("the generic loader") : fmt::format("{} {}", what, e.profile);
}

/// `6 check cases (2 independent), median |error| 8.5%`, and with bands `, measured inside
/// its band in 1 of 6 (5 of 6 with model error)`.
std::string covered_text(const ProfileEvidence& e) {
  std::string out =
      fmt::format("{} ({} independent), median |error| {}", count_text(e.checks, "check case"),
                  e.independent, percent_text(e.median_abs));
  if (e.banded > 0) {
    out += fmt::format(", measured inside its band in {} of {}", e.inside, e.banded);
  }
  if (e.widened > 0) {
    out += fmt::format(" ({} of {} with model error)", e.inside_widened, e.widened);
  }
  return out;
}

/// `storage 7 checks, 19%`, or `storage 1 check, 93%`: the evidence column's cell part.
std::string checks_text(const char* what, const ProfileEvidence& e) {
  return fmt::format("{} {}, {}", what, count_text(e.checks, "check"), percent_text(e.median_abs));
}

constexpr const char* kNotValidated = "not validated against any published load";

}  // namespace

bool any_evidence(const std::vector<Candidate>& candidates) {
  return std::any_of(candidates.begin(), candidates.end(),
                     [](const Candidate& c) { return c.evidence.has_value(); });
}

void add_evidence_column(TextTable& t, const std::vector<Candidate>& candidates) {
  if (!any_evidence(candidates)) return;
  t.header.push_back("evidence");
  t.align.push_back(Align::kLeft);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& e = candidates[i].evidence;
    t.rows[i].push_back(e ? evidence_cell(*e) : "-");
  }
}

std::string evidence_cell(const Evidence& e) {
  std::vector<std::string> parts;
  if (e.storage.validated()) {
    parts.push_back(checks_text("storage", e.storage));
  }
  if (e.loader.validated()) {
    parts.push_back(checks_text("loader", e.loader));
  }
  if (parts.empty()) return "none";
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string evidence_paragraph(const std::vector<Candidate>& candidates) {
  std::vector<std::string> covered;
  std::vector<std::string> bare_storage;
  std::vector<std::string> bare_loader;
  const auto add = [&](const ProfileEvidence& e, const char* what, std::vector<std::string>& bare) {
    if (!e.validated()) {
      const std::string n = e.profile.empty() ? "(generic)" : e.profile;
      if (std::find(bare.begin(), bare.end(), n) == bare.end()) bare.push_back(n);
      return;
    }
    const std::string line = fmt::format("{}: {}", name_of(e, what), covered_text(e));
    if (std::find(covered.begin(), covered.end(), line) == covered.end()) covered.push_back(line);
  };
  bool any = false;
  for (const Candidate& c : candidates) {
    if (!c.evidence) continue;
    any = true;
    add(c.evidence->loader, "loader", bare_loader);
  }
  for (const Candidate& c : candidates) {
    if (c.evidence) add(c.evidence->storage, "storage", bare_storage);
  }
  if (!any) return {};
  std::vector<std::string> parts = covered;
  if (!bare_loader.empty()) {
    parts.push_back(fmt::format("loader {}: {}", fmt::join(bare_loader, ", "), kNotValidated));
  }
  if (!bare_storage.empty()) {
    parts.push_back(fmt::format("storage {}: {}", fmt::join(bare_storage, ", "), kNotValidated));
  }
  return fmt::format(
      "evidence (the check cases of the accuracy suite, `stowage accuracy`, that use each "
      "profile): {}",
      fmt::join(parts, "; "));
}

nlohmann::ordered_json evidence_json(const Evidence& e) {
  const auto one = [](const ProfileEvidence& p) {
    J j({{"profile", p.profile.empty() ? J(nullptr) : J(p.profile)},
         {"checks", p.checks},
         {"independent", p.independent},
         {"median_abs_error",
          p.validated() && std::isfinite(p.median_abs) ? J(p.median_abs) : J(nullptr)},
         {"text", p.validated() ? covered_text(p) : std::string(kNotValidated)}});
    if (p.banded > 0) j["inside_band"] = {{"checks", p.banded}, {"inside", p.inside}};
    if (p.widened > 0) {
      j["inside_band"]["with_model_error"] = {{"checks", p.widened}, {"inside", p.inside_widened}};
    }
    return j;
  };
  return J({{"storage", one(e.storage)}, {"loader", one(e.loader)}});
}

}  // namespace stowage::advisor::report
