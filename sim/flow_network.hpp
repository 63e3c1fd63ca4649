// FlowNetwork: data transfers (flows) sharing the capacities (constraints) they cross.
//
// A constraint is a resource with a capacity in bytes per second: an instance's NIC, a NAS file
// system's throughput, an account's download cap. It is SHARED (the rates of its flows add up to
// at most the capacity) or FATPIPE (each flow alone is held to the capacity), and it may admit at
// most `concurrency` flows at once: a flow that finds a limited constraint full waits, holding
// nothing, and starts when every limited constraint it crosses has a free slot. A waiting flow
// waits on one constraint at a time, the first of its route (in `via` order) that refuses it,
// in that constraint's queue ordered by arrival (FlowId); when a flow ends, the constraints it
// frees are served earliest arrival first among their queues' heads (the tie convention: one
// order over all the freed constraints, not one constraint after another), and a head that
// another full constraint refuses moves to that constraint's queue, so one blocked elsewhere
// does not hold up those behind it and no queue is walked past a flow it cannot admit
// (O(log n) per admission or move). A flow moves `size` bytes across its constraints, with an
// optional own bound (a per-connection rate) and a weight (on a shared bottleneck, weight 2 gets
// twice the rate of weight 1). Rates are weighted max-min fair (sim/maxmin.hpp) and change only at
// events: a flow starts, completes or is cancelled, or a capacity changes. Between events each flow
// moves linearly; the Engine asks this network for the next completion.
//
// Re-solving only what changed. Rates come from IncrementalMaxMin (sim/maxmin.hpp): classes that
// cross the same SHARED constraints form a group, and a group's answer is one level T_g: its
// classes run at their bound (FATPIPE capacities folded in) when that is below w * T_g, at
// w * T_g otherwise. A change marks its group or constraint dirty; before time advances every
// connected component with a change is re-solved at the level of groups, and only the classes
// whose bound level lies between a group's old and new level change sides.
// Completion dates are kept lazily: a class at its bound has one entry (time of its first
// member's end) in the network's heap; the classes at a group's level sit in the group's own heap
// by the value of the group clock U_g (the integral of T_g) at which their first member ends, and
// the group has one entry, moved in place, in an indexed heap of groups. A new level therefore
// moves one entry per group, not one per class or flow. Example: three flows through their own
// NICs of 1.0, 1.5 and 2.5 GB/s (folded into their bounds) and one 3 GB/s NAS are one group of
// three classes. The NAS's level 3 / 3 = 1 GB/s ties the first bound, and a constraint wins a
// tie: T = 1 GB/s, all three at the level, U grows by 1e9 per second, and a member with 2 GB to
// go at U = 5e9 ends when U = 7e9, 2 s later. When the 2.5 GB/s flow leaves, the two left need
// 1.0 + 1.5 < 3 GB/s: the NAS never saturates, T = +inf, and both classes move to their bounds
// (and to the network's heap). Invariant between events: every live class's side agrees with
// the solver, and every class or group with a due completion has a live entry.
//
// Scale: flow classes and virtual clocks. Running flows with the same (non-private) constraints,
// the same effective bound and the same weight get the same rate, so they form one class, one
// variable of the solver with a multiplicity. A class keeps a virtual clock V(t), the bytes each
// member has received since the class was created, advanced lazily: V(t) = V(t0) + r * (t - t0).
// A member that joins at V_j with R bytes to go finishes when V reaches F = V_j + R; members sit
// in a min-heap by F, and the class's next completion is t0 + (F_min - V(t0)) / r. An arrival or a
// departure therefore costs O(groups in its component + log N), not O(N).
// A constraint that only one running flow crosses is exactly a bound on that flow (sum of one
// rate <= C is r <= C), so it is folded into the flow's effective bound, and unfolded when a
// second flow joins: 100,000 instances, each crossing its own NIC and the shared NAS, form one
// class. Example: a NAS of 600 MB/s, 200 flows of 4.27 GB each through its own 5 Gbps NIC (625
// MB/s, folded into the bound) form one class of 200; the solver sees one SHARED constraint and
// one variable of multiplicity 200, gives each 600 / 200 = 3 MB/s, and the class's single heap
// entry says all finish at 4.27e9 / 3e6 = 1423.3 s. Options::aggregate = false turns classes
// and folding off (one class per flow), for checking that both give the same answer.
//
// Bottleneck attribution: each class logs when its limit changes (its group's constraint, or "the
// members' bound"), and each group logs when its constraint changes, so that a new limit costs
// one entry per group; a flow that leaves a class copies the part of the log it lived through as
// intervals (limit, start, end, bytes moved), translating "the members' bound" into its own bound
// or the folded constraint that set it. Time spent waiting for a concurrency slot is an interval
// of kind kConcurrency that moves no bytes. Without Options::history a flow keeps only its
// last interval and, per limit, the total time and bytes of the ones before it (added in time
// order, so limit_totals() and main_bottleneck() give the same numbers to the last bit).
//
// Units: bytes, seconds, bytes per second. Tolerances: remaining below kSnapBytes is done; times
// within kTimeToleranceS are equal. Determinism: the same calls in the same order give the same
// rates, times and intervals; completions at one instant run their callbacks in FlowId order.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/engine.hpp"
#include "sim/maxmin.hpp"
#include "sim/units.hpp"

namespace stowage::sim {

/// Remaining bytes below this count as transferred (an algorithmic tolerance).
inline constexpr double kSnapBytes = 1.0;

using ConstraintId = std::uint32_t;
using FlowId = std::uint32_t;

/// A resource that flows cross.
struct ConstraintSpec {
  std::string name;
  BytesPerSecond capacity;
  Sharing sharing = Sharing::kShared;
  std::uint32_t concurrency = 0;  ///< at most this many flows at once; 0: no limit
};

/// A transfer to start.
struct FlowSpec {
  Bytes size;
  std::vector<ConstraintId> via;                      ///< each at most once
  BytesPerSecond bound = BytesPerSecond(kUnbounded);  ///< own bound; kUnbounded: none
  double weight = 1.0;                                ///< > 0
};

/// What held a flow back during an interval.
enum class LimitKind : std::uint8_t {
  kCapacity,     ///< a constraint's capacity (`constraint`)
  kOwnBound,     ///< the flow's own bound
  kConcurrency,  ///< waiting for a slot of `constraint`; moves no bytes
};

/// One stretch of a flow's life under one limit.
struct BottleneckInterval {
  LimitKind kind = LimitKind::kOwnBound;
  ConstraintId constraint = 0;  ///< meaningful for kCapacity and kConcurrency
  Seconds start;
  Seconds end;
  Bytes bytes;  ///< moved during the interval
};

/// The total share of one limit in a flow's life.
struct LimitShare {
  LimitKind kind = LimitKind::kOwnBound;
  ConstraintId constraint = 0;
  Seconds time;
  Bytes bytes;
};

enum class FlowState : std::uint8_t { kStaged, kRunning, kDone, kCancelled };

/// How a FlowNetwork groups flows.
struct FlowNetworkOptions {
  /// Classes and folding of private constraints (on), or one solver variable per flow (off).
  bool aggregate = true;
  /// Every stretch of every flow's life (intervals()), or, off, only what limit_totals() and
  /// main_bottleneck() need: per limit the total time and bytes, in memory that does not grow
  /// with the capacity changes a flow lives through (intervals() is then refused).
  bool history = true;
};

/// Flows over constraints, driven by an Engine.
class FlowNetwork final : public FluidModel {
 public:
  using Options = FlowNetworkOptions;

  /// Attaches itself to `engine` as its fluid model; `engine` must outlive the network.
  explicit FlowNetwork(Engine& engine, Options options = {});
  ~FlowNetwork() override;
  FlowNetwork(const FlowNetwork&) = delete;
  FlowNetwork& operator=(const FlowNetwork&) = delete;

  /// Makes room for `flows` flows in all (an optimisation only).
  void reserve(std::size_t flows);
  /// Adds a constraint; ids are 0, 1, ... in order.
  ConstraintId add_constraint(ConstraintSpec spec);
  /// Changes a capacity from now on (schedule it on the engine to change it later).
  void set_capacity(ConstraintId c, BytesPerSecond capacity);
  /// Starts a flow now (or stages it behind a full concurrency limit). `on_done` runs when its
  /// last byte arrives, not when it is cancelled. Ids are 0, 1, ... in order.
  FlowId start_flow(FlowSpec spec, std::function<void()> on_done = {});
  /// Stops a staged or running flow now, freeing its slots; false if it had already ended.
  bool cancel(FlowId f);
  /// Frees what an ended (done or cancelled) flow holds beyond its state and times: its route
  /// and its record of limits (intervals() is empty after it). For an owner of millions of
  /// flows that has read what it needs; the ids of other flows do not change.
  void forget(FlowId f);

  /// Brings every rate up to date with the changes made at the current instant (the engine
  /// does this before time advances; call it to read rates between events).
  void resolve();

  const ConstraintSpec& constraint(ConstraintId c) const { return constraints_[c].spec; }
  std::size_t constraint_count() const { return constraints_.size(); }
  std::size_t flow_count() const { return flows_.size(); }
  FlowState state(FlowId f) const { return flows_[f].state; }
  Seconds start_time(FlowId f) const { return Seconds(flows_[f].start_s); }
  /// When the flow completed or was cancelled; kNeverS while it is staged or running.
  Seconds end_time(FlowId f) const { return Seconds(flows_[f].end_s); }
  /// Bytes still to move now.
  Bytes remaining(FlowId f) const;
  /// The current rate (as of the last resolve()).
  BytesPerSecond rate(FlowId f) const;
  /// Everything that held the flow back, in time order, up to now (Options::history only).
  std::vector<BottleneckInterval> intervals(FlowId f) const;
  /// The total time and bytes under each limit that held the flow back, in order of first
  /// appearance, up to now (the sums of intervals(), added in time order, in either mode).
  std::vector<LimitShare> limit_totals(FlowId f) const;
  /// The limit that held the flow back longest (by time; ties to the earliest seen), if any
  /// time passed, with the total time and bytes under it.
  std::optional<LimitShare> main_bottleneck(FlowId f) const;
  /// `nas` (a capacity), `bound` (the own bound) or `nas (concurrency)` (waiting for a slot).
  std::string limit_name(LimitKind kind, ConstraintId c) const;
  /// The sum of the current rates of the flows running across `c` (as of the last resolve()):
  /// O(classes crossing c), not O(flows).
  BytesPerSecond load(ConstraintId c) const;
  /// Flows admitted (running) across `c`.
  std::uint32_t running_flows(ConstraintId c) const { return constraints_[c].running; }
  /// Classes alive now (one per distinct rate group of running flows).
  std::size_t class_count() const { return class_key_.size(); }
  /// Connected components solved so far.
  std::uint64_t solves() const { return solver_.components_solved(); }
  /// The solver's units of work so far, over all solves: groups of classes that cross the same
  /// SHARED constraints (a solve costs about its groups, whatever their classes and flows).
  std::uint64_t solved_classes() const { return solver_.groups_solved(); }

  // FluidModel.
  double next_completion_s(double now_s) override;
  std::uint64_t complete_due(double t_s) override;

 private:
  using ClassId = std::uint32_t;
  using GroupId = IncrementalMaxMin::Id;
  static constexpr ClassId kNoClass = ~ClassId{0};
  static constexpr FlowId kNoFlow = ~FlowId{0};
  static constexpr ConstraintId kNoConstraint = ~ConstraintId{0};
  static constexpr std::int64_t kMemberBound = -1;  // class limit: each member's own bound
  static constexpr std::int64_t kUnsolved = -2;
  static constexpr std::int64_t kGroupLimit = -3;  // class limit: its group's constraint

  struct ConstraintData {
    ConstraintSpec spec;
    std::uint32_t running = 0;         // admitted flows crossing it
    std::uint64_t running_id_sum = 0;  // sum of their ids: the only one when running == 1
    std::vector<ClassId> classes;      // classes listing it (it is not private to them)
    // Flows waiting on it (it refused them first): a min-heap by FlowId, the arrival order;
    // entries of flows cancelled while waiting are skipped when met.
    std::vector<FlowId> waiting;
  };

  struct FlowData {
    FlowSpec spec;
    std::function<void()> on_done;
    FlowState state = FlowState::kStaged;
    bool reclass_pending = false;
    LimitKind bound_kind = LimitKind::kOwnBound;  // what "the members' bound" means for it
    ConstraintId bound_source = 0;
    ConstraintId staged_on = 0;  // the first constraint that refused it (names its wait)
    double start_s = 0, end_s = kNeverS;
    ClassId cls = kNoClass;
    std::uint32_t token = 0;  // bumps at every join: older heap entries are stale
    std::uint32_t join_segment = 0;
    double join_s = 0, join_vclock = 0, finish_vclock = 0;
    // Its stretches up to its last leave; without history only the last one (which the next
    // may extend), the earlier ones added to `totals`.
    std::vector<BottleneckInterval> done_intervals;
    std::vector<LimitShare> totals;  // without history: per limit, in order of first appearance
  };

  struct ClassKey {
    std::vector<ConstraintId> constraints;  // sorted, non-private
    double bound_bps = kUnbounded;
    double weight = 1.0;
    FlowId solo = kNoFlow;  // the flow, when classes are off
    bool operator==(const ClassKey&) const = default;
  };
  struct ClassKeyHash {
    std::size_t operator()(const ClassKey& k) const;
  };
  struct ConstraintsHash {
    std::size_t operator()(const std::vector<ConstraintId>& v) const;
  };

  struct Member {
    double finish_vclock;
    FlowId flow;
    std::uint32_t token;
  };
  struct Segment {
    double t_s;
    double vclock;
    std::int64_t limit;      // ConstraintId, kMemberBound or kGroupLimit
    std::uint32_t gseg = 0;  // kGroupLimit: the group's segment at t_s
    double u = 0;            // kGroupLimit: the group's clock at t_s
  };
  // A class runs at its bound (rate_bps = bound_bps, vclock advanced from vclock_s), or at its
  // weight times its group's level: then vclock is the bytes per member when the group's clock
  // read u_anchor, and V = vclock + weight * (U - u_anchor) (never advanced in place, so that
  // every reading of V at one U is the same number).
  struct FlowClass {
    ClassKey key;
    std::vector<std::uint32_t> pos_in_constraint;  // parallel to key.constraints
    std::uint32_t members = 0;
    double vclock = 0, vclock_s = 0, u_anchor = 0;
    double bound_bps = kUnbounded;            // key.bound_bps or a lower FATPIPE capacity
    std::int64_t bound_limit = kMemberBound;  // kMemberBound or that FATPIPE
    std::int64_t limit = kUnsolved;
    GroupId group = IncrementalMaxMin::kNone;
    IncrementalMaxMin::Id var = IncrementalMaxMin::kNone;
    std::vector<Segment> segments;
    std::vector<Member> heap;  // by finish_vclock, then FlowId
    std::uint32_t epoch = 0;   // bumps at every new completion entry and at death
    bool alive = false;
    bool at_level = false;    // runs at its group's level (else at its bound)
    bool placed = false;      // at_level is known
    bool due_listed = false;  // in due_refresh_
    bool place_listed = false;
  };
  // Classes with the same SHARED constraints. Its clock U(t) = integral of its level: a member
  // of weight w of a class at the level receives w * dU bytes.
  struct GroupSegment {
    double t_s;
    double u;
    std::int64_t limit;  // ConstraintId, or -1 while no constraint of the group saturates
  };
  struct GroupEntry {
    double u_finish;  // U at which the class's first member finishes
    ClassId cls;
    std::uint32_t epoch;  // the class's
  };
  struct FlowGroup {
    std::vector<ConstraintId> constraints;
    std::uint32_t classes = 0;
    double u = 0, u_s = 0, level = kUnbounded;
    std::vector<GroupSegment> segments;
    std::vector<GroupEntry> heap;  // classes at the level, by u_finish then ClassId
    // The first live entry of heap as group_head() last found it (none: has_head false), kept
    // while head_known: a new level moves the group's completion date, not its first class.
    double head_u_finish = 0, head_weight = 0;
    bool head_known = false, has_head = false;
    bool alive = false;
    bool due_listed = false;
  };
  struct Due {
    double t_s;
    ClassId cls;
    std::uint32_t epoch;
  };

  double now_s() const { return engine_.now().value(); }
  // Admission behind concurrency limits (flow_network.cpp).
  void admit(FlowId f);
  void release(FlowId f);
  ConstraintId first_refusal(const FlowData& fd) const;  // kNoConstraint: admissible
  void enqueue(FlowId f, ConstraintId c);
  void admit_waiting(const std::vector<ConstraintId>& freed);
  void request_reclass(FlowId f);
  // Classes, groups and their clocks (flow_network_classes.cpp).
  void compute_key(FlowId f, ClassKey& key, LimitKind& bound_kind, ConstraintId& source) const;
  void effective_bound(FlowClass& k) const;
  void join(FlowId f, double remaining_bytes);
  double leave(FlowId f, bool completed);
  void destroy_class(ClassId k);
  GroupId find_group(const std::vector<ConstraintId>& key_constraints);
  void settle_group(FlowGroup& g) const;
  void settle(FlowClass& k);
  double vclock_now(const FlowClass& k, double now) const;
  double class_rate(const FlowClass& k) const;
  // Rates and completion dates (flow_network_solve.cpp).
  void place(ClassId k);
  void list_place(ClassId k);
  void list_due(ClassId k);
  void list_group_due(GroupId g);    // its first class may have changed
  void list_group_level(GroupId g);  // only its level changed
  void apply_solution();
  void refresh_dues();
  const Member* head(FlowClass& k);
  const GroupEntry* group_head(FlowGroup& g);
  void take_due_members(FlowClass& k, bool force);
  // What held a flow back (flow_network_report.cpp).
  // Appends the flow's stretches in class k up to t_leave_s to `out`, merging touching ones
  // under the same limit; with `fold`, `out` keeps only its last stretch and adds the ones
  // before it to *fold.
  void append_intervals(const FlowData& fd, const FlowClass& k, double t_leave_s, double v_leave,
                        std::vector<BottleneckInterval>& out,
                        std::vector<LimitShare>* fold = nullptr) const;
  // Appends what holds the flow back now: its wait for a slot, or its stretches in its class.
  void live_intervals(const FlowData& fd, std::vector<BottleneckInterval>& out,
                      std::vector<LimitShare>* fold) const;

  Engine& engine_;
  Options options_;
  std::vector<ConstraintData> constraints_;
  std::vector<FlowData> flows_;
  std::vector<FlowClass> classes_;
  std::vector<ClassId> free_classes_;
  std::unordered_map<ClassKey, ClassId, ClassKeyHash> class_key_;
  std::vector<FlowGroup> groups_;  // by GroupId
  std::unordered_map<std::vector<ConstraintId>, GroupId, ConstraintsHash> group_key_;
  std::vector<ClassId> var_class_;  // by solver variable
  std::vector<FlowId> reclass_;
  std::vector<ClassId> place_, due_refresh_;
  std::vector<GroupId> group_due_refresh_;
  std::vector<Due> due_;  // classes at their bound: min-heap of completion times (stale skipped)
  IndexedMinHeap group_due_;  // groups: the completion time of their first class at the level
  // Scratch reused between solves.
  IncrementalMaxMin solver_;
  ClassKey scratch_key_;
  std::vector<ConstraintId> scratch_constraints_;
  std::vector<IncrementalMaxMin::Id> scratch_vars_;
  std::vector<FlowId> completed_;
  std::vector<ConstraintId> scratch_freed_;
};

}  // namespace stowage::sim
