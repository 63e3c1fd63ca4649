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
// Lanes. A caller that schedules many events with one callback and times that never decrease
// (a load's timeout at arrival + timeout, load after load) registers the callback once as a lane
// and schedules (time, argument) pairs on it: each lands at the back of the lane's queue, in
// order, instead of in the heap, so a million pending timeouts cost one queue append each and no
// heap sifting. An event whose time is before its lane's last goes into the heap instead. The
// next event is the least (time, sequence) over the heap's top and every lane's front, and
// sequence numbers come from one counter whichever way an event is scheduled, so lanes change
// no order: the same calls give the same callbacks in the same order as with the heap alone.
// Invariant: each lane's queue is sorted by (time, sequence); every event (heap or lane) that is
// neither run nor cancelled is counted in pending_events().
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
#include <deque>
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

/// Identifies a lane: a callback registered once, run with the argument of each of its events.
using LaneId = std::uint32_t;

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
  /// Registers `action` as a lane (see above); ids are 0, 1, ... in order.
  LaneId add_lane(std::function<void(std::uint64_t)> action);
  /// Runs the lane's action with `arg` at absolute time `at` (not before now()); in the lane's
  /// queue when `at` is not before its last event, else in the heap. Returns an id for cancel().
  EventId schedule(LaneId lane, Seconds at, std::uint64_t arg);
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
  static constexpr LaneId kNoLane = ~LaneId{0};

  // A heap event runs lane `lane` with `arg`, or, with kNoLane, the callback in actions_[arg].
  struct Event {
    double t_s;
    EventId seq;
    std::uint64_t arg;
    LaneId lane;
  };
  struct LaneEvent {
    double t_s;
    EventId seq;
    std::uint64_t arg;
  };
  struct Lane {
    std::function<void(std::uint64_t)> action;
    std::deque<LaneEvent> queue;  // sorted by (t_s, seq)
  };
  // std heap functions build a max-heap: "later" is "less".
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.t_s != b.t_s ? a.t_s > b.t_s : a.seq > b.seq;
    }
  };

  EventId next_id(double at_s);
  void push_heap(double at_s, EventId id, std::uint64_t arg, LaneId lane);
  std::uint64_t loop(double until_s);
  /// Drops cancelled events from the heap's top and the lanes' fronts, in the same pass that
  /// finds the next event: the lane whose front it is, or kNoLane when it is the heap's top (or
  /// nothing is pending).
  LaneId next_source();
  /// The time of the next pending event, or kNeverS.
  double next_event_s(LaneId source) const;

  double now_s_ = 0.0;
  EventId next_seq_ = 0;
  std::uint64_t events_processed_ = 0;
  std::vector<Event> heap_;
  std::deque<Lane> lanes_;  // a deque: a running lane's action stays put if a lane is added
  // Callbacks scheduled without a lane, by slot; free slots are reused.
  std::vector<std::function<void()>> actions_;
  std::vector<std::uint64_t> free_actions_;
  std::vector<bool> finished_;  // by EventId: ran or cancelled (one bit per event ever scheduled)
  std::size_t pending_ = 0;
  FluidModel* model_ = nullptr;
};

}  // namespace stowage::sim
