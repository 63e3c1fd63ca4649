#include "sim/distribution.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/check.hpp"
#include "sim/engine_range.hpp"

namespace stowage::sim {
namespace {

// Horner evaluation of c[0] + c[1] r + ... + c[7] r^7.
double poly(const double (&c)[8], double r) {
  double v = c[7];
  for (int i = 6; i >= 0; --i) v = v * r + c[i];
  return v;
}

}  // namespace

double normal_quantile(double p) {
  STOWAGE_CHECK(p > 0.0 && p < 1.0, "normal_quantile needs 0 < p < 1");
  // Wichura, "Algorithm AS 241: The percentage points of the normal distribution", Applied
  // Statistics 37 (1988) 477-484, PPND16: rational approximations in three regions.
  static constexpr double kA[8] = {
      3.387132872796366608,  133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
      45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727};
  static constexpr double kB[8] = {1.0,
                                   42.313330701600911252,
                                   687.1870074920579083,
                                   5394.1960214247511077,
                                   21213.794301586595867,
                                   39307.89580009271061,
                                   28729.085735721942674,
                                   5226.495278852545925};
  static constexpr double kC[8] = {1.42343711074968357734,   4.6303378461565452959,
                                   5.7694972214606914055,    3.64784832476320460504,
                                   1.27045825245236838258,   0.24178072517745061177,
                                   0.0227238449892691845833, 7.7454501427834140764e-4};
  static constexpr double kD[8] = {1.0,
                                   2.05319162663775882187,
                                   1.6763848301838038494,
                                   0.68976733498510000455,
                                   0.14810397642748007459,
                                   0.0151986665636164571966,
                                   5.475938084995344946e-4,
                                   1.05075007164441684324e-9};
  static constexpr double kE[8] = {6.6579046435011037772,     5.4637849111641143699,
                                   1.7848265399172913358,     0.29656057182850489123,
                                   0.026532189526576123093,   0.0012426609473880784386,
                                   2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static constexpr double kF[8] = {1.0,
                                   0.59983220655588793769,
                                   0.13692988092273580531,
                                   0.0148753612908506148525,
                                   7.868691311456132591e-4,
                                   1.8463183175100546818e-5,
                                   1.4215117583164458887e-7,
                                   2.04426310338993978564e-15};
  // Region boundaries of AS 241: the central region |p - 0.5| <= 0.425, then r = sqrt(-ln tail)
  // split at 5.
  constexpr double kCentral = 0.425;
  constexpr double kCentralShift = 0.180625;  // 0.425^2
  constexpr double kTailSplit = 5.0;
  constexpr double kNearShift = 1.6;

  const double q = p - 0.5;
  if (std::fabs(q) <= kCentral) {
    const double r = kCentralShift - q * q;
    return q * poly(kA, r) / poly(kB, r);
  }
  double r = std::sqrt(-std::log(q < 0 ? p : 1.0 - p));
  double value = 0.0;
  if (r <= kTailSplit) {
    r -= kNearShift;
    value = poly(kC, r) / poly(kD, r);
  } else {
    r -= kTailSplit;
    value = poly(kE, r) / poly(kF, r);
  }
  return q < 0 ? -value : value;
}

Distribution Distribution::constant(Seconds value) {
  STOWAGE_CHECK(value.value() >= 0.0, "a constant duration must be >= 0");
  return Distribution(Form::kConstant, value, value, 0.0);
}

Distribution Distribution::uniform(Seconds min, Seconds max) {
  STOWAGE_CHECK(min.value() >= 0.0 && min <= max, "uniform needs 0 <= min <= max");
  return Distribution(Form::kUniform, min, max, 0.0);
}

Distribution Distribution::lognormal(Seconds median, Seconds p99) {
  STOWAGE_CHECK(median.value() > 0.0 && median <= p99, "lognormal needs 0 < median <= p99");
  return Distribution(Form::kLognormal, median, p99, std::log(p99 / median) / kNormalZ99);
}

Seconds Distribution::quantile(double p) const {
  STOWAGE_CHECK(p >= 0.0 && p <= 1.0, "a quantile needs 0 <= p <= 1");
  switch (form_) {
    case Form::kConstant:
      return a_;
    case Form::kUniform:
      return a_ + (b_ - a_) * p;
    case Form::kLognormal:
      STOWAGE_CHECK(p < 1.0, "the lognormal has no finite 100th percentile");
      if (p == 0.0 || sigma_ == 0.0) return p == 0.0 && sigma_ > 0.0 ? Seconds(0) : a_;
      return a_ * std::exp(sigma_ * normal_quantile(p));
  }
  STOWAGE_CHECK(false, "unknown distribution form");
  return Seconds(0);
}

Seconds Distribution::sample(double u) const {
  // A huge sigma overflows the quantile to infinity (never NaN: the median is above 0).
  return std::min(quantile(u), Seconds(kMaxInputTimeS));
}

Seconds Distribution::mean() const {
  switch (form_) {
    case Form::kConstant:
      return a_;
    case Form::kUniform:
      return (a_ + b_) / 2.0;
    case Form::kLognormal:
      return a_ * std::exp(sigma_ * sigma_ / 2.0);
  }
  STOWAGE_CHECK(false, "unknown distribution form");
  return Seconds(0);
}

std::string Distribution::to_string() const {
  switch (form_) {
    case Form::kConstant:
      return sim::to_string(a_);
    case Form::kUniform:
      return fmt::format("uniform {}..{}", a_, b_);
    case Form::kLognormal:
      return fmt::format("lognormal median {}, p99 {}", a_, b_);
  }
  STOWAGE_CHECK(false, "unknown distribution form");
  return {};
}

}  // namespace stowage::sim
