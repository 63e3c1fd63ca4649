#include "sim/engine.hpp"

#include <algorithm>
#include <cmath>

#include "sim/check.hpp"

namespace stowage::sim {

EventId Engine::next_id(double at_s) {
  STOWAGE_CHECK(std::isfinite(at_s), "an event needs a finite time");
  STOWAGE_CHECK(at_s >= now_s_ - kTimeToleranceS, "an event cannot be scheduled in the past");
  finished_.push_back(false);
  ++pending_;
  return next_seq_++;
}

void Engine::push_heap(double at_s, EventId id, std::uint64_t arg, LaneId lane) {
  heap_.push_back(Event{std::max(at_s, now_s_), id, arg, lane});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
}

EventId Engine::schedule(Seconds at, std::function<void()> action) {
  STOWAGE_CHECK(static_cast<bool>(action), "an event needs an action");
  const EventId id = next_id(at.value());
  std::uint64_t slot = actions_.size();
  if (free_actions_.empty()) {
    actions_.push_back(std::move(action));
  } else {
    slot = free_actions_.back();
    free_actions_.pop_back();
    actions_[slot] = std::move(action);
  }
  push_heap(at.value(), id, slot, kNoLane);
  return id;
}

LaneId Engine::add_lane(std::function<void(std::uint64_t)> action) {
  STOWAGE_CHECK(static_cast<bool>(action), "a lane needs an action");
  lanes_.push_back(Lane{std::move(action), {}});
  return static_cast<LaneId>(lanes_.size() - 1);
}

EventId Engine::schedule(LaneId lane, Seconds at, std::uint64_t arg) {
  STOWAGE_CHECK(lane < lanes_.size(), "unknown lane");
  const EventId id = next_id(at.value());
  const double at_s = std::max(at.value(), now_s_);
  std::deque<LaneEvent>& queue = lanes_[lane].queue;
  if (queue.empty() || queue.back().t_s <= at_s) {
    queue.push_back(LaneEvent{at_s, id, arg});
  } else {
    push_heap(at_s, id, arg, lane);
  }
  return id;
}

bool Engine::cancel(EventId id) {
  if (id >= next_seq_ || finished_[id]) return false;
  finished_[id] = true;  // its heap or lane entry is dropped when it reaches the front
  --pending_;
  return true;
}

void Engine::attach(FluidModel& model) {
  STOWAGE_CHECK(model_ == nullptr || model_ == &model, "an engine drives one fluid model");
  model_ = &model;
}

void Engine::detach(FluidModel& model) {
  if (model_ == &model) model_ = nullptr;
}

LaneId Engine::next_source() {
  while (!heap_.empty() && finished_[heap_.front().seq]) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const Event& e = heap_.back();
    if (e.lane == kNoLane) {
      actions_[e.arg] = nullptr;
      free_actions_.push_back(e.arg);
    }
    heap_.pop_back();
  }
  LaneId best = kNoLane;
  double best_s = heap_.empty() ? kNeverS : heap_.front().t_s;
  EventId best_seq = heap_.empty() ? ~EventId{0} : heap_.front().seq;
  LaneId id = 0;
  for (Lane& lane : lanes_) {
    std::deque<LaneEvent>& queue = lane.queue;
    while (!queue.empty() && finished_[queue.front().seq]) queue.pop_front();
    if (!queue.empty()) {
      const LaneEvent& e = queue.front();
      if (e.t_s < best_s || (e.t_s == best_s && e.seq < best_seq)) {
        best = id;
        best_s = e.t_s;
        best_seq = e.seq;
      }
    }
    ++id;
  }
  return best;
}

double Engine::next_event_s(LaneId source) const {
  if (source != kNoLane) return lanes_[source].queue.front().t_s;
  return heap_.empty() ? kNeverS : heap_.front().t_s;
}

std::uint64_t Engine::run() { return loop(kNeverS); }

std::uint64_t Engine::run_until(Seconds until) {
  STOWAGE_CHECK(until.value() >= now_s_, "run_until cannot go back in time");
  const std::uint64_t n = loop(until.value());
  now_s_ = until.value();
  return n;
}

std::uint64_t Engine::loop(double until_s) {
  const std::uint64_t before = events_processed_;
  while (true) {
    const LaneId source = next_source();
    const double event_s = next_event_s(source);
    // Events of the current instant run back to back; the model re-solves once after them.
    const bool event_now = event_s <= now_s_ + kTimeToleranceS && event_s <= until_s;
    const double flow_s =
        (event_now || model_ == nullptr) ? kNeverS : model_->next_completion_s(now_s_);
    if (!event_now && flow_s < kNeverS && flow_s <= event_s + kTimeToleranceS) {
      if (flow_s > until_s) break;
      now_s_ = std::max(now_s_, flow_s);
      const std::uint64_t completed = model_->complete_due(now_s_);
      STOWAGE_CHECK(completed > 0, "the fluid model announced a completion and completed nothing");
      events_processed_ += completed;
      continue;
    }
    if (event_s == kNeverS || event_s > until_s) break;
    Event event;
    if (source != kNoLane) {
      const LaneEvent& e = lanes_[source].queue.front();
      event = Event{e.t_s, e.seq, e.arg, source};
      lanes_[source].queue.pop_front();
    } else {
      std::pop_heap(heap_.begin(), heap_.end(), Later{});
      event = heap_.back();
      heap_.pop_back();
    }
    finished_[event.seq] = true;
    --pending_;
    now_s_ = std::max(now_s_, event.t_s);
    ++events_processed_;
    if (event.lane != kNoLane) {
      lanes_[event.lane].action(event.arg);
    } else {
      // Out of its slot first: the action may schedule others, which may reuse the slot.
      std::function<void()> action = std::move(actions_[event.arg]);
      actions_[event.arg] = nullptr;
      free_actions_.push_back(event.arg);
      action();
    }
  }
  return events_processed_ - before;
}

}  // namespace stowage::sim
