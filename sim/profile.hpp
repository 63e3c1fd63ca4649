// Profiles: what the simulator knows about the world, as plain data.
//
// Three kinds of profile describe a cold start's surroundings: a StorageProfile (where the weights
// live and which limits a read crosses), a PlatformProfile (how the serverless platform starts an
// instance) and a GpuProfile (how fast host memory reaches the GPU). They are read from
// profiles/<kind>/<name>.yaml by sim/config/profile_loader (all validation there) and found by
// name through sim/config/catalog.hpp. The simulator only reads these structs; it never sees YAML.
//
// Provenance (each figure's source, the profile's name and file) is in sim/provenance.hpp.
//
// Units: bytes, seconds and bytes per second (sim/units.hpp); prices in the profile's currency.
// An optional field that is empty means "no such limit" or "not applicable", never zero. Every
// field says its unit and its default; "required" fields have none. Profiles are values: no
// global state, and the same files always give the same profiles.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/capacity.hpp"
#include "sim/distribution.hpp"
#include "sim/provenance.hpp"
#include "sim/units.hpp"

namespace stowage::sim {

class StorageKind;  // sim/storage/kind.hpp

// ---------------------------------------------------------------------------------------------
// Storage

/// The throughput limits a read crosses, besides the instance's own NIC (platform profile).
struct StorageThroughput {
  /// Shared by every client of one file system, bucket or cache (sum of rates <= capacity), as
  /// a function of its sizing. Default: none (no shared limit).
  std::optional<Capacity> shared;
  /// One client (instance mount): each client <= this. Default: none.
  std::optional<BytesPerSecond> per_client;
  /// One file or object: reads of the same file together <= this. Default: none.
  std::optional<BytesPerSecond> per_file;
  /// One connection or request stream, as achieved by a client (a ranged GET stream over HTTP).
  /// A client with N connections reads at most N x this. Default: none.
  std::optional<BytesPerSecond> per_connection;
  /// One read stream of a file system or volume (a thread reading sequentially: an NFS read
  /// stream, one queue of a block volume). A loader with N streams reads at most N x this.
  /// Default: none (streams are not what limits it).
  std::optional<BytesPerSecond> per_stream;
  /// Per account and region, across every bucket (object storage download cap). Default: none.
  std::optional<BytesPerSecond> account;
};

/// Requests, for storages read by ranged GETs (object_fuse, accelerator).
struct StorageRequests {
  std::optional<Bytes> size;          // bytes per ranged GET issued by the client. Default: none
  std::optional<double> account_qps;  // requests per second per account. Default: none
  std::optional<double> file_qps;     // requests per second per object. Default: none
};

/// The FUSE client, which runs on the instance's own vCPUs (object_fuse, accelerator).
struct FuseClient {
  /// Read throughput one vCPU of the instance sustains through the client; the client's limit is
  /// this times the instance's vCPUs. Required in a `fuse:` section.
  BytesPerSecond per_vcpu;
  /// Concurrent requests one mount keeps in flight, all readers together. Default: none (no
  /// limit).
  std::optional<std::int64_t> threads;
  /// Concurrent requests the client keeps in flight for each file being read (a client that
  /// serves every open file with its own stream of requests). Default: none (no limit).
  std::optional<std::int64_t> threads_per_reader;
};

/// Extra cold-start phases the storage adds.
struct StorageColdStart {
  /// The storage lives in a VPC: a function reading it must be attached to that VPC, which
  /// costs what the platform's `vpc` section says (PlatformVpc). Default false.
  bool vpc = false;
  /// Mounting the file system or starting the FUSE client. Default: none (0 s).
  std::optional<Distribution> mount;
};

/// Prices, each in `currency`; an empty price is not charged (or unknown, with no assumption).
struct StorageCost {
  std::string currency;                            // e.g. CNY, USD; required when any price is set
  std::optional<double> per_gb_month_stored;       // per GB-month of data stored
  std::optional<double> per_gb_month_provisioned;  // per GB-month of capacity bought
  std::optional<double> per_10k_requests;          // per 10,000 read requests
  std::optional<double> per_gb_read;               // per GB transferred to the instance
};

/// How a new model version gets into the storage (not used by an image, which is rebuilt; see
/// PlatformImage). The copy runs on one writer with the platform's instance bandwidth, so it
/// takes model size / min(write_rate, instance_bandwidth) (sim/update.hpp).
struct StorageUpdate {
  /// What one writer sustains into this storage (a file system's write cap, an object store's
  /// upload rate). Default: none (only the writer's bandwidth bounds the copy). An accelerator
  /// is written through its backing bucket, so it takes the bucket's rate.
  std::optional<BytesPerSecond> write_rate;
  /// Accelerators: the shortest warm-up job that loads data into the cache; a job takes the
  /// longer of this and size / the cache's bandwidth. Default: none (only the bandwidth).
  std::optional<Seconds> warm_up;
};

/// What cannot be bought or done.
struct StorageLimits {
  std::optional<Bytes> min_capacity;  // smallest provisioned capacity. Default: none
  std::optional<Bytes> max_capacity;  // largest capacity of one file system or cache. Default: none
  std::optional<Bytes> max_file_size;       // largest single file or object. Default: none
  std::optional<std::int64_t> max_clients;  // concurrent mounts of one file system. Default: none
  bool multi_zone = false;                  // default false: one file system serves several zones
  bool multi_region = false;                // default false: one file system serves several regions
  std::vector<std::string> replication;     // options to copy data elsewhere, e.g. cross-region
};

/// `cloud:` of a storage or platform profile that belongs to no one cloud: a local disk, the
/// container image, a Kubernetes cluster that runs wherever it is installed.
inline constexpr std::string_view kAnyCloud = "any";

struct StorageProfile {
  ProfileInfo info;
  /// The cloud that offers this storage (alibaba, aws, gcp, ... or kAnyCloud); default any. A
  /// workload's candidates are the storages of its platform's cloud (sim/config/clouds.hpp).
  std::string cloud{kAnyCloud};
  /// Required: the kind, from the registry (sim/storage/registry.hpp); what it does is its own
  /// (sim/storage/kind.hpp).
  const StorageKind* kind = nullptr;
  StorageThroughput throughput;
  StorageRequests requests;
  std::optional<FuseClient> fuse;  // required for object_fuse and accelerator, else none
  /// The object-store profile whose bucket an accelerator caches (its misses read from it).
  /// Required for kind accelerator, else empty.
  std::string backing;
  /// Reads go through the instance's kernel page cache (a second pass of a cached file is a
  /// memory copy). Required.
  bool page_cache = false;
  /// A GPU-direct loader's reads (cuFile) reach GPU memory from the device without a bounce
  /// through host memory. Without such a path cuFile runs in its compatibility mode: a POSIX
  /// read into host memory, then a pinned copy. Default: the kind's (StorageKind::gpu_direct).
  std::optional<bool> gpu_direct;
  StorageColdStart cold_start;
  StorageUpdate update;
  StorageCost cost;
  StorageLimits limits;
};

// ---------------------------------------------------------------------------------------------
// Platform

/// A duration that grows with a size: base + per_gb * size / 1 GB.
struct SizeDependentTime {
  Seconds base;    // default 0 s
  Seconds per_gb;  // per 10^9 bytes; default 0 s
  /// The time for a given size.
  Seconds at(Bytes size) const { return base + per_gb * (size.value() / 1e9); }
};

/// Container image limits and how the platform prepares images.
/// Peer-to-peer image distribution (a function tree, a swarm): every instance holding the whole
/// image uploads it to at most `fan_out` pulling instances at once, `upload_rate` in all, so the
/// capacity grows with the instances that hold it (sim/storage/image_distribution.hpp).
struct ImagePeers {
  BytesPerSecond upload_rate;  // what one holder uploads, to all its children together. Required
  std::int64_t fan_out = 1;    // children one holder serves at once. Required, >= 1
};

struct PlatformImage {
  std::optional<Bytes> max_compressed;     // largest deployable image. Default: none
  std::optional<Bytes> safe_uncompressed;  // largest image known to deploy well. Default: none
  /// Rate at which an instance pulls image layers from the platform's image cache. Required.
  BytesPerSecond pull_rate;
  /// What the registry or image cache behind it serves to all instances together (every pull
  /// it serves shares it). Default: none (no shared limit: each pull is bound only by its own
  /// rate and the instance's NIC; the advice says the prediction is unbounded there).
  std::optional<BytesPerSecond> cache_bandwidth;
  /// Peer-to-peer distribution: an instance that holds the whole image serves it to others.
  /// Default: none (every pull is served by the registry).
  std::optional<ImagePeers> peers;
  /// Lazy loading: the container starts before the image's model layer is fetched, and the
  /// model's bytes are fetched when first read (read whole). false: the whole image is pulled
  /// before the container starts. Default: true.
  bool lazy = true;
  /// Preprocessing (image acceleration) after a create or update. Default: none (no such step).
  std::optional<SizeDependentTime> preprocessing;
  /// Delay after an update before starts use the prepared image. Default: none (0 s). With
  /// `preprocessing` as well, the longer of the two counts (the published delay is a typical
  /// figure; the size-dependent one grows past it for large images).
  std::optional<Seconds> ready_delay;
  /// Rate at which a pull of an image that preprocessing has not yet prepared runs: the whole
  /// image is fetched before the container starts. Default: none (`pull_rate`).
  std::optional<BytesPerSecond> unaccelerated_pull_rate;
  /// Rate at which a rebuild writes the model into a new image layer (pack and compress).
  /// Default: none (not counted in the update time).
  std::optional<BytesPerSecond> build_rate;
  /// Rate at which a rebuilt image is pushed to the platform's registry. Default: none (not
  /// counted in the update time).
  std::optional<BytesPerSecond> push_rate;
  /// Price of the machine that rebuilds and pushes the image, per hour, in `build_currency`.
  /// Default: none (an update's rebuild is not charged, and the cost says so).
  std::optional<double> build_per_hour;
  std::string build_currency;  // required with build_per_hour
};

/// GPU prices per GPU-hour, active and idle, in `currency`. A GPU missing from a map has no
/// known price there.
struct GpuPricing {
  std::string currency;                    // required when any price is set
  std::map<std::string, double> per_hour;  // GPU profile name -> price per active GPU-hour
  /// GPU profile name -> price per GPU-hour of a kept-warm instance between requests.
  std::map<std::string, double> idle_per_hour;
};

/// How the platform attaches a function to the VPC a storage lives in (a storage with
/// `cold_start.vpc`). The attach belongs to the function, not to each instance: the first start
/// after the function's network went idle creates the attachment (`attach`), and starts that
/// reach their attach while it is being created wait for it; the platform then keeps it (a proxy
/// gateway), and a start while it is kept pays only `warm_attach`. The function's network is idle
/// while none of its loads is in progress (calls other than the loads are not simulated); once
/// idle for longer than `idle`, the attachment is reclaimed and the next start pays `attach`
/// again. A run begins with the network idle. Worked example (attach 10 s, warm 0.5 s, idle
/// 5 min, sandbox 5 s): starts at 0 s and 2 s reach their attach at 5 s and 7 s; the first
/// creates it until 15 s, the second waits 8 s; a start at 100 s pays 0.5 s; a start 6 min
/// after the last load was ready pays 10 s again.
struct PlatformVpc {
  Seconds attach;       // the first start after idle; required
  Seconds warm_attach;  // a start while the attachment is kept; default 0 s
  Seconds idle;         // how long the attachment outlives the last load; required
};

/// Default quotas of an account that a workload's starts count against. A scenario above one
/// is simulated as written (the quota can be raised) and its report says which raise it needs.
struct PlatformQuotas {
  /// Instances of one region at once. Default: none (no quota).
  std::optional<std::int64_t> instances;
  /// GPU profile name -> GPU cards of one account and region at once. A GPU missing here has no
  /// known quota.
  std::map<std::string, std::int64_t> gpus;
};

struct PlatformProfile {
  ProfileInfo info;
  /// The cloud this platform runs in, or kAnyCloud (then a workload names its cloud or lists its
  /// storages); default any.
  std::string cloud{kAnyCloud};
  Distribution sandbox_start;         // instance (sandbox) start time; required
  BytesPerSecond instance_bandwidth;  // one instance's network bandwidth (its NIC); required
  /// One reader's rate from the instance's kernel page cache (a cached file is a memory copy).
  /// Required.
  BytesPerSecond page_cache_read;
  std::optional<double> delivery_per_minute;  // new instances per minute. Default: none (no limit)
  Seconds start_timeout;                      // a start that takes longer fails; required
  std::optional<Seconds> health_check_timeout;  // the server must answer within. Default: none
  double vcpu = 0.0;                            // vCPUs of a GPU instance by default; required
  Bytes memory;                     // host memory of a GPU instance by default; required
  std::optional<Bytes> max_memory;  // largest host memory. Default: none
  std::optional<Bytes> temp_disk;   // per-instance temporary disk. Default: none
  /// What one instance reads from its network block volumes together (an EBS-optimized
  /// instance's dedicated bandwidth). Default: none (no such limit).
  std::optional<BytesPerSecond> block_bandwidth;
  /// What the instance's host memory moves for all its readers together (several streams
  /// copying out of the page cache or a host-memory pool). Default: none (only the per-reader
  /// `page_cache_read` x streams bounds it).
  std::optional<BytesPerSecond> host_memory_bandwidth;
  std::optional<Distribution> idle_reclaim;  // an idle instance is reclaimed after. Default: none
  /// Attaching functions to a storage's VPC. Default: none (instances are in the storage's VPC
  /// already: no attach).
  std::optional<PlatformVpc> vpc;
  PlatformQuotas quotas;
  /// Storage kind name -> why this platform cannot give an instance that kind of storage (a
  /// serverless platform that attaches no block volumes). A candidate of such a kind is
  /// infeasible with that reason. Default: empty (every kind can be used).
  std::map<std::string, std::string> unsupported_storage;
  PlatformImage image;
  std::vector<std::string> gpus;  // GPU profile names offered; at least one
  GpuPricing gpu_pricing;
};

// ---------------------------------------------------------------------------------------------
// GPU

/// One size band of a copy cost that one line does not describe: a copy of more bytes than the
/// previous band's `up_to` and at most `up_to` costs alpha + bytes / beta.
struct CopyBand {
  Bytes up_to;          // the band's largest copy (the largest size measured in it); required
  Seconds alpha;        // per-call overhead in this band; required
  BytesPerSecond beta;  // throughput in this band; required, > 0
};

/// Cost of one host-to-device copy call: alpha + bytes / beta, or one such line per size band.
///
/// Bands exist for copies that slow down past a size: a pageable copy is staged by the driver
/// through host memory, so it runs at memcpy speed while its buffers fit in the CPU caches and
/// at host memory bandwidth beyond (measured on one H100 host: 14.4 GB/s at 4 to 16 MiB, 8.4 GB/s
/// from 64 MiB up, data/calibration/ and tests/fixtures/calibration/). With bands, `alpha` and
/// `beta` hold the last (largest) band's line, so code that reads them directly gets the
/// large-copy figure; time() picks the band.
struct CopyCost {
  Seconds alpha;        // per-call overhead; required
  BytesPerSecond beta;  // asymptotic throughput; required, > 0
  /// Size bands, smallest first, `up_to` strictly increasing. Default: none (one line for every
  /// size). A copy larger than the last band's `up_to` takes alpha + bytes / beta.
  std::vector<CopyBand> bands{};
  /// Time of one copy of `bytes`: the line of the first band whose `up_to` holds it, else
  /// alpha + bytes / beta.
  Seconds time(Bytes bytes) const {
    for (const CopyBand& b : bands) {
      if (bytes <= b.up_to) return b.alpha + bytes / b.beta;
    }
    return alpha + bytes / beta;
  }
};

/// The host link, for reference and for checking measured figures against the link's peak.
struct HostLink {
  std::int64_t pcie_generation = 0;  // 3, 4, 5 ...; required
  std::int64_t lanes = 16;           // default 16
};

struct GpuProfile {
  ProfileInfo info;
  /// The whole profile's origin: `published` with a URL, or `measured` with the calibration file
  /// that produced it. Required. Figures without their own source take this one.
  Source origin;
  Bytes memory;  // GPU memory; required
  HostLink host_link;
  CopyCost h2d_pinned;    // from page-locked host memory; required
  CopyCost h2d_pageable;  // from ordinary host memory (staged by the driver); required
};

// ---------------------------------------------------------------------------------------------
// Loader

/// The software that reads the weights and puts them on the GPU (a framework's default loader,
/// a parallel streaming loader, a pinned host-memory pool, a GPU-direct reader). A workload
/// names one (`loader: NAME`) and may override its streams, staging and overlap.
struct LoaderProfile {
  ProfileInfo info;
  /// Reads the loader keeps in flight per instance. Default: none (the workload's
  /// `model.io.threads`, 1 unless set).
  std::optional<std::int64_t> streams;
  /// Bytes per read and per host-to-device copy call. Default: none (`model.io.block_size`).
  std::optional<Bytes> chunk;
  /// The loader's own ceiling per stream (parsing, page faults of an mmap, a Python loop).
  /// Default: none (only the storage and the copy bound it).
  std::optional<BytesPerSecond> per_stream;
  /// Where the bytes wait before the copy: pageable memory, a pinned buffer, no host staging at
  /// all (GPU-direct storage reads into GPU memory), or no copy after the read (`none`: a read
  /// test whose bytes go nowhere, such as the accuracy suite's stand-ins for fio, dd and one
  /// GET). Required.
  enum class Staging { kPageable, kPinned, kDirect, kNone };
  Staging staging = Staging::kPageable;
  /// The copy of a chunk runs while the next chunks are read. Required.
  bool overlap = true;
  /// Reads go through the kernel page cache (false: O_DIRECT or GPU-direct reads, which neither
  /// use nor fill it). Default true.
  bool page_cache = true;
  /// A full pass over the files (a checksum) before the load pass. Default false.
  bool hash_first = false;
  /// The loader keeps the weights in a pinned host-memory pool of its own between loads
  /// (sllm-store): weights in host memory are already where the copy engine reads them, so they
  /// need no read. A loader that only stages reads through pinned buffers (false) still reads
  /// them, as from any memory. Default false.
  bool pool = false;
  /// The loader has an object-store client of its own (S3's API and the stores that speak it,
  /// Cloud Storage, Azure Blob): it reads an `object_direct` storage with ranged GETs. Without one
  /// it reads files only (a path on a file system, a FUSE mount included), and an
  /// `object_direct` candidate is infeasible for it. Default false.
  bool object_client = false;
  /// Reads in flight per instance when the loader reads an object store with its own client (the
  /// Run:ai streamer keeps 8 there, 16 on a file system). Default: none (`streams`). Only with
  /// `object_client`.
  std::optional<std::int64_t> object_streams;
  /// Work of every load that moves no bytes (opening the checkpoint, building the tensors'
  /// index, allocating the parameters), done once per load. Default: none (0 s).
  std::optional<Seconds> fixed;
  /// Work per tensor that moves no bytes (a header lookup, a tensor object, a copy call and its
  /// synchronisation), times the workload's `model.tensors`. Default: none (0 s).
  std::optional<Seconds> per_tensor;
};

}  // namespace stowage::sim
