#include "sim/cold_start.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_map>

#include "sim/arrivals.hpp"
#include "sim/check.hpp"
#include "sim/engine.hpp"
#include "sim/flow_network.hpp"
#include "sim/rng.hpp"
#include "sim/storage/storage_model.hpp"
#include "sim/update.hpp"

namespace stowage::sim {
namespace {

constexpr FlowId kNoFlow = ~FlowId{0};
constexpr EventId kNoEvent = ~EventId{0};
constexpr std::string_view kNicName = "instance NIC";
constexpr std::string_view kFuseName = "FUSE client CPU";
constexpr std::string_view kPageCacheName = "page cache";
// Samples kept in a timeline before it is thinned (an algorithmic bound, not a figure).
constexpr std::size_t kMaxSamples = 2048;

// One step of a load after its request.
struct Stage {
  enum class Kind : std::uint8_t { kDelay, kWaitUntil, kImagePull, kReadPass, kCopy } kind;
  Phase phase;
  double delay_s = 0;  // for kDelay: how long; for kWaitUntil: until when
};

struct LoadState {
  LoadRequest request;
  LoadResult result;
  std::vector<Stage> stages;
  std::size_t stage = 0;
  std::size_t file = 0;        // file being read in the current pass
  FlowId flow = kNoFlow;       // the read in flight
  EventId pending = kNoEvent;  // the delay in progress
  EventId timeout = kNoEvent;
  bool finished = false;
  double load_pass_start_s = 0;
  std::string bound_label;  // what "own bound" means for the read in flight
  std::vector<std::pair<std::string, double>> limit_time_s;  // limit -> time it held the reads
};

struct InstanceState {
  InstanceLinks links;
  std::vector<bool> cached;  // per model file, in this instance's page cache
};

class ColdStartRun {
 public:
  explicit ColdStartRun(const ColdStartInputs& in)
      : in_(in), w_(*in.workload), net_(engine_), rng_(w_.seed + 1) {
    StorageSetup setup{in.storage, in.choice, in.platform, in.backing, in.workload};
    storage_ = make_storage_model(setup);
    storage_->add_shared_constraints(net_);
    shared_constraints_ = net_.constraint_count();
    timeout_s_ = (w_.timeout ? *w_.timeout : in.platform->start_timeout).value();
    vcpu_ = w_.instance.vcpu.value_or(in.platform->vcpu);
    const Bytes memory = w_.instance.memory.value_or(in.platform->memory);
    page_cache_ = storage_->page_cache() && w_.model.total_size() <= memory;
    copy_ = w_.loader.memory == LoaderSpec::HostMemory::kPinned ? in.gpu->h2d_pinned
                                                                : in.gpu->h2d_pageable;
    attach_ = storage_->attach_phases();
    update_ = update_timeline(in);
    if (w_.model.update_at) {
      available_s_ = w_.model.update_at->value() + update_.available_s;
      prepared_s_ = w_.model.update_at->value() + update_.ready_s;
    }
    image_ = in.storage->kind == StorageKind::kImage;
    STOWAGE_CHECK(!page_cache_ || in.platform->page_cache_read.value() > 0,
                  "a page cache needs a positive read rate");
  }

  SimResult run() {
    // Arrivals draw from one stream (seed), delays from another (seed + 1): splitmix64 seeding
    // makes neighbouring seeds independent, so arrival gaps and drawn delays do not correlate.
    Rng arrivals_rng(w_.seed);
    const std::vector<LoadRequest> requests = expand_arrivals(w_.arrivals, arrivals_rng);
    loads_.resize(requests.size());
    double last_delivery_s = -kNeverS;
    const double gap_s =
        in_.platform->delivery_per_minute ? 60.0 / *in_.platform->delivery_per_minute : 0.0;
    for (std::size_t k = 0; k < requests.size(); ++k) {
      LoadState& L = loads_[k];
      L.request = requests[k];
      L.result.instance = requests[k].instance;
      L.result.is_switch = requests[k].is_switch;
      L.result.round = requests[k].round;
      L.result.arrive = requests[k].at;
      const double arrive_s = requests[k].at.value();
      // An instance starts from an image only once the new image exists: it waits before
      // delivery. Other storages wait just before reading (sandbox and attach go on meanwhile).
      const bool wait_first = image_ && !requests[k].is_switch;
      const double after_wait_s = wait_first ? std::max(arrive_s, available_s_) : arrive_s;
      if (wait_first) {
        L.stages.push_back({Stage::Kind::kDelay, Phase::kUpdateWait, after_wait_s - arrive_s});
      }
      if (!requests[k].is_switch) {
        const double delivered_s = std::max(after_wait_s, last_delivery_s + gap_s);
        last_delivery_s = delivered_s;
        L.stages.push_back({Stage::Kind::kDelay, Phase::kDelivery, delivered_s - after_wait_s});
        if (image_) L.stages.push_back({Stage::Kind::kImagePull, Phase::kImagePull});
        L.stages.push_back(
            {Stage::Kind::kDelay, Phase::kSandbox, draw(in_.platform->sandbox_start)});
        for (const DelayPhase& p : attach_) {
          L.stages.push_back({Stage::Kind::kDelay, p.phase, draw(p.delay)});
        }
      }
      if (!wait_first && available_s_ > arrive_s) {
        L.stages.push_back({Stage::Kind::kWaitUntil, Phase::kUpdateWait, available_s_});
      }
      for (ReadPass pass : w_.model.read_passes) {
        L.stages.push_back({Stage::Kind::kReadPass,
                            pass == ReadPass::kHash ? Phase::kReadHash : Phase::kReadLoad});
      }
      L.stages.push_back({Stage::Kind::kCopy, Phase::kH2d});
      init_draws_.push_back(w_.model.init ? draw(*w_.model.init) : 0.0);
      engine_.schedule(requests[k].at, [this, k] { begin(k); });
      L.timeout = engine_.schedule(requests[k].at + Seconds(timeout_s_), [this, k] { fail(k); });
    }
    if (w_.model.update_at && in_.choice.warm) {
      engine_.schedule(Seconds(prepared_s_), [this] { storage_->warmed(); });
    }
    peak_bps_.assign(shared_constraints_, 0.0);
    sample_step_s_ = in_.sample_step.value();
    engine_.run();
    return finish();
  }

 private:
  double draw(const Distribution& d) { return d.sample(rng_.uniform()).value(); }

  InstanceState& instance(std::int64_t id) {
    auto [it, inserted] = instances_.try_emplace(id);
    if (inserted) {
      it->second.links.nic =
          net_.add_constraint({std::string(kNicName), in_.platform->instance_bandwidth});
      if (storage_->uses_fuse()) {
        it->second.links.fuse_cpu =
            net_.add_constraint({std::string(kFuseName), storage_->fuse_capacity(vcpu_)});
      }
      it->second.cached.assign(w_.model.files.size(), false);
    }
    return it->second;
  }

  void begin(std::size_t k) {
    ++in_flight_;
    if (!sampling_) schedule_sample(engine_.now().value());
    next_stage(k);
  }

  void next_stage(std::size_t k) {
    LoadState& L = loads_[k];
    if (L.finished) return;
    if (L.stage == L.stages.size()) return ready(k);
    const Stage& s = L.stages[L.stage++];
    const double now_s = engine_.now().value();
    switch (s.kind) {
      case Stage::Kind::kDelay:
        return delay(k, s.phase, s.delay_s);
      case Stage::Kind::kWaitUntil:
        return delay(k, s.phase, std::max(0.0, s.delay_s - now_s));
      case Stage::Kind::kImagePull:
        // Before preprocessing is done the instance fetches the whole image first.
        if (now_s >= prepared_s_) return next_stage(k);
        return start_image_pull(k);
      case Stage::Kind::kReadPass:
        if (s.phase == Phase::kReadLoad) L.load_pass_start_s = now_s;
        L.result.phases.push_back({s.phase, Seconds(now_s), Seconds(now_s)});
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
    LoadState& L = loads_[k];
    const double now_s = engine_.now().value();
    L.result.phases.push_back({phase, Seconds(now_s), Seconds(now_s + delay_s)});
    L.pending = engine_.schedule(Seconds(now_s + delay_s), [this, k] {
      loads_[k].pending = kNoEvent;
      next_stage(k);
    });
  }

  // The whole image over the instance's NIC (and the image cache) at the unaccelerated pull
  // rate (sim/storage/image.cpp). Its layers land on the instance's disk through the page
  // cache, so with a page cache every model file is then cached (and read at memory speed);
  // without one, the reads that follow take the image's usual route, which counts the model's
  // bytes twice (pessimistic).
  void start_image_pull(std::size_t k) {
    LoadState& L = loads_[k];
    InstanceState& inst = instance(L.request.instance);
    const double now_s = engine_.now().value();
    L.result.phases.push_back({Phase::kImagePull, Seconds(now_s), Seconds(now_s)});
    ReadRoute route = storage_->full_pull(inst.links);
    L.bound_label = route.bound_label;
    const std::string backend = route.backend;
    L.flow = net_.start_flow({w_.model.total_size(), std::move(route.via), route.bound, 1.0},
                             [this, k, backend] {
                               LoadState& L = loads_[k];
                               account_limits(k);
                               L.flow = kNoFlow;
                               bytes_by_backend_[backend] += w_.model.total_size().value();
                               if (page_cache_) {
                                 InstanceState& inst = instance(L.request.instance);
                                 std::fill(inst.cached.begin(), inst.cached.end(), true);
                               }
                               L.result.phases.back().end = engine_.now();
                               next_stage(k);
                             });
  }

  void start_read(std::size_t k) {
    LoadState& L = loads_[k];
    InstanceState& inst = instance(L.request.instance);
    const bool hit = page_cache_ && inst.cached[L.file];
    ReadRoute route;
    if (hit) {
      route = {{},
               in_.platform->page_cache_read,
               std::string(kPageCacheName),
               std::string(kPageCacheName)};
    } else {
      route = storage_->route(L.file, inst.links);
    }
    L.bound_label = route.bound_label;
    const std::size_t file = L.file;
    const std::string backend = route.backend;
    L.flow = net_.start_flow({w_.model.files[file].size, std::move(route.via), route.bound, 1.0},
                             [this, k, file, hit, backend] { read_done(k, file, hit, backend); });
  }

  void account_limits(std::size_t k) {
    LoadState& L = loads_[k];
    for (const BottleneckInterval& iv : net_.intervals(L.flow)) {
      std::string label;
      if (iv.kind == LimitKind::kOwnBound) {
        label = L.bound_label;
      } else {
        label = net_.constraint(iv.constraint).name;
        if (iv.kind == LimitKind::kConcurrency) label += " (concurrency)";
      }
      const double t_s = (iv.end - iv.start).value();
      auto it = std::find_if(L.limit_time_s.begin(), L.limit_time_s.end(),
                             [&](const auto& e) { return e.first == label; });
      if (it == L.limit_time_s.end()) {
        L.limit_time_s.emplace_back(label, t_s);
      } else {
        it->second += t_s;
      }
    }
  }

  void read_done(std::size_t k, std::size_t file, bool hit, const std::string& backend) {
    LoadState& L = loads_[k];
    account_limits(k);
    L.flow = kNoFlow;
    bytes_by_backend_[backend] += w_.model.files[file].size.value();
    if (!hit) {
      storage_->read_completed(file);
      if (page_cache_) instance(L.request.instance).cached[file] = true;
    }
    L.result.phases.back().end = engine_.now();
    if (++L.file < w_.model.files.size()) return start_read(k);
    next_stage(k);
  }

  void start_copy(std::size_t k) {
    LoadState& L = loads_[k];
    const double now_s = engine_.now().value();
    const double block = w_.model.io.block_size.value();
    double calls = 0;
    for (const ModelFile& f : w_.model.files) calls += std::ceil(f.size.value() / block);
    const double total_s =
        calls * copy_.alpha.value() + (w_.model.total_size() / copy_.beta).value();
    const double last_file = w_.model.files.back().size.value();
    const double one_call_s = copy_.time(Bytes(std::min(block, last_file))).value();
    const double start_s = w_.loader.overlap ? L.load_pass_start_s : now_s;
    const double end_s =
        w_.loader.overlap ? std::max(now_s + one_call_s, start_s + total_s) : now_s + total_s;
    L.result.phases.push_back({Phase::kH2d, Seconds(start_s), Seconds(end_s)});
    L.pending = engine_.schedule(Seconds(end_s), [this, k] {
      loads_[k].pending = kNoEvent;
      after_copy(k);
    });
  }

  void after_copy(std::size_t k) {
    LoadState& L = loads_[k];
    if (w_.model.init) {
      const double now_s = engine_.now().value();
      const double init_s = init_draws_[k];
      L.result.phases.push_back({Phase::kInit, Seconds(now_s), Seconds(now_s + init_s)});
      L.pending = engine_.schedule(Seconds(now_s + init_s), [this, k] {
        loads_[k].pending = kNoEvent;
        ready(k);
      });
      return;
    }
    ready(k);
  }

  void ready(std::size_t k) {
    LoadState& L = loads_[k];
    L.finished = true;
    L.result.ready = engine_.now();
    engine_.cancel(L.timeout);
    --in_flight_;
  }

  void fail(std::size_t k) {
    LoadState& L = loads_[k];
    if (L.finished) return;
    L.finished = true;
    if (L.flow != kNoFlow) {
      net_.cancel(L.flow);
      account_limits(k);
      L.flow = kNoFlow;
      L.result.phases.back().end = engine_.now();
    }
    if (L.pending != kNoEvent) {
      engine_.cancel(L.pending);
      L.result.phases.back().end = engine_.now();
    }
    if (L.stage > 0) --in_flight_;  // it began
  }

  // Samples the rate each shared constraint carries, every sample step while loads are in
  // flight; an idle stretch gets one all-zero sample and none after it until the next load
  // begins. A sample costs O(flow classes); past kMaxSamples the series keeps every other
  // sample and the step doubles, so a long busy stretch costs at most about 2 x kMaxSamples.
  void schedule_sample(double t_s) {
    sampling_ = true;
    engine_.schedule(Seconds(t_s), [this, t_s] {
      net_.resolve();
      std::vector<double> rates(shared_constraints_, 0.0);
      for (ConstraintId c = 0; c < shared_constraints_; ++c) rates[c] = net_.load(c).value();
      for (std::size_t c = 0; c < rates.size(); ++c)
        peak_bps_[c] = std::max(peak_bps_[c], rates[c]);
      sample_times_.push_back(t_s);
      samples_.push_back(std::move(rates));
      if (samples_.size() >= kMaxSamples) {
        std::size_t kept = 0;
        for (std::size_t i = 0; i < samples_.size(); i += 2, ++kept) {
          if (kept == i) continue;  // the first sample stays where it is
          sample_times_[kept] = sample_times_[i];
          samples_[kept] = std::move(samples_[i]);
        }
        sample_times_.resize(kept);
        samples_.resize(kept);
        sample_step_s_ *= 2;
      }
      if (in_flight_ > 0) {
        schedule_sample(t_s + sample_step_s_);
      } else {
        sampling_ = false;
      }
    });
  }

  SimResult finish() {
    SimResult r;
    r.workload = w_.name;
    r.storage = storage_->name();
    r.timeout = Seconds(timeout_s_);
    r.events = engine_.events_processed();
    r.sample_times_s = sample_times_;
    r.update = update_;
    for (ConstraintId c = 0; c < shared_constraints_; ++c) {
      ConstraintSeries series{net_.constraint(c).name, {}};
      for (const auto& sample : samples_) series.rate_bps.push_back(sample[c]);
      r.summary.peak_rate_bps[series.name] = peak_bps_[c];
      r.timeline.push_back(std::move(series));
    }
    std::vector<double> ttr;
    std::map<std::string, std::pair<double, std::int64_t>> phase_sum;
    for (LoadState& L : loads_) {
      if (!L.limit_time_s.empty()) {
        const auto best =
            std::max_element(L.limit_time_s.begin(), L.limit_time_s.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        L.result.bottleneck = best->first;
        for (const auto& [label, t_s] : L.limit_time_s) r.summary.bottleneck_time_s[label] += t_s;
      }
      ttr.push_back(L.result.time_to_ready_s());
      if (L.result.failed()) ++r.summary.failed;
      for (const PhaseTime& p : L.result.phases) {
        auto& [sum, n] = phase_sum[std::string(phase_name(p.phase))];
        sum += (p.end - p.start).value();
        ++n;
      }
      r.loads.push_back(std::move(L.result));
    }
    r.summary.loads = static_cast<std::int64_t>(r.loads.size());
    if (!ttr.empty()) {
      r.summary.p50_s = nearest_rank(ttr, 50);
      r.summary.p95_s = nearest_rank(ttr, 95);
      r.summary.p99_s = nearest_rank(ttr, 99);
      r.summary.max_s = nearest_rank(ttr, 100);
    }
    for (const auto& [name, sum_n] : phase_sum) {
      r.summary.mean_phase_s[name] = sum_n.first / static_cast<double>(sum_n.second);
    }
    r.summary.bytes_by_backend = bytes_by_backend_;
    double best_s = -1;
    for (const auto& [label, t_s] : r.summary.bottleneck_time_s) {
      if (t_s > best_s) {
        best_s = t_s;
        r.summary.bottleneck = label;
      }
    }
    return r;
  }

  const ColdStartInputs& in_;
  const Workload& w_;
  Engine engine_;
  FlowNetwork net_;
  Rng rng_;
  std::unique_ptr<StorageModel> storage_;
  ConstraintId shared_constraints_ = 0;  // constraints [0, this) are shared ones
  double timeout_s_ = 0;
  double vcpu_ = 0;
  bool page_cache_ = false;
  bool image_ = false;
  UpdateTimeline update_;  // the storage's update pipeline, reported and played with update_at
  // With an update: when the new version can be read, and when an image is prepared (before
  // that, image starts pull unaccelerated). -infinity without an update.
  double available_s_ = -kNeverS;
  double prepared_s_ = -kNeverS;
  CopyCost copy_;
  std::vector<DelayPhase> attach_;
  std::vector<LoadState> loads_;
  std::vector<double> init_draws_;
  std::unordered_map<std::int64_t, InstanceState> instances_;
  std::int64_t in_flight_ = 0;
  std::map<std::string, double> bytes_by_backend_;
  std::vector<double> sample_times_;
  std::vector<std::vector<double>> samples_;
  std::vector<double> peak_bps_;  // per shared constraint, over every sample taken
  double sample_step_s_ = 0;
  bool sampling_ = false;  // a sample is scheduled
};

}  // namespace

std::optional<std::string> infeasibility(const ColdStartInputs& in) {
  const Bytes model = in.workload->model.total_size();
  if (in.storage->kind == StorageKind::kImage) {
    const PlatformImage& img = in.platform->image;
    if (img.max_compressed && model > *img.max_compressed) {
      return fmt::format("the model ({}) does not fit in an image: {} allows at most {}", model,
                         in.platform->info.name, *img.max_compressed);
    }
  }
  if (in.choice.warm && in.storage->kind != StorageKind::kAccelerator) {
    return fmt::format("`warm` applies to an accelerator's cache; {} is a {} storage",
                       in.storage->info.name, storage_kind_name(in.storage->kind));
  }
  if (in.storage->kind == StorageKind::kAccelerator && in.backing == nullptr) {
    return fmt::format("{} needs the object store behind it", in.storage->info.name);
  }
  return std::nullopt;
}

SimResult simulate_cold_starts(const ColdStartInputs& in) {
  STOWAGE_CHECK(!infeasibility(in).has_value(), "simulate_cold_starts on infeasible inputs");
  return ColdStartRun(in).run();
}

}  // namespace stowage::sim
