// The node cache (sim/storage/node_cache.cpp): each instance's first read of a file goes to the
// bucket and fills the instance's own cache, its later reads hit its disk; misses of many
// instances share the bucket's caps; a model the cache or the temporary disk cannot hold is
// infeasible; an update uploads to the bucket and, warmed, prefetches on every node. Every
// expected time is derived by hand from the cold-start fixture (tests/cold_start_fixture.hpp):
// a 500 MB/s NIC, 8 vCPUs, no random delays, a negligible host-to-device copy.
#include <doctest/doctest.h>

#include "advisor/judge/cost.hpp"
#include "sim/coldstart/cold_start.hpp"
#include "sim/config/catalog.hpp"
#include "sim/storage/registry.hpp"
#include "sim/update.hpp"
#include "tests/cold_start_fixture.hpp"

using namespace stowage::sim;
using stowage::testing::kCopyEpsilonS;

namespace {

/// One 1 GB file in a node cache `cache` whose disk reads 2 GB/s, in front of the bucket
/// `bucket`, which has no cap of its own until a test gives it one. The FUSE client's 8 x 1 GB/s
/// never binds.
struct NodeCacheFixture : stowage::testing::ColdStartFixture {
  NodeCacheFixture() {
    w.model.files = {{"a.safetensors", Bytes(1e9)}};
    storage = StorageProfile{};
    storage.info.name = "cache";
    storage.kind = &storage_kind("node_cache");
    storage.backing = "bucket";
    storage.fuse = FuseClient{BytesPerSecond(1e9), std::nullopt, std::nullopt};
    storage.throughput.per_client = BytesPerSecond(2e9);
    backing.info.name = "bucket";
    backing.kind = &storage_kind("object_fuse");
    backing.fuse = FuseClient{BytesPerSecond(1e9), std::nullopt, std::nullopt};
  }
  std::optional<std::string> why_not() const { return infeasibility(inputs()); }
  UpdateTimeline timeline(bool warm) const {
    ColdStartInputs in = inputs();
    in.choice.warm = warm;
    return update_timeline(storage_setup(in));
  }
};

}  // namespace

TEST_CASE(
    "node cache: an instance's first read misses over its NIC, its later reads hit its disk") {
  NodeCacheFixture f;
  // One running instance switches twice, 100 s apart. The first switch misses: the bucket
  // through the 500 MB/s NIC, 1e9 / 500e6 = 2 s. The second hits its own disk: 1e9 / 2e9 = 0.5 s.
  f.w.arrivals = SwitchArrivals{1, 2, Seconds(100)};
  SimResult r = f.run();
  REQUIRE(r.loads.size() == 2);
  CHECK(r.loads[0].time_to_ready_s() == doctest::Approx(2.0).epsilon(kCopyEpsilonS));
  CHECK(r.loads[0].bottleneck == "instance NIC");
  CHECK(r.loads[1].time_to_ready_s() == doctest::Approx(0.5).epsilon(kCopyEpsilonS));
  CHECK(r.loads[1].bottleneck == "cache local disk");
  CHECK(r.summary.bytes_by_backend.at("cache (miss)") == doctest::Approx(1e9));
  CHECK(r.summary.bytes_by_backend.at("cache") == doctest::Approx(1e9));
  // Only the miss read the bucket: it is what the storage's request price charges.
  CHECK(r.summary.bytes_billed == doctest::Approx(1e9));

  // Two read passes of one cold start: the hash misses (2 s), the load hits (0.5 s).
  f.w.arrivals = BurstArrivals{1, Seconds(0), Seconds(0)};
  f.w.model.read_passes = {ReadPass::kHash, ReadPass::kLoad};
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(2.5).epsilon(kCopyEpsilonS));

  // Caches are per instance: a second instance 20 s later misses as the first did.
  f.w.model.read_passes = {ReadPass::kLoad};
  f.w.arrivals = TraceArrivals{"", {Seconds(0), Seconds(20)}};
  r = f.run();
  REQUIRE(r.loads.size() == 2);
  CHECK(r.loads[1].time_to_ready_s() == doctest::Approx(2.0).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bytes_by_backend.at("cache (miss)") == doctest::Approx(2e9));
  CHECK(r.summary.bytes_by_backend.count("cache") == 0);
}

TEST_CASE("node cache: the misses of many instances share the bucket's caps, the hits do not") {
  NodeCacheFixture f;
  // An account cap of 1 GB/s: four instances miss at once, 250 MB/s each (below their NICs):
  // 1e9 / 250e6 = 4 s. Their second switch hits four disks at once: 0.5 s each.
  f.backing.throughput.account = BytesPerSecond(1e9);
  f.w.arrivals = SwitchArrivals{4, 2, Seconds(100)};
  SimResult r = f.run();
  REQUIRE(r.loads.size() == 8);
  for (int i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(r.loads[i].time_to_ready_s() == doctest::Approx(4.0).epsilon(kCopyEpsilonS));
    CHECK(r.loads[i].bottleneck == "bucket account");
    CHECK(r.loads[i + 4].time_to_ready_s() == doctest::Approx(0.5).epsilon(kCopyEpsilonS));
  }
  CHECK(r.summary.peak_rate_bps.at("bucket account") == doctest::Approx(1e9));

  // A cap of 400 MB/s per object: two instances that miss the one file get 200 MB/s each, 5 s.
  f.backing.throughput.account.reset();
  f.backing.throughput.per_file = BytesPerSecond(400e6);
  f.w.arrivals = BurstArrivals{2, Seconds(0), Seconds(0)};
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(5.0).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck == "bucket object a.safetensors");

  // The bucket's per-connection rate through the cache's FUSE client: 4 threads x 100 MB/s =
  // 400 MB/s binds a miss (2.5 s), named after the bucket.
  f.backing.throughput.per_file.reset();
  f.backing.throughput.per_connection = BytesPerSecond(100e6);
  f.storage.fuse->threads = 4;
  f.w.arrivals = BurstArrivals{1, Seconds(0), Seconds(0)};
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(2.5).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck == "bucket connections");
}

TEST_CASE("node cache: a model larger than the cache or the temporary disk is infeasible") {
  NodeCacheFixture f;
  f.platform.temp_disk = Bytes(60e9);
  CHECK_FALSE(f.why_not().has_value());
  f.w.model.files = {{"a.safetensors", Bytes(70e9)}};
  CHECK(f.why_not() ==
        "the model (70 GB) does not fit in p's temporary disk (60 GB per instance), which holds "
        "cache's cache");

  NodeCacheFixture g;
  g.w.model.files = {{"a.safetensors", Bytes(20e9)}};
  ColdStartInputs in = g.inputs();
  in.choice.capacity = Bytes(10e9);
  CHECK(infeasibility(in) ==
        "the model (20 GB) does not fit in cache's cache of 10 GB per instance");
  g.storage.limits.max_capacity = Bytes(16e9);
  CHECK(g.why_not() == "the model (20 GB) does not fit in cache's cache: it holds at most 16 GB");

  // The bucket behind it is required, as for an accelerator.
  NodeCacheFixture h;
  ColdStartInputs no_bucket = h.inputs();
  no_bucket.backing = nullptr;
  CHECK(infeasibility(no_bucket) == "cache needs the object store behind it");
}

TEST_CASE("node cache: an update uploads to the bucket, and warmed every node then prefetches") {
  NodeCacheFixture f;
  // The upload runs at the writer's 500 MB/s: 2 s. Nodes fill on their first reads.
  UpdateTimeline u = f.timeline(false);
  REQUIRE(u.steps.size() == 1);
  CHECK(u.steps[0].kind == UpdateStepKind::kCopy);
  CHECK(u.available_s == doctest::Approx(2));
  CHECK(u.ready_s == doctest::Approx(2));

  // Warmed: each node then prefetches at its slowest link, the 500 MB/s NIC: 2 s more.
  u = f.timeline(true);
  REQUIRE(u.steps.size() == 2);
  CHECK(u.steps[1].kind == UpdateStepKind::kWarmUp);
  CHECK(u.steps[1].basis == "1 GB at 500 MB/s (each node's prefetch: instance NIC)");
  CHECK(u.available_s == doctest::Approx(2));
  CHECK(u.ready_s == doctest::Approx(4));
  // A bucket written at 100 MB/s: the upload takes 10 s; a 250 MB/s disk binds the prefetch.
  f.backing.update.write_rate = BytesPerSecond(100e6);
  f.storage.throughput.per_client = BytesPerSecond(250e6);
  u = f.timeline(true);
  CHECK(u.steps[0].seconds == doctest::Approx(10));
  CHECK(u.steps[1].basis == "1 GB at 250 MB/s (each node's prefetch: cache local disk)");
  CHECK(u.ready_s == doctest::Approx(14));

  // A warmed run with an update at 0 s: a start at 0 s waits for the upload (2 s) and misses
  // (2 s); a start at 10 s, after every node has prefetched (4 s), hits: 0.5 s.
  NodeCacheFixture g;
  g.w.model.update_at = Seconds(0);
  g.w.arrivals = TraceArrivals{"", {Seconds(0), Seconds(10)}};
  ColdStartInputs in = g.inputs();
  in.choice.warm = true;
  const SimResult r = simulate_cold_starts(in);
  REQUIRE(r.loads.size() == 2);
  CHECK(r.loads[0].time_to_ready_s() == doctest::Approx(4.0).epsilon(kCopyEpsilonS));
  CHECK(r.loads[1].time_to_ready_s() == doctest::Approx(0.5).epsilon(kCopyEpsilonS));
}

TEST_CASE("node cache: its cost is the bucket's storage and the misses' requests") {
  namespace adv = stowage::advisor;
  NodeCacheFixture f;
  f.storage.cost.currency = "USD";
  f.storage.cost.per_10k_requests = 0.004;
  f.storage.requests.size = Bytes(8e6);
  f.backing.cost.currency = "USD";
  f.backing.cost.per_gb_month_stored = 0.023;
  // Two switches a day on one instance: the first misses, the second hits. A month is 60 loads
  // of 0.5 GB billed each: 30e9 / 8e6 = 3750 GETs x 0.004 / 10,000 = USD 0.0015.
  f.w.arrivals = SwitchArrivals{1, 2, Seconds(100)};
  const adv::MonthlyUse use = adv::monthly_use(f.w, f.run());
  CHECK(use.bytes_per_start == doctest::Approx(0.5e9));
  const adv::MonthlyCost c =
      adv::monthly_cost(f.w, f.inputs().choice, f.storage, &f.backing, f.platform, use);
  CHECK(c.currency == "USD");
  // The bucket: 1 GB x 0.023. The cache is the instance's own disk: unpriced.
  CHECK(c.storage == doctest::Approx(0.023));
  CHECK(c.storage_unpriced);
  CHECK(c.transfer == doctest::Approx(0.0015));
  // An update is priced by nothing beyond the storage's prices (its upload and the nodes'
  // refills are requests).
  CHECK_FALSE(storage_kind("node_cache").update_charge(f.platform).has_value());
}

TEST_CASE("node cache: the shipped s3-mountpoint-cache profile loads with its bucket") {
  config::Catalog::Options o;
  o.installed = false;  // the built-in catalog only
  const config::Catalog c(o);
  const StorageProfile p = c.storage("s3-mountpoint-cache");
  CHECK(p.kind == &storage_kind("node_cache"));
  CHECK(p.backing == "s3-mountpoint");
  CHECK_FALSE(p.page_cache);
  CHECK(p.throughput.per_client->value() == doctest::Approx(7e9));
  CHECK(p.cold_start.mount.has_value());
  // The bucket side is the s3-mountpoint profile's: the same client, the same request size.
  const StorageProfile bucket = c.storage(p.backing);
  REQUIRE(p.fuse.has_value());
  CHECK(p.fuse->per_vcpu == bucket.fuse->per_vcpu);
  CHECK(p.fuse->threads == bucket.fuse->threads);
  CHECK(p.requests.size == bucket.requests.size);
  // The local disk's rate is an assumption with its range; every figure has a source.
  bool disk_assumed = false;
  for (const Figure& fig : p.info.figures) {
    CAPTURE(fig.path);
    if (fig.path == "throughput.per_client") {
      disk_assumed = fig.source.is_assumption() &&
                     fig.source.text.find("range 2 to 14 GB/s") != std::string::npos;
    }
  }
  CHECK(disk_assumed);
}
