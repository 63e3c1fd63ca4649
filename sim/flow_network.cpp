#include "sim/flow_network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/check.hpp"

namespace stowage::sim {
namespace {

// std heap functions build max-heaps; these put the earliest entry on top.
struct LaterDue {
  template <class D>
  bool operator()(const D& a, const D& b) const {
    return a.t_s != b.t_s ? a.t_s > b.t_s : a.cls > b.cls;
  }
};
struct LaterGroupEntry {
  template <class E>
  bool operator()(const E& a, const E& b) const {
    return a.u_finish != b.u_finish ? a.u_finish > b.u_finish : a.cls > b.cls;
  }
};
struct LaterFinish {
  template <class M>
  bool operator()(const M& a, const M& b) const {
    return a.finish_vclock != b.finish_vclock ? a.finish_vclock > b.finish_vclock : a.flow > b.flow;
  }
};

// A heap holding more than this many entries beyond twice its live ones is rebuilt.
constexpr std::size_t kHeapSlack = 64;

}  // namespace

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

FlowNetwork::FlowNetwork(Engine& engine, Options options) : engine_(engine), options_(options) {
  engine_.attach(*this);
}

FlowNetwork::~FlowNetwork() { engine_.detach(*this); }

void FlowNetwork::reserve(std::size_t flows) { flows_.reserve(flows); }

ConstraintId FlowNetwork::add_constraint(ConstraintSpec spec) {
  STOWAGE_CHECK(spec.capacity.value() >= 0 && std::isfinite(spec.capacity.value()),
                "a capacity is finite and not negative");
  solver_.add_constraint(spec.capacity.value());  // the same ids; FATPIPEs are in no group
  ConstraintData cd;
  cd.spec = std::move(spec);
  constraints_.push_back(std::move(cd));
  return static_cast<ConstraintId>(constraints_.size() - 1);
}

void FlowNetwork::set_capacity(ConstraintId c, BytesPerSecond capacity) {
  STOWAGE_CHECK(c < constraints_.size(), "unknown constraint");
  STOWAGE_CHECK(capacity.value() >= 0 && std::isfinite(capacity.value()),
                "a capacity is finite and not negative");
  ConstraintData& cd = constraints_[c];
  cd.spec.capacity = capacity;
  if (cd.spec.sharing == Sharing::kShared) {
    solver_.set_capacity(static_cast<IncrementalMaxMin::Id>(c), capacity.value());
  }
  if (options_.aggregate && cd.running == 1) {
    request_reclass(static_cast<FlowId>(cd.running_id_sum));  // folded into its only flow
  } else if (cd.spec.sharing == Sharing::kFatpipe) {
    // A FATPIPE bounds each class that lists it: they move to their new bound from now.
    for (const ClassId id : cd.classes) {
      FlowClass& k = classes_[id];
      settle(k);
      effective_bound(k);
      solver_.set_bound(k.var, k.bound_bps);
      list_place(id);
      list_due(id);
    }
  }
}

FlowId FlowNetwork::start_flow(FlowSpec spec, std::function<void()> on_done) {
  STOWAGE_CHECK(spec.size.value() >= 0 && std::isfinite(spec.size.value()),
                "a flow size is finite and not negative");
  STOWAGE_CHECK(spec.weight > 0 && std::isfinite(spec.weight), "a weight is positive");
  STOWAGE_CHECK(spec.bound.value() >= 0, "a bound is not negative");
  STOWAGE_CHECK(!spec.via.empty() || std::isfinite(spec.bound.value()),
                "a flow that crosses no constraint needs a finite bound");
  for (std::size_t i = 0; i < spec.via.size(); ++i) {
    STOWAGE_CHECK(spec.via[i] < constraints_.size(), "a flow crosses a known constraint");
    for (std::size_t j = 0; j < i; ++j) {
      STOWAGE_CHECK(spec.via[i] != spec.via[j], "a flow crosses each constraint once");
    }
  }
  STOWAGE_CHECK(flows_.size() < kNoFlow, "too many flows");
  const FlowId f = static_cast<FlowId>(flows_.size());
  FlowData& fd = flows_.emplace_back();
  fd.spec = std::move(spec);
  fd.on_done = std::move(on_done);
  fd.start_s = now_s();
  if (admissible(fd)) {
    admit(f);
    return f;
  }
  bool first = true;
  for (const ConstraintId c : fd.spec.via) {
    ConstraintData& cd = constraints_[c];
    if (cd.spec.concurrency == 0) continue;
    if (first && cd.running >= cd.spec.concurrency) {
      fd.staged_on = c;
      first = false;
    }
    cd.staged.push_back(f);
  }
  return f;
}

bool FlowNetwork::cancel(FlowId f) {
  STOWAGE_CHECK(f < flows_.size(), "unknown flow");
  FlowData& fd = flows_[f];
  if (fd.state == FlowState::kStaged) {
    fd.state = FlowState::kCancelled;
    fd.end_s = now_s();
    if (fd.end_s > fd.start_s) {
      fd.done_intervals.push_back(BottleneckInterval{
          LimitKind::kConcurrency, fd.staged_on, Seconds(fd.start_s), Seconds(fd.end_s), Bytes(0)});
    }
    return true;  // its queue entries are skipped when met
  }
  if (fd.state != FlowState::kRunning) return false;
  if (fd.cls != kNoClass) leave(f, false);
  fd.state = FlowState::kCancelled;
  fd.end_s = now_s();
  release(f);
  return true;
}

bool FlowNetwork::admissible(const FlowData& fd) const {
  for (const ConstraintId c : fd.spec.via) {
    const ConstraintData& cd = constraints_[c];
    if (cd.spec.concurrency != 0 && cd.running >= cd.spec.concurrency) return false;
  }
  return true;
}

void FlowNetwork::admit(FlowId f) {
  FlowData& fd = flows_[f];
  const double now = now_s();
  if (fd.state == FlowState::kStaged && now > fd.start_s) {
    fd.done_intervals.push_back(BottleneckInterval{LimitKind::kConcurrency, fd.staged_on,
                                                   Seconds(fd.start_s), Seconds(now), Bytes(0)});
  }
  fd.state = FlowState::kRunning;
  for (const ConstraintId c : fd.spec.via) {
    ConstraintData& cd = constraints_[c];
    ++cd.running;
    cd.running_id_sum += f;
    // The constraint was private to one flow and is now shared: unfold it from that flow.
    if (options_.aggregate && cd.running == 2) {
      request_reclass(static_cast<FlowId>(cd.running_id_sum - f));
    }
  }
  request_reclass(f);
}

void FlowNetwork::release(FlowId f) {
  const FlowData& fd = flows_[f];
  for (const ConstraintId c : fd.spec.via) {
    ConstraintData& cd = constraints_[c];
    --cd.running;
    cd.running_id_sum -= f;
    // Private again to the one flow left: fold it into that flow's bound.
    if (options_.aggregate && cd.running == 1) {
      request_reclass(static_cast<FlowId>(cd.running_id_sum));
    }
  }
  // admit_from_queue may start flows, which reallocates nothing but reads fd.spec.via: copy it.
  const std::vector<ConstraintId> via = fd.spec.via;
  for (const ConstraintId c : via) {
    if (constraints_[c].spec.concurrency != 0) admit_from_queue(c);
  }
}

void FlowNetwork::admit_from_queue(ConstraintId c) {
  ConstraintData& cd = constraints_[c];
  std::vector<FlowId>& q = cd.staged;
  std::size_t i = cd.staged_head;
  while (i < q.size() && cd.running < cd.spec.concurrency) {
    const FlowId f = q[i];
    bool remove = flows_[f].state != FlowState::kStaged;  // cancelled, or admitted via another
    if (!remove && admissible(flows_[f])) {
      admit(f);
      remove = true;
    }
    if (!remove) {
      ++i;
    } else if (i == cd.staged_head) {
      ++cd.staged_head;
      ++i;
    } else {
      q.erase(q.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  if (cd.staged_head == q.size()) {
    q.clear();
    cd.staged_head = 0;
  } else if (cd.staged_head > kHeapSlack && 2 * cd.staged_head > q.size()) {
    q.erase(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(cd.staged_head));
    cd.staged_head = 0;
  }
}

void FlowNetwork::request_reclass(FlowId f) {
  FlowData& fd = flows_[f];
  if (fd.reclass_pending) return;
  fd.reclass_pending = true;
  reclass_.push_back(f);
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
  append_intervals(fd, k, now_s(), v_leave, fd.done_intervals);
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
      list_group_due(s.group);
    }
    if (new_segment) g.segments.push_back(GroupSegment{now, g.u, limit});
    if (level != s.old_level) {
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
    const GroupEntry* e = group_head(g);
    settle_group(g);
    double t_s = kNeverS;
    if (e != nullptr) {
      const double remaining = (e->u_finish - g.u) * classes_[e->cls].key.weight;
      if (remaining < kSnapBytes) {
        t_s = now;
      } else if (g.level > 0 && std::isfinite(g.level)) {
        t_s = now + (e->u_finish - g.u) / g.level;
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

Bytes FlowNetwork::remaining(FlowId f) const {
  const FlowData& fd = flows_[f];
  if (fd.state == FlowState::kDone) return Bytes(0);
  if (fd.cls == kNoClass) return fd.spec.size;
  const FlowClass& k = classes_[fd.cls];
  return Bytes(std::max(fd.finish_vclock - vclock_now(k, now_s()), 0.0));
}

BytesPerSecond FlowNetwork::load(ConstraintId c) const {
  const ConstraintData& cd = constraints_[c];
  // A constraint crossed by one running flow is folded into that flow's bound and listed by no
  // class; the sum of running ids is then that flow's id.
  if (cd.running == 1 && cd.classes.empty()) return rate(static_cast<FlowId>(cd.running_id_sum));
  double sum_bps = 0;
  for (const ClassId k : cd.classes) sum_bps += class_rate(classes_[k]) * classes_[k].members;
  return BytesPerSecond(sum_bps);
}

BytesPerSecond FlowNetwork::rate(FlowId f) const {
  const FlowData& fd = flows_[f];
  if (fd.state != FlowState::kRunning || fd.cls == kNoClass) return BytesPerSecond(0);
  return BytesPerSecond(class_rate(classes_[fd.cls]));
}

void FlowNetwork::append_intervals(const FlowData& fd, const FlowClass& k, double t_leave_s,
                                   double v_leave, std::vector<BottleneckInterval>& out) const {
  // One stretch under one limit, clipped to the flow's stay in the class and merged with the
  // previous one when they touch under the same limit.
  auto emit = [&](std::int64_t limit, double t0, double t1, double v0, double v1) {
    t0 = std::max(t0, fd.join_s);
    t1 = std::min(t1, t_leave_s);
    v0 = std::max(v0, fd.join_vclock);
    v1 = std::min(v1, v_leave);
    if (t1 <= t0 && v1 <= v0) return;
    BottleneckInterval in;
    if (limit == kMemberBound) {
      in.kind = fd.bound_kind;
      in.constraint = fd.bound_source;
    } else {
      in.kind = LimitKind::kCapacity;
      in.constraint = static_cast<ConstraintId>(limit);
    }
    in.start = Seconds(t0);
    in.end = Seconds(std::max(t1, t0));
    in.bytes = Bytes(std::max(v1 - v0, 0.0));
    if (!out.empty()) {
      BottleneckInterval& back = out.back();
      if (back.kind == in.kind && back.constraint == in.constraint &&
          std::abs(back.end.value() - t0) <= kTimeToleranceS) {
        back.end = in.end;
        back.bytes += in.bytes;
        return;
      }
    }
    out.push_back(in);
  };
  for (std::size_t i = fd.join_segment; i < k.segments.size(); ++i) {
    const Segment& seg = k.segments[i];
    const bool last = i + 1 == k.segments.size();
    const double t_end = last ? t_leave_s : k.segments[i + 1].t_s;
    const double v_end = last ? v_leave : k.segments[i + 1].vclock;
    if (seg.limit != kGroupLimit) {
      emit(seg.limit, seg.t_s, t_end, seg.vclock, v_end);
      continue;
    }
    // At the level: the group's segments name the constraint, stretch by stretch.
    const FlowGroup& g = groups_[k.group];
    for (std::size_t j = seg.gseg; j < g.segments.size(); ++j) {
      const GroupSegment& gs = g.segments[j];
      if (j > seg.gseg && gs.t_s >= t_end) break;
      const double t0 = std::max(gs.t_s, seg.t_s);
      const double v0 = j == seg.gseg ? seg.vclock : seg.vclock + k.key.weight * (gs.u - seg.u);
      const bool more = j + 1 < g.segments.size() && g.segments[j + 1].t_s < t_end;
      const double t1 = more ? g.segments[j + 1].t_s : t_end;
      const double v1 = more ? seg.vclock + k.key.weight * (g.segments[j + 1].u - seg.u) : v_end;
      if (gs.limit >= 0) emit(gs.limit, t0, t1, v0, v1);
      if (!more) break;
    }
  }
}

std::vector<BottleneckInterval> FlowNetwork::intervals(FlowId f) const {
  const FlowData& fd = flows_[f];
  std::vector<BottleneckInterval> out = fd.done_intervals;
  const double now = now_s();
  if (fd.state == FlowState::kStaged && now > fd.start_s) {
    out.push_back(BottleneckInterval{LimitKind::kConcurrency, fd.staged_on, Seconds(fd.start_s),
                                     Seconds(now), Bytes(0)});
  } else if (fd.state == FlowState::kRunning && fd.cls != kNoClass) {
    const FlowClass& k = classes_[fd.cls];
    append_intervals(fd, k, now, std::min(vclock_now(k, now), fd.finish_vclock), out);
  }
  return out;
}

namespace {

// The limit that held a flow back longest (by time; ties to the earliest seen), if any time passed.
std::optional<LimitShare> longest(const std::vector<BottleneckInterval>& intervals) {
  std::vector<LimitShare> totals;  // per limit, in order of first appearance
  for (const BottleneckInterval& in : intervals) {
    auto same = std::find_if(totals.begin(), totals.end(), [&](const LimitShare& t) {
      return t.kind == in.kind && t.constraint == in.constraint;
    });
    if (same == totals.end()) {
      totals.push_back(LimitShare{in.kind, in.constraint, in.end - in.start, in.bytes});
    } else {
      same->time += in.end - in.start;
      same->bytes += in.bytes;
    }
  }
  std::optional<LimitShare> best;
  for (const LimitShare& t : totals) {
    if (t.time > Seconds(0) && (!best || t.time > best->time)) best = t;
  }
  return best;
}

}  // namespace

std::optional<LimitShare> FlowNetwork::main_bottleneck(FlowId f) const {
  return longest(intervals(f));
}

std::string FlowNetwork::limit_name(LimitKind kind, ConstraintId c) const {
  switch (kind) {
    case LimitKind::kCapacity:
      return constraints_[c].spec.name;
    case LimitKind::kConcurrency:
      return fmt::format("{} (concurrency)", constraints_[c].spec.name);
    case LimitKind::kOwnBound:
      break;
  }
  return "bound";
}

FlowScenarioResult run_flow_scenario(const FlowScenario& scenario, FlowNetwork::Options options) {
  Engine engine;
  FlowNetwork net(engine, options);
  for (const ConstraintSpec& c : scenario.constraints) net.add_constraint(c);
  for (const FlowScenario::CapacityChange& change : scenario.changes) {
    engine.schedule(change.at,
                    [&net, change] { net.set_capacity(change.constraint, change.capacity); });
  }
  // One callback per distinct start time starts its flows in input order: the same order as one
  // callback per flow (ties keep scheduling order, and changes were scheduled first), with one
  // allocation per instant rather than per flow. Each flow start still counts as an event.
  const std::size_t n = scenario.flows.size();
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return scenario.flows[a].start < scenario.flows[b].start;
  });
  net.reserve(n);
  std::vector<FlowId> ids(n);
  std::uint64_t callbacks = 0;
  for (std::size_t first = 0; first < n;) {
    std::size_t last = first + 1;
    while (last < n && scenario.flows[order[last]].start == scenario.flows[order[first]].start) {
      ++last;
    }
    engine.schedule(scenario.flows[order[first]].start,
                    [&net, &ids, &scenario, &order, first, last] {
                      for (std::size_t k = first; k < last; ++k) {
                        ids[order[k]] = net.start_flow(scenario.flows[order[k]].spec);
                      }
                    });
    ++callbacks;
    first = last;
  }
  FlowScenarioResult result;
  result.events = engine.run() - callbacks + n;
  result.flows.reserve(scenario.flows.size());
  for (const FlowId f : ids) {
    FlowScenarioResult::Flow out;
    out.start = net.start_time(f);
    if (net.state(f) == FlowState::kDone) out.end = net.end_time(f);
    const std::vector<BottleneckInterval> intervals = net.intervals(f);
    if (const auto main = longest(intervals)) {
      out.bottleneck = net.limit_name(main->kind, main->constraint);
    }
    out.intervals.reserve(intervals.size());
    for (const BottleneckInterval& in : intervals) {
      out.intervals.push_back(FlowScenarioResult::Stretch{net.limit_name(in.kind, in.constraint),
                                                          in.start, in.end, in.bytes});
    }
    result.flows.push_back(std::move(out));
  }
  return result;
}

}  // namespace stowage::sim
