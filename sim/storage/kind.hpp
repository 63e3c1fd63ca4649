// A storage kind and its part of a cold start: the one interface every kind implements.
//
// A kind (`kind:` in profiles/storage/*.yaml) is one file under sim/storage/ and one line in the
// registry (sim/storage/registry.cpp). It declares what the rest of stowage needs to know about
// it, and it makes, for each simulation, a StorageRun that owns its part of the cold start:
//   - StorageKind: its name; the profile sections it takes beyond the common ones (a FUSE client,
//     the bucket behind a cache); whether its cache can be warmed before the first start; what
//     makes it infeasible for a workload; how a new model version reaches it (sim/update.hpp);
//     what an update costs beyond the storage's prices (an image rebuild);
//   - StorageRun: the constraints every instance shares (a file system, an account cap); the
//     constraints each instance adds (a FUSE client's CPU, a block link); the stages before the
//     first read (where a load waits for a new version, a whole-image pull, a mount); the route
//     of each read of a file by an instance; its cache (a read done or cancelled, a fill in
//     flight, a warm-up); the staging the loader's copy takes with it (a GPU-direct read of
//     host memory is a pinned copy); notes for the result.
// A kind implements only what it needs; the defaults are "nothing". The cold start
// (sim/coldstart/) calls these hooks and never asks which kind it runs. Routes and limits shared
// by several kinds are in sim/storage/routes.hpp.
// Units: bytes, seconds, bytes per second. Determinism: a run holds no randomness; its state
// changes only through the hooks, in event order. Kinds are immutable, made once.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/flow_network.hpp"
#include "sim/phase.hpp"
#include "sim/profile.hpp"
#include "sim/result.hpp"
#include "sim/workload.hpp"

namespace stowage::sim {

/// Everything a storage run is built from.
struct StorageSetup {
  const StorageProfile* profile = nullptr;    // required
  StorageChoice choice;                       // sizing from the workload
  const PlatformProfile* platform = nullptr;  // required
  /// The object store behind a cache (its misses read from it); null for other kinds.
  const StorageProfile* backing = nullptr;
  const Workload* workload = nullptr;  // required
  /// Reads the loader keeps in flight per instance (sim/coldstart/loader.hpp).
  std::int64_t streams = 1;
  /// The loader keeps the weights in a pinned pool of its own (LoaderProfile::pool): host memory
  /// it copies from needs no read.
  bool pool = false;
  /// The loader reads GPU-direct (staging `direct`): its own threads read the files even where
  /// they sit in host memory.
  bool direct_staging = false;
  /// The instance's vCPUs (the workload's, else the platform's).
  double vcpu = 0;
  /// The workload's loader profile; null: the generic loader (any reader, an SDK client
  /// included).
  const LoaderProfile* loader = nullptr;
};

/// The constraints of one instance that a read may cross.
struct InstanceLinks {
  ConstraintId nic = 0;  // the instance's NIC (platform `instance_bandwidth`)
  /// The instance's host memory bandwidth (platform `host_memory_bandwidth`), when it has one:
  /// page-cache reads and host-memory storage cross it.
  std::optional<ConstraintId> memory;
  /// The constraints the storage added for this instance (StorageRun::add_instance_links), in
  /// the order it added them.
  std::span<const ConstraintId> own() const { return {own_.data(), owned_}; }
  void add_own(ConstraintId c);

 private:
  std::array<ConstraintId, 2> own_{};
  std::uint8_t owned_ = 0;
};

/// Where one read goes: its constraints, its own bound, and the backend that serves it. The two
/// names are text the storage run owns (made once, when it is built), valid while it lives: a
/// million reads make no string.
struct ReadRoute {
  std::vector<ConstraintId> via;
  BytesPerSecond bound = BytesPerSecond(kUnbounded);
  std::string_view backend;      // for "bytes by backend": a profile name, or `oss-accel (miss)`
  std::string_view bound_label;  // what `bound` is, e.g. `oss connections`, `image pull rate`
  /// The storage itself serves these bytes on its usual route (what a per-GB read price
  /// charges): false for a page-cache hit, a cache's miss, an unaccelerated pull.
  bool billed = false;
  /// A loader thread reads these bytes, so the loader's per-stream ceiling bounds them: false
  /// where nothing is read (a pinned host-memory pool already holds the weights).
  bool loader_reads = true;
};

/// A delay phase a storage adds to a cold start before the first read.
struct DelayPhase {
  Phase phase;  // kMount (the VPC attach is the platform's, sim/coldstart/vpc_attach.hpp)
  Distribution delay;
};

/// What a cold start does with this storage before its first read.
struct PreReadStages {
  /// A new model version is waited for before delivery (no instance starts from an image not
  /// yet pushed) instead of just before the first read.
  bool update_wait_before_delivery = false;
  /// Right after delivery the storage may make a read of its own (StorageRun::stage_due).
  bool after_delivery_read = false;
  /// Drawn delays after the sandbox and the VPC attach, in order (a mount).
  std::vector<DelayPhase> attach;
};

/// A read the storage makes before the reads of the model (an image pulled whole).
struct StageRead {
  Phase phase;
  Bytes size;
  ReadRoute route;
  /// The bytes land in the instance's page cache (an image's layers on its disk).
  bool fills_page_cache = false;
};

/// One simulation's state of a storage (see above).
class StorageRun {
 public:
  explicit StorageRun(const StorageSetup& setup);
  virtual ~StorageRun() = default;
  StorageRun(const StorageRun&) = delete;
  StorageRun& operator=(const StorageRun&) = delete;

  const StorageProfile& profile() const { return *setup_.profile; }
  /// The storage's name as the workload gave it (the profile name).
  const std::string& name() const { return setup_.choice.profile; }
  /// Whether reads go through the instance's kernel page cache.
  bool page_cache() const { return setup_.profile->page_cache; }
  /// Bytes stored and provisioned, from the workload's sizing or the model's size.
  Sizing sizing() const;

  /// Adds the constraints every instance shares. Called once, before any read.
  virtual void add_shared(FlowNetwork& /*net*/) {}
  /// Adds an instance's own constraints of this storage to `links`, after its NIC.
  virtual void add_instance_links(FlowNetwork& /*net*/, InstanceLinks& /*links*/) {}
  /// The stages before the first read. Default: the profile's mount, if any.
  virtual PreReadStages pre_read_stages() const;
  /// With `after_delivery_read`: whether a load delivered at `now_s` makes its read.
  virtual bool stage_due(double /*now_s*/) const { return false; }
  // The hooks below name the host the reading instance runs on (sim/coldstart/instance_table.hpp;
  // the instance's own id when each instance is a host of its own), so what a storage keeps on a
  // node (image layers, a node-local cache, a place in a peer tree) is shared by its instances.
  /// That read, for an instance on `host` with `links` (only when stage_due).
  virtual StageRead stage_read(std::int64_t host, const InstanceLinks& links);
  /// That read on `host` moved every byte (`completed`) or was cancelled (its load failed).
  virtual void stage_read_ended(std::int64_t /*host*/, bool /*completed*/) {}
  /// The route of a read of model file `file` by an instance on `host` with `links`.
  virtual ReadRoute route(std::size_t file, std::int64_t host, const InstanceLinks& links) = 0;
  /// A read of `file` on `host` that route() gave moved every byte.
  virtual void read_completed(std::size_t /*file*/, std::int64_t /*host*/) {}
  /// A read of `file` on `host` that route() gave was cancelled before it moved every byte
  /// (its load timed out).
  virtual void read_cancelled(std::size_t /*file*/, std::int64_t /*host*/) {}
  /// Whether a fill of `file` from behind a read-through cache is in flight for `host`: a
  /// read of it waits for that fill instead of reading the bucket again (the cold start calls
  /// this before route()). Default: never.
  virtual bool fill_in_flight(std::size_t /*file*/, std::int64_t /*host*/) const {
    return false;
  }
  /// A warm-up job has loaded every model file into the storage's cache.
  virtual void warmed() {}
  /// The staging the loader's host-to-device copy takes with this storage, given the loader's:
  /// a GPU-direct loader's (`direct`) becomes `pinned` where the storage has no GPU-direct path
  /// (gpu_direct_path: cuFile's compatibility mode reads into host memory, then copies).
  virtual LoaderProfile::Staging staging(LoaderProfile::Staging loader) const;
  /// Notes for the result (a setting of the storage that overrides the loader's).
  virtual std::vector<std::string> notes() const { return {}; }
  /// The aggregate limits this storage's reads would cross that the profiles leave unset
  /// (`PROFILE.KEY`): the prediction is unbounded there, and the advice says so.
  virtual std::vector<std::string> unbounded() const { return {}; }

 protected:
  const StorageSetup& setup() const { return setup_; }
  const Model& model() const { return setup_.workload->model; }
  std::int64_t streams() const { return setup_.streams; }
  /// What bounds one instance's reads of this storage on their own (routes.hpp), made once.
  const std::string& own_bound_label() const { return own_bound_label_; }

 private:
  StorageSetup setup_;
  std::string own_bound_label_;
};

/// A profile section a kind takes beyond the common ones, and what it holds (for the message
/// when it is missing). Every section a kind lists is required.
struct KindSection {
  std::string_view key;   // `fuse`, `backing`
  std::string_view what;  // e.g. `the object-store profile whose bucket the accelerator caches`
};

/// An update's work that the storage's prices do not cover: the machine time of an image
/// rebuild and push, priced at the platform's build price.
struct UpdateCharge {
  std::string what;                // `image rebuilds`
  std::optional<double> per_hour;  // the machine's price per hour; none: unpriced
  std::string currency;            // with per_hour
  /// Work the platform does that no price covers (said in the cost note), e.g. preprocessing.
  std::vector<std::string> unpriced;
};

class StorageKind {
 public:
  virtual ~StorageKind() = default;
  /// As written in a profile's `kind:`.
  virtual std::string_view name() const = 0;
  /// The profile sections this kind takes beyond the common ones.
  virtual std::span<const KindSection> sections() const { return {}; }
  /// Whether `key` is one of sections().
  bool takes(std::string_view key) const;
  /// `warm: true` (or the storage.NAME.warm axis) loads its cache before the first start.
  virtual bool warmable() const { return false; }
  /// The loader reads it with an object-store client of its own (ranged GETs), not through a
  /// file system path: its profile's `object_streams` apply.
  virtual bool read_by_loader_client() const { return false; }
  /// A GPU-direct loader (cuFile) reads it straight into GPU memory, unless its profile says
  /// otherwise (`gpu_direct`). NVIDIA's GPUDirect Storage driver serves XFS and EXT4 on NVMe and
  /// NVMe-oF devices, NFS over RDMA and RDMA-capable distributed file systems; FUSE, NFS over TCP,
  /// an image's overlay file system and memory are not among them. Default false.
  virtual bool gpu_direct() const { return false; }
  /// Why this kind cannot serve the setup's workload, beyond the shared rules; none: it can.
  virtual std::optional<std::string> infeasible(const StorageSetup& /*setup*/) const {
    return std::nullopt;
  }
  /// How a new model version reaches this storage. Default: one copy (sim/update.hpp).
  virtual UpdateTimeline update(const StorageSetup& setup) const;
  /// What an update costs beyond the storage's prices on `platform`; none: nothing.
  virtual std::optional<UpdateCharge> update_charge(const PlatformProfile& /*platform*/) const {
    return std::nullopt;
  }
  /// The state of one simulation.
  virtual std::unique_ptr<StorageRun> make_run(const StorageSetup& setup) const = 0;
};

/// Bytes stored and provisioned for `choice` of `profile` holding a model of `model_bytes`: the
/// choice's sizing, else the model's size (a cache at least its profile's minimum capacity).
Sizing sizing_of(const StorageChoice& choice, const StorageProfile& profile, Bytes model_bytes);

/// Whether a GPU-direct loader's reads of the setup's storage reach GPU memory without a bounce
/// through host memory: the profile's `gpu_direct`, else its kind's.
bool gpu_direct_path(const StorageSetup& setup);

/// Why the setup cannot be simulated at all: the rules every kind shares (a cache to warm, a
/// bucket behind it) and the kind's own (an image over the platform's size limit); nothing when
/// it can.
std::optional<std::string> storage_infeasibility(const StorageSetup& setup);

}  // namespace stowage::sim
