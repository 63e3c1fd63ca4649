// Published guidance beside the advice: for a scenario whose recommendation is not a storage the
// guidance names, which assumed figure, at what value, would make them agree.
//
// The guidance of a scenario (read from a file by advisor/cli/guidance_file.hpp) names the
// storage profiles it means; the advice agrees when it recommends one of them. When
// it does not, the hinge search (advisor/judge/hinges.hpp, range x10 as `advise --robustness`)
// runs on the scenario, and each flip whose new recommendation is a guided storage is a figure
// and value at which they would agree. A flip is the first change along a figure (the search
// finds one per side), so a guided storage reached only after another is not found.
// Pure; deterministic.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "advisor/judge/advise.hpp"
#include "advisor/judge/hinges.hpp"

namespace stowage::advisor {

struct Guidance {
  std::string workload;
  std::string text;                   // as published, e.g. `OSS accelerator`
  std::vector<std::string> storages;  // the profiles it means, e.g. `oss-accel`
};

/// A figure and the side of it on which the advice would agree with the guidance.
struct AgreeAt {
  std::size_t figure = 0;  // index into the GuidanceCheck's robustness.figures
  bool below = false;      // agrees below that figure's `below` flip, else above its `above`
};

/// One scenario against its guidance.
struct GuidanceCheck {
  Guidance guidance;
  bool agrees = false;
  Robustness robustness;          // searched only when it disagrees
  std::vector<AgreeAt> agree_at;  // in knob order
};

/// Whether `advice` agrees with `g`, and if not, where it would (see above).
GuidanceCheck check_guidance(const sim::Scenario& scenario, const Advice& advice,
                             const EvaluateOptions& options, const Guidance& g);

}  // namespace stowage::advisor
