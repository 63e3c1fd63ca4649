// Evidence: how far the accuracy suite (data/validation/cases.yaml, sim/config/accuracy_cases.hpp)
// backs the profiles a candidate rests on.
//
// For a storage profile and a loader profile (by name; the generic loader is the empty name), the
// check cases of the suite that use it (fit cases never count: a figure fitted from a case is not
// checked by it), how many of them are independent evidence, and the median |error| of their
// predictions (nearest rank, as `stowage accuracy` computes it). A profile no check case uses is
// "not validated against any published load". Only the cases that use one of the profiles asked
// about are simulated, each once with its workload's seed (advisor/judge/accuracy.hpp), so the
// cost is a few loads. With worlds (`advise --uncertainty`), each of those cases is also predicted
// over its plausible worlds (advisor/judge/accuracy_bands.hpp), and the evidence says in how many
// the measured load fell inside the p10-to-p90 band: whether the bands the advice shows have held
// for this profile. Deterministic: the same suite, names and worlds give the same evidence.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

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
};

/// The suite's check cases whose storage is in `storages` or whose loader is `loader`, predicted,
/// and with `worlds` > 0 placed against their bands. `catalog` must search the suite's profiles
/// directory first (as `stowage accuracy` does).
std::vector<CheckedCase> checked_cases(const sim::config::AccuracySuite& suite,
                                       const sim::config::Catalog& catalog,
                                       const std::vector<std::string>& storages,
                                       const std::string& loader, int worlds = 0);

/// The evidence for `storage` and `loader` among `cases`.
Evidence evidence_of(const std::vector<CheckedCase>& cases, const std::string& storage,
                     const std::string& loader);

}  // namespace stowage::advisor
