// The incremental solver of sim/maxmin.hpp (IncrementalMaxMin); the reference solver
// (MaxMinSolver) is in maxmin.cpp, the indexed heap in maxmin_heap.cpp.
#include "sim/maxmin.hpp"

#include <algorithm>
#include <cmath>

#include "sim/check.hpp"

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
  constraints_[c].capacity_bps = capacity_bps;
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
  if (comp_cached_) {
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
  if (comp_cached_ && group_stamp_[g] == cache_gen_) {
    group_stamp_[g] = 0;
    comp_has_dead_ = true;
    if (hub_ == kNone) comp_cached_ = false;  // what is left may fall apart
  }
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

void IncrementalMaxMin::resum(Block& b) const {
  b.sum_e = 0;
  b.sum_w = 0;
  for (const Entry& e : b.entries) {
    const Var& x = vars_[e.v];
    b.sum_e += x.count * x.bound_bps;
    b.sum_w += x.count * x.weight;
  }
}

namespace {
bool entry_before(double level_a, std::int32_t a, double level_b, std::int32_t b) {
  return level_a != level_b ? level_a < level_b : a < b;
}
// std heap functions build max-heaps: "later" is "less", so the lowest entry is on top.
struct LaterEntry {
  template <class E>
  bool operator()(const E& a, const E& b) const {
    return entry_before(b.level, b.v, a.level, a.v);
  }
};
}  // namespace

std::size_t IncrementalMaxMin::find_block(const Group& g, double level, Id v) const {
  // The first block whose last entry is not before (level, v); the last block if none.
  const auto it = std::partition_point(g.blocks.begin(), g.blocks.end(), [&](const Block& b) {
    return entry_before(b.entries.back().level, b.entries.back().v, level, v);
  });
  return it == g.blocks.end() ? g.blocks.size() - 1
                              : static_cast<std::size_t>(it - g.blocks.begin());
}

void IncrementalMaxMin::insert_entry(Id v) {
  const Var& x = vars_[v];
  Group& g = groups_[x.group];
  ++g.size;
  g.reordered = true;
  mark_group(x.group);
  if (g.blocks.empty()) g.blocks.emplace_back();
  const std::size_t bi = g.blocks.front().entries.empty() ? 0 : find_block(g, x.level, v);
  Block& b = g.blocks[bi];
  const auto at = std::partition_point(b.entries.begin(), b.entries.end(), [&](const Entry& e) {
    return entry_before(e.level, e.v, x.level, v);
  });
  b.entries.insert(at, Entry{x.level, v});
  if (b.entries.size() <= 2 * kBlock) {
    resum(b);
    return;
  }
  // Split a full block in two halves.
  Block upper;
  upper.entries.assign(b.entries.begin() + static_cast<std::ptrdiff_t>(kBlock), b.entries.end());
  b.entries.resize(kBlock);
  resum(b);
  resum(upper);
  g.blocks.insert(g.blocks.begin() + static_cast<std::ptrdiff_t>(bi + 1), std::move(upper));
}

void IncrementalMaxMin::erase_entry(Id v) {
  const Var& x = vars_[v];
  Group& g = groups_[x.group];
  const std::size_t bi = find_block(g, x.level, v);
  Block& b = g.blocks[bi];
  const auto at = std::partition_point(b.entries.begin(), b.entries.end(), [&](const Entry& e) {
    return entry_before(e.level, e.v, x.level, v);
  });
  STOWAGE_CHECK(at != b.entries.end() && at->v == v, "a variable is in its group's order");
  b.entries.erase(at);
  --g.size;
  g.reordered = true;
  mark_group(x.group);
  if (b.entries.empty()) {
    g.blocks.erase(g.blocks.begin() + static_cast<std::ptrdiff_t>(bi));
    return;
  }
  // Merge a small block into its successor when both fit in one.
  if (bi + 1 < g.blocks.size() && b.entries.size() + g.blocks[bi + 1].entries.size() <= kBlock) {
    Block& next = g.blocks[bi + 1];
    b.entries.insert(b.entries.end(), next.entries.begin(), next.entries.end());
    g.blocks.erase(g.blocks.begin() + static_cast<std::ptrdiff_t>(bi + 1));
  }
  resum(g.blocks[bi]);
}

void IncrementalMaxMin::variables_between(Id g, double lo, double hi, std::vector<Id>& out) const {
  const Group& x = groups_[g];
  if (!(lo < hi) || x.blocks.empty()) return;
  if (x.blocks.front().entries.front().level >= hi || x.blocks.back().entries.back().level < lo) {
    return;
  }
  auto it = std::partition_point(x.blocks.begin(), x.blocks.end(),
                                 [&](const Block& b) { return b.entries.back().level < lo; });
  for (; it != x.blocks.end(); ++it) {
    for (const Entry& e : it->entries) {
      if (e.level >= hi) return;
      if (e.level >= lo) out.push_back(e.v);
    }
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
    if (constraint_visit_[c] != visit_) solve_component(kNone, c);
  }
  dirty_groups_.clear();
  dirty_constraints_.clear();
}

void IncrementalMaxMin::cache_component() {
  // Stamps the component just found as the cached one, and looks for its hub.
  ++cache_gen_;
  group_stamp_.resize(groups_.size(), 0);
  comp_listed_.assign(groups_.size(), 0);
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
  comp_has_dead_ = false;
  comp_cached_ = true;
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
  comp_groups_.clear();
  comp_constraints_.clear();
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

void IncrementalMaxMin::solve_found() {
  if (comp_groups_.empty()) return;
  ++components_solved_;
  groups_solved_ += comp_groups_.size();

  constraint_heap_.clear();
  constraint_heap_.grow(constraints_.size());
  group_order_.clear();
  open_groups_ = 0;
  for (const Id ci : comp_constraints_) {
    Constraint& c = constraints_[ci];
    c.remaining_bps = c.capacity_bps;
    c.weight = 0;
    c.unfixed = 0;
    c.saturated = false;
  }
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
    if (c.unfixed > 0) constraint_heap_.set(ci, c.remaining_bps / c.weight);
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

}  // namespace stowage::sim
