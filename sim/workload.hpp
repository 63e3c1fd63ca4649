// Workload: what the user wants to run, as plain data (schema v1).
//
// A Workload says which model is loaded (its files and how they are read), on which platform and
// GPU (profile names), by how many instances arriving how (burst, HPA schedule, Poisson, trace,
// model switch), with which start timeout and SLO, and which storage choices to compare. It is
// produced by sim/config/workload_loader from YAML, where every field is validated; the simulator
// and the advisor only read it. Every field carries its unit and its default below; units are
// bytes, seconds and bytes per second (sim/units.hpp). No field is global state: a Workload is a
// value, and the same Workload with the same seed gives the same simulation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/units.hpp"

namespace stowage::sim {

/// One file of the model.
struct ModelFile {
  std::string path;  // as given, or generated (`model-00001-of-00004.safetensors`) from `count`
  Bytes size;        // > 0
};

/// One pass over every model file during a cold start.
enum class ReadPass {
  kHash,  // checksum before loading (e.g. web UIs that hash a checkpoint on first load)
  kLoad,  // the read that feeds the weights to the GPU
};

/// How the loader reads the files.
struct IoPattern {
  Bytes block_size = Bytes(1048576.0);  // default 1 MiB per read call
  int reader_threads = 1;               // default 1; concurrent reads per instance
};

struct Model {
  std::vector<ModelFile> files;                        // at least one
  std::vector<ReadPass> read_passes{ReadPass::kLoad};  // default [load]
  IoPattern io;
  std::string format = "safetensors";      // default safetensors; informational
  std::optional<Seconds> update_interval;  // how often a new version ships; none = never
  /// When a new version is released, on the arrivals' clock (>= 0 s). Every load of the run
  /// loads the new version, so it waits for the version to reach the storage (and, for an
  /// image, starts unaccelerated until preprocessing is done; see sim/update.hpp). Default:
  /// none (the version in the storage is long prepared).
  std::optional<Seconds> update_at;
  std::optional<Distribution> init;  // framework start-up after the copy; none = 0 s
  /// How many tensors the files hold together (what a loader's per-tensor cost multiplies).
  /// Default: none (a loader's per-tensor cost is then not counted, and the result says so).
  std::optional<std::int64_t> tensors;
  /// How many models of this size the storage holds for a model-switch workload (an image holds
  /// every model its instances switch between). Default: none, read as 1 (the image of a switch
  /// workload that does not say is not feasible: sim/storage/image.cpp).
  std::optional<std::int64_t> variants;

  /// Sum of the file sizes.
  Bytes total_size() const;
  /// What a storage holds: variants (default 1) x total_size().
  Bytes stored_size() const;
};

/// Host memory the loader copies from.
/// The loader: a loader profile (profiles/loader/) and the workload's overrides of it.
struct LoaderSpec {
  enum class HostMemory { kPinned, kPageable };
  /// A loader profile name. Default: none, the generic loader (sim/coldstart/loader.hpp): streams from
  /// `model.io.threads`, pageable staging, copies overlapping the reads.
  std::string profile;
  std::optional<HostMemory> memory;     // overrides the profile's staging
  std::optional<bool> overlap;          // overrides whether copies overlap the reads
  std::optional<std::int64_t> streams;  // overrides the profile's streams
};

/// How instances share hosts (GPUs per node, containers per VM): the instances on one host share
/// its NIC, its host memory bandwidth, its page cache, its image layers and its node-local cache
/// (sim/coldstart/instance_table.hpp). Exactly one of `per_host` and `count` is set.
struct HostPlacement {
  /// `kPack` fills a host before the next (instance i on host i / per host); `kSpread` deals
  /// instances round the hosts (instance i on host i mod hosts), as a scheduler that balances.
  enum class Order { kPack, kSpread };
  std::optional<std::int64_t> per_host;  // instances a host holds
  std::optional<std::int64_t> count;     // or: the hosts the instances run on
  Order placement = Order::kPack;
};

/// The instance's own resources; unset fields come from the platform profile.
struct InstanceSpec {
  std::optional<double> vcpu;   // vCPU; FUSE clients spend them
  std::optional<Bytes> memory;  // host memory; the page cache lives in it
  /// GPUs per instance; the model is split evenly over them (tensor parallel). Default 1.
  std::int64_t gpus = 1;
  /// How instances share hosts; unset, each instance is a host of its own.
  std::optional<HostPlacement> hosts;
};

/// `count` instances start at `at`, their requests spread uniformly over `spread`.
struct BurstArrivals {
  std::int64_t count = 1;
  Seconds at;
  Seconds spread;
};

/// HPA-style: the desired replica count steps to `replicas` at `at`.
struct ScheduleStep {
  Seconds at;
  std::int64_t replicas = 0;
};
struct ScheduleArrivals {
  std::vector<ScheduleStep> steps;  // strictly increasing `at`
};

/// Cold starts arriving as a Poisson process of `rate_per_s` for `duration`.
struct PoissonArrivals {
  double rate_per_s = 0.0;
  Seconds duration;
};

/// Arrival times read from a CSV file (one time per line, seconds or with a unit).
struct TraceArrivals {
  std::string file;            // as written, relative to the workload file
  std::vector<Seconds> times;  // sorted
};

/// `instances` already running instances switch to this model, `times` times, `every` apart.
struct SwitchArrivals {
  std::int64_t instances = 1;
  std::int64_t times = 1;  // default 1
  Seconds every;           // required when times > 1
};

using Arrivals =
    std::variant<BurstArrivals, ScheduleArrivals, PoissonArrivals, TraceArrivals, SwitchArrivals>;

/// One storage candidate: a profile name and its sizing.
struct StorageChoice {
  std::string profile;            // a storage profile name, e.g. nas-performance
  std::optional<Bytes> stored;    // data stored on the file system (NAS bandwidth grows with it)
  std::optional<Bytes> capacity;  // provisioned capacity (accelerator cache, Extreme NAS)
  /// Accelerators only: a warm-up job loads the model into the cache before the first start
  /// (and, after a model update, once the new version is copied). Default false: the cache
  /// fills on the first reads.
  bool warm = false;
};

/// The service level a candidate must meet, and how cost weighs against latency. With no
/// time-to-ready target, the SLO is only that no more than `max_failed` starts miss the timeout.
struct Objective {
  std::optional<Seconds> p50;  // time-to-ready targets; any subset
  std::optional<Seconds> p95;
  std::optional<Seconds> p99;
  std::optional<Seconds> max;
  std::int64_t max_failed = 0;  // default 0 failed starts allowed
  double cost_weight = 0.5;     // default 0.5; 0 = rank on latency only, 1 = cost only
  /// `advise --uncertainty`: the share of plausible worlds in which the recommendation must meet
  /// the SLO (advisor/judge/uncertainty.hpp); default 0.9.
  double confidence = 0.9;
};

struct Workload {
  int version = 1;         // schema version; only 1 exists
  std::string name;        // required
  std::uint64_t seed = 1;  // default 1
  Model model;
  std::string platform;  // platform profile name, required
  std::string gpu;       // GPU profile name, required
  /// `cloud:` whose storages are the candidates when `storage` lists none; default: the
  /// platform's cloud (sim/config/clouds.hpp). Must agree with a platform that names one.
  std::string cloud;
  InstanceSpec instance;
  LoaderSpec loader;
  Arrivals arrivals;                   // required
  std::optional<Seconds> timeout;      // default: the platform profile's start timeout
  std::int64_t regions = 1;            // default 1: how many regions must hold the model
  std::vector<StorageChoice> storage;  // empty = every catalog storage of the workload's cloud
  Objective objective;
};

/// "burst", "schedule", "poisson", "trace" or "switch".
std::string_view arrivals_kind(const Arrivals& arrivals);

}  // namespace stowage::sim
