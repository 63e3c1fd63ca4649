// StorageModel: how one kind of storage turns a model read into flows.
//
// A storage kind knows which constraints a read of one model file by one instance crosses, and
// which extra cold-start phases it needs; the cold-start simulation (sim/cold_start) never names
// a concrete kind. Each kind lives in its own file under sim/storage/ and is built from its
// profile by make_storage_model.
//
// The limits a read can cross, all from the storage profile except the instance's NIC:
//   instance NIC      platform `instance_bandwidth`, one SHARED constraint per instance;
//   FUSE client CPU   `fuse.per_vcpu` x the instance's vCPUs, one per instance (object storage);
//   shared            `throughput.shared` evaluated at the sizing (NAS from the data stored, an
//                     accelerator from its capacity), one constraint for all instances;
//   account           min(`throughput.account`, `requests.account_qps` x `requests.size`);
//   per file          min(`throughput.per_file`, `requests.file_qps` x `requests.size`), one
//                     constraint per model file shared by every reader of that file;
//   own bound         min(`per_client`, connections x `per_connection`, streams x `per_stream`):
//                     `per_connection` is an achieved rate per connection (requests in flight
//                     back to back), so a client with N connections reads at most N x it; the
//                     connections are the FUSE client's `threads` when the profile fixes them,
//                     else the loader's streams (sim/loader.hpp); `per_stream` is what one
//                     sequential reader gets from a file system or volume.
// Worked example (oss profile, 8 vCPU, 16 FUSE threads): 16 x 85 MB/s bound the instance at
// 1.36 GB/s; FUSE CPU 8 x 1.1 GB/s = 8.8 GB/s; NIC 5 Gbit/s = 625 MB/s: the NIC binds a lone
// reader.
// Units: bytes, seconds, bytes per second. Determinism: models hold no randomness; the
// accelerator's cache state changes only through read_completed, in event order.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/flow_network.hpp"
#include "sim/profile.hpp"
#include "sim/result.hpp"
#include "sim/storage/registry.hpp"
#include "sim/workload.hpp"

namespace stowage::sim {

/// The per-instance constraints a read may cross.
struct InstanceLinks {
  ConstraintId nic = 0;
  std::optional<ConstraintId> fuse_cpu;  // set when the storage reads through a FUSE client
  /// The instance's block-storage bandwidth (platform `block_bandwidth`), when it has one.
  std::optional<ConstraintId> block;
  /// The instance's host memory bandwidth (platform `host_memory_bandwidth`), when it has one:
  /// page-cache reads and host-memory storage cross it.
  std::optional<ConstraintId> memory;
};

/// Where one read goes: its constraints, its own bound, and the backend that serves it. The two
/// names are text the storage model owns (made once, when it is built), valid while it lives: a
/// million reads make no string.
struct ReadRoute {
  std::vector<ConstraintId> via;
  BytesPerSecond bound = BytesPerSecond(kUnbounded);
  std::string_view backend;      // for "bytes by backend": a profile name, or `oss-accel (miss)`
  std::string_view bound_label;  // what `bound` is, e.g. `oss connections`, `image pull rate`
  /// The storage itself serves these bytes on its usual route (what a per-GB read price
  /// charges): false for a page-cache hit, an accelerator's miss, an unaccelerated pull.
  bool billed = false;
};

/// A delay phase a storage adds to a cold start before the first read.
struct DelayPhase {
  Phase phase;  // kMount (the VPC attach is the platform's, sim/vpc_attach.hpp)
  Distribution delay;
};

/// Everything a storage model is built from.
struct StorageSetup {
  const StorageProfile* profile = nullptr;    // required
  StorageChoice choice;                       // sizing from the workload
  const PlatformProfile* platform = nullptr;  // required (image pull rate)
  /// The object store behind an accelerator (its misses read from it); null for other kinds.
  const StorageProfile* backing = nullptr;
  const Workload* workload = nullptr;  // required
  /// Reads the loader keeps in flight per instance (sim/loader.hpp).
  std::int64_t streams = 1;
  /// The loader stages in pinned memory (or reads GPU-direct): host memory it copies from
  /// needs no read of its own.
  bool pinned_staging = false;
};

class StorageModel {
 public:
  explicit StorageModel(const StorageSetup& setup);
  virtual ~StorageModel() = default;
  StorageModel(const StorageModel&) = delete;
  StorageModel& operator=(const StorageModel&) = delete;

  const StorageProfile& profile() const { return *setup_.profile; }
  /// The storage's name as the workload gave it (the profile name).
  const std::string& name() const { return setup_.choice.profile; }
  /// Adds the constraints every instance shares. Called once, before any read.
  virtual void add_shared_constraints(FlowNetwork& net) = 0;
  /// The route of a read of model file `file` by an instance with `links`.
  virtual ReadRoute route(std::size_t file, const InstanceLinks& links) = 0;
  /// A read of `file` moved every byte (an accelerator now holds the file).
  virtual void read_completed(std::size_t /*file*/) {}
  /// A read of `file` that route() gave was cancelled before it moved every byte (its load
  /// timed out).
  virtual void read_cancelled(std::size_t /*file*/) {}
  /// Whether a fill of `file` from behind a read-through cache is in flight: a read of it that
  /// the cache does not hold waits for that fill instead of reading the bucket again (the
  /// cold-start run calls this before route()). Default: never.
  virtual bool fill_in_flight(std::size_t /*file*/) const { return false; }
  /// A warm-up job has loaded every model file (an accelerator now holds them, if they fit).
  virtual void warmed() {}
  /// Images only: the route of a pull of the whole image before the container starts (an image
  /// that preprocessing has not prepared yet).
  virtual ReadRoute full_pull(const InstanceLinks& links);
  /// Whether the weights already sit in the instance's host memory (a GPU-direct read of them is
  /// a host-to-device copy over the host link). Default: no.
  virtual bool in_host_memory() const { return false; }
  /// Whether reads go through the instance's kernel page cache.
  bool page_cache() const { return setup_.profile->page_cache; }
  /// Whether instances read through a FUSE client (and so need a FUSE CPU constraint).
  bool uses_fuse() const { return setup_.profile->fuse.has_value(); }
  /// The FUSE client's throughput for an instance with `vcpu` vCPUs.
  BytesPerSecond fuse_capacity(double vcpu) const;
  /// The delay phases before the first read, in order.
  std::vector<DelayPhase> attach_phases() const;
  /// Bytes stored and provisioned, from the workload's sizing or the model's size.
  Sizing sizing() const;

 protected:
  const StorageSetup& setup() const { return setup_; }
  const Model& model() const { return setup_.workload->model; }
  /// The own bound of one instance's reads from `p` with `streams` reads in flight: the
  /// per-client cap, connections x the per-connection rate (a FUSE client's own thread count
  /// when it fixes one), and streams x the per-stream rate.
  static BytesPerSecond client_bound(const StorageProfile& p, std::int64_t streams);
  /// What sets client_bound: `NAME per-client cap`, `NAME connections` or `NAME streams`.
  static std::string client_bound_label(const StorageProfile& p, std::int64_t streams);
  /// client_bound_label of this storage's profile and streams, made once.
  const std::string& own_bound_label() const { return own_bound_label_; }
  std::int64_t streams() const { return setup_.streams; }
  /// Adds the account-wide and per-file constraints of an object store `p`.
  struct ObjectConstraints {
    std::optional<ConstraintId> account;
    std::vector<ConstraintId> per_file;  // empty, or one per model file
  };
  static ObjectConstraints add_object_constraints(FlowNetwork& net, const StorageProfile& p,
                                                  const Model& model, const std::string& prefix);
  /// The per-instance part of a route: NIC and FUSE CPU, with room for kRouteConstraints in all.
  static std::vector<ConstraintId> instance_via(const InstanceLinks& links);
  /// The most constraints a route crosses: NIC, FUSE CPU, cache or file system, account, file.
  static constexpr std::size_t kRouteConstraints = 5;

 private:
  StorageSetup setup_;
  std::string own_bound_label_;
};

/// Bytes stored and provisioned for `choice` of `profile` holding a model of `model_bytes`: the
/// choice's sizing, else the model's size (a cache at least its profile's minimum capacity).
Sizing sizing_of(const StorageChoice& choice, const StorageProfile& profile, Bytes model_bytes);

/// Builds the model for the profile's kind (sim/storage/registry.hpp).
std::unique_ptr<StorageModel> make_storage_model(const StorageSetup& setup);

/// Why the setup cannot be simulated at all: the rules every kind shares (a cache to warm, a
/// bucket behind it) and the kind's own (an image over the platform's size limit); nothing when
/// it can.
std::optional<std::string> storage_infeasibility(const StorageSetup& setup);

}  // namespace stowage::sim
