// MaxMinSolver: weighted max-min fair sharing of capacities, by progressive filling.
//
// The problem. Variables v (each stands for count_v identical flows of weight w_v > 0 and own
// bound b_v, +inf when unbounded) cross constraints c of capacity C_c. A SHARED constraint
// limits the sum of the rates of the flows that cross it; a FATPIPE constraint limits each flow
// on its own (a per-flow capacity, whatever the number of flows):
//     SHARED   sum_{v crosses c} count_v * r_v <= C_c
//     FATPIPE  r_v <= C_c for every v that crosses c
//     bound    r_v <= b_v
// Weighted max-min fairness: no r_v / w_v can grow without lowering some r_u / w_u that is
// already no larger. Equivalently, every variable has a limit: its own bound (or a FATPIPE
// capacity) which it runs at, or a saturated SHARED constraint on which its r_v / w_v is the
// largest among the variables crossing it.
//
// Progressive filling. Let every unfixed variable run at r_v = w_v * t and raise the level t from
// 0. A SHARED constraint with remaining capacity R_c (C_c minus the rates of the fixed variables
// on it) and unfixed weight W_c = sum count_v * w_v saturates at level t_c = R_c / W_c; a
// variable meets its effective bound e_v = min(b_v, FATPIPE capacities it crosses) at level
// e_v / w_v. Repeatedly take the lowest of these levels, t*:
//   - a constraint at t*: fix every unfixed variable on it at r_v = w_v * t*; its limit is c;
//   - otherwise a variable at its bound: fix r_v = e_v; its limit is its bound (or the FATPIPE
//     constraint that set e_v);
// then subtract the fixed rates from R_c and their weights from W_c of every constraint they
// cross. Levels only rise, so each variable is fixed once.
// Ties at the same level go to SHARED constraints first, lowest index first, then to bounds; an
// effective bound equal to a FATPIPE capacity and an own bound is attributed to the FATPIPE.
//
// Worked example. Links L1 (C = 10 MB/s) and L2 (C = 4 MB/s), all SHARED. Flow a crosses L1 and
// L2 (weight 1), flow b crosses L1 (weight 1), flow c crosses L2 (weight 3).
//   Levels: L1: 10 / (1 + 1) = 5; L2: 4 / (1 + 3) = 1. L2 saturates first at t* = 1:
//   a = 1 * 1 = 1 MB/s, c = 3 * 1 = 3 MB/s, both limited by L2.
//   L1 now has R = 10 - 1 = 9 and W = 1 (flow b): level 9, b = 9 MB/s, limited by L1.
//   Check: L1 carries 1 + 9 = 10, L2 carries 1 + 3 = 4; a cannot grow without taking from c,
//   whose rate per weight (1) is no larger than a's (1).
// With an own bound of 7 MB/s on b, b's bound level 7 is below L1's level 9: b = 7 MB/s, limited
// by its bound, and L1 keeps 2 MB/s spare.
//
// Cost: for V variables, C constraints and E crossings, O(V log V) to order the bounds plus
// O(E log C) with a heap of constraint levels, or O(E + rounds * C) when C is small enough
// (kLinearScanMaxConstraints) that scanning the levels beats keeping them ordered; buffers are
// reused between solves. Units: bytes per second. Determinism: the result depends only on the
// order and values of the add_* calls.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace stowage::sim {

/// How a constraint's capacity is shared by the flows that cross it.
enum class Sharing : std::uint8_t {
  kShared,   ///< the sum of the rates is at most the capacity (a link, a file system)
  kFatpipe,  ///< each flow's rate is at most the capacity (a per-connection limit)
};

/// No own bound: the flow is limited by its constraints only.
inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

/// Solves one weighted max-min problem; reusable (clear, add, solve, read) without reallocating.
class MaxMinSolver {
 public:
  /// The limit of a variable that runs at its own bound.
  static constexpr std::int32_t kOwnBound = -1;

  /// Forgets every constraint and variable.
  void clear();
  /// Adds a constraint; returns its index (0, 1, ...). capacity_bps >= 0 and finite.
  std::int32_t add_constraint(double capacity_bps, Sharing sharing);
  /// Adds `count` identical flows of weight `weight` > 0, each bounded by `bound_bps`
  /// (kUnbounded for none), crossing `constraints` (indices, each once). A variable must cross a
  /// constraint or have a finite bound. Returns its index.
  std::int32_t add_variable(double weight, double count, double bound_bps,
                            std::span<const std::int32_t> constraints);

  /// Computes every rate and limit.
  void solve();

  /// The rate of one flow of variable `v`, in bytes per second (after solve()).
  double rate_bps(std::int32_t v) const { return rate_bps_[v]; }
  /// The constraint index that limits `v`, or kOwnBound (after solve()).
  std::int32_t limit(std::int32_t v) const { return limit_[v]; }
  std::int32_t variable_count() const { return static_cast<std::int32_t>(weight_.size()); }
  std::int32_t constraint_count() const { return static_cast<std::int32_t>(capacity_bps_.size()); }

 private:
  void fix(std::int32_t v, double rate_bps, std::int32_t limit);
  void push_touched();
  bool lower(std::int32_t a, std::int32_t b) const;
  void sift_up(std::int32_t i);
  void sift_down(std::int32_t i);
  void heap_remove(std::int32_t c);
  std::int32_t lowest() const;

  // Constraints.
  std::vector<double> capacity_bps_;
  std::vector<Sharing> sharing_;
  // Variables, with their crossings in CSR form (var_first_[v] .. var_first_[v + 1]).
  std::vector<double> weight_, count_, bound_bps_;
  std::vector<std::int32_t> var_first_{0}, var_constraints_;
  // Solve state.
  std::vector<double> rate_bps_;
  std::vector<std::int32_t> limit_;
  std::vector<double> remaining_bps_, weight_left_;
  std::vector<std::int32_t> unfixed_left_;
  std::vector<char> saturated_, fixed_, touched_;
  std::vector<std::int32_t> touched_list_;
  std::vector<std::int32_t> con_first_, con_variables_;  // transpose: variables of each constraint
  std::vector<double> effective_bound_bps_;
  std::vector<std::int32_t> bound_limit_;
  std::vector<std::int32_t> by_bound_level_;  // variables with a finite effective bound, by level
  // Unsaturated SHARED constraints with their positions: a binary min-heap by (level, index), or,
  // for a few constraints, an unordered list scanned for the lowest (a scan of up to
  // kLinearScanMaxConstraints costs less than keeping a heap ordered after every round).
  static constexpr std::int32_t kLinearScanMaxConstraints = 128;
  bool linear_scan_ = false;
  std::vector<double> level_;
  std::vector<std::int32_t> heap_, heap_pos_;
};

}  // namespace stowage::sim
