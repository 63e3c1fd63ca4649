// Weights already in the instance's host memory: a node-local RAM cache, a loader's host-memory
// pool, files known to sit in the page cache. Each stream copies out of memory at the platform's
// per-reader `page_cache_read` (or the profile's `per_stream`), all of them at most the
// profile's `per_client` (the usual own bound, sim/storage/routes.hpp) and the
// instance's host memory bandwidth (platform `host_memory_bandwidth`), which page-cache reads
// cross as well. No network and no shared limit: instances do not contend. With a pinned pool
// (a loader with `pool: true` and pinned staging, sllm-store) the weights already sit where the
// copy engine reads them: there is no read of their own (the read is bounded only by kNoRead,
// not by the loader's per-stream ceiling) and what remains is the host-to-device copy at the
// pinned rate. A loader that only stages through pinned buffers (FlashPack, the generic loader
// with `memory: pinned`) reads its streams out of memory like any other, then copies at the
// pinned rate. A GPU-direct loader (staging `direct`) gains nothing here: what it reads from
// host memory crosses the host link like any copy, so its copy runs at the pinned rate too
// (StorageRun::staging: memory has no GPU-direct path, and cuFile reads it in its compatibility
// mode), never faster, and its threads' per-stream ceiling still holds its reads.
// Worked example: 16 streams of 7 GB/s under 45 GB/s of host memory bandwidth read at 45 GB/s;
// a 64 GB model is in host memory after 1.4 s and on an H100 after 64e9 / 55e9 = 1.16 s of copy
// (overlapping): the copy binds.
#include "sim/storage/routes.hpp"

namespace stowage::sim {
namespace {

// The bound of a "read" that moves nothing: the bytes are already in pinned host memory. An
// algorithmic stand-in (1 PB/s), not a figure: it makes the read take no measurable time.
constexpr double kNoRead = 1e15;

/// The profile as its reads see it: a stream without a `per_stream` of its own copies at the
/// platform's page-cache rate.
StorageProfile as_read(const StorageSetup& setup) {
  StorageProfile p = *setup.profile;
  if (!p.throughput.per_stream) p.throughput.per_stream = setup.platform->page_cache_read;
  return p;
}

class HostMemoryRun final : public StorageRun {
 public:
  explicit HostMemoryRun(const StorageSetup& setup)
      : StorageRun(setup),
        bound_(client_bound(as_read(setup), setup.streams)),
        label_(client_bound_label(as_read(setup), setup.streams)) {}

  ReadRoute route(std::size_t /*file*/, std::int64_t /*host*/,
                  const InstanceLinks& links) override {
    if (setup().pool || setup().direct_staging) {
      ReadRoute none{{}, BytesPerSecond(kNoRead), name(), name(), true};
      // A pinned pool holds the weights: no loader thread reads them, so the loader's per-stream
      // ceiling does not apply. A GPU-direct loader's threads still read each file: it does.
      none.loader_reads = setup().direct_staging;
      return none;
    }
    ReadRoute r{{}, bound_, name(), label_, true};
    if (links.memory) r.via.push_back(*links.memory);
    return r;
  }

 private:
  BytesPerSecond bound_;
  std::string label_;
};

class HostMemoryKind final : public StorageKind {
 public:
  std::string_view name() const override { return "host_memory"; }
  std::unique_ptr<StorageRun> make_run(const StorageSetup& setup) const override {
    return std::make_unique<HostMemoryRun>(setup);
  }
};

}  // namespace

const StorageKind& host_memory_kind() {
  static const HostMemoryKind kind;
  return kind;
}

}  // namespace stowage::sim
