// The loader's side of a cold start (sim/coldstart/loader.hpp): streams against per-stream limits, the
// loader's staging and overlap, weights already in host memory, GPU-direct reads, the new
// storage kinds (block, object_direct, host_memory), load time and the fit checks. Each answer
// is derived by hand above its check.
#include <doctest/doctest.h>

#include "cold_start_fixture.hpp"
#include "sim/storage/registry.hpp"
#include "sim/coldstart/cold_start.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/resolve.hpp"
#include "sim/coldstart/loader.hpp"

using namespace stowage::sim;
using stowage::testing::ColdStartFixture;

namespace {

/// One instance, one 4 GB file on a block volume of 1 GB/s with 250 MB/s per stream.
struct BlockFixture : ColdStartFixture {
  BlockFixture() {
    w.model.files = {{"m.safetensors", Bytes(4e9)}};
    storage.info.name = "vol";
    storage.kind = &storage_kind("block");
    storage.page_cache = true;
    storage.throughput.shared.reset();
    storage.throughput.per_client = BytesPerSecond(1e9);
    storage.throughput.per_stream = BytesPerSecond(250e6);
  }
  /// 32 GB on a host-memory tier named `name`, on a host with 256 GB.
  void hold_in_host_memory(const char* name) {
    w.model.files = {{"m.safetensors", Bytes(32e9)}};
    platform.memory = Bytes(256e9);
    storage = {};
    storage.info.name = name;
    storage.kind = &storage_kind("host_memory");
  }
  double load_s(const ColdStartInputs& in) const {
    const SimResult r = simulate_cold_starts(in);
    REQUIRE(r.loads.size() == 1);
    REQUIRE(r.loads[0].load_time_s().has_value());
    return *r.loads[0].load_time_s();
  }
};

}  // namespace

TEST_CASE("loader: 1 and 16 streams read a volume at different rates") {
  BlockFixture f;
  // 1 stream: 4e9 / 250e6 = 16 s. 16 streams want 4 GB/s, the volume allows 1 GB/s: 4 s.
  f.w.model.io.reader_threads = 1;
  CHECK(f.load_s(f.inputs()) == doctest::Approx(16.0));
  f.w.model.io.reader_threads = 16;
  CHECK(f.load_s(f.inputs()) == doctest::Approx(4.0));
  // The workload's loader.streams overrides model.io.threads: 2 streams, 500 MB/s, 8 s.
  f.w.loader.streams = 2;
  CHECK(f.load_s(f.inputs()) == doctest::Approx(8.0));
}

TEST_CASE("loader: the instance's block bandwidth binds many streams") {
  BlockFixture f;
  f.w.model.io.reader_threads = 16;
  // The platform gives the instance 500 MB/s to its block volumes: 4e9 / 500e6 = 8 s.
  f.platform.block_bandwidth = BytesPerSecond(500e6);
  const SimResult r = simulate_cold_starts(f.inputs());
  CHECK(*r.loads[0].load_time_s() == doctest::Approx(8.0));
  CHECK(r.summary.bottleneck == "instance block bandwidth");
}

TEST_CASE("loader: a volume shared read-only by many instances caps them together") {
  BlockFixture f;
  f.w.model.io.reader_threads = 16;
  // Alone, each instance reads 4 GB at the volume's 1 GB/s for itself: 4 s.
  CHECK(f.load_s(f.inputs()) == doctest::Approx(4.0));
  // Four at once on a volume whose shared throughput is 2 GB/s: 16 GB / 2 GB/s = 8 s each.
  f.w.arrivals = BurstArrivals{4, Seconds(0), Seconds(0)};
  f.storage.throughput.shared = Capacity(ConstantCapacity{BytesPerSecond(2e9)});
  const SimResult r = simulate_cold_starts(f.inputs());
  REQUIRE(r.loads.size() == 4);
  for (const auto& load : r.loads) CHECK(*load.load_time_s() == doctest::Approx(8.0));
  CHECK(r.summary.bottleneck == "vol");
}

TEST_CASE("loader: a profile's streams, chunk, ceiling and staging, and the workload's overrides") {
  BlockFixture f;
  LoaderProfile lp;
  lp.info.name = "fast";
  lp.streams = 16;
  lp.per_stream = BytesPerSecond(50e6);  // the loader's own ceiling: 16 x 50 MB/s = 800 MB/s
  lp.staging = LoaderProfile::Staging::kPinned;
  lp.overlap = true;
  f.w.loader.profile = "fast";
  ColdStartInputs in = f.inputs();
  in.loader = &lp;
  // The volume allows 1 GB/s; the loader's ceiling 800 MB/s binds: 4e9 / 800e6 = 5 s.
  const SimResult r = simulate_cold_starts(in);
  CHECK(*r.loads[0].load_time_s() == doctest::Approx(5.0));
  CHECK(r.summary.bottleneck == "loader fast: 16 streams at 50 MB/s each");
  CHECK(r.loader == "fast");
  // Precedence: the workload's streams and memory beat the profile's.
  f.w.loader.streams = 2;
  f.w.loader.memory = LoaderSpec::HostMemory::kPageable;
  const EffectiveLoader e = effective_loader(f.w, &lp);
  CHECK(e.streams == 2);
  CHECK(e.staging == LoaderProfile::Staging::kPageable);
  CHECK(e.overlap);
  // Without a profile: the generic loader with the workload's threads and block size.
  Workload plain = f.w;
  plain.loader = {};
  plain.model.io.reader_threads = 3;
  const EffectiveLoader g = effective_loader(plain, nullptr);
  CHECK(g.name == "generic");
  CHECK(g.streams == 3);
  CHECK(g.chunk == plain.model.io.block_size);
  CHECK(g.staging == LoaderProfile::Staging::kPageable);
}

TEST_CASE("loader: weights in host memory load at the host-to-device rate, the copy binds") {
  BlockFixture f;
  // 32 GB already in a pinned host-memory pool; the GPU copies pinned memory at 50 GB/s with no
  // per-call cost: the read moves nothing, the overlapped copy takes 32e9 / 50e9 = 0.64 s.
  f.hold_in_host_memory("pool");
  f.gpu.h2d_pinned = {Seconds(0), BytesPerSecond(50e9)};
  LoaderProfile pool;
  pool.info.name = "pool-loader";
  pool.streams = 4;
  pool.staging = LoaderProfile::Staging::kPinned;
  pool.overlap = true;
  pool.page_cache = false;
  pool.pool = true;
  ColdStartInputs in = f.inputs();
  in.loader = &pool;
  const SimResult r = simulate_cold_starts(in);
  CHECK(*r.loads[0].load_time_s() == doctest::Approx(0.64).epsilon(1e-3));
  CHECK(r.summary.bottleneck == "GPU copy (pinned)");
  // The same loader without a pool of its own only stages through pinned buffers: it reads the
  // weights out of memory first, 4 streams x the platform's 10 GB/s per reader = 40 GB/s, 0.8 s,
  // the faster pinned copy overlapping: 0.8 s, bound by the reads.
  LoaderProfile staged = pool;
  staged.pool = false;
  in.loader = &staged;
  const SimResult s = simulate_cold_starts(in);
  CHECK(*s.loads[0].load_time_s() == doctest::Approx(0.8).epsilon(1e-3));
  CHECK(s.summary.bottleneck == "pool streams");
  // A pageable loader reads the pool first: 4 streams x the platform's 10 GB/s per reader =
  // 40 GB/s, 0.8 s, then (overlapping) the pageable copy, here as fast as pinned: 0.8 s.
  f.gpu.h2d_pageable = {Seconds(0), BytesPerSecond(50e9)};
  pool.staging = LoaderProfile::Staging::kPageable;
  ColdStartInputs in2 = f.inputs();
  in2.loader = &pool;
  const SimResult r2 = simulate_cold_starts(in2);
  CHECK(*r2.loads[0].load_time_s() == doctest::Approx(0.8).epsilon(1e-3));
  CHECK(r2.summary.bottleneck == "pool streams");
}

TEST_CASE("loader: a GPU-direct loader copies weights in host memory at the pinned rate") {
  BlockFixture f;
  // 32 GB in host memory (tmpfs, a warm cache) read by a GPU-direct loader: the bytes still
  // cross the host link, so the copy runs at the pinned rate: 32e9 / 50e9 = 0.64 s, plus 4 MiB
  // calls of 10 us each: ceil(32e9 / 4 MiB) = 7,630 calls, 0.0763 s. Serial: 0.7163 s.
  f.hold_in_host_memory("tmpfs");
  f.gpu.h2d_pinned = {Seconds(10e-6), BytesPerSecond(50e9)};
  LoaderProfile gds;
  gds.info.name = "gds";
  gds.streams = 16;
  gds.chunk = Bytes(4.0 * 1024 * 1024);
  gds.staging = LoaderProfile::Staging::kDirect;
  gds.overlap = false;
  gds.page_cache = false;
  ColdStartInputs in = f.inputs();
  in.loader = &gds;
  const SimResult r = simulate_cold_starts(in);
  CHECK(*r.loads[0].load_time_s() == doctest::Approx(0.64 + 7630 * 10e-6).epsilon(1e-4));
  CHECK(r.summary.bottleneck == "GPU copy (pinned)");
}

TEST_CASE("loader: a serial copy follows the reads and shows as the GPU copy's time") {
  BlockFixture f;
  f.w.model.io.reader_threads = 16;
  f.gpu.h2d_pageable = {Seconds(0), BytesPerSecond(2e9)};
  f.w.loader.overlap = false;
  // Reads 4 s at 1 GB/s, then the copy 4e9 / 2e9 = 2 s: load time 6 s; the copy held 2 s.
  const SimResult r = simulate_cold_starts(f.inputs());
  CHECK(*r.loads[0].load_time_s() == doctest::Approx(6.0));
  CHECK(r.summary.bottleneck_time_s.at("GPU copy (pageable)") == doctest::Approx(2.0));
  CHECK(r.summary.load_p50_s == doctest::Approx(6.0));
}

namespace {

/// A GPU-direct loader (cuFile) reading the block fixture's volume with 16 streams, its copies
/// not overlapped, onto a GPU whose pinned copy runs at 1 GB/s.
struct GpuDirectRead : BlockFixture {
  LoaderProfile gds;
  GpuDirectRead() {
    w.model.io.reader_threads = 16;
    gpu.h2d_pinned = {Seconds(0), BytesPerSecond(1e9)};
    gds.info.name = "gds";
    gds.staging = LoaderProfile::Staging::kDirect;
    gds.overlap = false;
    gds.page_cache = false;
  }
  ColdStartInputs with_loader() const {
    ColdStartInputs in = inputs();
    in.loader = &gds;
    return in;
  }
};

}  // namespace

TEST_CASE("loader: GPU-direct reads pay no host-to-device copy of their bytes") {
  GpuDirectRead f;
  f.storage.gpu_direct = true;  // the volume says cuFile reaches it directly
  const ColdStartInputs in = f.with_loader();
  // The read alone: 4 s at the volume's 1 GB/s; a pinned copy at 1 GB/s would have added 4 s.
  CHECK(f.load_s(in) == doctest::Approx(4.0));
  CHECK(simulate_cold_starts(in).notes.empty());
  // A local NVMe drive has the direct path without saying so.
  f.storage.kind = &storage_kind("local");
  f.storage.gpu_direct.reset();
  CHECK(f.load_s(in) == doctest::Approx(4.0));
}

TEST_CASE(
    "loader: without a GPU-direct path, GPU-direct reads run in cuFile's compatibility mode") {
  const GpuDirectRead f;  // a block volume that does not say cuFile reaches it directly
  const ColdStartInputs in = f.with_loader();
  // A POSIX read into host memory, 4 s at 1 GB/s, then a pinned copy of 4 GB at 1 GB/s, not
  // overlapped: 8 s; the result says why.
  CHECK(f.load_s(in) == doctest::Approx(8.0));
  const SimResult r = simulate_cold_starts(in);
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0] ==
        "loader gds reads vol in cuFile's compatibility mode (a POSIX read into host memory, then "
        "a pinned copy): the storage has no GPU-direct path");
}

TEST_CASE("loader: a direct object client reads with the loader's connections, no FUSE") {
  BlockFixture f;
  f.storage = {};
  f.storage.info.name = "s3";
  f.storage.kind = &storage_kind("object_direct");
  f.storage.throughput.per_connection = BytesPerSecond(100e6);
  f.platform.instance_bandwidth = BytesPerSecond(1e9);
  // 4 connections x 100 MB/s = 400 MB/s: 10 s. 32 connections want 3.2 GB/s; the NIC gives
  // 1 GB/s: 4 s.
  f.w.model.io.reader_threads = 4;
  CHECK(f.load_s(f.inputs()) == doctest::Approx(10.0));
  f.w.model.io.reader_threads = 32;
  const SimResult r = simulate_cold_starts(f.inputs());
  CHECK(*r.loads[0].load_time_s() == doctest::Approx(4.0));
  CHECK(r.summary.bottleneck == "instance NIC");
}

TEST_CASE("fit: a model larger than one GPU's memory is infeasible, split over GPUs it fits") {
  ColdStartFixture f;
  f.gpu.info.name = "h100";
  f.gpu.memory = Bytes(80e9);
  f.w.model.files = {{"m.safetensors", Bytes(140e9)}};
  CHECK(infeasibility(f.inputs()) ==
        "the model (140 GB) does not fit in the memory of one h100 (80 GB)");
  f.w.instance.gpus = 2;  // 70 GB per GPU
  CHECK_FALSE(infeasibility(f.inputs()).has_value());
  f.w.model.files = {{"m.safetensors", Bytes(200e9)}};
  CHECK(infeasibility(f.inputs()) ==
        "the model (200 GB) split over 2 GPUs is 100 GB per GPU, more than a h100 holds (80 GB)");
}

TEST_CASE("fit: a model larger than host memory gets no page cache, and the result says so") {
  ColdStartFixture f;
  f.w.model.files = {{"m.safetensors", Bytes(40e9)}};
  f.platform.memory = Bytes(32e9);
  const SimResult r = simulate_cold_starts(f.inputs());
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0] ==
        "no page cache: the model (40 GB) is larger than the instance's memory (32 GB)");
}

TEST_CASE("loader: the shipped loader profiles load, each with its source") {
  stowage::sim::config::Catalog::Options o;
  o.installed = false;
  const stowage::sim::config::Catalog c(o);
  const auto names = c.names(ProfileKind::kLoader);
  CHECK(names.size() >= 8);
  for (const std::string& n : names) {
    const LoaderProfile p = c.loader(n);
    CHECK(!p.info.description.empty());
    CHECK(!p.info.figures.empty());
  }
  // The web UI hashes first: a [load] workload gets a hash pass before the load pass.
  Workload w;
  w.loader.profile = "a1111-webui";
  const LoaderProfile ui = c.loader("a1111-webui");
  CHECK(effective_loader(w, &ui).passes == std::vector<ReadPass>{ReadPass::kHash, ReadPass::kLoad});
  // The pinned pool loader keeps its chunk and stages in pinned memory.
  const LoaderProfile sllm = c.loader("sllm-store");
  CHECK(sllm.staging == LoaderProfile::Staging::kPinned);
  CHECK(*sllm.chunk == Bytes(32e6));
  CHECK_FALSE(sllm.page_cache);
}
