// FlowNetwork (sim/flow_network.hpp): flow classes and groups. A running flow's class key is
// its non-private constraints, its effective bound (private constraints folded in) and its
// weight; joining and leaving a class keep its members' heap by finishing virtual clock, and a
// class's group is the solver group of its SHARED constraints. The virtual clocks of classes and
// groups are read and settled here.
#include <algorithm>
#include <cmath>

#include "sim/flow_network.hpp"
#include "sim/flow_network_detail.hpp"

namespace stowage::sim {
using flow_detail::kHeapSlack;
using flow_detail::LaterFinish;

std::size_t FlowNetwork::ClassKeyHash::operator()(const ClassKey& k) const {
  std::size_t h = std::hash<double>{}(k.bound_bps) ^ (std::hash<double>{}(k.weight) << 1);
  h ^= std::hash<FlowId>{}(k.solo) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  for (const ConstraintId c : k.constraints) {
    h ^= std::hash<ConstraintId>{}(c) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  }
  return h;
}

std::size_t FlowNetwork::ConstraintsHash::operator()(const std::vector<ConstraintId>& v) const {
  std::size_t h = v.size();
  for (const ConstraintId c : v) {
    h ^= std::hash<ConstraintId>{}(c) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  }
  return h;
}

void FlowNetwork::compute_key(FlowId f, ClassKey& key, LimitKind& bound_kind,
                              ConstraintId& source) const {
  const FlowData& fd = flows_[f];
  key.constraints.clear();
  key.bound_bps = fd.spec.bound.value();
  key.weight = fd.spec.weight;
  key.solo = options_.aggregate ? kNoFlow : f;
  bound_kind = LimitKind::kOwnBound;
  source = 0;
  for (const ConstraintId c : fd.spec.via) {
    const ConstraintData& cd = constraints_[c];
    if (options_.aggregate && cd.running == 1) {
      // Private: a bound. On a tie a constraint is named before the own bound, the lower id first.
      const double cap = cd.spec.capacity.value();
      if (cap < key.bound_bps ||
          (cap == key.bound_bps && (bound_kind == LimitKind::kOwnBound || c < source))) {
        key.bound_bps = cap;
        bound_kind = LimitKind::kCapacity;
        source = c;
      }
    } else {
      key.constraints.push_back(c);
    }
  }
  std::sort(key.constraints.begin(), key.constraints.end());
}

void FlowNetwork::effective_bound(FlowClass& k) const {
  // FATPIPEs the class lists bound each member; on a tie the FATPIPE is named, the lower id
  // first (as in MaxMinSolver).
  k.bound_bps = k.key.bound_bps;
  k.bound_limit = kMemberBound;
  for (const ConstraintId c : k.key.constraints) {
    const ConstraintSpec& spec = constraints_[c].spec;
    if (spec.sharing != Sharing::kFatpipe) continue;
    const double cap = spec.capacity.value();
    if (cap < k.bound_bps || (cap == k.bound_bps && k.bound_limit == kMemberBound)) {
      k.bound_bps = cap;
      k.bound_limit = std::int64_t{c};
    }
  }
}

void FlowNetwork::settle_group(FlowGroup& g) const {
  const double now = now_s();
  if (std::isfinite(g.level)) g.u += g.level * (now - g.u_s);
  g.u_s = now;
}

double FlowNetwork::vclock_now(const FlowClass& k, double now) const {
  if (!k.placed || now == k.vclock_s) return k.vclock;
  if (!k.at_level) return k.vclock + k.bound_bps * (now - k.vclock_s);
  const FlowGroup& g = groups_[k.group];
  // At the instant the group's level changes (to +inf too) its clock is already settled.
  const double u = now == g.u_s || !std::isfinite(g.level) ? g.u : g.u + g.level * (now - g.u_s);
  return k.vclock + k.key.weight * (u - k.u_anchor);
}

double FlowNetwork::class_rate(const FlowClass& k) const {
  if (!k.placed) return 0;
  return k.at_level ? k.key.weight * groups_[k.group].level : k.bound_bps;
}

void FlowNetwork::settle(FlowClass& k) {
  // A class at its bound moves its clock to now; one at the level reads its group's clock.
  const double now = now_s();
  if (k.at_level) {
    settle_group(groups_[k.group]);
    return;
  }
  if (k.placed) k.vclock += k.bound_bps * (now - k.vclock_s);
  k.vclock_s = now;
}

FlowNetwork::GroupId FlowNetwork::find_group(const std::vector<ConstraintId>& key_constraints) {
  scratch_constraints_.clear();
  for (const ConstraintId c : key_constraints) {
    if (constraints_[c].spec.sharing == Sharing::kShared) scratch_constraints_.push_back(c);
  }
  if (auto found = group_key_.find(scratch_constraints_); found != group_key_.end()) {
    return found->second;
  }
  std::vector<IncrementalMaxMin::Id> ids(scratch_constraints_.begin(), scratch_constraints_.end());
  const GroupId id = solver_.add_group(ids);
  if (static_cast<std::size_t>(id) >= groups_.size()) groups_.resize(id + 1);
  FlowGroup& g = groups_[id];
  g.constraints = scratch_constraints_;
  g.classes = 0;
  g.u = 0;
  g.u_s = now_s();
  g.level = kUnbounded;
  g.segments.clear();
  g.heap.clear();
  g.alive = true;
  g.due_listed = false;
  g.head_known = false;
  group_key_.emplace(g.constraints, id);
  group_due_.grow(groups_.size());
  return id;
}

void FlowNetwork::join(FlowId f, double remaining_bytes) {
  FlowData& fd = flows_[f];
  ClassId id;
  auto found = class_key_.find(scratch_key_);
  if (found != class_key_.end()) {
    id = found->second;
  } else {
    if (free_classes_.empty()) {
      id = static_cast<ClassId>(classes_.size());
      classes_.emplace_back();
    } else {
      id = free_classes_.back();
      free_classes_.pop_back();
    }
    FlowClass& k = classes_[id];
    k.key = scratch_key_;
    k.alive = true;
    k.members = 0;
    k.vclock = 0;
    k.vclock_s = now_s();
    k.u_anchor = 0;
    k.limit = kUnsolved;
    k.at_level = false;
    k.placed = false;
    k.due_listed = false;
    k.place_listed = false;
    k.segments.clear();
    k.heap.clear();
    k.pos_in_constraint.resize(k.key.constraints.size());
    for (std::size_t i = 0; i < k.key.constraints.size(); ++i) {
      ConstraintData& cd = constraints_[k.key.constraints[i]];
      k.pos_in_constraint[i] = static_cast<std::uint32_t>(cd.classes.size());
      cd.classes.push_back(id);
    }
    class_key_.emplace(k.key, id);
    effective_bound(k);
    k.group = find_group(k.key.constraints);
    ++groups_[k.group].classes;
    k.var = solver_.add_variable(k.group, k.key.weight, 1, k.bound_bps);
    if (static_cast<std::size_t>(k.var) >= var_class_.size()) var_class_.resize(k.var + 1);
    var_class_[k.var] = id;
    list_place(id);
  }
  FlowClass& k = classes_[id];
  settle(k);
  const double v = vclock_now(k, now_s());
  fd.cls = id;
  ++fd.token;
  fd.join_s = now_s();
  fd.join_vclock = v;
  fd.join_segment = k.segments.empty() ? 0 : static_cast<std::uint32_t>(k.segments.size() - 1);
  fd.finish_vclock = v + remaining_bytes;
  k.heap.push_back(Member{fd.finish_vclock, f, fd.token});
  std::push_heap(k.heap.begin(), k.heap.end(), LaterFinish{});
  ++k.members;
  solver_.set_count(k.var, static_cast<double>(k.members));
  list_due(id);
}

double FlowNetwork::leave(FlowId f, bool completed) {
  FlowData& fd = flows_[f];
  const ClassId id = fd.cls;
  FlowClass& k = classes_[id];
  settle(k);
  const double v = vclock_now(k, now_s());
  const double v_leave = completed ? fd.finish_vclock : std::min(v, fd.finish_vclock);
  append_intervals(fd, k, now_s(), v_leave, fd.done_intervals,
                   options_.history ? nullptr : &fd.totals);
  fd.cls = kNoClass;
  --k.members;
  list_due(id);
  if (k.members == 0) {
    destroy_class(id);
  } else {
    solver_.set_count(k.var, static_cast<double>(k.members));
    if (k.heap.size() > 2 * k.members + kHeapSlack) {
      std::erase_if(k.heap, [&](const Member& m) {
        return flows_[m.flow].cls != id || flows_[m.flow].token != m.token;
      });
      std::make_heap(k.heap.begin(), k.heap.end(), LaterFinish{});
    }
  }
  return std::max(fd.finish_vclock - v, 0.0);
}

void FlowNetwork::destroy_class(ClassId id) {
  FlowClass& k = classes_[id];
  for (std::size_t i = 0; i < k.key.constraints.size(); ++i) {
    const ConstraintId c = k.key.constraints[i];
    ConstraintData& cd = constraints_[c];
    const std::uint32_t pos = k.pos_in_constraint[i];
    const ClassId moved = cd.classes.back();
    cd.classes[pos] = moved;
    cd.classes.pop_back();
    if (moved != id) {
      FlowClass& m = classes_[moved];
      for (std::size_t j = 0; j < m.key.constraints.size(); ++j) {
        if (m.key.constraints[j] == c) m.pos_in_constraint[j] = pos;
      }
    }
  }
  solver_.remove_variable(k.var);  // the classes left in its group get its share back
  FlowGroup& g = groups_[k.group];
  if (--g.classes == 0) {
    solver_.remove_group(k.group);
    group_key_.erase(g.constraints);
    g.alive = false;
    g.head_known = false;
    group_due_.erase(k.group);
    g.heap.clear();
    g.heap.shrink_to_fit();
    g.segments.clear();
    g.segments.shrink_to_fit();
  } else if (k.at_level) {
    list_group_due(k.group);  // its entry in the group's heap is stale
  }
  class_key_.erase(k.key);
  k.alive = false;
  ++k.epoch;
  k.heap.clear();
  k.heap.shrink_to_fit();
  k.segments.clear();
  k.segments.shrink_to_fit();
  free_classes_.push_back(id);
}

}  // namespace stowage::sim
