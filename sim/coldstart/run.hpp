// ColdStartRun: the lifecycle of every load of one cold-start run through the engine.
//
// A generic loop (the model is in sim/coldstart/cold_start.hpp): each load runs the stages of
// its plan (load_plan.hpp) in order; a delay is an engine event, a read is a flow in the network
// along the route its storage gives (sim/storage/kind.hpp), the copy to the GPU is a delay that
// may overlap the load pass. It owns the engine, the network, the storage's run, the instances
// (instance_table.hpp), the ledger of what reads served and what held loads back
// (read_ledger.hpp) and each load's progress; it never asks which storage kind it runs: the
// storage's hooks say what differs. Begins, timeouts, deliveries, other delays and copy ends
// each have an engine lane (sim/engine.hpp). Deterministic: the same inputs give the same
// events in the same order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/coldstart/cold_start.hpp"
#include "sim/coldstart/fill_waits.hpp"
#include "sim/coldstart/instance_table.hpp"
#include "sim/coldstart/load_plan.hpp"
#include "sim/coldstart/loader.hpp"
#include "sim/coldstart/rate_sampler.hpp"
#include "sim/coldstart/read_ledger.hpp"
#include "sim/coldstart/run_settings.hpp"
#include "sim/coldstart/run_summary.hpp"
#include "sim/coldstart/vpc_attach.hpp"
#include "sim/engine.hpp"
#include "sim/flow_network.hpp"

namespace stowage::sim {

class ColdStartRun {
 public:
  /// A run of `in`, which must be feasible and outlive the run.
  explicit ColdStartRun(const ColdStartInputs& in);
  /// Runs every load to its end and hands over what it recorded.
  RunRecord run();

 private:
  static constexpr FlowId kNoFlow = ~FlowId{0};
  static constexpr EventId kNoEvent = ~EventId{0};

  /// One load in flight: where it is in its plan. What it recorded is apart (results_ and the
  /// ledger), so that the records are handed over whole at the end.
  struct LoadState {
    std::size_t stage = 0;
    std::size_t file = 0;        // file being read in the current pass
    FlowId flow = kNoFlow;       // the read in flight
    EventId pending = kNoEvent;  // the delay in progress
    EventId timeout = kNoEvent;
    bool finished = false;
    double load_pass_start_s = 0;
    // The read in flight: what its own bound is called, its bytes, the backend that serves it,
    // whether the storage bills it and whether the page cache served it. Kept here, not in the
    // flow's callback, so that the callback needs no allocation of its own: a million loads run
    // two million flows.
    std::uint32_t bound_label = 0;
    Bytes flow_size;
    std::uint32_t backend = 0;
    bool billed = false;
    bool hit = false;
    // The read in flight is the storage's own (StorageRun::stage_read), not a model file's;
    // with `fills_cache`, its bytes land in the instance's page cache.
    bool storage_read = false;
    bool fills_cache = false;
  };

  std::int64_t instance_of(std::size_t k) const { return results_[k].instance; }
  /// The host load k's instance runs on: what the storage's hooks key node-local state by.
  std::int64_t host_of(std::size_t k) const { return instances_->host(instance_of(k)); }
  void begin(std::size_t k);
  void next_stage(std::size_t k);
  void delay(std::size_t k, Phase phase, double delay_s);
  void start_storage_read(std::size_t k);
  void start_read(std::size_t k);
  void start_flow(std::size_t k, Bytes size, ReadRoute route, bool hit);
  void flow_done(std::size_t k);
  void storage_read_done(std::size_t k);
  void read_done(std::size_t k);
  void wake_fill_waiters(std::size_t file);
  void start_copy(std::size_t k);
  void after_copy(std::size_t k);
  void ready(std::size_t k);
  void load_ended();
  void fail(std::size_t k);
  RunRecord finish();

  const ColdStartInputs& in_;
  const Workload& w_;
  std::uint64_t seed_;
  Engine engine_;
  FlowNetwork net_;
  StorageSetup setup_;
  EffectiveLoader loader_;
  std::unique_ptr<StorageRun> storage_;
  std::unique_ptr<InstanceTable> instances_;  // made once the storage's run is
  std::unique_ptr<RateSampler> sampler_;
  std::unique_ptr<ReadLedger> ledger_;
  // The engine's lanes: a load's begin, timeout, delivery, other delays, end of its copy.
  LaneId begin_lane_ = 0, timeout_lane_ = 0, delivery_lane_ = 0, delay_lane_ = 0, copy_lane_ = 0;
  ConstraintId shared_constraints_ = 0;  // constraints [0, this) are shared ones
  RunSettings settings_;                 // what the run derived from its inputs
  std::optional<VpcAttachment> vpc_;     // the function's VPC attachment, when it needs one
  LoadPlans plans_;                      // every load's stages and drawn delays
  std::vector<LoadState> loads_;
  std::vector<LoadResult> results_;  // by load, parallel to loads_
  FillWaits fill_waits_;             // loads waiting for another load's fill of a file
  std::int64_t in_flight_ = 0;
};

}  // namespace stowage::sim
