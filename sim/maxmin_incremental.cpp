// IncrementalMaxMin (sim/maxmin.hpp): the problem's edits. Constraints, groups and variables
// are added, changed and removed here, and each edit marks the group or constraint it touches
// dirty for the next solve(). Ids of removed groups and variables are reused, last freed first.
// The bound order is in maxmin_bound_order.cpp, the component search in maxmin_component.cpp,
// the filling in maxmin_fill.cpp; the reference solver (MaxMinSolver) is in maxmin.cpp.
#include <algorithm>
#include <cmath>

#include "sim/check.hpp"
#include "sim/maxmin.hpp"

namespace stowage::sim {

IncrementalMaxMin::Id IncrementalMaxMin::add_constraint(double capacity_bps) {
  STOWAGE_CHECK(capacity_bps >= 0 && std::isfinite(capacity_bps),
                "a capacity is finite and not negative");
  Constraint& c = constraints_.emplace_back();
  c.capacity_bps = capacity_bps;
  return static_cast<Id>(constraints_.size() - 1);
}

void IncrementalMaxMin::set_capacity(Id c, double capacity_bps) {
  STOWAGE_CHECK(c >= 0 && c < static_cast<Id>(constraints_.size()), "unknown constraint");
  STOWAGE_CHECK(capacity_bps >= 0 && std::isfinite(capacity_bps),
                "a capacity is finite and not negative");
  Constraint& x = constraints_[c];
  const bool was_slack = slack(x);
  x.capacity_bps = capacity_bps;
  if (slack(x) != was_slack) comp_cached_ = false;  // what it joins has changed
  mark_constraint(c);
}

IncrementalMaxMin::Id IncrementalMaxMin::add_group(std::span<const Id> constraints) {
  Id g;
  if (free_groups_.empty()) {
    g = static_cast<Id>(groups_.size());
    groups_.emplace_back();
  } else {
    g = free_groups_.back();
    free_groups_.pop_back();
  }
  Group& x = groups_[g];
  x.constraints.assign(constraints.begin(), constraints.end());
  x.pos.resize(constraints.size());
  for (std::size_t i = 0; i < constraints.size(); ++i) {
    const Id c = constraints[i];
    STOWAGE_CHECK(c >= 0 && c < static_cast<Id>(constraints_.size()),
                  "a group crosses a known constraint");
    for (std::size_t j = 0; j < i; ++j) {
      STOWAGE_CHECK(constraints[j] != c, "a group crosses each constraint once");
    }
    x.pos[i] = static_cast<std::uint32_t>(constraints_[c].groups.size());
    constraints_[c].groups.push_back(g);
  }
  x.blocks.clear();
  x.size = 0;
  x.at_bound = 0;
  x.reordered = true;
  x.level = kUnbounded;
  x.limit = kNone;
  x.alive = true;
  x.dirty = false;
  mark_group(g);
  cache_group_added(g, constraints);
  return g;
}

void IncrementalMaxMin::remove_group(Id g) {
  Group& x = groups_[g];
  STOWAGE_CHECK(x.alive && x.size == 0, "only a live, empty group is removed");
  for (std::size_t i = 0; i < x.constraints.size(); ++i) {
    const Id c = x.constraints[i];
    std::vector<Id>& list = constraints_[c].groups;
    const Id moved = list.back();
    list[x.pos[i]] = moved;
    list.pop_back();
    if (moved != g) {
      Group& m = groups_[moved];
      for (std::size_t j = 0; j < m.constraints.size(); ++j) {
        if (m.constraints[j] == c) m.pos[j] = x.pos[i];
      }
    }
    mark_constraint(c);
  }
  x.alive = false;
  x.constraints.clear();
  x.blocks.clear();
  free_groups_.push_back(g);
  cache_group_removed(g);
}

IncrementalMaxMin::Id IncrementalMaxMin::add_variable(Id g, double weight, double count,
                                                      double bound_bps) {
  STOWAGE_CHECK(g >= 0 && g < static_cast<Id>(groups_.size()) && groups_[g].alive,
                "a variable joins a live group");
  STOWAGE_CHECK(weight > 0 && std::isfinite(weight), "a weight is positive and finite");
  STOWAGE_CHECK(count > 0, "a variable stands for at least one flow");
  STOWAGE_CHECK(bound_bps >= 0, "a bound is not negative");
  STOWAGE_CHECK(!groups_[g].constraints.empty() || std::isfinite(bound_bps),
                "a flow with no constraint needs a finite bound");
  Id v;
  if (free_vars_.empty()) {
    v = static_cast<Id>(vars_.size());
    vars_.emplace_back();
  } else {
    v = free_vars_.back();
    free_vars_.pop_back();
  }
  vars_[v] = Var{g, weight, count, bound_bps, bound_bps / weight, true};
  insert_entry(v);
  return v;
}

void IncrementalMaxMin::set_count(Id v, double count) {
  STOWAGE_CHECK(count > 0, "a variable stands for at least one flow");
  Var& x = vars_[v];
  if (x.count == count) return;
  count_bounds(x, count - x.count, 0);
  x.count = count;
  Group& g = groups_[x.group];
  g.reordered = true;
  resum(g.blocks[find_block(g, x.level, v)]);
  mark_group(x.group);
}

void IncrementalMaxMin::set_bound(Id v, double bound_bps) {
  STOWAGE_CHECK(bound_bps >= 0, "a bound is not negative");
  Var& x = vars_[v];
  if (x.bound_bps == bound_bps) return;
  erase_entry(v);
  x.bound_bps = bound_bps;
  x.level = bound_bps / x.weight;
  insert_entry(v);
}

void IncrementalMaxMin::remove_variable(Id v) {
  STOWAGE_CHECK(vars_[v].alive, "a live variable");
  erase_entry(v);
  vars_[v].alive = false;
  free_vars_.push_back(v);
}

void IncrementalMaxMin::mark_group(Id g) {
  if (groups_[g].dirty) return;
  groups_[g].dirty = true;
  dirty_groups_.push_back(g);
}

void IncrementalMaxMin::mark_constraint(Id c) {
  if (constraints_[c].dirty) return;
  constraints_[c].dirty = true;
  dirty_constraints_.push_back(c);
}

}  // namespace stowage::sim
