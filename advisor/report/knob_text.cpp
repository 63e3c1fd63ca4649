#include "advisor/report/knob_text.hpp"

#include <fmt/format.h>

#include <cmath>

#include "advisor/report/text.hpp"
#include "sim/units.hpp"

namespace stowage::advisor::report {

double significant(double v, int digits) {
  if (!(v > 0) || !std::isfinite(v)) return v;
  const int e = static_cast<int>(std::floor(std::log10(v))) - (digits - 1);
  // Dividing by 10^-e (an exact integer) keeps 0.0306 from printing as 0.030600000000000002.
  if (e < 0) {
    const double scale = std::pow(10.0, -e);
    return std::round(v * scale) / scale;
  }
  const double mag = std::pow(10.0, e);
  return std::round(v / mag) * mag;
}

/// A knob's number as written: `300 MB/s`, `5 s`, `16`, `19.96 CNY`; `unset` for none.
std::string knob_value_text(const FigureKnob& knob, std::optional<double> v) {
  if (!v) return "unset";
  switch (knob.unit) {
    case FigureKnob::Unit::kRate:
      return sim::to_string(sim::BytesPerSecond(*v));
    case FigureKnob::Unit::kSeconds:
      return seconds_text(*v);
    case FigureKnob::Unit::kCount:
      return number_text(*v);
    case FigureKnob::Unit::kPrice:
      return fmt::format("{} {}", number_text(*v), knob.currency);
  }
  return number_text(*v);
}

std::string source_text(const FigureKnob& k) {
  if (!k.value) return "unset";
  return k.source ? k.source->to_string() : "default (not written in the profile)";
}

std::string unit_name(const FigureKnob& k) {
  switch (k.unit) {
    case FigureKnob::Unit::kRate:
      return "B/s";
    case FigureKnob::Unit::kSeconds:
      return "s";
    case FigureKnob::Unit::kCount:
      return "";
    case FigureKnob::Unit::kPrice:
      return k.currency;
  }
  return "";
}

}  // namespace stowage::advisor::report
