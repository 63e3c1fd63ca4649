// IncrementalMaxMin (sim/maxmin.hpp): slack constraints. Each constraint keeps the sum of the
// bounds of the variables that cross it, so that the component search can tell a constraint that
// can never saturate (every variable bounded, the bounds adding up to less than the capacity)
// from one that may: the first joins nothing, the second joins all its groups.
#include <cmath>

#include "sim/maxmin.hpp"

namespace stowage::sim {

namespace {

// A sum kept by additions and subtractions is off by at most half an ulp of each result, and each
// term count * bound by half an ulp of its own; twice those, summed over the operations since the
// constraint was last empty, bound the error.
constexpr double kRoundOff = 0x1p-52;
// A constraint is slack only when the bounds leave this share of its capacity unused, far more
// than the filling's own round-off, so that no solve could saturate it at a tie.
constexpr double kSlackMargin = 1e-9;

}  // namespace

bool IncrementalMaxMin::slack(const Constraint& c) const {
  return c.unbounded == 0 && c.bound_sum + c.bound_err < c.capacity_bps * (1 - kSlackMargin);
}

void IncrementalMaxMin::count_bounds(const Var& x, double count_delta, std::int64_t var_delta) {
  // A variable joins its group (var_delta +1, count_delta its count), leaves it (-1, minus its
  // count) or changes its count (0, the change). A constraint that turns slack or stops being
  // slack changes what joins the cached component, which is then found again.
  const bool finite = x.bound_bps < kUnbounded;
  const double e = count_delta * x.bound_bps;
  for (const Id ci : groups_[x.group].constraints) {
    Constraint& c = constraints_[ci];
    const bool was = slack(c);
    c.variables += var_delta;
    if (!finite) {
      c.unbounded += var_delta;
    } else {
      c.bound_sum += e;
      c.bound_err += (std::abs(c.bound_sum) + std::abs(e)) * kRoundOff;  // the sum's and e's
    }
    if (c.variables == 0) {
      c.bound_sum = 0;
      c.bound_err = 0;
    }
    if (slack(c) != was) comp_cached_ = false;
  }
}

}  // namespace stowage::sim
