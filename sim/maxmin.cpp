#include "sim/maxmin.hpp"

#include <algorithm>
#include <cmath>

#include "sim/check.hpp"

namespace stowage::sim {

void MaxMinSolver::clear() {
  capacity_bps_.clear();
  sharing_.clear();
  weight_.clear();
  count_.clear();
  bound_bps_.clear();
  var_first_.assign(1, 0);
  var_constraints_.clear();
}

std::int32_t MaxMinSolver::add_constraint(double capacity_bps, Sharing sharing) {
  STOWAGE_CHECK(capacity_bps >= 0 && std::isfinite(capacity_bps),
                "a capacity is finite and not negative");
  capacity_bps_.push_back(capacity_bps);
  sharing_.push_back(sharing);
  return constraint_count() - 1;
}

std::int32_t MaxMinSolver::add_variable(double weight, double count, double bound_bps,
                                        std::span<const std::int32_t> constraints) {
  STOWAGE_CHECK(weight > 0 && std::isfinite(weight), "a weight is positive and finite");
  STOWAGE_CHECK(count > 0, "a variable stands for at least one flow");
  STOWAGE_CHECK(bound_bps >= 0, "a bound is not negative");
  STOWAGE_CHECK(!constraints.empty() || std::isfinite(bound_bps),
                "a flow with no constraint needs a finite bound");
  for (const std::int32_t c : constraints) {
    STOWAGE_CHECK(c >= 0 && c < constraint_count(), "a variable crosses a known constraint");
    var_constraints_.push_back(c);
  }
  weight_.push_back(weight);
  count_.push_back(count);
  bound_bps_.push_back(bound_bps);
  var_first_.push_back(static_cast<std::int32_t>(var_constraints_.size()));
  return variable_count() - 1;
}

void MaxMinSolver::fix(std::int32_t v, double rate_bps, std::int32_t limit) {
  rate_bps_[v] = rate_bps;
  limit_[v] = limit;
  for (std::int32_t i = var_first_[v]; i < var_first_[v + 1]; ++i) {
    const std::int32_t c = var_constraints_[i];
    if (sharing_[c] != Sharing::kShared || saturated_[c]) continue;
    remaining_bps_[c] -= count_[v] * rate_bps;
    weight_left_[c] -= count_[v] * weight_[v];
    --unfixed_left_[c];
    if (!touched_[c]) {
      touched_[c] = 1;
      touched_list_.push_back(c);
    }
  }
}

bool MaxMinSolver::lower(std::int32_t a, std::int32_t b) const {
  return level_[a] != level_[b] ? level_[a] < level_[b] : a < b;
}

void MaxMinSolver::sift_up(std::int32_t i) {
  const std::int32_t c = heap_[i];
  while (i > 0) {
    const std::int32_t parent = (i - 1) / 2;
    if (!lower(c, heap_[parent])) break;
    heap_[i] = heap_[parent];
    heap_pos_[heap_[i]] = i;
    i = parent;
  }
  heap_[i] = c;
  heap_pos_[c] = i;
}

void MaxMinSolver::sift_down(std::int32_t i) {
  const std::int32_t c = heap_[i];
  const auto n = static_cast<std::int32_t>(heap_.size());
  while (true) {
    std::int32_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && lower(heap_[child + 1], heap_[child])) ++child;
    if (!lower(heap_[child], c)) break;
    heap_[i] = heap_[child];
    heap_pos_[heap_[i]] = i;
    i = child;
  }
  heap_[i] = c;
  heap_pos_[c] = i;
}

void MaxMinSolver::heap_remove(std::int32_t c) {
  const std::int32_t i = heap_pos_[c];
  if (i < 0) return;
  heap_pos_[c] = -1;
  const std::int32_t last = heap_.back();
  heap_.pop_back();
  if (last == c) return;
  heap_[i] = last;
  heap_pos_[last] = i;
  if (linear_scan_) return;  // an unordered list: the swap is all
  sift_up(i);
  sift_down(heap_pos_[last]);
}

std::int32_t MaxMinSolver::lowest() const {
  if (heap_.empty()) return -1;
  if (!linear_scan_) return heap_.front();
  std::int32_t best = heap_.front();
  for (const std::int32_t c : heap_) {
    if (lower(c, best)) best = c;
  }
  return best;
}

void MaxMinSolver::push_touched() {
  // Each constraint whose level moved in this round moves once in the heap.
  for (const std::int32_t c : touched_list_) {
    touched_[c] = 0;
    if (unfixed_left_[c] == 0 || saturated_[c]) {
      heap_remove(c);
      continue;
    }
    // Round-off may leave a hair below zero once the constraint is all but full.
    level_[c] = std::max(remaining_bps_[c], 0.0) / weight_left_[c];
    if (linear_scan_) continue;
    sift_up(heap_pos_[c]);
    sift_down(heap_pos_[c]);
  }
  touched_list_.clear();
}

void MaxMinSolver::solve() {
  const std::int32_t n_var = variable_count();
  const std::int32_t n_con = constraint_count();
  rate_bps_.assign(n_var, 0.0);
  limit_.assign(n_var, kOwnBound);
  remaining_bps_.assign(capacity_bps_.begin(), capacity_bps_.end());
  weight_left_.assign(n_con, 0.0);
  unfixed_left_.assign(n_con, 0);
  saturated_.assign(n_con, 0);
  touched_.assign(n_con, 0);
  touched_list_.clear();
  fixed_.assign(n_var, 0);

  // Effective bounds (own bound or FATPIPE capacity) and the SHARED loads.
  effective_bound_bps_.assign(bound_bps_.begin(), bound_bps_.end());
  bound_limit_.assign(n_var, kOwnBound);
  con_first_.assign(n_con + 1, 0);
  for (std::int32_t v = 0; v < n_var; ++v) {
    for (std::int32_t i = var_first_[v]; i < var_first_[v + 1]; ++i) {
      const std::int32_t c = var_constraints_[i];
      if (sharing_[c] == Sharing::kFatpipe) {
        const double cap = capacity_bps_[c];
        const double eb = effective_bound_bps_[v];
        if (cap < eb || (cap == eb && (bound_limit_[v] == kOwnBound || c < bound_limit_[v]))) {
          effective_bound_bps_[v] = cap;
          bound_limit_[v] = c;
        }
      } else {
        weight_left_[c] += count_[v] * weight_[v];
        ++unfixed_left_[c];
        ++con_first_[c + 1];
      }
    }
  }
  for (std::int32_t c = 0; c < n_con; ++c) con_first_[c + 1] += con_first_[c];
  con_variables_.resize(con_first_[n_con]);
  {
    std::vector<std::int32_t>& fill = heap_pos_;  // used as fill cursors before the heap exists
    fill.assign(n_con, 0);
    for (std::int32_t v = 0; v < n_var; ++v) {
      for (std::int32_t i = var_first_[v]; i < var_first_[v + 1]; ++i) {
        const std::int32_t c = var_constraints_[i];
        if (sharing_[c] == Sharing::kShared) con_variables_[con_first_[c] + fill[c]++] = v;
      }
    }
  }

  by_bound_level_.clear();
  for (std::int32_t v = 0; v < n_var; ++v) {
    if (std::isfinite(effective_bound_bps_[v])) by_bound_level_.push_back(v);
  }
  std::sort(by_bound_level_.begin(), by_bound_level_.end(), [&](std::int32_t a, std::int32_t b) {
    const double la = effective_bound_bps_[a] / weight_[a];
    const double lb = effective_bound_bps_[b] / weight_[b];
    return la != lb ? la < lb : a < b;
  });

  heap_.clear();
  heap_pos_.assign(n_con, -1);
  level_.assign(n_con, 0.0);
  std::int32_t n_active = 0;
  for (std::int32_t c = 0; c < n_con; ++c) n_active += unfixed_left_[c] > 0 ? 1 : 0;
  linear_scan_ = n_active <= kLinearScanMaxConstraints;
  for (std::int32_t c = 0; c < n_con; ++c) {
    if (unfixed_left_[c] == 0) continue;
    level_[c] = remaining_bps_[c] / weight_left_[c];
    heap_.push_back(c);
    heap_pos_[c] = static_cast<std::int32_t>(heap_.size() - 1);
    if (!linear_scan_) sift_up(heap_pos_[c]);
  }

  std::int32_t n_fixed = 0;
  std::size_t next_bound = 0;
  double level = 0.0;
  while (n_fixed < n_var) {
    while (next_bound < by_bound_level_.size() && fixed_[by_bound_level_[next_bound]]) ++next_bound;
    const std::int32_t lowest_constraint = lowest();
    const double constraint_level = lowest_constraint < 0 ? kUnbounded : level_[lowest_constraint];
    const double bound_level = next_bound < by_bound_level_.size()
                                   ? effective_bound_bps_[by_bound_level_[next_bound]] /
                                         weight_[by_bound_level_[next_bound]]
                                   : kUnbounded;
    STOWAGE_CHECK(constraint_level < kUnbounded || bound_level < kUnbounded,
                  "every variable crosses a constraint or has a bound");
    if (constraint_level <= bound_level) {
      const std::int32_t c = lowest_constraint;
      heap_remove(c);
      saturated_[c] = 1;
      level = std::max(level, constraint_level);
      for (std::int32_t i = con_first_[c]; i < con_first_[c + 1]; ++i) {
        const std::int32_t v = con_variables_[i];
        if (fixed_[v]) continue;
        fixed_[v] = true;
        ++n_fixed;
        fix(v, weight_[v] * level, c);
      }
      push_touched();
    } else {
      const std::int32_t v = by_bound_level_[next_bound++];
      level = std::max(level, bound_level);
      fixed_[v] = true;
      ++n_fixed;
      fix(v, effective_bound_bps_[v], bound_limit_[v]);
      push_touched();
    }
  }
}

}  // namespace stowage::sim
