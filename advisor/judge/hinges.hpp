// Hinges: how far each figure the advice rests on may move before the advice changes.
//
// For each figure knob of the scenario (advisor/judge/figure_knobs.hpp) that rests on an assumption
// (or every knob, with `every_figure`), robustness() looks for the value at which the advice
// flips: the recommendation changes (another storage, or none), or, with no recommendation,
// some storage starts to meet the SLO. The advice at a value is the ranking
// (advisor/judge/rank.hpp) of the scenario's candidates evaluated on a copy of the ProfileSet with
// that one figure set; candidates the figure cannot touch (another storage's figure) keep their
// evaluation. Every evaluation uses the workload's seeds and the advice's replications, so a flip
// is the figure's doing, not a new random draw.
// Search, per side of the value v used (down to v / range, up to v x range):
//   1. evaluate the advice at the end of the side; if it does not flip, the advice holds on the
//      whole side (the advice is taken to change at most once along a side: each knob is a
//      limit, a delay or a price, and moving it one way only helps or only hurts);
//   2. else bisect between v (holds) and the end (flips) on a log scale, kBisectionSteps times;
//      `flips_at` is the geometric mean of the last bracket (within range^(1/2^steps) of the
//      true boundary: 1.7% for range 3, 1.8% for range 10 with 7 steps).
// A knob left unset (unbounded, e.g. the image cache's shared bandwidth) has only a downward
// side, from a large value, L = the instances at once x the platform's instance bandwidth (no
// shared limit can bind above what every NIC together pulls), down to L / kUnsetSpan.
// Verdicts: past each end, every candidate whose SLO verdict differs from the advice's (it
// meets and then misses, or misses and then meets) is bisected the same way, on its own
// evaluation alone, giving where that candidate's verdict flips (a VerdictFlip), whether or not
// the recommendation moves.
// `advise` searches range 3 and prints every flip found (a hinge); `--robustness` range 10.
// Worked example (burst-500): the image cache is unset; L = 500 x 625 MB/s = 312.5 GB/s; the
// image stays recommended down to about 10 GB/s, below which another storage or none is
// recommended: "holds while fc-gpu.image.cache_bandwidth >= 10 GB/s (assumption, unset)".
// Pure data, deterministic: the same scenario gives the same hinges.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "advisor/judge/advise.hpp"
#include "advisor/judge/figure_knobs.hpp"

namespace stowage::advisor {

/// Bisection steps per side.
inline constexpr int kBisectionSteps = 7;
/// An unset knob is searched from L down to L / kUnsetSpan.
inline constexpr double kUnsetSpan = 1000.0;
/// The factor within which `advise` reports a flip.
inline constexpr double kHingeRange = 3.0;
/// The factor `advise --robustness` searches.
inline constexpr double kRobustnessRange = 10.0;

struct HingeOptions {
  double range = kHingeRange;  // search v / range .. v x range
  bool every_figure = false;   // every knob, not only assumptions and unset limits
};

/// Where the advice flips on one side of a figure's value, and what it then is.
struct Flip {
  double at = 0;                           // the figure's value at the flip (its unit)
  std::optional<std::string> recommended;  // then recommended, or none
  /// With none recommended: the advice's own choice then, with its misses (or its reason).
  std::optional<Candidate> was_recommended;
};

/// Where one candidate's SLO verdict flips on one side of a figure's value.
struct VerdictFlip {
  std::string storage;
  double at = 0;            // the figure's value at the flip (its unit)
  bool below = true;        // the side: below the value used (else above)
  bool meets_then = false;  // past the flip it meets the SLO (it missed at the value used)
};

/// One figure and how far the advice holds along it.
struct FigureRange {
  FigureKnob knob;
  double reference = 0;       // the value the factors are taken of: v, or L when unset
  double low = 0, high = 0;   // the values searched (reference / range or L / kUnsetSpan, ...)
  std::optional<Flip> below;  // the advice flips below this value
  std::optional<Flip> above;  // the advice flips above this value
  bool moved = false;         // any evaluation differed from the advice's (ranking or figures)
  /// Every candidate whose verdict flips within the range, below first, then in rank order.
  std::vector<VerdictFlip> verdicts;
};

struct Robustness {
  double range = kHingeRange;
  bool every_figure = false;                // every knob was searched, not only assumptions
  std::optional<std::string> recommended;  // the advice's recommendation
  std::vector<FigureRange> figures;  // in knob order
};

/// Searches every selected figure of `scenario` (see above). `advice` is advise()'s answer for
/// it with `options`.
Robustness robustness(const sim::Scenario& scenario, const Advice& advice,
                      const EvaluateOptions& options, const HingeOptions& hinge_options);

/// The figures whose advice flips within the range searched, in knob order.
std::vector<const FigureRange*> hinges(const Robustness& r);
/// Whether any figure flips the recommendation or any candidate's verdict.
bool anything_flips(const Robustness& r);

}  // namespace stowage::advisor
