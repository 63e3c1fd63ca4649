#include "sim/coldstart/run.hpp"

#include <algorithm>

#include "sim/check.hpp"
#include "sim/coldstart/arrivals.hpp"
#include "sim/rng.hpp"

namespace stowage::sim {

ColdStartRun::ColdStartRun(const ColdStartInputs& in)
    : in_(in),
      w_(*in.workload),
      seed_(in.seed.value_or(w_.seed)),
      net_(engine_),
      setup_(storage_setup(in)),
      loader_(effective_loader(w_, in.loader, in.storage->kind->read_by_loader_client())) {
  setup_.streams = loader_.streams;
  setup_.direct_staging = loader_.staging == LoaderProfile::Staging::kDirect;
  setup_.pool = loader_.pool && loader_.staging != LoaderProfile::Staging::kPageable;
  storage_ = in.storage->kind->make_run(setup_);
  instances_ = std::make_unique<InstanceTable>(net_, *in.platform, *storage_);
  loader_.staging = storage_->staging(loader_.staging);
  storage_->add_shared(net_);
  shared_constraints_ = net_.constraint_count();
  settings_ = run_settings(in, loader_, *storage_, setup_);
  if (in.storage->cold_start.vpc && in.platform->vpc) vpc_.emplace(*in.platform->vpc);
}

RunRecord ColdStartRun::run() {
  // Arrivals draw from one stream (seed), delays are keyed by load from another seed (seed + 1,
  // mixed by splitmix64): arrival gaps and drawn delays do not correlate.
  Rng arrivals_rng(seed_);
  std::vector<LoadRequest> requests = expand_arrivals(w_.arrivals, arrivals_rng);
  PlanInputs plan_in{&w_, in_.platform, vpc_.has_value(), storage_->pre_read_stages(),
                     settings_.available_s, loader_.passes};
  plans_ = plan_loads(plan_in, requests, seed_ + 1);
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
  // A limit a read pass at most, the copy's, and the loader's work's when it has some.
  ledger_ = std::make_unique<ReadLedger>(
      requests.size(), loader_.passes.size() + (settings_.loader_work_s > 0 ? 2 : 1));
  // Every read is a flow: room for them all up front, so the flow table never moves.
  net_.reserve(requests.size() * w_.model.files.size() * loader_.passes.size());
  // Instance ids are 0, 1, ... (sim/coldstart/arrivals.hpp).
  std::int64_t instances = 0;
  for (const LoadRequest& q : requests) instances = std::max(instances, q.instance + 1);
  instances_->reset(static_cast<std::size_t>(instances), w_.model.files.size(),
                    settings_.page_cache, w_.instance.hosts);
  for (std::size_t k = 0; k < requests.size(); ++k) {
    LoadResult& r = results_[k];
    // A phase a stage at most, and init after the copy.
    r.phases.reserve(plans_.stages(k).size() + (w_.model.init ? 1 : 0));
    const LoadRequest& q = requests[k];
    r.instance = q.instance;
    r.is_switch = q.is_switch;
    r.round = q.round;
    r.arrive = q.at;
    engine_.schedule(begin_lane_, q.at, k);
    loads_[k].timeout = engine_.schedule(timeout_lane_, q.at + Seconds(settings_.timeout_s), k);
  }
  std::vector<LoadRequest>().swap(requests);  // copied into the loads' records
  if (w_.model.update_at && in_.choice.warm) {
    engine_.schedule(Seconds(w_.model.update_at->value() + settings_.update.ready_s),
                     [this] { storage_->warmed(); });
  }
  sampler_ =
      std::make_unique<RateSampler>(engine_, net_, shared_constraints_, in_.sample_step.value(),
                                    [this] { return in_flight_ > 0; });
  engine_.run();
  return finish();
}

void ColdStartRun::begin(std::size_t k) {
  if (in_flight_++ == 0 && vpc_) vpc_->busy(engine_.now().value());
  sampler_->load_began();
  next_stage(k);
}

void ColdStartRun::next_stage(std::size_t k) {
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
    case Stage::Kind::kStorageRead:
      return storage_->stage_due(now_s) ? start_storage_read(k) : next_stage(k);
    case Stage::Kind::kReadPass:
      if (s.phase == Phase::kReadLoad) L.load_pass_start_s = now_s;
      results_[k].phases.push_back({s.phase, Seconds(now_s), Seconds(now_s)});
      L.file = 0;
      return start_read(k);
    case Stage::Kind::kCopy:
      return start_copy(k);
  }
}

// A delay phase of `delay_s`; waits that do not happen (no queue, nothing to wait for) are left
// out of the load's phases.
void ColdStartRun::delay(std::size_t k, Phase phase, double delay_s) {
  const bool optional_wait = phase == Phase::kDelivery || phase == Phase::kUpdateWait;
  if (delay_s <= 0.0 && optional_wait) return next_stage(k);
  const double now_s = engine_.now().value();
  results_[k].phases.push_back({phase, Seconds(now_s), Seconds(now_s + delay_s)});
  loads_[k].pending = engine_.schedule(phase == Phase::kDelivery ? delivery_lane_ : delay_lane_,
                                       Seconds(now_s + delay_s), k);
}

void ColdStartRun::start_storage_read(std::size_t k) {
  const std::int64_t instance = instance_of(k);
  StageRead read = storage_->stage_read(host_of(k), instances_->links(instance));
  const double now_s = engine_.now().value();
  results_[k].phases.push_back({read.phase, Seconds(now_s), Seconds(now_s)});
  loads_[k].storage_read = true;
  loads_[k].fills_cache = read.fills_page_cache;
  start_flow(k, read.size, std::move(read.route), false);
}

void ColdStartRun::start_read(std::size_t k) {
  LoadState& L = loads_[k];
  const std::int64_t instance = instance_of(k);
  const InstanceLinks& links = instances_->links(instance);
  const bool hit = instances_->cached(instance, L.file);
  ReadRoute route;
  if (hit) {
    route = {{},
             in_.platform->page_cache_read * static_cast<double>(loader_.streams),
             "page cache",
             "page cache"};
    if (links.memory) route.via.push_back(*links.memory);
  } else if (storage_->fill_in_flight(L.file, host_of(k))) {
    return fill_waits_.wait(L.file, k, engine_.now().value());  // another load's fill
  } else {
    route = storage_->route(L.file, host_of(k), links);
  }
  if (const auto ceiling = loader_.ceiling();
      ceiling && route.loader_reads && *ceiling < route.bound) {
    route.bound = *ceiling;
    route.bound_label = settings_.ceiling_label;
  }
  L.storage_read = false;
  start_flow(k, w_.model.files[L.file].size, std::move(route), hit);
}

void ColdStartRun::start_flow(std::size_t k, Bytes size, ReadRoute route, bool hit) {
  LoadState& L = loads_[k];
  L.flow_size = size;
  L.billed = route.billed;
  L.hit = hit;
  L.bound_label = ledger_->label(route.bound_label);
  L.backend = ledger_->backend(route.backend);
  L.flow = net_.start_flow({size, std::move(route.via), route.bound, 1.0}, [this, k] {
    flow_done(k);
    if (loads_[k].storage_read) return storage_read_done(k);
    read_done(k);
  });
}

/// A flow of the load moved every byte: its limits, bytes served, the phase's end.
void ColdStartRun::flow_done(std::size_t k) {
  LoadState& L = loads_[k];
  ledger_->account(k, net_.intervals(L.flow), L.bound_label, net_);
  net_.forget(L.flow);
  L.flow = kNoFlow;
  ledger_->served(L.backend, L.flow_size, L.billed);
  results_[k].phases.back().end = engine_.now();
}

void ColdStartRun::storage_read_done(std::size_t k) {
  storage_->stage_read_ended(host_of(k), true);
  if (loads_[k].fills_cache) instances_->cache_all(instance_of(k));
  next_stage(k);
}

void ColdStartRun::read_done(std::size_t k) {
  LoadState& L = loads_[k];
  const std::size_t file = L.file;
  if (!L.hit) {
    storage_->read_completed(file, host_of(k));
    wake_fill_waiters(file);
    instances_->cache(instance_of(k), file);
  }
  if (++L.file < w_.model.files.size()) return start_read(k);
  next_stage(k);
}

/// The fill of `file` ended (done or cancelled): the loads waiting for it read again, in the
/// order they began waiting; the fill held them back meanwhile.
void ColdStartRun::wake_fill_waiters(std::size_t file) {
  for (const auto& [w, waited_s] : fill_waits_.release(file, engine_.now().value())) {
    ledger_->held(w, ledger_->label(storage_->name() + " fill by another load"), waited_s);
    if (!loads_[w].finished) start_read(w);
  }
}

void ColdStartRun::start_copy(std::size_t k) {
  LoadState& L = loads_[k];
  const double now_s = engine_.now().value();
  const CopyTimes& copy = settings_.copy_times;
  const double work_s = settings_.loader_work_s;
  const bool overlap = loader_.overlap;
  const double start_s = overlap ? L.load_pass_start_s : now_s;
  const double copied_s = overlap ? std::max(now_s + copy.last_call_s, start_s + copy.total_s)
                                  : now_s + copy.total_s;
  results_[k].phases.push_back({Phase::kH2d, Seconds(start_s), Seconds(copied_s + work_s)});
  // What the copy and the loader's work after it add beyond the reads hold the load back.
  const double held_s = copied_s - now_s - (overlap ? copy.last_call_s : 0.0);
  if (held_s > 0) ledger_->held(k, ledger_->label(settings_.copy_label), held_s);
  if (work_s > 0) ledger_->held(k, ledger_->label(settings_.work_label), work_s);
  L.pending = engine_.schedule(copy_lane_, Seconds(copied_s + work_s), k);
}

void ColdStartRun::after_copy(std::size_t k) {
  // The copy is the plan's last stage: after the init delay, next_stage finds the load ready.
  if (w_.model.init) return delay(k, Phase::kInit, plans_.loads[k].init_s);
  ready(k);
}

void ColdStartRun::ready(std::size_t k) {
  LoadState& L = loads_[k];
  L.finished = true;
  results_[k].ready = engine_.now();
  engine_.cancel(L.timeout);
  load_ended();
}

/// A load in progress became ready or failed.
void ColdStartRun::load_ended() {
  if (--in_flight_ == 0 && vpc_) vpc_->idle(engine_.now().value());
}

void ColdStartRun::fail(std::size_t k) {
  LoadState& L = loads_[k];
  if (L.finished) return;
  L.finished = true;
  const double now_s = engine_.now().value();
  if (L.flow != kNoFlow) {
    net_.cancel(L.flow);
    ledger_->account(k, net_.intervals(L.flow), L.bound_label, net_);
    net_.forget(L.flow);
    L.flow = kNoFlow;
    results_[k].phases.back().end = engine_.now();
    // A read of the storage's model files (a storage's own read, such as an image pull, is
    // waited for by no one).
    if (L.storage_read) {
      storage_->stage_read_ended(host_of(k), false);
    } else if (!L.hit) {
      storage_->read_cancelled(L.file, host_of(k));
      wake_fill_waiters(L.file);
    }
  }
  if (const auto waited_s = fill_waits_.drop(k, now_s)) {
    ledger_->held(k, ledger_->label(storage_->name() + " fill by another load"), *waited_s);
    results_[k].phases.back().end = engine_.now();
  }
  if (L.pending != kNoEvent) {
    engine_.cancel(L.pending);
    results_[k].phases.back().end = engine_.now();
  }
  if (L.stage > 0) load_ended();  // it began
}

RunRecord ColdStartRun::finish() {
  RunRecord run;
  run.workload = w_.name;
  run.storage = storage_->name();
  run.timeout = Seconds(settings_.timeout_s);
  run.events = engine_.events_processed();
  run.update = settings_.update;
  run.loader = loader_.name;
  run.notes = settings_.notes;
  run.unbounded = storage_->unbounded();
  run.loads = std::move(results_);
  ledger_->hand_over(run);
  for (ConstraintId c = 0; c < shared_constraints_; ++c) {
    run.shared_names.push_back(net_.constraint(c).name);
  }
  run.samples = sampler_->take();
  return run;
}

}  // namespace stowage::sim
