// Knob text: how reports write a figure knob (advisor/judge/figure_knobs.hpp) and its numbers,
// shared by the hinge reports (advisor/report/hinges.hpp) and the uncertainty report
// (advisor/report/uncertainty.hpp). Pure formatting.
#pragma once

#include <optional>
#include <string>

#include "advisor/judge/figure_knobs.hpp"

namespace stowage::advisor::report {

/// `v` rounded to `digits` significant digits (non-positive and non-finite values unchanged).
double significant(double v, int digits);
/// A knob's number as written: `300 MB/s`, `5 s`, `16`, `19.96 CNY`; `unset` for none.
std::string knob_value_text(const FigureKnob& knob, std::optional<double> v);
/// The figure's source as written in its profile, `unset`, or that it is a default.
std::string source_text(const FigureKnob& k);
/// The unit of the knob's numbers in JSON: `B/s`, `s`, the currency, or empty for a count.
std::string unit_name(const FigureKnob& k);

}  // namespace stowage::advisor::report
