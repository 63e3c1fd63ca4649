// Single-reader ceilings of the shipped catalog: one reader and sixteen read the same model at
// different rates on every storage where one reader is limited (a storage's `per_stream`, a
// direct object client's connections), and a one-stream loader is held back by its own
// per-stream rate where the storage gives one reader more. Each storage is the built-in profile
// as shipped, read by the generic loader (model.io.threads streams, overlapping copies) on the
// cold-start fixture's platform with a 100 Gbit/s NIC (12.5 GB/s, so the NIC binds nowhere) and
// 8 vCPUs; request latencies are taken out so that every time is bytes / rate, worked by hand
// from the profile's figures. The model is one 4.27 GB file; the copy is negligible.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_runner.hpp"
#include "cold_start_fixture.hpp"
#include "shipped_catalog.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/profile_loader.hpp"
#include "sim/storage/routes.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;
using stowage::testing::ColdStartFixture;

namespace {

constexpr double kModelBytes = 4.27e9;

Catalog built_in() { return stowage::testing::built_in_catalog(); }

/// The load time of one cold load of the fixture's model from `storage` with `streams` readers.
double load_time(const StorageProfile& storage, int streams,
                 std::optional<Bytes> stored = std::nullopt) {
  ColdStartFixture f;
  f.platform.instance_bandwidth = BytesPerSecond(12.5e9);
  f.storage = storage;
  f.w.model.io.reader_threads = streams;
  ColdStartInputs in = f.inputs();
  in.choice.stored = stored;
  const SimResult r = simulate_cold_starts(in);
  REQUIRE(r.loads.size() == 1);
  REQUIRE(r.loads[0].load_time_s().has_value());
  return *r.loads[0].load_time_s();
}

/// Read time with `streams` readers over read time with one: what 16 readers gain.
double gain(const std::string& name, std::optional<Bytes> stored = std::nullopt) {
  const StorageProfile p = built_in().storage(name);
  return load_time(p, 1, stored) / load_time(p, 16, stored);
}

}  // namespace

TEST_CASE("per stream: local-nvme, one buffered reader 2.083 GB/s, sixteen the drive's 7 GB/s") {
  // 1 stream: min(per_stream 2.083 GB/s x 1, per_client 7 GB/s) = 2.083 GB/s: 4.27e9 / 2.083e9
  // = 2.050 s. 16 streams: min(2.083 x 16 = 33.3, 7) = 7 GB/s: 0.610 s. Ratio 7 / 2.083 = 3.361.
  const StorageProfile p = built_in().storage("local-nvme");
  CHECK(load_time(p, 1) == doctest::Approx(kModelBytes / 2.083e9).epsilon(1e-3));
  CHECK(load_time(p, 16) == doctest::Approx(kModelBytes / 7e9).epsilon(1e-3));
  CHECK(gain("local-nvme") == doctest::Approx(7.0 / 2.083).epsilon(1e-3));
}

TEST_CASE("per stream: nas-performance, one NFS reader 300 MB/s, sixteen the file system's rate") {
  // 500 GB stored: shared = 600 MB/s + 659.7 MB/s per TiB x 500e9 / 2^40 TiB = 600 + 300.0 =
  // 900.0 MB/s. 1 stream: min(300 MB/s, 900) = 300 MB/s. 16 streams: min(4.8 GB/s, 900 MB/s) =
  // 900 MB/s. Ratio 900.0 / 300 = 3.000.
  const double shared = 600e6 + 659.7e6 * 500e9 / 1099511627776.0;
  CHECK(gain("nas-performance", Bytes(500e9)) == doctest::Approx(shared / 300e6).epsilon(1e-3));
}

TEST_CASE("per stream: efs-elastic, one NFS reader 300 MB/s, sixteen the 1,500 MiB/s client cap") {
  // 1 stream: 300 MB/s. 16 streams: min(4.8 GB/s, per_client 1500 MiB/s = 1572.9 MB/s, shared
  // 20 GiB/s) = 1572.9 MB/s. Ratio 1572.864 / 300 = 5.243.
  CHECK(gain("efs-elastic") == doctest::Approx(1500.0 * 1048576 / 300e6).epsilon(1e-3));
}

TEST_CASE("per stream: gcp-pd-ssd, one reader 350 MB/s, sixteen the disk's 1,200 MiB/s") {
  // 1 stream: min(per_stream 350 MB/s, per_client 1200 MiB/s = 1258.3 MB/s) = 350 MB/s. 16
  // streams: min(5.6 GB/s, 1258.3 MB/s) = 1258.3 MB/s. Ratio 1258.291 / 350 = 3.595.
  CHECK(gain("gcp-pd-ssd") == doctest::Approx(1200.0 * 1048576 / 350e6).epsilon(1e-3));
}

TEST_CASE("per stream: gcp-pd-balanced, one reader 350 MB/s, sixteen the disk's 420 MiB/s") {
  // 1 stream: min(350 MB/s, 420 MiB/s = 440.4 MB/s) = 350 MB/s. 16 streams: 440.4 MB/s. Ratio
  // 440.402 / 350 = 1.258.
  CHECK(gain("gcp-pd-balanced") == doctest::Approx(420.0 * 1048576 / 350e6).epsilon(1e-3));
}

TEST_CASE("per stream: s3-mountpoint, one reader 1.084 GB/s, sixteen its FUSE client's CPU") {
  // Mountpoint's S3 client sizes its connections to the NIC, so no connection limit binds. 1
  // stream: min(per_stream 1.084 GB/s, FUSE CPU 8 x 1.1 = 8.8 GB/s, per_client 100 Gbit/s) =
  // 1.084 GB/s. 16 streams: min(17.3 GB/s, 8.8 GB/s, 12.5) = 8.8 GB/s (the account's 5,500
  // GET/s x 8 MB = 44 GB/s binds nowhere). Ratio 8.8 / 1.084 = 8.118.
  CHECK(gain("s3-mountpoint") == doctest::Approx(8.8e9 / 1.084e9).epsilon(1e-3));
}

TEST_CASE("per stream: ossfs1, one reader 355 MB/s, four at most its 1.4 GB/s mount") {
  // ossfs 1.x with direct_read (profiles/storage/ossfs1.yaml). 1 stream: min(per_stream 355
  // MB/s, 16 FUSE connections x 85 MB/s = 1.36 GB/s, FUSE CPU 8 x 0.67 = 5.36 GB/s, per_client
  // 1.4 GB/s, the object's 4.3 GB/s) = 355 MB/s: 4.27e9 / 355e6 = 12.03 s. 16 streams:
  // min(5.68 GB/s, 1.36 GB/s, 5.36, 1.4, 4.3) = 1.36 GB/s. ossfs 2.0 reads one stream at 3.0 GB/s
  // (per_stream) against 16 x 85 MB/s = 1.36 GB/s of connections: the connections bind, 3.14 s.
  const Catalog c = built_in();
  CHECK(load_time(c.storage("ossfs1"), 1) == doctest::Approx(kModelBytes / 355e6).epsilon(1e-3));
  CHECK(gain("ossfs1") == doctest::Approx(1.36e9 / 355e6).epsilon(1e-3));
  CHECK(load_time(c.storage("oss"), 1) == doctest::Approx(kModelBytes / 1.36e9).epsilon(1e-3));
}

TEST_CASE("per stream: the direct object clients read one connection per stream") {
  // s3-direct: 1 stream = 1 connection x 85 MB/s; 16 streams 16 x 85 = 1.36 GB/s (under the
  // 12.5 GB/s NIC and 5,500 GET/s x 8 MB = 44 GB/s). Ratio 16.
  CHECK(gain("s3-direct") == doctest::Approx(16.0).epsilon(1e-3));
  // gcs-direct: 200 MiB/s = 209.7 MB/s per connection; 16 x 209.7 = 3.36 GB/s, under the NIC,
  // and 5,000 reads/s x 8 MB = 40 GB/s binds nowhere. Ratio 16.
  CHECK(gain("gcs-direct") == doctest::Approx(16.0).epsilon(1e-3));
  // oss-direct: 16 x 85 MB/s = 1.36 GB/s is above the object's own 10 Gbit/s = 1.25 GB/s, which
  // binds (2,000 GET/s x 8 MB = 16 GB/s does not). Ratio 1.25 / 0.085 = 14.71.
  CHECK(gain("oss-direct") == doctest::Approx(1.25e9 / 85e6).epsilon(1e-3));
}

TEST_CASE("per stream: a one-stream safetensors load from a fast NVMe is bound by the loader") {
  // A PCIe Gen5 NVMe array (stated here, not shipped): 28 GB/s, and 12 GB/s for one buffered
  // reader. safetensors-mmap reads with one stream at its own 7.9 GB/s, below the array's 12:
  // 4.27e9 / 7.9e9 = 0.5405 s, held back by the loader, which the result names.
  const Catalog c = built_in();
  const LoaderProfile lp = c.loader("safetensors-mmap");
  REQUIRE(lp.per_stream.has_value());
  CHECK(lp.per_stream->value() == 7.9e9);
  ColdStartFixture f;
  f.storage.info.name = "nvme-array";
  f.storage.kind = &storage_kind("local");
  f.storage.throughput.shared.reset();
  f.storage.throughput.per_client = BytesPerSecond(28e9);
  f.storage.throughput.per_stream = BytesPerSecond(12e9);
  f.w.loader.profile = lp.info.name;
  ColdStartInputs in = f.inputs();
  in.loader = &lp;
  const SimResult r = simulate_cold_starts(in);
  REQUIRE(r.loads.size() == 1);
  CHECK(*r.loads[0].load_time_s() == doctest::Approx(kModelBytes / 7.9e9).epsilon(1e-3));
  CHECK(r.loads[0].bottleneck == "loader safetensors-mmap: 1 stream at 7.9 GB/s");
  CHECK(r.summary.bottleneck == "loader safetensors-mmap: 1 stream at 7.9 GB/s");
  // The shipped local-nvme gives one reader 2.083 GB/s, below the loader: there the disk binds.
  // 4.27e9 / 2.083e9 = 2.050 s.
  f.storage = c.storage("local-nvme");
  in = f.inputs();
  in.loader = &lp;
  const SimResult local = simulate_cold_starts(in);
  CHECK(*local.loads[0].load_time_s() == doctest::Approx(kModelBytes / 2.083e9).epsilon(1e-3));
  CHECK(local.loads[0].bottleneck == "local-nvme disk");
}

TEST_CASE(
    "per stream: a pinned pool in host memory is not held to its loader's thread rate, staging "
    "is") {
  // sllm-store keeps the weights in a pinned pool: nothing is read, so its 4 streams x 25 GB/s
  // do not bound the load; the pinned copy does (the fixture's copy is negligible, so the load
  // takes no measurable time). fastsafetensors-gds reads GPU-direct: its own 16 threads read
  // each file even from host memory, 16 x 245.4 MB/s = 3.926 GB/s: 4.27e9 / 3.926e9 = 1.088 s.
  const Catalog c = built_in();
  ColdStartFixture f;
  f.storage.info.name = "host-memory";
  f.storage.kind = &storage_kind("host_memory");
  f.storage.throughput.shared.reset();
  f.storage.page_cache = false;
  const LoaderProfile pool = c.loader("sllm-store");
  ColdStartInputs in = f.inputs();
  in.loader = &pool;
  const SimResult pooled = simulate_cold_starts(in);
  CHECK(*pooled.loads[0].load_time_s() < 1e-3);
  CHECK(pooled.loads[0].bottleneck.find("loader") == std::string::npos);
  const LoaderProfile direct = c.loader("fastsafetensors-gds");
  in.loader = &direct;
  const SimResult gds = simulate_cold_starts(in);
  CHECK(*gds.loads[0].load_time_s() == doctest::Approx(kModelBytes / (16 * 245.4e6)).epsilon(1e-3));
  CHECK(gds.loads[0].bottleneck == "loader fastsafetensors-gds: 16 streams at 245 MB/s each");
  // FlashPack stages through pinned buffers but keeps no pool (`pool` unset): its 16 threads
  // read the weights out of memory at their own ceiling, 16 x 1.125 GB/s = 18 GB/s, the
  // README's page-cache-hot rate: 4.27e9 / 18e9 = 0.2372 s, the pinned copy overlapping.
  const LoaderProfile staged = c.loader("flashpack");
  CHECK_FALSE(staged.pool);
  CHECK(c.loader("sllm-store").pool);
  in.loader = &staged;
  const SimResult flash = simulate_cold_starts(in);
  CHECK(*flash.loads[0].load_time_s() == doctest::Approx(kModelBytes / 18e9).epsilon(1e-3));
  CHECK(flash.loads[0].bottleneck == "loader flashpack: 16 streams at 1.12 GB/s each");
}

TEST_CASE("per stream: the advice names the loader as the binding limit of a one-stream load") {
  // The same fast NVMe array as a profile of the user's own (28 GB/s, 12 GB/s for one reader),
  // a 16 GB model loaded by safetensors-mmap on k8s-hpa: one stream at 7.9 GB/s binds, and the
  // advice's bottleneck column and explanation say so.
  const stowage::testing::TempDir dir("stowage-per-stream");
  std::filesystem::create_directories(dir / "p/storage");
  std::ofstream(dir / "p/storage/nvme-array.yaml")
      << "description: a PCIe Gen5 NVMe array\nkind: local\nsource: https://example.com/array\n"
         "throughput: {per_client: 28GB/s, per_stream: 12GB/s}\npage_cache: true\n";
  std::ofstream(dir / "w.yaml")
      << "version: 1\nname: one-stream\nseed: 1\nmodel:\n  files:\n"
         "    - {path: model.safetensors, size: 16GB}\nplatform: k8s-hpa\ngpu: l40s\n"
         "loader: safetensors-mmap\narrivals:\n  burst: {count: 1, at: 0s, spread: 0s}\n"
         "storage: [nvme-array]\nobjective: {p99: 600s}\n";
  const auto r = stowage::testing::run_stowage("advise " + (dir / "w.yaml") + " --profiles " +
                                               (dir / "p"));
  REQUIRE(r.code == 0);
  CHECK(r.out.find("bound by loader safetensors-mmap: 1 stream at 7.9 GB/s") != std::string::npos);
}

TEST_CASE("per stream: gcs-fuse, one connection a reader, and sixteen with parallel downloads") {
  // gcs-fuse keeps one request stream for each open file (fuse.threads_per_reader 1, no mount
  // limit) at 200 MiB/s = 209,715,200 B/s a connection. 1 stream: 209.7 MB/s: 4.27e9 / 209.7e6
  // = 20.36 s. 16 streams: 16 connections, 3.355 GB/s (under the FUSE CPU's 8 x 1.1 = 8.8 GB/s
  // and the 12.5 GB/s NIC): 1.273 s. Ratio 16.
  const Catalog c = built_in();
  const double connection = 200.0 * 1048576;
  CHECK(load_time(c.storage("gcs-fuse"), 1) ==
        doctest::Approx(kModelBytes / connection).epsilon(1e-3));
  CHECK(load_time(c.storage("gcs-fuse"), 16) ==
        doctest::Approx(kModelBytes / (16 * connection)).epsilon(1e-3));
  // gcs-fuse-parallel: 16 downloads for each file, at most 16 for the mount. 1 stream: 16
  // connections, 3.355 GB/s (under its 7,714 MiB/s per client): 1.273 s. 16 streams: 16 x 16 =
  // 256 requests wanted, the mount's 16 kept: the same 3.355 GB/s. Ratio 1.
  CHECK(load_time(c.storage("gcs-fuse-parallel"), 1) ==
        doctest::Approx(kModelBytes / (16 * connection)).epsilon(1e-3));
  CHECK(gain("gcs-fuse-parallel") == doctest::Approx(1.0).epsilon(1e-3));
}

TEST_CASE("per stream: a FUSE client's connections per reader and per mount") {
  StorageProfile p;
  CHECK(client_connections(p, 4) == 4);  // no FUSE client: one connection a stream
  p.fuse = FuseClient{BytesPerSecond(1e9), std::nullopt, std::nullopt};
  CHECK(client_connections(p, 4) == 4);  // a client that sets neither
  p.fuse->threads = 16;
  CHECK(client_connections(p, 1) == 16);  // a mount's pool alone: whatever the streams
  CHECK(client_connections(p, 64) == 16);
  p.fuse->threads_per_reader = 8;
  CHECK(client_connections(p, 1) == 8);   // 8 for one reader, under the mount's 16
  CHECK(client_connections(p, 4) == 16);  // 32 wanted, the mount's 16 kept
  p.fuse->threads.reset();
  CHECK(client_connections(p, 4) == 32);  // no mount limit
}
