#include "sim/distribution.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace stowage::sim;

TEST_CASE("distribution: the normal quantile matches published z values") {
  // Standard tables: z_0.5 = 0, z_0.975 = 1.959963985, z_0.99 = 2.326347874,
  // z_0.9 = 1.281551566, and the deep tail z_1e-10 = -6.361340902.
  CHECK(normal_quantile(0.5) == 0.0);
  CHECK(normal_quantile(0.975) == doctest::Approx(1.959963985).epsilon(1e-9));
  CHECK(normal_quantile(0.99) == doctest::Approx(kNormalZ99).epsilon(1e-9));
  CHECK(normal_quantile(0.9) == doctest::Approx(1.281551566).epsilon(1e-9));
  CHECK(normal_quantile(1e-10) == doctest::Approx(-6.361340902).epsilon(1e-9));
  // Symmetry: z_p = -z_(1-p).
  CHECK(normal_quantile(0.01) == doctest::Approx(-normal_quantile(0.99)).epsilon(1e-12));
}

TEST_CASE("distribution: a lognormal fitted to its median and p99") {
  const Distribution d = Distribution::lognormal(Seconds(2), Seconds(6));
  // sigma = ln(6 / 2) / 2.326347874 = 1.0986123 / 2.3263479 = 0.4722476.
  CHECK(d.sigma() == doctest::Approx(0.4722476).epsilon(1e-6));
  // The fit reproduces both quantiles it was given.
  CHECK(d.median().value() == doctest::Approx(2.0));
  CHECK(d.quantile(0.99).value() == doctest::Approx(6.0).epsilon(1e-9));
  // p90 = 2 exp(0.4722476 x 1.2815516) = 2 exp(0.6052097) = 3.6633 s.
  CHECK(d.quantile(0.9).value() == doctest::Approx(3.6630).epsilon(1e-4));
  // mean = 2 exp(sigma^2 / 2) = 2 exp(0.1115089) = 2.2359 s.
  CHECK(d.mean().value() == doctest::Approx(2.2359).epsilon(1e-4));
  // sample(u) is the quantile at u, so the caller's RNG alone decides the draws.
  CHECK(d.sample(0.9) == d.quantile(0.9));
  CHECK(d.sample(0.0).value() == 0.0);
  CHECK(d.to_string() == "lognormal median 2 s, p99 6 s");
}

TEST_CASE("distribution: a lognormal with p99 equal to its median is a constant") {
  // sigma = ln 1 / z = 0: every quantile is the median.
  const Distribution d = Distribution::lognormal(Seconds(3), Seconds(3));
  CHECK(d.sigma() == 0.0);
  CHECK(d.quantile(0.01).value() == 3.0);
  CHECK(d.quantile(0.999).value() == 3.0);
}

TEST_CASE("distribution: uniform and constant") {
  const Distribution u = Distribution::uniform(Seconds(1), Seconds(3));
  // Flat on [1, 3]: the p-th quantile is 1 + 2p.
  CHECK(u.quantile(0.0).value() == 1.0);
  CHECK(u.quantile(0.25).value() == 1.5);
  CHECK(u.quantile(1.0).value() == 3.0);
  CHECK(u.mean().value() == 2.0);
  CHECK(u.to_string() == "uniform 1 s..3 s");
  const Distribution c = Distribution::constant(Seconds(0.25));
  CHECK(c.sample(0.7).value() == 0.25);
  CHECK(c.to_string() == "250 ms");
  // The default is a constant zero: a delay that does not happen.
  CHECK(Distribution().sample(0.5).value() == 0.0);
}
