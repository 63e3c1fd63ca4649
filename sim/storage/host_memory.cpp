// Weights already in the instance's host memory: a node-local RAM cache, a loader's host-memory
// pool, files known to sit in the page cache. Each stream copies out of memory at the platform's
// per-reader `page_cache_read` (or the profile's `per_stream`), all streams together at most the
// instance's host memory bandwidth (platform `host_memory_bandwidth`), which page-cache reads
// cross as well. No network and no shared limit: instances do not contend. With a pinned pool
// (a loader whose staging is pinned) the weights already sit where the copy engine reads them:
// there is no read of their own (the read is bounded only by kNoRead) and what remains is the
// host-to-device copy at the pinned rate. A GPU-direct loader (staging `direct`) gains nothing
// here: what it reads from host memory crosses the host link like any copy, so its copy runs at
// the pinned rate too (sim/cold_start.cpp), never faster.
// Worked example: 16 streams of 7 GB/s under 45 GB/s of host memory bandwidth read at 45 GB/s;
// a 64 GB model is in host memory after 1.4 s and on an H100 after 64e9 / 55e9 = 1.16 s of copy
// (overlapping): the copy binds.
#include <algorithm>

#include "sim/storage/storage_model.hpp"
#include "sim/update.hpp"

namespace stowage::sim {
namespace {

// The bound of a "read" that moves nothing: the bytes are already in pinned host memory. An
// algorithmic stand-in (1 PB/s), not a figure: it makes the read take no measurable time.
constexpr double kNoRead = 1e15;

class HostMemoryModel final : public StorageModel {
 public:
  using StorageModel::StorageModel;

  void add_shared_constraints(FlowNetwork& /*net*/) override {}
  bool in_host_memory() const override { return true; }

  ReadRoute route(std::size_t /*file*/, const InstanceLinks& links) override {
    if (setup().pinned_staging) return {{}, BytesPerSecond(kNoRead), name(), name(), true};
    const BytesPerSecond per_stream =
        profile().throughput.per_stream.value_or(setup().platform->page_cache_read);
    BytesPerSecond bound = per_stream * static_cast<double>(streams());
    std::string_view label = streams_label_;
    if (profile().throughput.per_client && *profile().throughput.per_client < bound) {
      bound = *profile().throughput.per_client;
      label = cap_label_;
    }
    ReadRoute r{{}, bound, name(), label, true};
    if (links.memory) r.via.push_back(*links.memory);
    return r;
  }

 private:
  const std::string streams_label_ = name() + " streams";
  const std::string cap_label_ = name() + " per-client cap";
};

}  // namespace

StorageKindSpec host_memory_kind() {
  StorageKindSpec k{StorageKind::kHostMemory, "host_memory"};
  k.make = [](const StorageSetup& setup) -> std::unique_ptr<StorageModel> {
    return std::make_unique<HostMemoryModel>(setup);
  };
  k.update = copy_timeline;
  return k;
}

}  // namespace stowage::sim
