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

FlowNetwork::FlowNetwork(Engine& engine, Options options) : engine_(engine), options_(options) {
  engine_.attach(*this);
}

FlowNetwork::~FlowNetwork() { engine_.detach(*this); }

ConstraintId FlowNetwork::add_constraint(ConstraintSpec spec) {
  STOWAGE_CHECK(spec.capacity.value() >= 0 && std::isfinite(spec.capacity.value()),
                "a capacity is finite and not negative");
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
  if (options_.aggregate && cd.running == 1) {
    request_reclass(static_cast<FlowId>(cd.running_id_sum));  // folded into its only flow
  } else {
    mark_dirty_constraint(c);
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

void FlowNetwork::settle(FlowClass& k) const {
  const double now = now_s();
  k.vclock += k.rate_bps * (now - k.vclock_s);
  k.vclock_s = now;
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
      class_visit_.push_back(0);
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
    k.rate_bps = 0;
    k.limit = kUnsolved;
    k.segments.clear();
    k.heap.clear();
    k.pos_in_constraint.resize(k.key.constraints.size());
    for (std::size_t i = 0; i < k.key.constraints.size(); ++i) {
      ConstraintData& cd = constraints_[k.key.constraints[i]];
      k.pos_in_constraint[i] = static_cast<std::uint32_t>(cd.classes.size());
      cd.classes.push_back(id);
    }
    class_key_.emplace(k.key, id);
  }
  FlowClass& k = classes_[id];
  settle(k);
  fd.cls = id;
  ++fd.token;
  fd.join_s = now_s();
  fd.join_vclock = k.vclock;
  fd.join_segment = k.segments.empty() ? 0 : static_cast<std::uint32_t>(k.segments.size() - 1);
  fd.finish_vclock = k.vclock + remaining_bytes;
  k.heap.push_back(Member{fd.finish_vclock, f, fd.token});
  std::push_heap(k.heap.begin(), k.heap.end(), LaterFinish{});
  ++k.members;
  k.due_stale = true;
  mark_dirty_class(id);
}

double FlowNetwork::leave(FlowId f, bool completed) {
  FlowData& fd = flows_[f];
  const ClassId id = fd.cls;
  FlowClass& k = classes_[id];
  settle(k);
  const double v_leave = completed ? fd.finish_vclock : std::min(k.vclock, fd.finish_vclock);
  append_intervals(fd, k, now_s(), v_leave, fd.done_intervals);
  fd.cls = kNoClass;
  --k.members;
  k.due_stale = true;
  mark_dirty_class(id);
  if (k.members == 0) {
    destroy_class(id);
  } else if (k.heap.size() > 2 * k.members + kHeapSlack) {
    std::erase_if(k.heap, [&](const Member& m) {
      return flows_[m.flow].cls != id || flows_[m.flow].token != m.token;
    });
    std::make_heap(k.heap.begin(), k.heap.end(), LaterFinish{});
  }
  return std::max(fd.finish_vclock - k.vclock, 0.0);
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
    mark_dirty_constraint(c);  // the classes left on it get its capacity back
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

void FlowNetwork::mark_dirty_class(ClassId k) {
  if (classes_[k].dirty) return;
  classes_[k].dirty = true;
  dirty_classes_.push_back(k);
}

void FlowNetwork::mark_dirty_constraint(ConstraintId c) {
  if (constraints_[c].dirty) return;
  constraints_[c].dirty = true;
  dirty_constraints_.push_back(c);
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
  if (dirty_classes_.empty() && dirty_constraints_.empty()) return;
  ++visit_;
  for (const ClassId k : dirty_classes_) {
    classes_[k].dirty = false;
    if (classes_[k].alive && class_visit_[k] != visit_) solve_component(k, 0);
  }
  for (const ConstraintId c : dirty_constraints_) {
    constraints_[c].dirty = false;
    if (constraints_[c].visit != visit_) solve_component(kNoClass, c);
  }
  dirty_classes_.clear();
  dirty_constraints_.clear();
  if (due_.size() > 2 * class_key_.size() + kHeapSlack) {
    std::erase_if(due_, [&](const Due& d) {
      return !classes_[d.cls].alive || classes_[d.cls].epoch != d.epoch;
    });
    std::make_heap(due_.begin(), due_.end(), LaterDue{});
  }
}

void FlowNetwork::solve_component(ClassId seed_class, ConstraintId seed_constraint) {
  // Depth-first search over the class-constraint graph, marking with the current generation.
  comp_classes_.clear();
  comp_constraints_.clear();
  std::size_t next_class = 0, next_constraint = 0;
  if (seed_class != kNoClass) {
    class_visit_[seed_class] = visit_;
    comp_classes_.push_back(seed_class);
  } else {
    constraints_[seed_constraint].visit = visit_;
    comp_constraints_.push_back(seed_constraint);
  }
  while (next_class < comp_classes_.size() || next_constraint < comp_constraints_.size()) {
    while (next_class < comp_classes_.size()) {
      for (const ConstraintId c : classes_[comp_classes_[next_class]].key.constraints) {
        if (constraints_[c].visit == visit_) continue;
        constraints_[c].visit = visit_;
        comp_constraints_.push_back(c);
      }
      ++next_class;
    }
    while (next_constraint < comp_constraints_.size()) {
      for (const ClassId k : constraints_[comp_constraints_[next_constraint]].classes) {
        if (class_visit_[k] == visit_) continue;
        class_visit_[k] = visit_;
        comp_classes_.push_back(k);
      }
      ++next_constraint;
    }
  }
  if (comp_classes_.empty()) return;
  ++solves_;
  solved_classes_ += comp_classes_.size();

  // Constraints in id order, so that ties are broken by id whatever the search order.
  std::sort(comp_constraints_.begin(), comp_constraints_.end());
  solver_.clear();
  for (const ConstraintId c : comp_constraints_) {
    ConstraintData& cd = constraints_[c];
    cd.local = solver_.add_constraint(cd.spec.capacity.value(), cd.spec.sharing);
  }
  for (const ClassId id : comp_classes_) {
    const FlowClass& k = classes_[id];
    comp_locals_.clear();
    for (const ConstraintId c : k.key.constraints) comp_locals_.push_back(constraints_[c].local);
    solver_.add_variable(k.key.weight, static_cast<double>(k.members), k.key.bound_bps,
                         comp_locals_);
  }
  solver_.solve();

  for (std::size_t i = 0; i < comp_classes_.size(); ++i) {
    const ClassId id = comp_classes_[i];
    FlowClass& k = classes_[id];
    settle(k);
    const auto v = static_cast<std::int32_t>(i);
    const double rate_bps = solver_.rate_bps(v);
    const std::int32_t local = solver_.limit(v);
    const std::int64_t limit =
        local == MaxMinSolver::kOwnBound ? kMemberBound : std::int64_t{comp_constraints_[local]};
    if (limit != k.limit) {
      k.limit = limit;
      k.segments.push_back(Segment{k.vclock_s, k.vclock, limit});
    }
    // Same rate and same members: its completion entry still holds.
    if (rate_bps == k.rate_bps && !k.due_stale) continue;
    k.rate_bps = rate_bps;
    k.due_stale = false;
    ++k.epoch;
    push_due(id);
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

void FlowNetwork::push_due(ClassId id) {
  FlowClass& k = classes_[id];
  const Member* m = head(k);
  if (m == nullptr) return;
  const double remaining = m->finish_vclock - k.vclock;
  double t_s;
  if (remaining < kSnapBytes) {
    t_s = k.vclock_s;
  } else if (k.rate_bps > 0) {
    t_s = k.vclock_s + remaining / k.rate_bps;
  } else {
    return;  // stalled at a zero rate until something changes
  }
  due_.push_back(Due{t_s, id, k.epoch});
  std::push_heap(due_.begin(), due_.end(), LaterDue{});
}

double FlowNetwork::next_completion_s(double now_s) {
  resolve();
  while (!due_.empty()) {
    const Due& d = due_.front();
    if (classes_[d.cls].alive && classes_[d.cls].epoch == d.epoch) {
      return std::max(d.t_s, now_s);
    }
    std::pop_heap(due_.begin(), due_.end(), LaterDue{});
    due_.pop_back();
  }
  return kNeverS;
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
    ++k.epoch;  // consumed; the class is re-solved once its members leave
    k.due_stale = true;
    settle(k);
    bool any = false;
    while (const Member* m = head(k)) {
      const double remaining = m->finish_vclock - k.vclock;
      // Due by bytes (the snap), by time (the tolerance), or because this entry said so.
      if (remaining < kSnapBytes || remaining <= k.rate_bps * kTimeToleranceS || !any) {
        completed_.push_back(m->flow);
        any = true;
        std::pop_heap(k.heap.begin(), k.heap.end(), LaterFinish{});
        k.heap.pop_back();
      } else {
        break;
      }
    }
  }
  std::sort(completed_.begin(), completed_.end());
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
  const double v = k.vclock + k.rate_bps * (now_s() - k.vclock_s);
  return Bytes(std::max(fd.finish_vclock - v, 0.0));
}

BytesPerSecond FlowNetwork::load(ConstraintId c) const {
  const ConstraintData& cd = constraints_[c];
  // A constraint crossed by one running flow is folded into that flow's bound and listed by no
  // class; the sum of running ids is then that flow's id.
  if (cd.running == 1 && cd.classes.empty()) return rate(static_cast<FlowId>(cd.running_id_sum));
  double sum_bps = 0;
  for (const ClassId k : cd.classes) sum_bps += classes_[k].rate_bps * classes_[k].members;
  return BytesPerSecond(sum_bps);
}

BytesPerSecond FlowNetwork::rate(FlowId f) const {
  const FlowData& fd = flows_[f];
  if (fd.state != FlowState::kRunning || fd.cls == kNoClass) return BytesPerSecond(0);
  return BytesPerSecond(classes_[fd.cls].rate_bps);
}

void FlowNetwork::append_intervals(const FlowData& fd, const FlowClass& k, double t_leave_s,
                                   double v_leave, std::vector<BottleneckInterval>& out) const {
  for (std::size_t i = fd.join_segment; i < k.segments.size(); ++i) {
    const Segment& seg = k.segments[i];
    const bool last = i + 1 == k.segments.size();
    const double t0 = std::max(seg.t_s, fd.join_s);
    const double t1 = last ? t_leave_s : std::min(k.segments[i + 1].t_s, t_leave_s);
    const double v0 = std::max(seg.vclock, fd.join_vclock);
    const double v1 = last ? v_leave : std::min(k.segments[i + 1].vclock, v_leave);
    if (t1 <= t0 && v1 <= v0) continue;
    BottleneckInterval in;
    if (seg.limit == kMemberBound) {
      in.kind = fd.bound_kind;
      in.constraint = fd.bound_source;
    } else {
      in.kind = LimitKind::kCapacity;
      in.constraint = static_cast<ConstraintId>(seg.limit);
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
        continue;
      }
    }
    out.push_back(in);
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
    const double v = k.vclock + k.rate_bps * (now - k.vclock_s);
    append_intervals(fd, k, now, std::min(v, fd.finish_vclock), out);
  }
  return out;
}

std::optional<LimitShare> FlowNetwork::main_bottleneck(FlowId f) const {
  std::vector<LimitShare> totals;  // per limit, in order of first appearance
  for (const BottleneckInterval& in : intervals(f)) {
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
  std::vector<FlowId> ids(scenario.flows.size());
  for (std::size_t i = 0; i < scenario.flows.size(); ++i) {
    engine.schedule(scenario.flows[i].start, [&net, &ids, &scenario, i] {
      ids[i] = net.start_flow(scenario.flows[i].spec);
    });
  }
  FlowScenarioResult result;
  result.events = engine.run();
  result.flows.reserve(scenario.flows.size());
  for (const FlowId f : ids) {
    FlowScenarioResult::Flow out;
    out.start = net.start_time(f);
    if (net.state(f) == FlowState::kDone) out.end = net.end_time(f);
    if (const auto main = net.main_bottleneck(f)) {
      out.bottleneck = net.limit_name(main->kind, main->constraint);
    }
    for (const BottleneckInterval& in : net.intervals(f)) {
      out.intervals.push_back(FlowScenarioResult::Stretch{net.limit_name(in.kind, in.constraint),
                                                          in.start, in.end, in.bytes});
    }
    result.flows.push_back(std::move(out));
  }
  return result;
}

}  // namespace stowage::sim
