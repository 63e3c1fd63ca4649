// FlowNetwork (sim/flow_network.hpp): the flows' lives. Constraints are added and their
// capacities changed; a flow starts, waits behind a full concurrency limit (in the queue of the
// first constraint that refuses it) and is admitted in arrival order when slots free, or is
// cancelled; each change of who runs where asks for the flows concerned to be put back in a
// class (flow_network_classes.cpp) before the next solve.
#include "sim/flow_network.hpp"

#include <algorithm>
#include <cmath>

#include "sim/check.hpp"

namespace stowage::sim {

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
  const ConstraintId refused = first_refusal(fd);
  if (refused == kNoConstraint) {
    admit(f);
    return f;
  }
  fd.staged_on = refused;
  enqueue(f, refused);
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

ConstraintId FlowNetwork::first_refusal(const FlowData& fd) const {
  for (const ConstraintId c : fd.spec.via) {
    const ConstraintData& cd = constraints_[c];
    if (cd.spec.concurrency != 0 && cd.running >= cd.spec.concurrency) return c;
  }
  return kNoConstraint;
}

void FlowNetwork::enqueue(FlowId f, ConstraintId c) {
  std::vector<FlowId>& q = constraints_[c].waiting;
  q.push_back(f);
  std::push_heap(q.begin(), q.end(), std::greater<>{});
}

void FlowNetwork::forget(FlowId f) {
  STOWAGE_CHECK(f < flows_.size(), "unknown flow");
  FlowData& fd = flows_[f];
  STOWAGE_CHECK(fd.state == FlowState::kDone || fd.state == FlowState::kCancelled,
                "only an ended flow is forgotten");
  fd.spec.via = {};
  fd.done_intervals = {};
  fd.totals = {};
  fd.on_done = nullptr;
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
  scratch_freed_.clear();
  for (const ConstraintId c : fd.spec.via) {
    if (constraints_[c].spec.concurrency != 0) scratch_freed_.push_back(c);
  }
  if (!scratch_freed_.empty()) admit_waiting(scratch_freed_);
}

void FlowNetwork::admit_waiting(const std::vector<ConstraintId>& freed) {
  // The earliest arrival among the heads of the freed constraints' queues (those with a free
  // slot) is tried first; it starts, or waits on the first constraint that refuses it now (a
  // full one, so never one of the freed constraints with room). Each step starts or moves one
  // flow, or drops a cancelled one: O(|freed| + log n).
  for (;;) {
    ConstraintId best = kNoConstraint;
    for (const ConstraintId c : freed) {
      ConstraintData& cd = constraints_[c];
      std::vector<FlowId>& q = cd.waiting;
      while (!q.empty() && flows_[q.front()].state != FlowState::kStaged) {
        std::pop_heap(q.begin(), q.end(), std::greater<>{});  // cancelled while waiting
        q.pop_back();
      }
      if (q.empty() || cd.running >= cd.spec.concurrency) continue;
      if (best == kNoConstraint || q.front() < constraints_[best].waiting.front()) best = c;
    }
    if (best == kNoConstraint) return;
    std::vector<FlowId>& q = constraints_[best].waiting;
    const FlowId f = q.front();
    std::pop_heap(q.begin(), q.end(), std::greater<>{});
    q.pop_back();
    const ConstraintId refused = first_refusal(flows_[f]);
    if (refused == kNoConstraint) {
      admit(f);
    } else {
      enqueue(f, refused);
    }
  }
}

void FlowNetwork::request_reclass(FlowId f) {
  FlowData& fd = flows_[f];
  if (fd.reclass_pending) return;
  fd.reclass_pending = true;
  reclass_.push_back(f);
}

}  // namespace stowage::sim
