// IncrementalMaxMin (sim/maxmin.hpp): progressive filling over the groups of one component
// (solve_found). Constraints wait in an indexed heap by level R_c / W_c, groups in a heap by
// their next bound level; the lower of the two tops either fixes a batch of a group's variables
// at their bound or saturates a constraint, which fixes every unfixed group on it at that level.
#include <algorithm>

#include "sim/maxmin.hpp"
#include "sim/maxmin_detail.hpp"

namespace stowage::sim {

using maxmin_detail::LaterEntry;

void IncrementalMaxMin::solve_found() {
  if (comp_groups_.empty()) return;
  ++components_solved_;
  groups_solved_ += comp_groups_.size();

  constraint_heap_.clear();
  constraint_heap_.grow(constraints_.size());
  group_order_.clear();
  open_groups_ = 0;
  // A slack constraint never saturates: it starts as if saturated, so the filling leaves it be.
  const auto start = [&](Id ci) {
    Constraint& c = constraints_[ci];
    c.remaining_bps = c.capacity_bps;
    c.weight = 0;
    c.unfixed = 0;
    c.saturated = slack(c);
    c.solved_slack = c.saturated;
  };
  for (const Id ci : comp_constraints_) start(ci);
  for (const Id ci : comp_leaves_) start(ci);
  for (const Id gi : comp_groups_) {
    Group& g = groups_[gi];
    solved_.push_back(Solved{gi, g.level, g.limit, false});
    g.block = 0;
    g.index = 0;
    g.fixed_count = 0;
    g.fixed_w = 0;
    g.fixed = false;
    g.level = kUnbounded;
    g.limit = kNone;
    if (g.reordered) {
      g.total_w = 0;
      for (const Block& b : g.blocks) g.total_w += b.sum_w;
      g.first_level = g.blocks.empty() ? kUnbounded : g.blocks.front().entries.front().level;
    }
    for (const Id ci : g.constraints) {
      constraints_[ci].weight += g.total_w;
      constraints_[ci].unfixed += g.size;
    }
    if (g.size > 0) {
      ++open_groups_;
      // An unbounded variable is never fixed at its bound: only finite levels are ordered.
      if (const double l = g.first_level; l < kUnbounded) group_order_.push_back(Entry{l, gi});
    }
  }
  for (const Id ci : comp_constraints_) {
    const Constraint& c = constraints_[ci];
    if (c.unfixed > 0 && !c.saturated) constraint_heap_.set(ci, c.remaining_bps / c.weight);
  }
  std::make_heap(group_order_.begin(), group_order_.end(), LaterEntry{});

  clamped_ = false;
  double level = 0;  // levels only rise; round-off is not allowed to lower them
  // Until every group is fixed at a level or has all its variables at their bound (then no
  // constraint with unfixed variables is left either).
  while (open_groups_ > 0) {
    // Entries of fixed groups, or older than their group's cursor, are stale.
    while (!group_order_.empty()) {
      const Entry& top = group_order_.front();
      const Group& g = groups_[top.v];
      if (!g.fixed && g.block < g.blocks.size() && next_level(g) == top.level) break;
      std::pop_heap(group_order_.begin(), group_order_.end(), LaterEntry{});
      group_order_.pop_back();
    }
    const double constraint_level =
        constraint_heap_.empty() ? kUnbounded : constraint_heap_.top_key();
    const double bound_level = group_order_.empty() ? kUnbounded : group_order_.front().level;
    if (bound_level < constraint_level) {
      const Id g = group_order_.front().v;
      std::pop_heap(group_order_.begin(), group_order_.end(), LaterEntry{});
      group_order_.pop_back();
      batch(g, constraint_level);
    } else if (!constraint_heap_.empty()) {
      clamped_ = clamped_ || constraint_level < level;
      level = std::max(level, constraint_level);
      saturate(constraint_heap_.top(), level);
    } else {
      clamped_ = true;  // variables left at no level: no count below is trusted
      break;
    }
    flush_touched();
  }
  // Every variable batched lies under its group's level, every other one at or above it (the
  // lowest bound level left was not below the level that saturated), unless a level was clamped.
  Solved* s = solved_.data() + (solved_.size() - comp_groups_.size());
  for (const Id gi : comp_groups_) {
    Group& g = groups_[gi];
    s->same_split = !g.reordered && !clamped_ && g.fixed_count == g.at_bound;
    g.at_bound = g.fixed_count;
    g.reordered = false;
    ++s;
  }
}

double IncrementalMaxMin::next_level(const Group& g) const {
  if (g.block >= g.blocks.size()) return kUnbounded;
  return g.blocks[g.block].entries[g.index].level;
}

void IncrementalMaxMin::batch(Id gi, double below) {
  // Fixes at their bound every variable of the group with a bound level under `below`: whole
  // blocks by their sums, the last one entry by entry.
  Group& g = groups_[gi];
  double sum_e = 0, sum_w = 0;
  std::int64_t n = 0;
  while (g.block < g.blocks.size()) {
    const Block& b = g.blocks[g.block];
    if (g.index == 0 && b.entries.back().level < below) {
      sum_e += b.sum_e;
      sum_w += b.sum_w;
      n += static_cast<std::int64_t>(b.entries.size());
      ++g.block;
      continue;
    }
    while (g.index < b.entries.size() && b.entries[g.index].level < below) {
      const Var& x = vars_[b.entries[g.index].v];
      sum_e += x.count * x.bound_bps;
      sum_w += x.count * x.weight;
      ++n;
      ++g.index;
    }
    if (g.index < b.entries.size()) break;
    ++g.block;
    g.index = 0;
  }
  g.fixed_count += n;
  g.fixed_w += sum_w;
  for (const Id c : g.constraints) {
    Constraint& x = constraints_[c];
    if (x.saturated) continue;
    x.remaining_bps -= sum_e;
    x.unfixed -= n;
    x.weight = x.unfixed == 0 ? 0.0 : x.weight - sum_w;
    touch(c);
  }
  if (g.block >= g.blocks.size()) {
    --open_groups_;
  } else if (next_level(g) < kUnbounded) {
    push_group(gi);
  }
}

void IncrementalMaxMin::saturate(Id ci, double level) {
  Constraint& c = constraints_[ci];
  c.saturated = true;
  touch(ci);
  for (const Id gi : c.groups) {
    Group& g = groups_[gi];
    if (g.fixed) continue;
    g.fixed = true;  // its entries in group_order_ are skipped from now on
    g.level = level;
    g.limit = ci;
    if (g.block < g.blocks.size()) --open_groups_;
    const std::int64_t n = g.size - g.fixed_count;
    if (n == 0) continue;
    const double w = g.total_w - g.fixed_w;
    for (const Id other : g.constraints) {
      Constraint& x = constraints_[other];
      if (x.saturated) continue;
      x.remaining_bps -= level * w;
      x.unfixed -= n;
      x.weight = x.unfixed == 0 ? 0.0 : x.weight - w;
      touch(other);
    }
  }
}

void IncrementalMaxMin::touch(Id c) {
  if (constraints_[c].touched) return;
  constraints_[c].touched = true;
  touched_.push_back(c);
}

void IncrementalMaxMin::flush_touched() {
  // Each constraint whose level moved in this step moves once in the heap.
  for (const Id c : touched_) {
    Constraint& x = constraints_[c];
    x.touched = false;
    if (x.saturated || x.unfixed == 0) {
      constraint_heap_.erase(c);
    } else {
      // Round-off may leave a hair below zero once the constraint is all but full.
      constraint_heap_.set(c, std::max(x.remaining_bps, 0.0) / x.weight);
    }
  }
  touched_.clear();
}

void IncrementalMaxMin::push_group(Id g) {
  group_order_.push_back(Entry{next_level(groups_[g]), g});
  std::push_heap(group_order_.begin(), group_order_.end(), LaterEntry{});
}

}  // namespace stowage::sim
