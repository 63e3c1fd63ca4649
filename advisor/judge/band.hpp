// Bands over plausible worlds (advisor/judge/uncertainty.hpp), and what a candidate carries of
// them into the advice's reports (`advise --uncertainty`, `table --uncertainty`). Plain data.
#pragma once

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

}  // namespace stowage::advisor
