// Evidence: how far the accuracy suite (data/validation/cases.yaml, sim/config/accuracy_cases.hpp)
// backs the profiles a candidate rests on.
//
// For a storage profile and a loader profile (by name; the generic loader is the empty name), the
// check cases of the suite that use it (fit cases never count: a figure fitted from a case is not
// checked by it), how many of them are independent evidence, and the median |error| of their
// predictions (nearest rank, as `stowage accuracy` computes it). A profile no check case uses is
// "not validated against any published load". Only the cases that use one of the profiles asked
// about are simulated, each once with its workload's seed (advisor/judge/accuracy.hpp), so the
// cost is a few loads. With worlds (`advise --uncertainty`), the whole suite is run with its bands
// (advisor/judge/accuracy_bands.hpp), and the evidence says in how many of the profile's checks
// the measured load fell inside the p10-to-p90 band, and inside it once widened by the model
// error (advisor/judge/model_error.hpp): whether the bands the advice shows have held for it.
// Deterministic: the same suite, names and worlds give the same evidence.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "advisor/judge/accuracy.hpp"
#include "sim/config/accuracy_cases.hpp"
#include "sim/config/catalog.hpp"

namespace stowage::advisor {

/// The check cases that use one profile.
struct ProfileEvidence {
  std::string profile;          // the profile's name; empty for the generic loader
  std::size_t checks = 0;       // check cases that use it
  std::size_t independent = 0;  // of which independent evidence
  double median_abs = 0;        // median |error| over them; 0 when there are none
  std::size_t banded = 0;       // of the checks, those predicted over worlds
  std::size_t inside = 0;       // of those, measured inside the p10-to-p90 band
  std::size_t widened = 0;      // of the banded checks, those with a band with model error
  std::size_t inside_widened = 0;  // of those, measured inside it

  bool validated() const { return checks > 0; }
};

/// What backs one candidate: its storage profile and the workload's loader.
struct Evidence {
  ProfileEvidence storage;
  ProfileEvidence loader;
};

/// One predicted check case, reduced to what evidence needs.
struct CheckedCase {
  std::string storage, loader;  // profile names; the generic loader is empty
  bool independent = false;
  double abs_error = 0;
  std::optional<bool> inside_band;  // with worlds: the measured load inside the band
  std::optional<bool> inside_widened_band;  // inside the band with model error, when it has one
};

/// The suite's check cases whose storage is in `storages` or whose loader is `loader`, predicted.
/// `catalog` must search the suite's profiles directory first (as `stowage accuracy` does).
std::vector<CheckedCase> checked_cases(const sim::config::AccuracySuite& suite,
                                       const sim::config::Catalog& catalog,
                                       const std::vector<std::string>& storages,
                                       const std::string& loader);

/// Every check case of `report` (the whole suite run by run_accuracy), placed against its band
/// and its band with model error where the report has them.
std::vector<CheckedCase> checked_cases(const AccuracyReport& report);

/// The evidence for `storage` and `loader` among `cases`.
Evidence evidence_of(const std::vector<CheckedCase>& cases, const std::string& storage,
                     const std::string& loader);

}  // namespace stowage::advisor
