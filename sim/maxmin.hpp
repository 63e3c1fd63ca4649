// MaxMinSolver: weighted max-min fair sharing of capacities, by progressive filling.
//
// The problem. Variables v (each stands for count_v identical flows of weight w_v > 0 and own
// bound b_v, +inf when unbounded) cross constraints c of capacity C_c. A SHARED constraint
// limits the sum of the rates of the flows that cross it; a FATPIPE constraint limits each flow
// on its own (a per-flow capacity, whatever the number of flows):
//     SHARED   sum_{v crosses c} count_v * r_v <= C_c
//     FATPIPE  r_v <= C_c for every v that crosses c
//     bound    r_v <= b_v
// Weighted max-min fairness: no r_v / w_v can grow without lowering some r_u / w_u that is
// already no larger. Equivalently, every variable has a limit: its own bound (or a FATPIPE
// capacity) which it runs at, or a saturated SHARED constraint on which its r_v / w_v is the
// largest among the variables crossing it.
//
// Progressive filling. Let every unfixed variable run at r_v = w_v * t and raise the level t from
// 0. A SHARED constraint with remaining capacity R_c (C_c minus the rates of the fixed variables
// on it) and unfixed weight W_c = sum count_v * w_v saturates at level t_c = R_c / W_c; a
// variable meets its effective bound e_v = min(b_v, FATPIPE capacities it crosses) at level
// e_v / w_v. Repeatedly take the lowest of these levels, t*:
//   - a constraint at t*: fix every unfixed variable on it at r_v = w_v * t*; its limit is c;
//   - otherwise a variable at its bound: fix r_v = e_v; its limit is its bound (or the FATPIPE
//     constraint that set e_v);
// then subtract the fixed rates from R_c and their weights from W_c of every constraint they
// cross. Levels only rise, so each variable is fixed once.
// Ties at the same level go to SHARED constraints first, lowest index first, then to bounds; an
// effective bound equal to a FATPIPE capacity and an own bound is attributed to the FATPIPE.
//
// Worked example. Links L1 (C = 10 MB/s) and L2 (C = 4 MB/s), all SHARED. Flow a crosses L1 and
// L2 (weight 1), flow b crosses L1 (weight 1), flow c crosses L2 (weight 3).
//   Levels: L1: 10 / (1 + 1) = 5; L2: 4 / (1 + 3) = 1. L2 saturates first at t* = 1:
//   a = 1 * 1 = 1 MB/s, c = 3 * 1 = 3 MB/s, both limited by L2.
//   L1 now has R = 10 - 1 = 9 and W = 1 (flow b): level 9, b = 9 MB/s, limited by L1.
//   Check: L1 carries 1 + 9 = 10, L2 carries 1 + 3 = 4; a cannot grow without taking from c,
//   whose rate per weight (1) is no larger than a's (1).
// With an own bound of 7 MB/s on b, b's bound level 7 is below L1's level 9: b = 7 MB/s, limited
// by its bound, and L1 keeps 2 MB/s spare.
//
// Cost: for V variables, C constraints and E crossings, O(V log V) to order the bounds plus
// O(E log C) with a heap of constraint levels, or O(E + rounds * C) when C is small enough
// (kLinearScanMaxConstraints) that scanning the levels beats keeping them ordered; buffers are
// reused between solves. Units: bytes per second. Determinism: the result depends only on the
// order and values of the add_* calls.
//
// IncrementalMaxMin: the same answer, kept up to date as flows come and go.
//
// Groups. Variables that cross the same set of SHARED constraints form a group (FATPIPE
// capacities are folded into each variable's bound by the caller: e_v = min(b_v, FATPIPE caps)).
// In progressive filling every unfixed variable of a group meets the group's constraints at the
// same level, so the first of them to saturate fixes them all at one level T_g; the variables
// fixed earlier are those whose bound level e_v / w_v lies below T_g. Hence the whole answer is
// one number per group:
//     r_v = e_v        if e_v / w_v < T_g   (at its bound)
//     r_v = w_v * T_g  otherwise            (limited by the constraint L_g that saturated)
// with T_g = +inf when none of the group's constraints saturates (every variable at its bound).
// Each group keeps its variables sorted by bound level in blocks of at most 2 * kBlock, with the
// sums of count * e_v and count * w_v per block; the order survives between solves and changes
// by one insertion or removal per event, never by a re-sort.
//
// Solving a component (the groups and constraints connected to a change) is progressive filling
// over groups: with T = the lowest level R_c / W_c of the unsaturated constraints, every group
// whose next bound level is below T fixes, in one batch, all its variables under T (whole blocks
// at once, by their sums: such a variable is certainly at its bound, as levels only rise); when
// no bound level is below T, the constraint at T saturates and fixes every unfixed group on it
// at T. A solve costs O(G (d + log G) + C log C + the blocks and partial blocks crossed) for G
// groups, C constraints, d constraints per group, not O(variables): 20,000 flows with distinct
// bounds over 100 file systems are 100 groups.
// Slack constraints. A constraint whose variables' bounds add up to less than its capacity (every
// variable bounded, sum count_v * b_v < C_c, with a margin for round-off) can never saturate,
// whatever else limits those variables: their rates never exceed their bounds. Such a constraint
// does not join its groups into one component; it is a leaf of each component that crosses it,
// counted in the filling but never saturated, and a change on one side of it re-solves nothing
// on the other. Many loads each at its own bound on file systems and NICs that are not full thus
// cost one small component per event, not the whole network. A constraint that was not slack at
// its groups' last solve still joins them once more, so that the groups it limited are re-solved
// when it stops limiting them. The sums are kept per constraint as variables come and go.
// Invariants after solve(): every live variable satisfies the rule above with its group's level;
// for each saturated constraint the rates crossing it add up to its capacity (up to round-off);
// the levels and limits equal MaxMinSolver's on the same problem (rates to round-off, limits
// exactly when no two levels tie up to round-off). Ties go as in MaxMinSolver: a constraint
// before a bound at the same level, the lower constraint id first.
// Worked example (the one above): groups {L1, L2} = {a}, {L1} = {b}, {L2} = {c}. L2 saturates
// at 1 and fixes groups {a} and {c}: T = 1, a = 1, c = 3; L1 then has 9 left for group {b}: T = 9.
// With b's bound at 7, group {b}'s next bound level 7 is below L1's level 9, so b is fixed at 7
// in a batch and L1 never saturates: T_{b} = +inf, b runs at its bound.
// What changed: solved_groups() lists every group of the last solve's components with its old
// level and limit; the variables whose state flips lie between the old and the new level and are
// found by variables_between() in O(log + their number).
// Determinism: the answer depends only on the calls made; ids are reused lowest-last (LIFO).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace stowage::sim {

/// How a constraint's capacity is shared by the flows that cross it.
enum class Sharing : std::uint8_t {
  kShared,   ///< the sum of the rates is at most the capacity (a link, a file system)
  kFatpipe,  ///< each flow's rate is at most the capacity (a per-connection limit)
};

/// No own bound: the flow is limited by its constraints only.
inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

/// Solves one weighted max-min problem; reusable (clear, add, solve, read) without reallocating.
class MaxMinSolver {
 public:
  /// The limit of a variable that runs at its own bound.
  static constexpr std::int32_t kOwnBound = -1;

  /// Forgets every constraint and variable.
  void clear();
  /// Adds a constraint; returns its index (0, 1, ...). capacity_bps >= 0 and finite.
  std::int32_t add_constraint(double capacity_bps, Sharing sharing);
  /// Adds `count` identical flows of weight `weight` > 0, each bounded by `bound_bps`
  /// (kUnbounded for none), crossing `constraints` (indices, each once). A variable must cross a
  /// constraint or have a finite bound. Returns its index.
  std::int32_t add_variable(double weight, double count, double bound_bps,
                            std::span<const std::int32_t> constraints);

  /// Computes every rate and limit.
  void solve();

  /// The rate of one flow of variable `v`, in bytes per second (after solve()).
  double rate_bps(std::int32_t v) const { return rate_bps_[v]; }
  /// The constraint index that limits `v`, or kOwnBound (after solve()).
  std::int32_t limit(std::int32_t v) const { return limit_[v]; }
  std::int32_t variable_count() const { return static_cast<std::int32_t>(weight_.size()); }
  std::int32_t constraint_count() const { return static_cast<std::int32_t>(capacity_bps_.size()); }

 private:
  void fix(std::int32_t v, double rate_bps, std::int32_t limit);
  void push_touched();
  bool lower(std::int32_t a, std::int32_t b) const;
  void sift_up(std::int32_t i);
  void sift_down(std::int32_t i);
  void heap_remove(std::int32_t c);
  std::int32_t lowest() const;

  // Constraints.
  std::vector<double> capacity_bps_;
  std::vector<Sharing> sharing_;
  // Variables, with their crossings in CSR form (var_first_[v] .. var_first_[v + 1]).
  std::vector<double> weight_, count_, bound_bps_;
  std::vector<std::int32_t> var_first_{0}, var_constraints_;
  // Solve state.
  std::vector<double> rate_bps_;
  std::vector<std::int32_t> limit_;
  std::vector<double> remaining_bps_, weight_left_;
  std::vector<std::int32_t> unfixed_left_;
  std::vector<char> saturated_, fixed_, touched_;
  std::vector<std::int32_t> touched_list_;
  std::vector<std::int32_t> con_first_, con_variables_;  // transpose: variables of each constraint
  std::vector<double> effective_bound_bps_;
  std::vector<std::int32_t> bound_limit_;
  std::vector<std::int32_t> by_bound_level_;  // variables with a finite effective bound, by level
  // Unsaturated SHARED constraints with their positions: a binary min-heap by (level, index), or,
  // for a few constraints, an unordered list scanned for the lowest (a scan of up to
  // kLinearScanMaxConstraints costs less than keeping a heap ordered after every round).
  static constexpr std::int32_t kLinearScanMaxConstraints = 128;
  bool linear_scan_ = false;
  std::vector<double> level_;
  std::vector<std::int32_t> heap_, heap_pos_;
};

/// A binary min-heap of ids 0, 1, ... by (key, id), where an id's key can move in place.
class IndexedMinHeap {
 public:
  using Id = std::int32_t;
  /// Makes room for ids below n (keeps the items).
  void grow(std::size_t n);
  void clear();
  bool empty() const { return items_.empty(); }
  bool contains(Id id) const { return id < static_cast<Id>(pos_.size()) && pos_[id] >= 0; }
  Id top() const { return items_.front(); }
  double top_key() const { return key_[items_.front()]; }
  /// Inserts `id` or moves it to `key`.
  void set(Id id, double key);
  void erase(Id id);

 private:
  bool lower(Id a, Id b) const { return key_[a] != key_[b] ? key_[a] < key_[b] : a < b; }
  void up(std::size_t i);
  void down(std::size_t i);
  std::vector<Id> items_;
  std::vector<std::int32_t> pos_;
  std::vector<double> key_;
};

/// Weighted max-min over SHARED constraints, re-solved only where something changed (see the
/// top of this header). Reusable; ids of removed groups and variables are reused.
class IncrementalMaxMin {
 public:
  using Id = std::int32_t;
  static constexpr Id kNone = -1;
  /// Variables per block of a group's bound order (blocks hold kBlock .. 2 * kBlock, roughly).
  static constexpr std::size_t kBlock = 64;

  /// Adds a SHARED constraint; capacity_bps >= 0 and finite.
  Id add_constraint(double capacity_bps);
  void set_capacity(Id c, double capacity_bps);
  double capacity_bps(Id c) const { return constraints_[c].capacity_bps; }
  /// Adds a group crossing `constraints` (known, each once; may be empty).
  Id add_group(std::span<const Id> constraints);
  /// Removes a group that has no variable left.
  void remove_group(Id g);
  /// Adds `count` > 0 flows of weight > 0 and bound >= 0 (kUnbounded for none; finite when the
  /// group crosses no constraint) to group g.
  Id add_variable(Id g, double weight, double count, double bound_bps);
  void set_count(Id v, double count);
  void set_bound(Id v, double bound_bps);
  void remove_variable(Id v);

  /// Re-solves every component that holds a change since the last solve.
  void solve();

  /// The rate per weight of the group's variables not at their bound; kUnbounded if none.
  double level(Id g) const { return groups_[g].level; }
  /// The constraint that saturated at level(g), or kNone.
  Id limit(Id g) const { return groups_[g].limit; }
  Id group(Id v) const { return vars_[v].group; }
  double bound_level(Id v) const { return vars_[v].level; }
  /// Whether v runs at its bound (else at weight * level(group)).
  bool at_bound(Id v) const { return vars_[v].level < groups_[vars_[v].group].level; }
  double rate_bps(Id v) const {
    const Var& x = vars_[v];
    return at_bound(v) ? x.bound_bps : x.weight * groups_[x.group].level;
  }

  /// A group of the last solve's components, with its level and limit before that solve.
  /// same_split: the group's variables at their bound are the ones that were before (none
  /// joined, left or moved, and as many lie under the new level as under the old one), so no
  /// variable has a bound level between the two and variables_between() would find none.
  struct Solved {
    Id group;
    double old_level;
    Id old_limit;
    bool same_split;
  };
  std::span<const Solved> solved_groups() const { return solved_; }
  /// Appends to `out` the variables of g with lo <= bound level < hi, in bound order.
  void variables_between(Id g, double lo, double hi, std::vector<Id>& out) const;
  /// Components solved so far, and the groups they held.
  std::uint64_t components_solved() const { return components_solved_; }
  std::uint64_t groups_solved() const { return groups_solved_; }

 private:
  struct Entry {
    double level;
    Id v;
  };
  struct Block {
    std::vector<Entry> entries;   // by (level, v)
    double sum_e = 0, sum_w = 0;  // of count * bound and count * weight
  };
  struct Constraint {
    double capacity_bps = 0;
    std::vector<Id> groups;
    bool dirty = false;
    // The bounds of its variables (maxmin_slack.cpp): their sum over the finite ones, a bound on
    // that sum's round-off, how many have none, and how many variables cross it in all.
    double bound_sum = 0, bound_err = 0;
    std::int64_t unbounded = 0, variables = 0;
    bool solved_slack = true;  // whether it was slack when its groups were last solved
    // Solve state.
    double remaining_bps = 0, weight = 0, level = 0;
    std::int64_t unfixed = 0;
    bool saturated = false, touched = false;
  };
  struct Group {
    std::vector<Id> constraints;
    // The variables under the level after the last solve, and whether any variable joined, left
    // or moved in the bound order since (until then total_w and first_level below stand).
    std::int64_t at_bound = 0;
    bool reordered = true;
    double first_level = kUnbounded;  // the lowest bound level
    std::vector<std::uint32_t> pos;   // index in each constraint's `groups`
    std::vector<Block> blocks;
    std::int64_t size = 0;
    double level = kUnbounded;
    Id limit = kNone;
    bool alive = false, dirty = false;
    // Solve state: a cursor over the blocks, and what lies before it.
    std::size_t block = 0, index = 0;
    std::int64_t fixed_count = 0;
    double fixed_w = 0, total_w = 0;
    bool fixed = false;
  };
  struct Var {
    Id group = kNone;
    double weight = 1, count = 1, bound_bps = kUnbounded, level = kUnbounded;
    bool alive = false;
  };
  // Edits mark what they touch (maxmin_incremental.cpp).
  void mark_group(Id g);
  void mark_constraint(Id c);
  // Slack constraints (maxmin_slack.cpp): a variable's bound counted on its group's constraints,
  // whether a constraint can never saturate, and whether it joins its groups in a component.
  void count_bounds(const Var& x, double count_delta, std::int64_t var_delta);
  bool slack(const Constraint& c) const;
  bool couples(const Constraint& c) const { return !slack(c) || !c.solved_slack; }
  // A group's bound order (maxmin_bound_order.cpp).
  void insert_entry(Id v);
  void erase_entry(Id v);
  void resum(Block& b) const;
  std::size_t find_block(const Group& g, double level, Id v) const;
  // Progressive filling over one component (maxmin_fill.cpp).
  double next_level(const Group& g) const;
  void batch(Id g, double below);
  void touch(Id c);
  void flush_touched();
  void push_group(Id g);
  void saturate(Id c, double level);
  void solve_found();
  // The components a change reaches, and the cached last one (maxmin_component.cpp).
  void solve_component(Id seed_group, Id seed_constraint);
  void find_component(Id seed_group, Id seed_constraint);

  std::vector<Constraint> constraints_;
  std::vector<Group> groups_;
  std::vector<Var> vars_;
  std::vector<Id> free_groups_, free_vars_;
  std::vector<Id> dirty_groups_, dirty_constraints_;
  std::vector<Solved> solved_;
  std::uint64_t visit_ = 0, components_solved_ = 0, groups_solved_ = 0;
  std::vector<std::uint64_t> group_visit_, constraint_visit_;  // component search generation
  // The last component solved, kept while it is one component or a few of them: a group whose
  // constraints all lie in it joins it; a removal keeps it while every group left crosses the
  // hub (a constraint that all its groups cross), and otherwise until a quarter of its groups
  // have gone (comp_removed_), as what is left may have fallen apart: solving several components
  // as one gives each the answer it would get alone, and costs less than searching again after
  // every departure while they still hang together. A group that reaches outside, a constraint
  // that turns slack or stops being slack, and a component that a slack constraint joined one
  // last time drop it. A member's stamp equals cache_gen_; comp_listed_ says a group is in
  // comp_groups_.
  void cache_component();
  void cache_group_added(Id g, std::span<const Id> constraints);
  void cache_group_removed(Id g);
  bool comp_cached_ = false, comp_has_dead_ = false;
  Id hub_ = kNone;
  std::size_t comp_removed_ = 0;
  std::uint64_t cache_gen_ = 0;
  std::vector<std::uint64_t> group_stamp_, constraint_stamp_;
  std::vector<char> comp_listed_;
  // Scratch reused between solves: a component's groups, the constraints that join them, and
  // its leaves (slack constraints its groups cross, which join nothing; each listed once per
  // component by its stamp in leaf_stamp_).
  std::vector<Id> comp_groups_, comp_constraints_, comp_leaves_;
  std::uint64_t leaf_gen_ = 0;
  std::vector<std::uint64_t> leaf_stamp_;
  IndexedMinHeap constraint_heap_;
  std::vector<Id> touched_;
  std::int64_t open_groups_ = 0;    // groups neither fixed nor through their variables
  bool clamped_ = false;            // a saturation level was raised to the last level (round-off)
  std::vector<Entry> group_order_;  // groups by next bound level (a std heap, stale skipped)
};

}  // namespace stowage::sim
