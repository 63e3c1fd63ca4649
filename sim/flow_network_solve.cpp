// FlowNetwork (sim/flow_network.hpp): applying the solver's rates to the classes, keeping the
// completion dates, and completing the flows that are due.
#include "sim/flow_network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/check.hpp"
#include "sim/flow_network_detail.hpp"

namespace stowage::sim {
using namespace flow_detail;

namespace {

// Appends `id` to `list` unless its flag says it is there already.
template <class Id>
void list_once(bool& listed, std::vector<Id>& list, Id id) {
  if (listed) return;
  listed = true;
  list.push_back(id);
}

}  // namespace

void FlowNetwork::list_place(ClassId k) { list_once(classes_[k].place_listed, place_, k); }
void FlowNetwork::list_due(ClassId k) { list_once(classes_[k].due_listed, due_refresh_, k); }
void FlowNetwork::list_group_due(GroupId g) {
  groups_[g].head_known = false;
  list_group_level(g);
}
void FlowNetwork::list_group_level(GroupId g) {
  list_once(groups_[g].due_listed, group_due_refresh_, g);
}

void FlowNetwork::place(ClassId id) {
  // Puts the class at its bound or at its group's level, as the solver says; a change of either,
  // or of the bound's source, starts a new segment of its log.
  FlowClass& k = classes_[id];
  const bool at_level = !solver_.at_bound(k.var);
  const std::int64_t limit = at_level ? kGroupLimit : k.bound_limit;
  if (k.placed && at_level == k.at_level && limit == k.limit) return;
  const double now = now_s();
  FlowGroup& g = groups_[k.group];
  settle_group(g);
  settle(k);
  k.vclock = vclock_now(k, now);
  k.vclock_s = now;
  if (k.at_level && !at_level) list_group_due(k.group);  // its group entry is stale
  k.at_level = at_level;
  k.placed = true;
  k.u_anchor = g.u;
  k.limit = limit;
  Segment seg{now, k.vclock, limit};
  if (at_level) {
    seg.gseg = static_cast<std::uint32_t>(g.segments.size() - 1);
    seg.u = g.u;
  }
  k.segments.push_back(seg);
  list_due(id);
}

void FlowNetwork::apply_solution() {
  // Groups whose level moved: their clocks turn at the new level from now, and the classes whose
  // bound level lies between the old and the new level change sides.
  const double now = now_s();
  for (const IncrementalMaxMin::Solved& s : solver_.solved_groups()) {
    FlowGroup& g = groups_[s.group];
    if (!g.alive) continue;
    const double level = solver_.level(s.group);
    const std::int64_t limit = solver_.limit(s.group);
    const bool new_segment = g.segments.empty() || g.segments.back().limit != limit;
    // At the old level up to now (a new segment reads the clock); settling only when needed
    // keeps the clock's arithmetic, and so every time to the last bit, as it was.
    if (level != g.level || new_segment) settle_group(g);
    if (level != g.level) {
      g.level = level;
      list_group_level(s.group);
    }
    if (new_segment) g.segments.push_back(GroupSegment{now, g.u, limit});
    if (level != s.old_level && !s.same_split) {
      scratch_vars_.clear();
      solver_.variables_between(s.group, std::min(level, s.old_level), std::max(level, s.old_level),
                                scratch_vars_);
      for (const IncrementalMaxMin::Id v : scratch_vars_) list_place(var_class_[v]);
    }
  }
  for (std::size_t i = 0; i < place_.size(); ++i) {
    FlowClass& k = classes_[place_[i]];
    k.place_listed = false;
    if (k.alive) place(place_[i]);
  }
  place_.clear();
}

void FlowNetwork::refresh_dues() {
  const double now = now_s();
  for (const ClassId id : due_refresh_) {
    FlowClass& k = classes_[id];
    k.due_listed = false;
    if (!k.alive || !k.placed) continue;
    ++k.epoch;
    groups_[k.group].head_known = false;  // its entry there, if any, is stale
    const Member* m = head(k);
    if (m == nullptr) continue;
    if (k.at_level) {
      FlowGroup& g = groups_[k.group];
      settle_group(g);
      const double u_finish = k.u_anchor + (m->finish_vclock - k.vclock) / k.key.weight;
      g.heap.push_back(GroupEntry{u_finish, id, k.epoch});
      std::push_heap(g.heap.begin(), g.heap.end(), LaterGroupEntry{});
      list_group_due(k.group);
      continue;
    }
    const double remaining = m->finish_vclock - vclock_now(k, now);
    double t_s;
    if (remaining < kSnapBytes) {
      t_s = now;
    } else if (k.bound_bps > 0) {
      t_s = now + remaining / k.bound_bps;
    } else {
      continue;  // stalled at a zero rate until something changes
    }
    due_.push_back(Due{t_s, id, k.epoch});
    std::push_heap(due_.begin(), due_.end(), LaterDue{});
  }
  due_refresh_.clear();
  for (const GroupId id : group_due_refresh_) {
    FlowGroup& g = groups_[id];
    g.due_listed = false;
    if (!g.alive) continue;
    if (g.heap.size() > 2 * g.classes + kHeapSlack) {
      std::erase_if(g.heap, [&](const GroupEntry& e) {
        const FlowClass& k = classes_[e.cls];
        return !k.alive || k.epoch != e.epoch || !k.at_level || k.group != id;
      });
      std::make_heap(g.heap.begin(), g.heap.end(), LaterGroupEntry{});
    }
    if (!g.head_known) {
      const GroupEntry* e = group_head(g);
      g.head_known = true;
      g.has_head = e != nullptr;
      if (g.has_head) {
        g.head_u_finish = e->u_finish;
        g.head_weight = classes_[e->cls].key.weight;
      }
    }
    settle_group(g);
    double t_s = kNeverS;
    if (g.has_head) {
      const double remaining = (g.head_u_finish - g.u) * g.head_weight;
      if (remaining < kSnapBytes) {
        t_s = now;
      } else if (g.level > 0 && std::isfinite(g.level)) {
        t_s = now + (g.head_u_finish - g.u) / g.level;
      }
    }
    if (t_s < kNeverS) {
      group_due_.set(id, t_s);
    } else {
      group_due_.erase(id);  // no class at the level, or stalled at a zero level
    }
  }
  group_due_refresh_.clear();
}

void FlowNetwork::resolve() {
  // Flows whose class may have changed move first, all at the current instant.
  for (std::size_t i = 0; i < reclass_.size(); ++i) {
    const FlowId f = reclass_[i];
    FlowData& fd = flows_[f];
    fd.reclass_pending = false;
    if (fd.state != FlowState::kRunning) continue;
    LimitKind bound_kind;
    ConstraintId source;
    compute_key(f, scratch_key_, bound_kind, source);
    if (fd.cls != kNoClass && classes_[fd.cls].key == scratch_key_) continue;
    const double remaining = fd.cls == kNoClass ? fd.spec.size.value() : leave(f, false);
    fd.bound_kind = bound_kind;
    fd.bound_source = source;
    join(f, remaining);
  }
  reclass_.clear();
  solver_.solve();
  apply_solution();
  refresh_dues();
  if (due_.size() > 2 * class_key_.size() + kHeapSlack) {
    std::erase_if(due_, [&](const Due& d) {
      return !classes_[d.cls].alive || classes_[d.cls].epoch != d.epoch;
    });
    std::make_heap(due_.begin(), due_.end(), LaterDue{});
  }
}

const FlowNetwork::Member* FlowNetwork::head(FlowClass& k) {
  while (!k.heap.empty()) {
    const Member& m = k.heap.front();
    const FlowData& fd = flows_[m.flow];
    if (fd.cls != kNoClass && &classes_[fd.cls] == &k && fd.token == m.token) return &m;
    std::pop_heap(k.heap.begin(), k.heap.end(), LaterFinish{});
    k.heap.pop_back();
  }
  return nullptr;
}

const FlowNetwork::GroupEntry* FlowNetwork::group_head(FlowGroup& g) {
  const auto id = static_cast<GroupId>(&g - groups_.data());
  while (!g.heap.empty()) {
    const GroupEntry& e = g.heap.front();
    const FlowClass& k = classes_[e.cls];
    if (k.alive && k.epoch == e.epoch && k.at_level && k.group == id) return &e;
    std::pop_heap(g.heap.begin(), g.heap.end(), LaterGroupEntry{});
    g.heap.pop_back();
  }
  return nullptr;
}

double FlowNetwork::next_completion_s(double now_s) {
  resolve();
  while (!due_.empty()) {
    const Due& d = due_.front();
    if (classes_[d.cls].alive && classes_[d.cls].epoch == d.epoch) break;
    std::pop_heap(due_.begin(), due_.end(), LaterDue{});
    due_.pop_back();
  }
  double t_s = due_.empty() ? kNeverS : due_.front().t_s;
  if (!group_due_.empty()) t_s = std::min(t_s, group_due_.top_key());
  return t_s == kNeverS ? kNeverS : std::max(t_s, now_s);
}

void FlowNetwork::take_due_members(FlowClass& k, bool force) {
  // Members due by bytes (the snap), by time (the tolerance), or, the first one, because a
  // completion entry said so.
  const double v = vclock_now(k, now_s());
  const double rate_bps = class_rate(k);
  bool any = !force;
  while (const Member* m = head(k)) {
    const double remaining = m->finish_vclock - v;
    if (remaining < kSnapBytes || remaining <= rate_bps * kTimeToleranceS || !any) {
      completed_.push_back(m->flow);
      any = true;
      std::pop_heap(k.heap.begin(), k.heap.end(), LaterFinish{});
      k.heap.pop_back();
    } else {
      break;
    }
  }
}

std::uint64_t FlowNetwork::complete_due(double t_s) {
  resolve();
  completed_.clear();
  while (!due_.empty() && due_.front().t_s <= t_s + kTimeToleranceS) {
    const Due d = due_.front();
    std::pop_heap(due_.begin(), due_.end(), LaterDue{});
    due_.pop_back();
    FlowClass& k = classes_[d.cls];
    if (!k.alive || k.epoch != d.epoch) continue;
    ++k.epoch;  // consumed; a new entry comes once its members leave
    settle(k);
    take_due_members(k, true);
  }
  while (!group_due_.empty() && group_due_.top_key() <= t_s + kTimeToleranceS) {
    const GroupId id = group_due_.top();
    group_due_.erase(id);
    list_group_due(id);
    FlowGroup& g = groups_[id];
    settle_group(g);
    // The classes of the group whose first member is due, in order of their finish.
    bool first = true;
    while (const GroupEntry* e = group_head(g)) {
      const ClassId cid = e->cls;
      FlowClass& k = classes_[cid];
      const double remaining = (e->u_finish - g.u) * k.key.weight;
      if (!first && remaining >= kSnapBytes && remaining > class_rate(k) * kTimeToleranceS) break;
      ++k.epoch;  // consumed
      std::pop_heap(g.heap.begin(), g.heap.end(), LaterGroupEntry{});
      g.heap.pop_back();
      list_due(cid);
      take_due_members(k, first);
      first = false;
    }
  }
  std::sort(completed_.begin(), completed_.end());
  completed_.erase(std::unique(completed_.begin(), completed_.end()), completed_.end());
  for (const FlowId f : completed_) {
    leave(f, true);
    FlowData& fd = flows_[f];
    fd.state = FlowState::kDone;
    fd.end_s = t_s;
  }
  for (const FlowId f : completed_) release(f);
  // Callbacks last, in id order; they may start flows (which may reallocate flows_).
  std::vector<std::function<void()>> callbacks;
  callbacks.reserve(completed_.size());
  for (const FlowId f : completed_) {
    if (flows_[f].on_done) callbacks.push_back(std::move(flows_[f].on_done));
  }
  const std::uint64_t n = completed_.size();
  for (auto& callback : callbacks) callback();
  return n;
}

}  // namespace stowage::sim
