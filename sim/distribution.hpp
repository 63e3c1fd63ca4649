// Distribution: a random duration (sandbox start, VPC attach, mount) as plain data.
//
// Three forms, as written in profiles:
//   constant   `2s`                                   every draw is 2 s
//   uniform    `{dist: uniform, min: 1s, max: 3s}`     flat between min and max
//   lognormal  `{dist: lognormal, median: 2s, p99: 6s}` a right-skewed delay fitted to two
//   quantiles
// A Distribution owns no random number generator: `sample(u)` maps a uniform number u in [0, 1)
// to a duration through the quantile function, so the same u always gives the same duration and
// the caller's RNG alone decides the sequence (determinism lives with the caller's seed). A draw
// is finite and at most kMaxInputTimeS (sim/engine_range.hpp): a lognormal's far tail beyond it
// is cut there. The readers refuse parameters beyond that range (config/distribution_reader).
//
// Lognormal maths. ln X ~ Normal(mu, sigma). The median is exp(mu), so mu = ln(median). The p-th
// quantile is exp(mu + sigma * z_p), with z_p the standard normal quantile; fitting the 99th
// percentile gives sigma = ln(p99 / median) / z_0.99 with z_0.99 = 2.326347874.
// Worked example: median 2 s, p99 6 s: sigma = ln 3 / 2.326347874 = 1.0986123 / 2.3263479
// = 0.4722476; the 90th percentile is 2 * exp(0.4722476 * 1.2815516) = 2 * exp(0.6052097)
// = 3.663 s, and the mean is 2 * exp(sigma^2 / 2) = 2 * exp(0.1115089) = 2.236 s.
// Units: seconds. All functions are pure.
#pragma once

#include <string>

#include "sim/units.hpp"

namespace stowage::sim {

/// The standard normal quantile Phi^-1(p) for 0 < p < 1 (Wichura's AS 241, about 1e-16 relative).
double normal_quantile(double p);

/// z_0.99, the standard normal quantile of 0.99, as used to fit a lognormal to its p99.
inline constexpr double kNormalZ99 = 2.326347874;

class Distribution {
 public:
  enum class Form { kConstant, kUniform, kLognormal };

  /// A constant zero: the default for an optional delay that does not happen.
  Distribution() = default;
  /// Every draw is `value`; value >= 0.
  static Distribution constant(Seconds value);
  /// Flat on [min, max]; 0 <= min <= max.
  static Distribution uniform(Seconds min, Seconds max);
  /// Lognormal with the given median and 99th percentile; 0 < median <= p99.
  static Distribution lognormal(Seconds median, Seconds p99);

  Form form() const { return form_; }
  /// The p-th quantile, 0 <= p < 1 (p = 1 is allowed for constant and uniform).
  Seconds quantile(double p) const;
  /// A draw from a uniform number u in [0, 1): quantile(u), at most kMaxInputTimeS.
  Seconds sample(double u) const;
  Seconds median() const { return quantile(0.5); }
  Seconds mean() const;

  /// Parameters as written: the constant value, uniform min and max, lognormal median and p99.
  Seconds a() const { return a_; }
  Seconds b() const { return b_; }
  /// The lognormal sigma (0 for the other forms).
  double sigma() const { return sigma_; }

  /// `2 s`, `uniform 1 s..3 s`, `lognormal median 2 s, p99 6 s`.
  std::string to_string() const;

  bool operator==(const Distribution&) const = default;

 private:
  Distribution(Form form, Seconds a, Seconds b, double sigma)
      : form_(form), a_(a), b_(b), sigma_(sigma) {}
  Form form_ = Form::kConstant;
  Seconds a_;
  Seconds b_;
  double sigma_ = 0.0;
};

}  // namespace stowage::sim
