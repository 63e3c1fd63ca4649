// Engine: the discrete-event clock of a simulation.
//
// The engine owns simulated time and a min-heap of scheduled callbacks keyed by (time, sequence):
// two events at the same time run in the order they were scheduled. Between events, data moves
// as fluid: a FluidModel (the FlowNetwork) advances every active flow linearly at its current
// rate, and the next step of the clock is
//     t_next = min(next scheduled event, next flow completion).
// A flow completion and a scheduled event within kTimeToleranceS of each other happen at the same
// instant, completions first, so that a callback scheduled for "when the others are done" sees
// them done. Events due at the current instant run back to back before the model is asked for
// its next completion, so a burst of N flows started at t = 0 is solved once, not N times.
//
// Counting: every scheduled callback that runs and every flow that completes is one event.
// Units: seconds of simulated time. Determinism: no clock, no randomness, no global state; the
// same calls in the same order give the same sequence of callbacks.
//
// Usage:
//   Engine engine;
//   FlowNetwork net(engine);              // attaches itself as the engine's fluid model
//   engine.schedule(Seconds(2), [&] { net.start_flow(spec, [&] { /* next phase */ }); });
//   engine.run();
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "sim/units.hpp"

namespace stowage::sim {

/// Two times closer than this are the same instant (an algorithmic tolerance, not a figure).
inline constexpr double kTimeToleranceS = 1e-9;

/// "Never": the time of an event that will not happen.
inline constexpr double kNeverS = std::numeric_limits<double>::infinity();

/// What moves between events: the engine asks it when the next completion is and tells it to
/// complete what is due. Implemented by FlowNetwork.
class FluidModel {
 public:
  virtual ~FluidModel() = default;
  /// Absolute time of the next completion at or after `now_s`, or kNeverS. May re-solve rates.
  virtual double next_completion_s(double now_s) = 0;
  /// Completes everything due at `t_s` (within kTimeToleranceS) and runs the completion
  /// callbacks; returns how many completed (at least one when called at next_completion_s()).
  virtual std::uint64_t complete_due(double t_s) = 0;
};

/// Identifies a scheduled callback, for cancel().
using EventId = std::uint64_t;

/// The event loop: a (time, sequence) min-heap of callbacks plus at most one fluid model.
class Engine {
 public:
  Engine() = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Current simulated time.
  Seconds now() const { return Seconds(now_s_); }

  /// Runs `action` at absolute time `at` (not before now()); returns an id for cancel().
  EventId schedule(Seconds at, std::function<void()> action);
  /// Runs `action` `delay` after now().
  EventId schedule_after(Seconds delay, std::function<void()> action) {
    return schedule(now() + delay, std::move(action));
  }
  /// Drops a pending callback; returns false if it already ran, was cancelled or never existed.
  bool cancel(EventId id);

  /// Lets `model` move between events; an engine drives at most one model.
  void attach(FluidModel& model);
  /// Forgets the model (called by the model's destructor).
  void detach(FluidModel& model);

  /// Runs until no callback is pending and no flow can complete; returns the events processed.
  std::uint64_t run();
  /// Processes everything due at or before `until`, then sets the clock to `until`.
  std::uint64_t run_until(Seconds until);

  /// Events processed since construction (callbacks run plus flows completed).
  std::uint64_t events_processed() const { return events_processed_; }
  /// Callbacks scheduled and not yet run or cancelled.
  std::size_t pending_events() const { return pending_; }

 private:
  struct Event {
    double t_s;
    EventId seq;
    std::function<void()> action;
  };
  // std heap functions build a max-heap: "later" is "less".
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.t_s != b.t_s ? a.t_s > b.t_s : a.seq > b.seq;
    }
  };

  std::uint64_t loop(double until_s);
  void pop_cancelled();

  double now_s_ = 0.0;
  EventId next_seq_ = 0;
  std::uint64_t events_processed_ = 0;
  std::vector<Event> heap_;
  std::vector<bool> finished_;  // by EventId: ran or cancelled (one bit per event ever scheduled)
  std::size_t pending_ = 0;
  FluidModel* model_ = nullptr;
};

}  // namespace stowage::sim
