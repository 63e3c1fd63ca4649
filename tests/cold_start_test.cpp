#include "sim/storage/registry.hpp"
#include "sim/coldstart/cold_start.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "tests/cold_start_fixture.hpp"

using namespace stowage::sim;

using Fixture = stowage::testing::ColdStartFixture;
using stowage::testing::kCopyEpsilonS;

namespace {

/// One 1 GB file on an accelerator of 1 GB/s in front of a bucket whose object cap is 100 MB/s.
Fixture accelerator_fixture() {
  Fixture f;
  f.w.model.files = {{"a.safetensors", Bytes(1e9)}};
  f.storage.info.name = "accel";
  f.storage.kind = &storage_kind("accelerator");
  f.storage.page_cache = false;
  f.storage.fuse = FuseClient{BytesPerSecond(1e9), std::nullopt, std::nullopt};
  f.storage.throughput.shared = Capacity(ConstantCapacity{BytesPerSecond(1e9)});
  f.backing.info.name = "bucket";
  f.backing.kind = &storage_kind("object_fuse");
  f.backing.throughput.per_file = BytesPerSecond(100e6);
  return f;
}

}  // namespace

TEST_CASE("cold start: one instance on NAS is bound by its NIC, ten share the file system") {
  Fixture f;
  // NIC 500 MB/s < NAS 600 MB/s: 4.27e9 / 500e6 = 8.54 s.
  SimResult r = f.run();
  REQUIRE(r.loads.size() == 1);
  CHECK(r.summary.max_s == doctest::Approx(8.54).epsilon(kCopyEpsilonS));
  CHECK(r.loads[0].bottleneck == "instance NIC");

  // Ten instances: 10 x 500 MB/s > 600 MB/s, so each gets 60 MB/s: 10 x 4.27e9 / 600e6 = 71.17 s.
  f.w.arrivals = BurstArrivals{10, Seconds(0), Seconds(0)};
  r = f.run();
  CHECK(r.summary.p50_s == doctest::Approx(71.1666667).epsilon(kCopyEpsilonS));
  CHECK(r.summary.max_s == doctest::Approx(71.1666667).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck == "nas");
  // The file system carried its full 600 MB/s.
  CHECK(r.summary.peak_rate_bps.at("nas") == doctest::Approx(600e6));
  CHECK(r.summary.bytes_by_backend.at("nas") == doctest::Approx(42.7e9));
}

TEST_CASE("cold start: a second pass reads from page cache on NAS, from the network on FUSE") {
  Fixture f;
  f.w.model.read_passes = {ReadPass::kHash, ReadPass::kLoad};
  // NAS: hash pass over the NIC, 8.54 s; load pass from page cache at 10 GB/s, 0.427 s.
  SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(8.54 + 0.427).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bytes_by_backend.at("page cache") == doctest::Approx(4.27e9));

  // The same on an object store through FUSE: no page cache, two network reads of 8.54 s.
  f.storage.info.name = "oss";
  f.storage.kind = &storage_kind("object_fuse");
  f.storage.page_cache = false;
  f.storage.throughput.shared.reset();
  f.storage.fuse = FuseClient{BytesPerSecond(1e9), std::nullopt, std::nullopt};
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(2 * 8.54).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bytes_by_backend.at("oss") == doctest::Approx(8.54e9));

  // A model larger than the instance's memory gets no page-cache benefit on NAS either.
  Fixture g;
  g.w.model.read_passes = {ReadPass::kHash, ReadPass::kLoad};
  g.w.instance.memory = Bytes(4e9);
  r = g.run();
  CHECK(r.summary.max_s == doctest::Approx(2 * 8.54).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bytes_by_backend.count("page cache") == 0);
}

TEST_CASE("cold start: the FUSE client's CPU budget binds when it is below the NIC") {
  Fixture f;
  f.storage.info.name = "oss";
  f.storage.kind = &storage_kind("object_fuse");
  f.storage.page_cache = false;
  f.storage.throughput.shared.reset();
  // 2 vCPU x 100 MB/s per vCPU = 200 MB/s < the 500 MB/s NIC: 4.27e9 / 200e6 = 21.35 s.
  f.storage.fuse = FuseClient{BytesPerSecond(100e6), std::nullopt, std::nullopt};
  f.w.instance.vcpu = 2;
  const SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(21.35).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck == "FUSE client CPU");
}

TEST_CASE("cold start: a burst of 300 is spread by a delivery rate of 300 per minute") {
  Fixture f;
  f.platform.delivery_per_minute = 300;
  f.w.arrivals = BurstArrivals{300, Seconds(0), Seconds(0)};
  f.storage.info.name = "local";
  f.storage.kind = &storage_kind("local");
  f.storage.throughput.shared.reset();
  f.storage.throughput.per_client = BytesPerSecond(4.27e9);
  // Local disks do not contend: each read takes 4.27e9 / 4.27e9 = 1 s after delivery. The k-th
  // instance is delivered at k x 60 / 300 = 0.2 k s, so the last (k = 299) at 59.8 s.
  const SimResult r = f.run();
  CHECK(r.loads.front().time_to_ready_s() == doctest::Approx(1.0).epsilon(kCopyEpsilonS));
  CHECK(r.loads.back().time_to_ready_s() == doctest::Approx(60.8).epsilon(kCopyEpsilonS));
  CHECK(r.loads.back().phases.front().phase == Phase::kDelivery);
  CHECK((r.loads.back().phases.front().end - r.loads.back().phases.front().start).value() ==
        doctest::Approx(59.8));
}

TEST_CASE("cold start: the accelerator serves the first reader at the bucket's speed") {
  Fixture f = accelerator_fixture();
  // Instance 0 at t = 0 misses: the object's 100 MB/s cap binds, 1e9 / 100e6 = 10 s.
  // Instance 1 at t = 20 s hits: only its 500 MB/s NIC binds, 1e9 / 500e6 = 2 s.
  f.w.arrivals = TraceArrivals{"", {Seconds(0), Seconds(20)}};
  const SimResult r = f.run();
  REQUIRE(r.loads.size() == 2);
  CHECK(r.loads[0].time_to_ready_s() == doctest::Approx(10.0).epsilon(kCopyEpsilonS));
  CHECK(r.loads[0].bottleneck == "bucket object a.safetensors");
  CHECK(r.loads[1].time_to_ready_s() == doctest::Approx(2.0).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bytes_by_backend.at("accel (miss)") == doctest::Approx(1e9));
  CHECK(r.summary.bytes_by_backend.at("accel") == doctest::Approx(1e9));
}

TEST_CASE("cold start: concurrent misses of one object on the accelerator wait for one fill") {
  Fixture f = accelerator_fixture();
  // Instance 0 at t = 0 misses and fills from the bucket at the object's 100 MB/s: 10 s.
  // Instances 1 and 2 at t = 4 s find the fill in flight and wait for it until 10 s, then both
  // hit: the 1 GB/s cache gives each its 500 MB/s NIC, 1e9 / 500e6 = 2 s: ready at 12 s, 8 s
  // after they arrived. The bucket is read once (1 GB), not three times.
  f.w.arrivals = TraceArrivals{"", {Seconds(0), Seconds(4), Seconds(4)}};
  SimResult r = f.run();
  REQUIRE(r.loads.size() == 3);
  CHECK(r.loads[0].time_to_ready_s() == doctest::Approx(10.0).epsilon(kCopyEpsilonS));
  CHECK(r.loads[1].time_to_ready_s() == doctest::Approx(8.0).epsilon(kCopyEpsilonS));
  CHECK(r.loads[2].time_to_ready_s() == doctest::Approx(8.0).epsilon(kCopyEpsilonS));
  CHECK(r.loads[1].bottleneck == "accel fill by another load");
  CHECK(r.summary.bytes_by_backend.at("accel (miss)") == doctest::Approx(1e9));
  CHECK(r.summary.bytes_by_backend.at("accel") == doctest::Approx(2e9));

  // The filling load times out at 9 s (0.9 GB fetched, cancelled): instance 1, waiting since
  // 4 s, fills instead from 9 s until its own timeout at 13 s; instance 2 waits on until it
  // times out at 13 s too. The object's cap held the fills 9 s + 4 s; the waits held instance 1
  // for 5 s (4 s to 9 s) and instance 2 for 9 s (4 s to 13 s).
  f.w.timeout = Seconds(9);
  r = f.run();
  CHECK(r.summary.failed == 3);
  CHECK(r.summary.bottleneck_time_s.at("bucket object a.safetensors") == doctest::Approx(13.0));
  CHECK(r.summary.bottleneck_time_s.at("accel fill by another load") == doctest::Approx(14.0));

  // A model larger than the cache is never held: each miss reads the bucket on its own. Load 0
  // alone at 100 MB/s until 4 s (0.4 GB), then three share the object's 100 MB/s: load 0's last
  // 0.6 GB at 33.3 MB/s ends at 22 s; loads 1 and 2 then have 0.4 GB left at 50 MB/s each: 30 s.
  f.w.timeout.reset();
  ColdStartInputs small = f.inputs();
  small.choice.capacity = Bytes(0.5e9);
  r = simulate_cold_starts(small);
  CHECK(r.loads[0].time_to_ready_s() == doctest::Approx(22.0).epsilon(kCopyEpsilonS));
  CHECK(r.loads[1].time_to_ready_s() == doctest::Approx(26.0).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bytes_by_backend.at("accel (miss)") == doctest::Approx(3e9));
}

TEST_CASE("cold start: an image over the platform's limit is infeasible, not simulated") {
  Fixture f;
  f.storage.info.name = "image";
  f.storage.kind = &storage_kind("image");
  f.platform.info.name = "fc-gpu";
  f.platform.image.max_compressed = Bytes(30e9);
  f.w.model.files = {{"big.safetensors", Bytes(40e9)}};
  CHECK(infeasibility(f.inputs()) ==
        "the model (40 GB) does not fit in an image: fc-gpu allows at most 30 GB");
  f.w.model.files = {{"ok.safetensors", Bytes(3e9)}};
  CHECK_FALSE(infeasibility(f.inputs()).has_value());
  // Within the limit, the image is pulled at the platform's 300 MB/s: 3e9 / 300e6 = 10 s.
  const SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(10.0).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck == "image pull rate");
}

TEST_CASE("cold start: loads not ready by the timeout fail and count as infinitely slow") {
  Fixture f;
  f.w.arrivals = BurstArrivals{10, Seconds(0), Seconds(0)};
  // They would all be ready at 71.17 s; a 50 s timeout fails every one.
  f.w.timeout = Seconds(50);
  const SimResult r = f.run();
  CHECK(r.summary.failed == 10);
  CHECK(std::isinf(r.summary.p50_s));
  CHECK(r.loads[3].failed());
  CHECK(r.loads[3].phases.back().end.value() == doctest::Approx(50.0));
}

TEST_CASE("cold start: the host-to-device copy overlaps the load pass or follows it") {
  Fixture f;
  f.storage.throughput.shared = Capacity(ConstantCapacity{BytesPerSecond(10e9)});
  f.platform.instance_bandwidth = BytesPerSecond(10e9);
  // Pageable copies at 2 GB/s with 10 us per 1 MiB call: 4.27e9 B is ceil(4.27e9 / 1048576) =
  // 4073 calls: 4073 x 1e-5 + 4.27e9 / 2e9 = 0.04073 + 2.135 = 2.17573 s.
  f.gpu.h2d_pageable = {Seconds(1e-5), BytesPerSecond(2e9)};
  // The read takes 4.27e9 / 10e9 = 0.427 s; overlapped, the copy ends at
  // max(0.427 + one call, 0 + 2.17573) = 2.17573 s.
  SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(2.17573).epsilon(1e-6));
  // Not overlapped, it starts after the read: 0.427 + 2.17573 = 2.60273 s.
  f.w.loader.overlap = false;
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(2.60273).epsilon(1e-6));
}

TEST_CASE("cold start: same seed, same result, another seed changes only the drawn delays") {
  Fixture f;
  f.platform.sandbox_start = Distribution::lognormal(Seconds(2), Seconds(6));
  f.w.arrivals = BurstArrivals{20, Seconds(0), Seconds(10)};
  const SimResult a = f.run();
  const SimResult b = f.run();
  REQUIRE(a.loads.size() == b.loads.size());
  for (std::size_t k = 0; k < a.loads.size(); ++k) {
    CHECK(a.loads[k].ready == b.loads[k].ready);
  }
  f.w.seed = 8;
  const SimResult c = f.run();
  bool any_sandbox_differs = false;
  for (std::size_t k = 0; k < a.loads.size(); ++k) {
    CHECK(a.loads[k].arrive == c.loads[k].arrive);
    const auto sandbox = [](const LoadResult& l) { return l.phases[0].end - l.phases[0].start; };
    any_sandbox_differs |= sandbox(a.loads[k]) != sandbox(c.loads[k]);
  }
  CHECK(any_sandbox_differs);
  CHECK(a.summary.bytes_by_backend == c.summary.bytes_by_backend);
}

TEST_CASE("cold start: switches skip the start-up phases and keep the page cache") {
  Fixture f;
  f.w.model.read_passes = {ReadPass::kHash, ReadPass::kLoad};
  f.w.arrivals = SwitchArrivals{2, 2, Seconds(100)};
  // Round 0: hash over the network (two instances on 600 MB/s: 300 MB/s each, 4.27e9 / 300e6 =
  // 14.233 s), load from page cache (0.427 s). Round 1: both passes from page cache, 0.854 s.
  const SimResult r = f.run();
  REQUIRE(r.loads.size() == 4);
  CHECK(r.loads[0].time_to_ready_s() == doctest::Approx(14.2333 + 0.427).epsilon(kCopyEpsilonS));
  CHECK(r.loads[2].round == 1);
  CHECK(r.loads[2].time_to_ready_s() == doctest::Approx(0.854).epsilon(kCopyEpsilonS));
  CHECK(r.loads[0].phases.front().phase == Phase::kReadHash);
}
