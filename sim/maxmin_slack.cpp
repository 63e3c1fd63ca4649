// IncrementalMaxMin (sim/maxmin.hpp): slack constraints. Each constraint keeps the sum of the
// bounds of the variables that cross it, so that the component search can tell a constraint that
// can never saturate (every variable bounded, the bounds adding up to less than the capacity)
// from one that may: the first joins nothing, the second joins all its groups.
#include <cmath>

#include "sim/maxmin.hpp"

namespace stowage::sim {

namespace {

// A sum kept by additions and subtractions is off by at most half an ulp of each result; twice
// that, summed over the operations since the constraint was last empty, bounds the error.
constexpr double kRoundOff = 0x1p-52;
// A constraint is slack only when the bounds leave this share of its capacity unused, far more
// than the filling's own round-off, so that no solve could saturate it at a tie.
constexpr double kSlackMargin = 1e-9;

}  // namespace

bool IncrementalMaxMin::slack(const Constraint& c) const {
  return c.unbounded == 0 && c.bound_sum + c.bound_err < c.capacity_bps * (1 - kSlackMargin);
}

void IncrementalMaxMin::count_bounds(const Var& x, double sign) {
  // sign +1 when the variable joins its group (or its count or bound takes a new value), -1 when
  // it leaves (or before the change). A constraint that turns slack or stops being slack changes
  // what joins the cached component, which is then found again.
  const bool finite = x.bound_bps < kUnbounded;
  const double e = x.count * x.bound_bps;
  const std::int64_t step = sign > 0 ? 1 : -1;
  for (const Id ci : groups_[x.group].constraints) {
    Constraint& c = constraints_[ci];
    const bool was = slack(c);
    c.variables += step;
    if (!finite) {
      c.unbounded += step;
    } else {
      c.bound_sum += sign * e;
      c.bound_err += std::abs(c.bound_sum) * kRoundOff;
    }
    if (c.variables == 0) {
      c.bound_sum = 0;
      c.bound_err = 0;
    }
    if (slack(c) != was) comp_cached_ = false;
  }
}

}  // namespace stowage::sim
