// Bands over plausible worlds (advisor/judge/uncertainty.hpp), and what a candidate carries of
// them into the advice's reports (`advise --uncertainty`, `table --uncertainty`). Plain data.
#pragma once

#include <cstddef>
#include <vector>

namespace stowage::advisor {

/// p10, p50 and p90 of a quantity over the worlds.
struct Band {
  double p10 = 0, p50 = 0, p90 = 0;
};

/// One candidate over the worlds, as the advice table shows it.
struct WorldsShare {
  int worlds = 0;           // worlds drawn
  double holds = 0;         // share of them in which it meets the SLO
  double confidence = 0.9;  // the objective's confidence share
  Band p99_s;               // its judged p99 over the worlds, seconds (infinite: none ready)
};

/// The model's own error on published loads (advisor/judge/model_error.hpp): the ratios
/// measured / predicted of the accuracy suite's independent checks.
struct ModelError {
  std::vector<double> ratios;  // one per check it rests on, in suite order
  std::size_t sources = 0;     // distinct sources of those checks
  Band ratio;                  // p10, p50 and p90 of the ratios; all 0 when there are none

  bool empty() const { return ratios.empty(); }
};

/// The model error as the advice shows it beside its bands (`advise --uncertainty`): every
/// independent check's ratio, and how the checks fell against their own bands over the worlds,
/// as they are and widened by the other sources' ratios.
struct AdviceModelError {
  ModelError error;
  std::size_t banded = 0;             // independent checks with a band
  std::size_t inside = 0;             // of those, measured inside it
  std::size_t inside_with_error = 0;  // measured inside it once widened
};

}  // namespace stowage::advisor
