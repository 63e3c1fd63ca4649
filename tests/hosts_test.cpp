// Instances that share a host (sim/coldstart/instance_table.hpp, the workload's `instance.hosts`):
// they share its NIC and its page cache. The case: 8 pods on one 8-GPU node reading one
// model from NAS read it from the NAS once and from the page cache 7 times when staggered, and
// share the node's NIC when they start at once. Every expected time is worked by hand from the
// fixture: one 4.27 GB file, NIC 500 MB/s, NAS 600 MB/s, page cache 10 GB/s, no delays.
#include <doctest/doctest.h>

#include "cli_runner.hpp"
#include "tests/cold_start_fixture.hpp"

using namespace stowage::sim;

using Fixture = stowage::testing::ColdStartFixture;
using stowage::testing::kCopyEpsilonS;
using stowage::testing::run_stowage;

namespace {

constexpr double kModel = 4.27e9;

HostPlacement per_host(std::int64_t n, HostPlacement::Order order = HostPlacement::Order::kPack) {
  HostPlacement h;
  h.per_host = n;
  h.placement = order;
  return h;
}

}  // namespace

TEST_CASE("hosts: 8 staggered pods on one node read the NAS once and the page cache 7 times") {
  Fixture f;
  f.w.instance.hosts = per_host(8);
  // One start every 20 s (spread 160 s over 8): each read is over before the next starts.
  f.w.arrivals = BurstArrivals{8, Seconds(0), Seconds(160)};
  const SimResult r = f.run();
  REQUIRE(r.loads.size() == 8);
  // The first: the NIC binds, 4.27e9 / 500e6 = 8.54 s. The others: the node's page cache at
  // 10 GB/s, 0.427 s.
  CHECK(r.loads[0].time_to_ready_s() == doctest::Approx(kModel / 500e6).epsilon(kCopyEpsilonS));
  for (std::size_t i = 1; i < 8; ++i) {
    CHECK(r.loads[i].time_to_ready_s() == doctest::Approx(kModel / 10e9).epsilon(kCopyEpsilonS));
  }
  CHECK(r.summary.bytes_by_backend.at("nas") == doctest::Approx(kModel));
  CHECK(r.summary.bytes_by_backend.at("page cache") == doctest::Approx(7 * kModel));
  // Without hosts each pod is its own node: eight NAS reads of 8.54 s.
  f.w.instance.hosts.reset();
  const SimResult apart = f.run();
  CHECK(apart.summary.bytes_by_backend.at("nas") == doctest::Approx(8 * kModel));
  CHECK(apart.summary.bytes_by_backend.count("page cache") == 0);
  CHECK(apart.summary.max_s == doctest::Approx(kModel / 500e6).epsilon(kCopyEpsilonS));
}

TEST_CASE("hosts: 8 pods on one node at once share its NIC") {
  Fixture f;
  f.w.instance.hosts = per_host(8);
  f.w.arrivals = BurstArrivals{8, Seconds(0), Seconds(0)};
  // The node's 500 MB/s NIC binds before the 600 MB/s NAS: 62.5 MB/s each, all done at
  // 8 x 4.27e9 / 500e6 = 68.32 s, every byte from the NAS (none was cached when they began).
  const SimResult r = f.run();
  CHECK(r.summary.max_s == doctest::Approx(8 * kModel / 500e6).epsilon(kCopyEpsilonS));
  CHECK(r.summary.bottleneck == "host NIC");
  CHECK(r.summary.bytes_by_backend.at("nas") == doctest::Approx(8 * kModel));
  // Eight nodes: eight NICs, the NAS binds, 75 MB/s each: 8 x 4.27e9 / 600e6 = 56.93 s.
  f.w.instance.hosts.reset();
  const SimResult apart = f.run();
  CHECK(apart.summary.max_s == doctest::Approx(8 * kModel / 600e6).epsilon(kCopyEpsilonS));
  CHECK(apart.summary.bottleneck == "nas");
}

TEST_CASE("hosts: pack fills a node before the next, spread deals pods round the nodes") {
  Fixture f;
  // Two pods, 20 s apart, two per node.
  f.w.arrivals = BurstArrivals{2, Seconds(0), Seconds(40)};
  f.w.instance.hosts = per_host(2, HostPlacement::Order::kPack);
  // Packed: one node, the second pod reads the page cache.
  SimResult r = f.run();
  CHECK(r.summary.bytes_by_backend.at("nas") == doctest::Approx(kModel));
  // Spread over 2 nodes (count: 2): pod 0 on node 0, pod 1 on node 1, both read the NAS.
  HostPlacement spread;
  spread.count = 2;
  spread.placement = HostPlacement::Order::kSpread;
  f.w.instance.hosts = spread;
  r = f.run();
  CHECK(r.summary.bytes_by_backend.at("nas") == doctest::Approx(2 * kModel));
  // count: 1 packs both on the one node.
  spread.count = 1;
  f.w.instance.hosts = spread;
  r = f.run();
  CHECK(r.summary.bytes_by_backend.at("nas") == doctest::Approx(kModel));
}

TEST_CASE("hosts: instance.hosts is read and checked") {
  const stowage::testing::TempDir dir("hosts");
  const auto write = [&](const std::string& name, const std::string& hosts) {
    const std::string path = dir / name;
    REQUIRE(stowage::testing::run_shell(
                "printf '%s\\n' 'version: 1' 'name: h' "
                "'model: {files: [{path: m.safetensors, size: 2GB}]}' 'platform: k8s-hpa' 'cloud: aws' "
                "'gpu: l40s' 'instance: {hosts: " + hosts + "}' "
                "'arrivals: {burst: {count: 8, at: 0s, spread: 0s}}' > " + path)
                .code == 0);
    return path;
  };
  CHECK(run_stowage("validate " + write("ok.yaml", "{per_host: 8, placement: spread}")).code == 0);
  const auto both = run_stowage("validate " + write("both.yaml", "{per_host: 8, count: 2}"));
  CHECK(both.code == 2);
  CHECK(both.err.find("instance.hosts: per_host and count are both given") != std::string::npos);
  const auto none = run_stowage("validate " + write("none.yaml", "{placement: pack}"));
  CHECK(none.code == 2);
  CHECK(none.err.find("neither per_host nor count is given") != std::string::npos);
  const auto zero = run_stowage("validate " + write("zero.yaml", "{per_host: 0}"));
  CHECK(zero.code == 2);
  CHECK(zero.err.find("instance.hosts.per_host") != std::string::npos);
  const auto order = run_stowage("validate " + write("order.yaml", "{count: 2, placement: fill}"));
  CHECK(order.code == 2);
  CHECK(order.err.find("pack") != std::string::npos);
}
