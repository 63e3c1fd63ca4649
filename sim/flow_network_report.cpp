// FlowNetwork (sim/flow_network.hpp): what a flow's rate, remaining bytes and limits were, and
// the names of the limits.
#include "sim/flow_network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/check.hpp"
#include "sim/flow_network_detail.hpp"

namespace stowage::sim {

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

namespace {

// Adds one stretch to the totals per limit (a new limit goes last).
void add_to(std::vector<LimitShare>& totals, const BottleneckInterval& in) {
  for (LimitShare& t : totals) {
    if (t.kind == in.kind && t.constraint == in.constraint) {
      t.time += in.end - in.start;
      t.bytes += in.bytes;
      return;
    }
  }
  totals.push_back(LimitShare{in.kind, in.constraint, in.end - in.start, in.bytes});
}

}  // namespace

void FlowNetwork::append_intervals(const FlowData& fd, const FlowClass& k, double t_leave_s,
                                   double v_leave, std::vector<BottleneckInterval>& out,
                                   std::vector<LimitShare>* fold) const {
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
      if (fold != nullptr) {  // the last stretch can no longer grow
        add_to(*fold, back);
        back = in;
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

void FlowNetwork::live_intervals(const FlowData& fd, std::vector<BottleneckInterval>& out,
                                 std::vector<LimitShare>* fold) const {
  const double now = now_s();
  if (fd.state == FlowState::kStaged && now > fd.start_s) {
    out.push_back(BottleneckInterval{LimitKind::kConcurrency, fd.staged_on, Seconds(fd.start_s),
                                     Seconds(now), Bytes(0)});
  } else if (fd.state == FlowState::kRunning && fd.cls != kNoClass) {
    const FlowClass& k = classes_[fd.cls];
    append_intervals(fd, k, now, std::min(vclock_now(k, now), fd.finish_vclock), out, fold);
  }
}

std::vector<BottleneckInterval> FlowNetwork::intervals(FlowId f) const {
  STOWAGE_CHECK(options_.history, "a flow's intervals are kept with Options::history");
  const FlowData& fd = flows_[f];
  std::vector<BottleneckInterval> out = fd.done_intervals;
  live_intervals(fd, out, nullptr);
  return out;
}

std::vector<LimitShare> FlowNetwork::limit_totals(FlowId f) const {
  // The stretches not yet added (all of them with history), then the live one, in time order.
  const FlowData& fd = flows_[f];
  std::vector<LimitShare> totals = fd.totals;
  std::vector<BottleneckInterval> tail = fd.done_intervals;
  live_intervals(fd, tail, options_.history ? nullptr : &totals);
  for (const BottleneckInterval& in : tail) add_to(totals, in);
  return totals;
}

std::optional<LimitShare> FlowNetwork::main_bottleneck(FlowId f) const {
  // The longest by time; ties to the earliest seen.
  std::optional<LimitShare> best;
  for (const LimitShare& t : limit_totals(f)) {
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

}  // namespace stowage::sim
