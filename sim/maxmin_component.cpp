// IncrementalMaxMin (sim/maxmin.hpp): which groups and constraints a change reaches. solve()
// walks the dirty marks; each one not yet reached seeds a connected component (groups joined by
// the constraints they cross that are not slack, maxmin_slack.cpp; the slack ones are its
// leaves), found by a breadth-first search or taken from the cache of the last component solved
// while that is still one component, then filled (maxmin_fill.cpp).
#include <algorithm>

#include "sim/maxmin.hpp"

namespace stowage::sim {

void IncrementalMaxMin::solve() {
  if (dirty_groups_.empty() && dirty_constraints_.empty()) return;
  solved_.clear();
  ++visit_;
  group_visit_.resize(groups_.size(), 0);
  constraint_visit_.resize(constraints_.size(), 0);
  for (const Id g : dirty_groups_) {
    groups_[g].dirty = false;
    if (groups_[g].alive && group_visit_[g] != visit_) solve_component(g, kNone);
  }
  for (const Id c : dirty_constraints_) {
    constraints_[c].dirty = false;
    // A constraint that neither limits nor limited anything moves no group's share.
    if (constraint_visit_[c] != visit_ && couples(constraints_[c])) solve_component(kNone, c);
  }
  dirty_groups_.clear();
  dirty_constraints_.clear();
}

void IncrementalMaxMin::solve_component(Id seed_group, Id seed_constraint) {
  const bool cached =
      comp_cached_ &&
      (seed_group != kNone ? group_stamp_[seed_group] == cache_gen_
                           : seed_constraint < static_cast<Id>(constraint_stamp_.size()) &&
                                 constraint_stamp_[seed_constraint] == cache_gen_);
  if (cached) {
    if (comp_has_dead_) {
      std::erase_if(comp_groups_, [&](Id g) {
        if (group_stamp_[g] == cache_gen_) return false;
        comp_listed_[g] = 0;
        return true;
      });
      comp_has_dead_ = false;
    }
    for (const Id g : comp_groups_) group_visit_[g] = visit_;
    for (const Id c : comp_constraints_) constraint_visit_[c] = visit_;
  } else {
    find_component(seed_group, seed_constraint);
    cache_component();
  }
  solve_found();
}

void IncrementalMaxMin::find_component(Id seed_group, Id seed_constraint) {
  for (const Id g : comp_groups_) {  // the cached component's, if any
    if (static_cast<std::size_t>(g) < comp_listed_.size()) comp_listed_[g] = 0;
  }
  comp_groups_.clear();
  comp_constraints_.clear();
  comp_leaves_.clear();
  ++leaf_gen_;
  leaf_stamp_.resize(constraints_.size(), 0);
  if (seed_group != kNone) {
    group_visit_[seed_group] = visit_;
    comp_groups_.push_back(seed_group);
  } else {
    constraint_visit_[seed_constraint] = visit_;
    comp_constraints_.push_back(seed_constraint);
  }
  std::size_t next_group = 0, next_constraint = 0;
  while (next_group < comp_groups_.size() || next_constraint < comp_constraints_.size()) {
    for (; next_group < comp_groups_.size(); ++next_group) {
      for (const Id c : groups_[comp_groups_[next_group]].constraints) {
        if (constraint_visit_[c] == visit_) continue;
        if (!couples(constraints_[c])) {
          if (leaf_stamp_[c] != leaf_gen_) {
            leaf_stamp_[c] = leaf_gen_;
            comp_leaves_.push_back(c);
          }
          continue;
        }
        constraint_visit_[c] = visit_;
        comp_constraints_.push_back(c);
      }
    }
    for (; next_constraint < comp_constraints_.size(); ++next_constraint) {
      for (const Id g : constraints_[comp_constraints_[next_constraint]].groups) {
        if (group_visit_[g] == visit_) continue;
        group_visit_[g] = visit_;
        comp_groups_.push_back(g);
      }
    }
  }
}

void IncrementalMaxMin::cache_component() {
  // Stamps the component just found as the cached one, and looks for its hub. A component that
  // a slack constraint joined one last time (it limited some of these groups before) falls apart
  // after this solve: it is not kept.
  comp_cached_ = false;
  for (const Id c : comp_constraints_) {
    if (slack(constraints_[c])) return;
  }
  ++cache_gen_;
  group_stamp_.resize(groups_.size(), 0);
  comp_listed_.resize(groups_.size(), 0);
  constraint_stamp_.resize(constraints_.size(), 0);
  for (const Id g : comp_groups_) {
    group_stamp_[g] = cache_gen_;
    comp_listed_[g] = 1;
  }
  hub_ = kNone;
  for (const Id c : comp_constraints_) {
    constraint_stamp_[c] = cache_gen_;
    if (hub_ == kNone && constraints_[c].groups.size() == comp_groups_.size()) hub_ = c;
  }
  for (const Id c : comp_leaves_) constraint_stamp_[c] = cache_gen_;
  comp_has_dead_ = false;
  comp_removed_ = 0;
  comp_cached_ = true;
}

void IncrementalMaxMin::cache_group_added(Id g, std::span<const Id> constraints) {
  // A group whose constraints all lie in the cached component joins it (and keeps the hub only
  // if it crosses it); one that reaches outside, or crosses nothing, drops the cache.
  if (!comp_cached_) return;
  const bool inside =
      !constraints.empty() && std::all_of(constraints.begin(), constraints.end(), [&](Id c) {
        return c < static_cast<Id>(constraint_stamp_.size()) &&
               constraint_stamp_[c] == cache_gen_;
      });
  if (!inside) {
    comp_cached_ = false;
  } else {
    group_stamp_.resize(groups_.size(), 0);
    comp_listed_.resize(groups_.size(), 0);
    group_stamp_[g] = cache_gen_;
    if (!comp_listed_[g]) {
      comp_listed_[g] = 1;
      comp_groups_.push_back(g);
    }
    if (std::find(constraints.begin(), constraints.end(), hub_) == constraints.end()) {
      hub_ = kNone;
    }
  }
}

void IncrementalMaxMin::cache_group_removed(Id g) {
  // The component stays cached while a hub holds what is left together, or, without one, until
  // a quarter of it has gone (maxmin.hpp).
  if (comp_cached_ && group_stamp_[g] == cache_gen_) {
    group_stamp_[g] = 0;
    comp_has_dead_ = true;
    if (hub_ == kNone && 4 * ++comp_removed_ > comp_groups_.size()) comp_cached_ = false;
  }
}

}  // namespace stowage::sim
