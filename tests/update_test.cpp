#include "sim/storage/registry.hpp"
#include "sim/update.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "advisor/report/sim_result.hpp"
#include "sim/coldstart/cold_start.hpp"
#include "tests/cold_start_fixture.hpp"

using namespace stowage::sim;

namespace {

// The cold-start fixture (tests/cold_start_fixture.hpp) with a 1 GB model, so that sizes in GB
// are the model's, a 250 MB/s image pull rate and a timeout no load reaches. The writer of an
// update has the platform's 500 MB/s instance bandwidth.
struct UpdateFixture : stowage::testing::ColdStartFixture {
  UpdateFixture() {
    w.name = "u";
    w.model.files = {{"m.safetensors", Bytes(1e9)}};
    platform.start_timeout = Seconds(10000);
    platform.image.pull_rate = BytesPerSecond(250e6);
    backing.info.name = "bucket";
    backing.kind = &storage_kind("object_fuse");
  }

  void make_image() {
    storage.info.name = "img";
    storage.kind = &storage_kind("image");
    storage.throughput.shared.reset();
    platform.image.build_rate = BytesPerSecond(50e6);
    platform.image.push_rate = BytesPerSecond(125e6);
    platform.image.preprocessing = SizeDependentTime{Seconds(60), Seconds(30)};
    platform.image.unaccelerated_pull_rate = BytesPerSecond(100e6);
  }

  UpdateTimeline timeline() const { return update_timeline(storage_setup(inputs())); }
  ColdStartInputs inputs_warm() const {
    ColdStartInputs in = inputs();
    in.choice.warm = true;
    return in;
  }
};

using stowage::testing::kCopyEpsilonS;

const PhaseTime* find_phase(const LoadResult& load, Phase phase) {
  const auto it = std::find_if(load.phases.begin(), load.phases.end(),
                               [&](const PhaseTime& p) { return p.phase == phase; });
  return it == load.phases.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("update: an image is rebuilt, pushed and preprocessed") {
  UpdateFixture f;
  f.make_image();
  // build 1e9 / 50e6 = 20 s, push 1e9 / 125e6 = 8 s: the image exists after 28 s;
  // preprocessing 60 s + 30 s x 1 GB = 90 s: prepared after 118 s.
  UpdateTimeline u = f.timeline();
  REQUIRE(u.steps.size() == 3);
  CHECK(update_step_name(u.steps[0].kind) == "build");
  CHECK(u.steps[0].seconds == doctest::Approx(20));
  CHECK(u.steps[1].seconds == doctest::Approx(8));
  CHECK(u.steps[2].seconds == doctest::Approx(90));
  CHECK(u.available_s == doctest::Approx(28));
  CHECK(u.ready_s == doctest::Approx(118));
  CHECK(u.unmodelled.empty());
  CHECK(update_text(u) == "118 s (build 20 s + push 8 s + preprocess 90 s)");

  // A published ready delay of 300 s is longer than the 90 s of the size model: it counts.
  f.platform.image.ready_delay = Seconds(300);
  u = f.timeline();
  CHECK(u.ready_s == doctest::Approx(328));
  CHECK(u.steps[2].basis == "the platform's ready delay of 300 s");

  // No build rate: the build is not counted, and the report says so.
  f.platform.image.build_rate.reset();
  u = f.timeline();
  CHECK(u.available_s == doctest::Approx(8));
  REQUIRE(u.unmodelled.size() == 1);
  CHECK(u.unmodelled[0] == "build (no image build rate)");
  // The total is then unknown (null in JSON), and more than the steps that have a time.
  CHECK(update_text(u) == "an unknown time, more than 308 s (push 8 s + preprocess 300 s); not "
                          "counted: build (no image build rate)");
  CHECK_FALSE(u.known());
  const auto json = stowage::advisor::report::update_json(u);
  CHECK(json["to_ready_s"].is_null());
  CHECK(json["available_s"].is_null());
  CHECK(json["steps"].size() == 2);
  // No step with a time at all: unknown, never `0 s (none)`.
  f.platform.image.push_rate.reset();
  f.platform.image.ready_delay.reset();
  f.platform.image.preprocessing.reset();
  u = f.timeline();
  CHECK(u.steps.empty());
  CHECK(update_text(u) == "an unknown time (not counted: build (no image build rate), push (no "
                          "registry push rate))");
}

TEST_CASE("update: files are copied by one writer at the slower of its bandwidth and the storage") {
  UpdateFixture f;
  // No write rate: the writer's 500 MB/s binds, 1e9 / 500e6 = 2 s.
  UpdateTimeline u = f.timeline();
  REQUIRE(u.steps.size() == 1);
  CHECK(update_step_name(u.steps[0].kind) == "copy");
  CHECK(u.ready_s == doctest::Approx(2));
  CHECK(u.available_s == doctest::Approx(2));
  CHECK(u.steps[0].basis == "1 GB at 500 MB/s (the writer's bandwidth)");
  // A file system that takes 200 MB/s: 1e9 / 200e6 = 5 s.
  f.storage.update.write_rate = BytesPerSecond(200e6);
  CHECK(f.timeline().ready_s == doctest::Approx(5));
  CHECK(f.timeline().steps[0].basis == "1 GB at 200 MB/s (nas write rate)");
  // An accelerator is written through its bucket: the bucket's 100 MB/s gives 10 s.
  f.storage.kind = &storage_kind("accelerator");
  f.backing.update.write_rate = BytesPerSecond(100e6);
  CHECK(f.timeline().ready_s == doctest::Approx(10));
}

TEST_CASE("update: on NAS a load waits for the copy, then reads") {
  UpdateFixture f;
  f.w.model.update_at = Seconds(0);
  // Copy 2 s (above); the read then takes 1e9 / 500e6 = 2 s on the NIC: ready at 4 s.
  SimResult r = f.run();
  REQUIRE(r.loads.size() == 1);
  CHECK(r.summary.max_s == doctest::Approx(4).epsilon(kCopyEpsilonS));
  const PhaseTime* wait = find_phase(r.loads[0], Phase::kUpdateWait);
  REQUIRE(wait != nullptr);
  CHECK(wait->start.value() == doctest::Approx(0));
  CHECK(wait->end.value() == doctest::Approx(2));
  // A load requested after the copy ends does not wait: 2 s.
  f.w.arrivals = BurstArrivals{1, Seconds(3), Seconds(0)};
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(2).epsilon(kCopyEpsilonS));
  CHECK(find_phase(r.loads[0], Phase::kUpdateWait) == nullptr);
}

TEST_CASE("update: an image starts unaccelerated until preprocessing is done") {
  UpdateFixture f;
  f.make_image();
  f.w.model.update_at = Seconds(0);
  // The image exists at 28 s: the load requested at 0 waits 28 s. Preprocessing ends at 118 s,
  // so it pulls the whole image at 100 MB/s: 1e9 / 100e6 = 10 s; the read then comes from the
  // page cache at 10 GB/s: 0.1 s. Ready at 28 + 10 + 0.1 = 38.1 s.
  SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(38.1).epsilon(kCopyEpsilonS));
  const PhaseTime* pull = find_phase(r.loads[0], Phase::kImagePull);
  REQUIRE(pull != nullptr);
  CHECK(pull->start.value() == doctest::Approx(28));
  CHECK(pull->end.value() == doctest::Approx(38));
  CHECK(r.summary.bytes_by_backend.at("img (unaccelerated pull)") == doctest::Approx(1e9));
  CHECK(r.summary.bottleneck == "img unaccelerated pull rate");

  // Requested at 200 s, after preprocessing: the usual lazy read at the 250 MB/s pull rate, 4 s.
  f.w.arrivals = BurstArrivals{1, Seconds(200), Seconds(0)};
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(4).epsilon(kCopyEpsilonS));
  CHECK(find_phase(r.loads[0], Phase::kImagePull) == nullptr);

  // A model larger than the instance's memory gets no page cache: after the 10 s pull the read
  // takes the usual route, 4 s more: 28 + 10 + 4 = 42 s.
  f.w.arrivals = BurstArrivals{1, Seconds(0), Seconds(0)};
  f.w.instance.memory = Bytes(0.5e9);
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(42).epsilon(kCopyEpsilonS));
}

TEST_CASE("update: unaccelerated pulls share the instance's NIC like any read") {
  UpdateFixture f;
  f.make_image();
  f.w.model.update_at = Seconds(0);
  f.platform.image.unaccelerated_pull_rate = BytesPerSecond(1e9);
  // The pull's own bound (1 GB/s) is above the 500 MB/s NIC: 1e9 / 500e6 = 2 s after the image
  // exists at 28 s, then 0.1 s from the page cache: 30.1 s, bound by the NIC.
  const SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(30.1).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck == "instance NIC");
}

TEST_CASE("update: a warmed accelerator adds a warm-up job, at least the shortest one") {
  UpdateFixture f;
  f.storage.info.name = "accel";
  f.storage.kind = &storage_kind("accelerator");
  f.storage.throughput.shared = Capacity(ConstantCapacity{BytesPerSecond(200e6)});
  f.backing.update.write_rate = BytesPerSecond(1e9);
  // Unwarmed: only the upload to the bucket, at the writer's 500 MB/s: 2 s.
  UpdateTimeline u = f.timeline();
  CHECK(u.ready_s == doctest::Approx(2));
  // Warmed: then 1e9 / 200e6 = 5 s of warm-up at the cache's bandwidth: ready after 7 s.
  u = update_timeline(storage_setup(f.inputs_warm()));
  REQUIRE(u.steps.size() == 2);
  CHECK(update_step_name(u.steps[1].kind) == "warm_up");
  CHECK(u.available_s == doctest::Approx(2));
  CHECK(u.ready_s == doctest::Approx(7));
  // A job takes at least 900 s (15 min): 2 + 900 = 902 s.
  f.storage.update.warm_up = Seconds(900);
  u = update_timeline(storage_setup(f.inputs_warm()));
  CHECK(u.ready_s == doctest::Approx(902));
  CHECK(u.steps[1].basis == "the shortest warm-up job, 900 s");
}

TEST_CASE(
    "update: a warmed accelerator serves hits from the start, or once warmed after an update") {
  UpdateFixture f;
  f.storage.info.name = "accel";
  f.storage.kind = &storage_kind("accelerator");
  f.storage.throughput.shared = Capacity(ConstantCapacity{BytesPerSecond(2e9)});
  f.storage.throughput.per_connection = BytesPerSecond(400e6);
  f.backing.throughput.per_file = BytesPerSecond(100e6);
  f.w.arrivals = BurstArrivals{1, Seconds(0), Seconds(0)};
  // Cold: the first reader misses and reads at the bucket's per-object 100 MB/s: 10 s.
  SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(10).epsilon(kCopyEpsilonS));
  // Warm: a hit at min(per-connection 400 MB/s, NIC 500 MB/s) = 400 MB/s: 2.5 s.
  r = simulate_cold_starts(f.inputs_warm());
  CHECK(r.summary.max_s == doctest::Approx(2.5).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bytes_by_backend.at("accel") == doctest::Approx(1e9));
  // With an update at 0: the upload takes 2 s (writer 500 MB/s), the warm-up 1e9 / 2e9 = 0.5 s,
  // so the cache holds the new version at 2.5 s. A load requested at 0 waits for the upload
  // (2 s) and then misses (its read starts before the warm-up ends): 2 + 10 = 12 s. A load
  // requested at 5 s hits: 2.5 s.
  f.w.model.update_at = Seconds(0);
  r = simulate_cold_starts(f.inputs_warm());
  CHECK(r.summary.max_s == doctest::Approx(12).epsilon(kCopyEpsilonS));
  f.w.arrivals = BurstArrivals{1, Seconds(5), Seconds(0)};
  r = simulate_cold_starts(f.inputs_warm());
  CHECK(r.summary.max_s == doctest::Approx(2.5).epsilon(kCopyEpsilonS));
}

TEST_CASE("update: `warm` on anything but an accelerator is infeasible, with the reason") {
  UpdateFixture f;
  CHECK(infeasibility(f.inputs_warm()) ==
        "`warm` applies to an accelerator's cache; nas is a nas storage");
}

TEST_CASE("update: the platform's image cache bandwidth is shared by every pull") {
  UpdateFixture f;
  f.make_image();
  f.platform.image.cache_bandwidth = BytesPerSecond(500e6);
  f.w.arrivals = BurstArrivals{4, Seconds(0), Seconds(0)};
  // Prepared image: 4 lazy pulls of 250 MB/s want 1 GB/s, the cache serves 500 MB/s: 125 MB/s
  // each, 1e9 / 125e6 = 8 s (without the cache limit: 1e9 / 250e6 = 4 s).
  SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(8).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck == "img cache");
  // Unprepared (update at 0): after the 28 s build and push, 4 whole-image pulls of 100 MB/s
  // want 400 MB/s, below the cache: 10 s each, then 0.1 s from the page cache: 38.1 s.
  f.w.model.update_at = Seconds(0);
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(38.1).epsilon(kCopyEpsilonS));
  // Eight of them want 800 MB/s: 62.5 MB/s each, 1e9 / 62.5e6 = 16 s: 28 + 16 + 0.1 = 44.1 s.
  f.w.arrivals = BurstArrivals{8, Seconds(0), Seconds(0)};
  r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(44.1).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck == "img cache");
}
