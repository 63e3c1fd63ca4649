#include "sim/engine.hpp"

#include <algorithm>
#include <cmath>

#include "sim/check.hpp"

namespace stowage::sim {

EventId Engine::schedule(Seconds at, std::function<void()> action) {
  STOWAGE_CHECK(std::isfinite(at.value()), "an event needs a finite time");
  STOWAGE_CHECK(at.value() >= now_s_ - kTimeToleranceS, "an event cannot be scheduled in the past");
  STOWAGE_CHECK(static_cast<bool>(action), "an event needs an action");
  const EventId id = next_seq_++;
  finished_.push_back(false);
  ++pending_;
  heap_.push_back(Event{std::max(at.value(), now_s_), id, std::move(action)});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
  return id;
}

bool Engine::cancel(EventId id) {
  if (id >= next_seq_ || finished_[id]) return false;
  finished_[id] = true;  // its heap entry is dropped when it reaches the top
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

void Engine::pop_cancelled() {
  while (!heap_.empty() && finished_[heap_.front().seq]) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    heap_.pop_back();
  }
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
    pop_cancelled();
    const double event_s = heap_.empty() ? kNeverS : heap_.front().t_s;
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
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    Event event = std::move(heap_.back());
    heap_.pop_back();
    finished_[event.seq] = true;
    --pending_;
    now_s_ = std::max(now_s_, event.t_s);
    ++events_processed_;
    event.action();
  }
  return events_processed_ - before;
}

}  // namespace stowage::sim
