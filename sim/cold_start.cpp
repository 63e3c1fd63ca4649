#include "sim/cold_start.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "sim/arrivals.hpp"
#include "sim/check.hpp"
#include "sim/engine.hpp"
#include "sim/fill_waits.hpp"
#include "sim/flow_network.hpp"
#include "sim/load_plan.hpp"
#include "sim/loader.hpp"
#include "sim/rate_sampler.hpp"
#include "sim/rng.hpp"
#include "sim/run_summary.hpp"
#include "sim/storage/registry.hpp"
#include "sim/update.hpp"
#include "sim/vpc_attach.hpp"

namespace stowage::sim {
namespace {

constexpr FlowId kNoFlow = ~FlowId{0};
constexpr EventId kNoEvent = ~EventId{0};
constexpr std::string_view kNicName = "instance NIC";
constexpr std::string_view kFuseName = "FUSE client CPU";
constexpr std::string_view kPageCacheName = "page cache";
constexpr std::string_view kBlockName = "instance block bandwidth";
constexpr std::string_view kMemoryName = "host memory bandwidth";

/// One load in flight: where it is in its plan (ColdStartRun::plans_). What it recorded is
/// apart (ColdStartRun::results_, limits_), so that the records are handed over whole at the end.
struct LoadState {
  std::size_t stage = 0;
  std::size_t file = 0;        // file being read in the current pass
  FlowId flow = kNoFlow;       // the read in flight
  EventId pending = kNoEvent;  // the delay in progress
  EventId timeout = kNoEvent;
  bool finished = false;
  double load_pass_start_s = 0;
  std::uint32_t bound_label = 0;  // what "own bound" means for the read in flight (a label id)
  // The flow in flight: its bytes, where they are counted (an index into the run's backends)
  // and whether the page cache served it. Kept here, not in the flow's callback, so that the
  // callback needs no allocation of its own: a million loads run two million flows.
  Bytes flow_size;
  std::uint32_t backend = 0;
  bool billed = false;
  bool hit = false;
};

/// An instance's own constraints, made when its first load needs them.
struct InstanceState {
  InstanceLinks links;
  bool created = false;
};

/// The lifecycle of every load through the engine: stages run in order; reads are flows.
class ColdStartRun {
 public:
  explicit ColdStartRun(const ColdStartInputs& in)
      : in_(in),
        w_(*in.workload),
        seed_(in.seed.value_or(w_.seed)),
        net_(engine_),
        setup_(storage_setup(in)),
        loader_(effective_loader(w_, in.loader)) {
    setup_.streams = loader_.streams;
    setup_.pinned_staging = loader_.staging != LoaderProfile::Staging::kPageable;
    storage_ = make_storage_model(setup_);
    // Weights in host memory reach the GPU over the host link whatever the loader: a GPU-direct
    // loader's read of them is a pinned host-to-device copy.
    if (storage_->in_host_memory() && loader_.staging == LoaderProfile::Staging::kDirect) {
      loader_.staging = LoaderProfile::Staging::kPinned;
    }
    storage_->add_shared_constraints(net_);
    shared_constraints_ = net_.constraint_count();
    timeout_s_ = (w_.timeout ? *w_.timeout : in.platform->start_timeout).value();
    vcpu_ = w_.instance.vcpu.value_or(in.platform->vcpu);
    const Bytes memory = w_.instance.memory.value_or(in.platform->memory);
    page_cache_ = storage_->page_cache() && loader_.page_cache && w_.model.total_size() <= memory;
    if (storage_->page_cache() && loader_.page_cache && !page_cache_) {
      notes_.push_back(fmt::format(
          "no page cache: the model ({}) is larger than the instance's memory ({})",
          w_.model.total_size(), memory));
    }
    const StorageProfile& sp = *in.storage;
    if (sp.fuse && sp.fuse->threads && sp.throughput.per_connection &&
        *sp.fuse->threads != loader_.streams) {
      notes_.push_back(fmt::format(
          "{} reads through its FUSE client's {} connections; the loader's streams ({}) do not "
          "change that",
          sp.info.name, *sp.fuse->threads, loader_.streams));
    }
    const bool pinned = loader_.staging != LoaderProfile::Staging::kPageable;
    copy_ = pinned ? in.gpu->h2d_pinned : in.gpu->h2d_pageable;
    copy_label_ = pinned ? "GPU copy (pinned)" : "GPU copy (pageable)";
    ceiling_label_ = loader_.name + " per-stream ceiling";
    copy_times_ = copy_times(w_.model, loader_, copy_);
    update_ = update_timeline(setup_);
    if (w_.model.update_at) {
      available_s_ = w_.model.update_at->value() + update_.available_s;
      prepared_s_ = w_.model.update_at->value() + update_.ready_s;
    }
    if (in.storage->cold_start.vpc && in.platform->vpc) vpc_.emplace(*in.platform->vpc);
    STOWAGE_CHECK(!page_cache_ || in.platform->page_cache_read.value() > 0,
                  "a page cache needs a positive read rate");
  }

  RunRecord run() {
    // Arrivals draw from one stream (seed), delays from another (seed + 1): splitmix64 seeding
    // makes neighbouring seeds independent, so arrival gaps and drawn delays do not correlate.
    Rng arrivals_rng(seed_);
    Rng delays_rng(seed_ + 1);
    std::vector<LoadRequest> requests = expand_arrivals(w_.arrivals, arrivals_rng);
    PlanInputs plan_in{&w_, in_.platform, vpc_.has_value(), storage_->attach_phases(),
                       kind_spec(in_.storage->kind).in_image, available_s_, loader_.passes};
    plans_ = plan_loads(plan_in, requests, delays_rng);
    // Requests come in time order, so begins, timeouts and deliveries each come in time order:
    // each has its own lane (sim/engine.hpp), and the engine's heap holds only the other delays.
    begin_lane_ = engine_.add_lane([this](std::uint64_t k) { begin(k); });
    timeout_lane_ = engine_.add_lane([this](std::uint64_t k) { fail(k); });
    const auto delay_done = [this](std::uint64_t k) {
      loads_[k].pending = kNoEvent;
      next_stage(k);
    };
    delivery_lane_ = engine_.add_lane(delay_done);
    delay_lane_ = engine_.add_lane(delay_done);
    copy_lane_ = engine_.add_lane([this](std::uint64_t k) {
      loads_[k].pending = kNoEvent;
      after_copy(k);
    });
    loads_.resize(requests.size());
    results_.resize(requests.size());
    limits_.resize(requests.size());
    // Every read is a flow: room for them all up front, so the flow table never moves.
    net_.reserve(requests.size() * w_.model.files.size() * loader_.passes.size());
    // Instance ids are 0, 1, ... (sim/arrivals.hpp): the instance table is indexed by them.
    std::int64_t instances = 0;
    for (const LoadRequest& q : requests) instances = std::max(instances, q.instance + 1);
    instances_.resize(static_cast<std::size_t>(instances));
    if (page_cache_) cached_.assign(instances_.size() * w_.model.files.size(), false);
    for (std::size_t k = 0; k < requests.size(); ++k) {
      LoadState& L = loads_[k];
      LoadResult& r = result(k);
      // A phase a stage at most, and init after the copy.
      r.phases.reserve(plans_.stages(k).size() + (w_.model.init ? 1 : 0));
      const LoadRequest& q = requests[k];
      r.instance = q.instance;
      r.is_switch = q.is_switch;
      r.round = q.round;
      r.arrive = q.at;
      engine_.schedule(begin_lane_, q.at, k);
      L.timeout = engine_.schedule(timeout_lane_, q.at + Seconds(timeout_s_), k);
    }
    std::vector<LoadRequest>().swap(requests);  // copied into the loads' records
    if (w_.model.update_at && in_.choice.warm) {
      engine_.schedule(Seconds(prepared_s_), [this] { storage_->warmed(); });
    }
    sampler_ = std::make_unique<RateSampler>(engine_, net_, shared_constraints_,
                                             in_.sample_step.value(),
                                             [this] { return in_flight_ > 0; });
    engine_.run();
    return finish();
  }

 private:
  /// The instance of load `k`, its constraints made on first use (so constraint ids follow the
  /// order in which instances first read).
  InstanceState& instance(std::size_t k) {
    InstanceState& inst = instances_[static_cast<std::size_t>(result(k).instance)];
    if (!inst.created) {
      inst.created = true;
      inst.links.nic =
          net_.add_constraint({std::string(kNicName), in_.platform->instance_bandwidth});
      if (storage_->uses_fuse()) {
        inst.links.fuse_cpu =
            net_.add_constraint({std::string(kFuseName), storage_->fuse_capacity(vcpu_)});
      }
      if (kind_spec(in_.storage->kind).block_link && in_.platform->block_bandwidth) {
        inst.links.block = net_.add_constraint(
            {std::string(kBlockName), *in_.platform->block_bandwidth});
      }
      if (in_.platform->host_memory_bandwidth) {
        inst.links.memory = net_.add_constraint(
            {std::string(kMemoryName), *in_.platform->host_memory_bandwidth});
      }
    }
    return inst;
  }

  /// Whether model file `file` is in the page cache of load `k`'s instance (with a page cache).
  std::vector<bool>::reference cached(std::size_t k, std::size_t file) {
    return cached_[static_cast<std::size_t>(result(k).instance) * w_.model.files.size() + file];
  }

  LoadResult& result(std::size_t k) { return results_[k]; }

  void begin(std::size_t k) {
    if (in_flight_++ == 0 && vpc_) vpc_->busy(engine_.now().value());
    sampler_->load_began();
    next_stage(k);
  }

  void next_stage(std::size_t k) {
    LoadState& L = loads_[k];
    if (L.finished) return;
    const std::vector<Stage>& stages = plans_.stages(k);
    if (L.stage == stages.size()) return ready(k);
    const Stage& s = stages[L.stage++];
    const double now_s = engine_.now().value();
    switch (s.kind) {
      case Stage::Kind::kDelay:
        return delay(k, s.phase, plans_.delay_s(k, s));
      case Stage::Kind::kWaitUntil:
        return delay(k, s.phase, std::max(0.0, s.until_s - now_s));
      case Stage::Kind::kVpcAttach:
        return delay(k, s.phase, vpc_->attach(now_s));
      case Stage::Kind::kImagePull:
        // Before preprocessing is done the instance fetches the whole image first.
        if (now_s >= prepared_s_) return next_stage(k);
        return start_image_pull(k);
      case Stage::Kind::kReadPass:
        if (s.phase == Phase::kReadLoad) L.load_pass_start_s = now_s;
        result(k).phases.push_back({s.phase, Seconds(now_s), Seconds(now_s)});
        L.file = 0;
        return start_read(k);
      case Stage::Kind::kCopy:
        return start_copy(k);
    }
  }

  // A delay phase of `delay_s`; waits that do not happen (no queue, nothing to wait for) are
  // left out of the load's phases.
  void delay(std::size_t k, Phase phase, double delay_s) {
    const bool optional_wait = phase == Phase::kDelivery || phase == Phase::kUpdateWait;
    if (delay_s <= 0.0 && optional_wait) return next_stage(k);
    const double now_s = engine_.now().value();
    result(k).phases.push_back({phase, Seconds(now_s), Seconds(now_s + delay_s)});
    loads_[k].pending = engine_.schedule(phase == Phase::kDelivery ? delivery_lane_ : delay_lane_,
                                         Seconds(now_s + delay_s), k);
  }

  // The whole image over the instance's NIC (and the image cache) at the unaccelerated pull
  // rate (sim/storage/image.cpp). Its layers land on the instance's disk through the page
  // cache, so with a page cache every model file is then cached (and read at memory speed);
  // without one, the reads that follow take the image's usual route, which counts the model's
  // bytes twice (pessimistic).
  void start_image_pull(std::size_t k) {
    LoadState& L = loads_[k];
    InstanceState& inst = instance(k);
    const double now_s = engine_.now().value();
    result(k).phases.push_back({Phase::kImagePull, Seconds(now_s), Seconds(now_s)});
    ReadRoute route = storage_->full_pull(inst.links);
    set_flow(L, w_.model.total_size(), route, false);
    L.flow = net_.start_flow({L.flow_size, std::move(route.via), route.bound, 1.0}, [this, k] {
      flow_done(k);
      if (page_cache_) {
        for (std::size_t f = 0; f < w_.model.files.size(); ++f) cached(k, f) = true;
      }
      next_stage(k);
    });
  }

  void start_read(std::size_t k) {
    LoadState& L = loads_[k];
    InstanceState& inst = instance(k);
    const bool hit = page_cache_ && cached(k, L.file);
    ReadRoute route;
    if (hit) {
      route = {{},
               in_.platform->page_cache_read * static_cast<double>(loader_.streams),
               kPageCacheName,
               kPageCacheName};
      if (inst.links.memory) route.via.push_back(*inst.links.memory);
    } else if (storage_->fill_in_flight(L.file)) {
      return fill_waits_.wait(L.file, k, engine_.now().value());  // another load's fill
    } else {
      route = storage_->route(L.file, inst.links);
    }
    if (const auto ceiling = loader_.ceiling(); ceiling && *ceiling < route.bound) {
      route.bound = *ceiling;
      route.bound_label = ceiling_label_;
    }
    set_flow(L, w_.model.files[L.file].size, route, hit);
    L.flow = net_.start_flow({L.flow_size, std::move(route.via), route.bound, 1.0}, [this, k] {
      flow_done(k);
      read_done(k);
    });
  }

  void set_flow(LoadState& L, Bytes size, const ReadRoute& route, bool hit) {
    L.flow_size = size;
    L.billed = route.billed;
    L.hit = hit;
    L.bound_label = intern(labels_, route.bound_label);
    L.backend = intern(backends_, route.backend);
    backend_bytes_.resize(backends_.size());
  }

  /// The index of `name` in `table`, added at the end when new: a run names few limits and
  /// backends, and a million loads keep small ids instead of strings.
  static std::uint32_t intern(std::vector<std::string>& table, std::string_view name) {
    const auto at = static_cast<std::size_t>(std::find(table.begin(), table.end(), name) -
                                             table.begin());
    if (at == table.size()) table.emplace_back(name);
    return static_cast<std::uint32_t>(at);
  }

  /// The limits that held load `k` back, with room for one a read pass and the copy's once the
  /// first is added (one allocation a load; none while its first read is in flight).
  LimitTimes& limits_of(std::size_t k) {
    LimitTimes& limits = limits_[k];
    if (limits.capacity() == 0) limits.reserve(loader_.passes.size() + 1);
    return limits;
  }

  /// Adds the time each limit held the load's flow in flight to the load's record.
  void account_limits(std::size_t k) {
    LoadState& L = loads_[k];
    LimitTimes& limits = limits_of(k);
    for (const BottleneckInterval& iv : net_.intervals(L.flow)) {
      std::uint32_t label = L.bound_label;
      if (iv.kind == LimitKind::kCapacity) {
        label = intern(labels_, net_.constraint(iv.constraint).name);
      } else if (iv.kind == LimitKind::kConcurrency) {
        label = intern(labels_, net_.constraint(iv.constraint).name + " (concurrency)");
      }
      const double t_s = (iv.end - iv.start).value();
      auto it = std::find_if(limits.begin(), limits.end(),
                             [&](const auto& e) { return e.first == label; });
      if (it == limits.end()) {
        limits.emplace_back(label, t_s);
      } else {
        it->second += t_s;
      }
    }
  }

  /// A flow of the load moved every byte: its limits, bytes served, the phase's end.
  void flow_done(std::size_t k) {
    LoadState& L = loads_[k];
    account_limits(k);
    net_.forget(L.flow);
    L.flow = kNoFlow;
    std::optional<double>& served = backend_bytes_[L.backend];
    served = served.value_or(0.0) + L.flow_size.value();
    if (L.billed) bytes_billed_ += L.flow_size.value();
    result(k).phases.back().end = engine_.now();
  }

  void read_done(std::size_t k) {
    LoadState& L = loads_[k];
    const std::size_t file = L.file;
    if (!L.hit) {
      storage_->read_completed(file);
      wake_fill_waiters(file);
      if (page_cache_) cached(k, file) = true;
    }
    if (++L.file < w_.model.files.size()) return start_read(k);
    next_stage(k);
  }

  /// The fill of `file` ended (done or cancelled): the loads waiting for it read again, in the
  /// order they began waiting; the fill held them back meanwhile.
  void wake_fill_waiters(std::size_t file) {
    for (const auto& [w, waited_s] : fill_waits_.release(file, engine_.now().value())) {
      held_by_fill(w, waited_s);
      if (!loads_[w].finished) start_read(w);
    }
  }

  void held_by_fill(std::size_t k, double waited_s) {
    limits_of(k).emplace_back(
        intern(labels_, storage_->name() + " fill by another load"), waited_s);
  }

  void start_copy(std::size_t k) {
    LoadState& L = loads_[k];
    const double now_s = engine_.now().value();
    const double total_s = copy_times_.total_s, one_call_s = copy_times_.last_call_s;
    const bool overlap = loader_.overlap;
    const double start_s = overlap ? L.load_pass_start_s : now_s;
    const double end_s =
        overlap ? std::max(now_s + one_call_s, start_s + total_s) : now_s + total_s;
    result(k).phases.push_back({Phase::kH2d, Seconds(start_s), Seconds(end_s)});
    // What the copy adds beyond the reads holds the load back like any other limit.
    const double held_s = overlap ? end_s - now_s - one_call_s : end_s - now_s;
    if (held_s > 0) limits_of(k).emplace_back(intern(labels_, copy_label_), held_s);
    L.pending = engine_.schedule(copy_lane_, Seconds(end_s), k);
  }

  void after_copy(std::size_t k) {
    // The copy is the plan's last stage: after the init delay, next_stage finds the load ready.
    if (w_.model.init) return delay(k, Phase::kInit, plans_.loads[k].init_s);
    ready(k);
  }

  void ready(std::size_t k) {
    LoadState& L = loads_[k];
    L.finished = true;
    result(k).ready = engine_.now();
    engine_.cancel(L.timeout);
    load_ended();
  }

  /// A load in progress became ready or failed.
  void load_ended() {
    if (--in_flight_ == 0 && vpc_) vpc_->idle(engine_.now().value());
  }

  void fail(std::size_t k) {
    LoadState& L = loads_[k];
    if (L.finished) return;
    L.finished = true;
    if (L.flow != kNoFlow) {
      net_.cancel(L.flow);
      account_limits(k);
      net_.forget(L.flow);
      L.flow = kNoFlow;
      result(k).phases.back().end = engine_.now();
      if (!L.hit) {  // a read of the storage (or an image pull, which no one waits for)
        storage_->read_cancelled(L.file);
        wake_fill_waiters(L.file);
      }
    }
    if (const auto waited_s = fill_waits_.drop(k, engine_.now().value())) {
      held_by_fill(k, *waited_s);
      result(k).phases.back().end = engine_.now();
    }
    if (L.pending != kNoEvent) {
      engine_.cancel(L.pending);
      result(k).phases.back().end = engine_.now();
    }
    if (L.stage > 0) load_ended();  // it began
  }

  RunRecord finish() {
    RunRecord run;
    run.workload = w_.name;
    run.storage = storage_->name();
    run.timeout = Seconds(timeout_s_);
    run.events = engine_.events_processed();
    run.update = update_;
    run.loader = loader_.name;
    run.notes = notes_;
    run.limit_labels = labels_;
    run.loads = std::move(results_);
    run.limit_time_s = std::move(limits_);
    for (std::size_t b = 0; b < backends_.size(); ++b) {
      if (backend_bytes_[b]) run.bytes_by_backend[backends_[b]] = *backend_bytes_[b];
    }
    run.bytes_billed = bytes_billed_;
    for (ConstraintId c = 0; c < shared_constraints_; ++c) {
      run.shared_names.push_back(net_.constraint(c).name);
    }
    run.samples = sampler_->take();
    return run;
  }

  const ColdStartInputs& in_;
  const Workload& w_;
  std::uint64_t seed_;
  Engine engine_;
  FlowNetwork net_;
  StorageSetup setup_;
  EffectiveLoader loader_;
  std::vector<std::string> notes_;
  std::string copy_label_;
  std::string ceiling_label_;  // the loader's per-stream ceiling, as a limit's name
  std::unique_ptr<StorageModel> storage_;
  std::unique_ptr<RateSampler> sampler_;
  // The engine's lanes: a load's begin, timeout, delivery, other delays, end of its copy.
  LaneId begin_lane_ = 0, timeout_lane_ = 0, delivery_lane_ = 0, delay_lane_ = 0, copy_lane_ = 0;
  ConstraintId shared_constraints_ = 0;  // constraints [0, this) are shared ones
  double timeout_s_ = 0;
  double vcpu_ = 0;
  bool page_cache_ = false;
  UpdateTimeline update_;  // the storage's update pipeline, reported and played with update_at
  // With an update: when the new version can be read, and when an image is prepared (before
  // that, image starts pull unaccelerated). -infinity without an update.
  double available_s_ = -kNeverS;
  double prepared_s_ = -kNeverS;
  CopyCost copy_;
  CopyTimes copy_times_;  // the same for every load of the run
  std::optional<VpcAttachment> vpc_;  // the function's VPC attachment, when it needs one
  LoadPlans plans_;  // every load's stages and drawn delays
  std::vector<LoadState> loads_;
  std::vector<LoadResult> results_;  // by load, parallel to loads_
  std::vector<LimitTimes> limits_;    // by load: the limits that held it back
  std::vector<InstanceState> instances_;  // by instance id
  // With a page cache: whether instance i holds model file f, at i x files + f.
  std::vector<bool> cached_;
  FillWaits fill_waits_;  // loads waiting for another load's fill of a file
  std::int64_t in_flight_ = 0;
  // Bytes each backend served, by first use; none until one of its flows completes.
  std::vector<std::string> backends_;
  std::vector<std::string> labels_;  // the limits loads were held by, by id
  std::vector<std::optional<double>> backend_bytes_;
  double bytes_billed_ = 0;
};

}  // namespace

StorageSetup storage_setup(const ColdStartInputs& in) {
  return StorageSetup{in.storage, in.choice, in.platform, in.backing, in.workload};
}

std::optional<std::string> infeasibility(const ColdStartInputs& in) {
  // The weights must fit in GPU memory: each GPU of the instance holds its share.
  const Workload& w = *in.workload;
  const double gpus = static_cast<double>(w.instance.gpus);
  const Bytes per_gpu = w.model.total_size() * (1.0 / gpus);
  if (per_gpu > in.gpu->memory) {
    return w.instance.gpus == 1
               ? fmt::format("the model ({}) does not fit in the memory of one {} ({})",
                             w.model.total_size(), in.gpu->info.name, in.gpu->memory)
               : fmt::format("the model ({}) split over {} GPUs is {} per GPU, more than a {} "
                             "holds ({})",
                             w.model.total_size(), w.instance.gpus, per_gpu, in.gpu->info.name,
                             in.gpu->memory);
  }
  return storage_infeasibility(storage_setup(in));
}

SimResult simulate_cold_starts(const ColdStartInputs& in) {
  STOWAGE_CHECK(!infeasibility(in).has_value(), "simulate_cold_starts on infeasible inputs");
  // The run (its network, events and plans) is gone before the summary is made: at a million
  // loads the two together would double the peak memory.
  RunRecord record = ColdStartRun(in).run();
  return summarize(std::move(record));
}

}  // namespace stowage::sim
