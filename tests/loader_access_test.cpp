// How a loader reaches a storage. A direct object storage (`object_direct`) is read by the
// loader's own client, so a loader that reads files only is refused with the reason, and a
// loader with a client reads there on its own stream count (`object_streams`). A storage says
// whether a GPU-direct loader's reads reach the GPU without a bounce (`gpu_direct`; the
// simulation of both paths is in loader_model_test.cpp). Each time is worked by hand from the
// shipped profiles on the cold-start fixture (a 100 Gbit/s NIC, a negligible copy), as in
// per_stream_catalog_test.cpp.
#include <doctest/doctest.h>

#include <string>

#include "cli_runner.hpp"
#include "cold_start_fixture.hpp"
#include "shipped_catalog.hpp"
#include "sim/coldstart/loader.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/profile_loader.hpp"
#include "sim/config/yaml_reader.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;
using stowage::testing::ColdStartFixture;
using stowage::testing::run_stowage;

namespace {

constexpr double kModelBytes = 4.27e9;

Catalog built_in() { return stowage::testing::built_in_catalog(); }

/// The fixture reading the shipped `storage` with the shipped `loader` (empty: the generic one).
struct ShippedRead {
  ColdStartFixture f;
  LoaderProfile loader;
  bool generic = false;

  ShippedRead(const std::string& storage, const std::string& loader_name) {
    const Catalog c = built_in();
    f.platform.instance_bandwidth = BytesPerSecond(12.5e9);
    f.storage = c.storage(storage);
    generic = loader_name.empty();
    if (!generic) {
      loader = c.loader(loader_name);
      f.w.loader.profile = loader_name;
    }
  }
  ColdStartInputs inputs() const {
    ColdStartInputs in = f.inputs();
    in.loader = generic ? nullptr : &loader;
    return in;
  }
  double load_time() const {
    const SimResult r = simulate_cold_starts(inputs());
    REQUIRE(r.loads.size() == 1);
    REQUIRE(r.loads[0].load_time_s().has_value());
    return *r.loads[0].load_time_s();
  }
};

}  // namespace

TEST_CASE("object client: a loader that reads files only cannot read a bucket directly") {
  const ShippedRead vllm("s3-direct", "vllm-default");
  const std::optional<std::string> why = infeasibility(vllm.inputs());
  REQUIRE(why.has_value());
  CHECK(*why ==
        "loader vllm-default reads files only (a path on a file system); s3-direct is read by the "
        "loader's own object-store client, so take a loader that has one (object_client: true, "
        "e.g. runai-streamer) or mount the bucket");
  // The same loader reads the bucket through a mount, and the generic loader (any client, an
  // SDK included) reads it directly.
  CHECK_FALSE(infeasibility(ShippedRead("s3-mountpoint", "vllm-default").inputs()).has_value());
  CHECK_FALSE(infeasibility(ShippedRead("s3-direct", "").inputs()).has_value());
}

TEST_CASE("object client: the Run:ai streamer reads a bucket on its 8 object-store streams") {
  // runai-streamer: 16 streams on a file system, object_streams 8 on an object store. s3-direct
  // gives one connection a stream at 85 MB/s: 8 x 85 = 680 MB/s (the NIC's 12.5 GB/s and
  // 5,500 GET/s x 8 MB = 44 GB/s bind nowhere): 4.27e9 / 680e6 = 6.279 s.
  ShippedRead s3("s3-direct", "runai-streamer");
  REQUIRE(s3.loader.object_client);
  REQUIRE(s3.loader.object_streams == 8);
  CHECK(s3.load_time() == doctest::Approx(kModelBytes / (8 * 85e6)).epsilon(1e-3));
  // The workload's loader.streams still decides: 4 streams, 4 x 85 = 340 MB/s, 12.56 s.
  s3.f.w.loader.streams = 4;
  CHECK(s3.load_time() == doctest::Approx(kModelBytes / (4 * 85e6)).epsilon(1e-3));
  // On a file system the profile's 16 streams stay.
  const Workload w;
  CHECK(effective_loader(w, &s3.loader, false).streams == 16);
  CHECK(effective_loader(w, &s3.loader, true).streams == 8);
}

TEST_CASE("object client: object_streams without a client is refused where it is written") {
  const auto error = [](const std::string& body) {
    return stowage::testing::config_error_of([&] {
      load_loader_profile(YamlDocument::from_text("description: d\nsource: s\nstaging: pinned\n"
                                                  "overlap: true\n" +
                                                      body,
                                                  "l.yaml"),
                          "l");
    });
  };
  CHECK(error("object_streams: 8\n") ==
        "l.yaml:5:17: error: object_streams: object_streams is for a loader with an object-store "
        "client of its own (expected object_client: true, or no object_streams)");
  CHECK(error("object_client: false\nobject_streams: 8\n").starts_with("l.yaml:6:17: error: "));
  CHECK(error("object_client: true\nobject_streams: 8\n") == "no error");
}

TEST_CASE("object client: profiles list says which loaders read object stores themselves") {
  const auto r = run_stowage("profiles list --kind loader");
  REQUIRE(r.code == 0);
  const std::size_t at = r.out.find("runai-streamer ");
  REQUIRE(at != std::string::npos);
  const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
  CHECK(line.find("reads object stores itself, 8 streams") != std::string::npos);
  CHECK(r.out.find("vllm-default ") != std::string::npos);
  CHECK(r.out.find("reads object stores itself") == r.out.rfind("reads object stores itself"));
}

TEST_CASE("gpu direct: a storage profile may say that cuFile reaches it directly") {
  const auto storage = [](const std::string& extra) {
    return load_storage_profile(
        YamlDocument::from_text("description: d\nsource: s\nkind: nas\npage_cache: true\n"
                                "throughput: {shared: 1GB/s}\n" +
                                    extra,
                                "s.yaml"),
        "s");
  };
  CHECK_FALSE(storage("").gpu_direct.has_value());  // the kind's: none for nas
  CHECK_FALSE(built_in().storage("nas-performance").kind->gpu_direct());
  CHECK(built_in().storage("local-nvme").kind->gpu_direct());
  CHECK(storage("gpu_direct: {value: true, source: \"gdscheck: NFS over RDMA\"}\n").gpu_direct ==
        true);
  CHECK(stowage::testing::config_error_of([&] {
          storage("gpu_direct: sometimes\n");
        }).starts_with("s.yaml:6:13: error: gpu_direct: "));
}
