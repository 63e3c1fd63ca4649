// Clouds (sim/config/clouds.hpp): every shipped storage and platform names its cloud, a
// workload's candidates are the storages of its platform's cloud (or of its own `cloud:`) and of
// any cloud, and a Kubernetes platform, which runs anywhere, names its cloud or lists its
// storages. Each refusal is checked with its position and message.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <string>

#include "cli_runner.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/clouds.hpp"

namespace sim = stowage::sim;
using stowage::testing::run_stowage;
using stowage::testing::TempDir;

namespace {

sim::config::Catalog shipped() {
  sim::config::Catalog::Options o;
  o.installed = false;
  return sim::config::Catalog(o);
}

/// A workload of one 2 GB file, a burst of 4, with `extra` lines appended.
std::string workload(const TempDir& dir, const std::string& platform, const std::string& extra) {
  const std::string path = dir / "w.yaml";
  std::ofstream(path) << "version: 1\nname: c\nmodel: {files: [{path: m.safetensors, size: 2GB}]}\n"
                      << "platform: " << platform << "\ngpu: "
                      << (platform == "fc-gpu" ? "a10" : "l40s") << "\n"
                      << "arrivals: {burst: {count: 4, at: 0s, spread: 0s}}\n"
                      << "objective: {p99: 300s}\n"
                      << extra;
  return path;
}

/// The storages `advise` ranked, from its JSON.
std::set<std::string> candidates(const std::string& args) {
  const auto r = run_stowage("advise " + args + " --format json");
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  std::set<std::string> out;
  for (const auto& c : j.at("candidates")) {
    out.insert(c.at("storage").get<std::string>());
  }
  return out;
}

/// The shipped storages offered in `cloud`.
std::set<std::string> offered(const sim::config::Catalog& catalog, const std::string& cloud) {
  std::set<std::string> out;
  for (const sim::StorageChoice& c : sim::config::every_storage(catalog, cloud)) {
    out.insert(c.profile);
  }
  return out;
}

}  // namespace

TEST_CASE("clouds: every shipped storage and platform belongs to its provider's cloud") {
  const auto catalog = shipped();
  CHECK(sim::config::storage_clouds(catalog) == std::vector<std::string>{"alibaba", "aws", "gcp"});
  CHECK(catalog.platform("fc-gpu").cloud == "alibaba");
  CHECK(catalog.platform("cloud-run-gpu").cloud == "gcp");
  CHECK(catalog.platform("k8s-hpa").cloud == "any");
  // A profile that extends another inherits its cloud.
  CHECK(catalog.storage("ossfs2").cloud == "alibaba");
  CHECK(catalog.storage("s3fs").cloud == "aws");
  CHECK(catalog.storage("gcs-fuse-parallel").cloud == "gcp");
  CHECK(offered(catalog, "aws") ==
        std::set<std::string>{"ebs-gp3", "ebs-io2", "efs-elastic", "fsx-lustre", "host-memory",
                              "image", "local-nvme", "s3-direct", "s3-mountpoint",
                              "s3-mountpoint-cache", "s3fs"});
  CHECK(offered(catalog, "gcp") ==
        std::set<std::string>{"gcp-pd-balanced", "gcp-pd-ssd", "gcs-direct", "gcs-fuse",
                              "gcs-fuse-parallel", "host-memory", "image", "local-nvme"});
  CHECK(offered(catalog, "any").size() == catalog.names(sim::ProfileKind::kStorage).size());
  const auto list = run_stowage("profiles list --kind storage");
  REQUIRE(list.code == 0);
  CHECK(list.out.find("cloud alibaba") != std::string::npos);
  CHECK(list.out.find("cloud any") != std::string::npos);
}

TEST_CASE("clouds: a workload on Function Compute is offered Alibaba's storages only") {
  const auto catalog = shipped();
  const TempDir dir("clouds-fc");
  const auto got = candidates(workload(dir, "fc-gpu", ""));
  CHECK(got == offered(catalog, "alibaba"));
  CHECK(got.count("nas-performance") == 1);
  CHECK(got.count("s3-direct") == 0);
  CHECK(got.count("gcs-fuse") == 0);
  // --storage may not name another cloud's storage.
  const auto r = run_stowage("advise " + workload(dir, "fc-gpu", "") + " --storage s3-direct");
  CHECK(r.code == 2);
  CHECK(r.err.find("--storage: `s3-direct` is a storage of aws, not of alibaba (expected a "
                   "storage of alibaba or of any cloud)") != std::string::npos);
}

TEST_CASE("clouds: a Kubernetes workload names its cloud or lists its storages") {
  const auto catalog = shipped();
  const TempDir dir("clouds");
  const auto bare = run_stowage("validate " + workload(dir, "k8s-hpa", ""));
  CHECK(bare.code == 2);
  CHECK(bare.err.find("w.yaml:4:11: error: platform: platform `k8s-hpa` runs in any cloud, and "
                      "the catalog's storages belong to alibaba, aws or gcp: the candidates "
                      "would mix clouds (expected `cloud: alibaba|aws|gcp` in the workload, or "
                      "a `storage:` list)") != std::string::npos);
  CHECK(candidates(workload(dir, "k8s-hpa", "cloud: aws\n")) == offered(catalog, "aws"));
  CHECK(candidates(workload(dir, "k8s-hpa", "cloud: gcp\n")) == offered(catalog, "gcp"));
  // `cloud: any` asks for every storage, as before clouds were named.
  CHECK(candidates(workload(dir, "k8s-hpa", "cloud: any\n")).size() ==
        catalog.names(sim::ProfileKind::kStorage).size());
  // A listed storage of any cloud is the user's choice on a platform of any cloud.
  CHECK(candidates(workload(dir, "k8s-hpa", "storage: [oss, s3-direct]\n")) ==
        std::set<std::string>{"oss", "s3-direct"});
}

TEST_CASE("clouds: a cloud or a storage that contradicts the platform is refused where written") {
  const TempDir dir("clouds-bad");
  const auto check = [&](const std::string& platform, const std::string& extra,
                         const std::string& message) {
    const auto r = run_stowage("validate " + workload(dir, platform, extra));
    CAPTURE(extra);
    CHECK(r.code == 2);
    CHECK(r.err.find(message) != std::string::npos);
  };
  check("fc-gpu", "cloud: aws\n",
        "w.yaml:8:8: error: cloud: platform `fc-gpu` runs in alibaba (expected cloud: alibaba, "
        "or no `cloud`)");
  // `any` asks for every cloud's storages, which a platform of one cloud cannot reach.
  check("fc-gpu", "cloud: any\n",
        "w.yaml:8:8: error: cloud: platform `fc-gpu` runs in alibaba (expected cloud: alibaba, "
        "or no `cloud`)");
  check("fc-gpu", "storage: [nas-performance, s3-direct]\n",
        "w.yaml:8:28: error: storage[1]: `s3-direct` is a storage of aws, and platform `fc-gpu` "
        "runs in alibaba (expected a storage of alibaba or of any cloud)");
  check("k8s-hpa", "cloud: aws\nstorage: {gcs-fuse: }\n",
        "error: storage.gcs-fuse: `gcs-fuse` is a storage of gcp, and the workload's cloud is aws");
  check("k8s-hpa", "cloud: azure\n",
        "w.yaml:8:8: error: cloud: no storage of the catalog belongs to cloud `azure` (expected "
        "one of: alibaba, aws, gcp, any)");
  check("k8s-hpa", "cloud: AWS\n", "error: cloud: `AWS` is not a cloud name");
}

TEST_CASE("clouds: a user's platform and storage name their cloud, and extends keeps it") {
  const TempDir dir("clouds-user");
  std::filesystem::create_directories(dir / "p/platform");
  std::filesystem::create_directories(dir / "p/storage");
  std::ofstream(dir / "p/platform/gke.yaml")
      << "description: our GKE cluster\nextends: k8s-hpa\ncloud: gcp\n";
  std::ofstream(dir / "p/storage/filestore.yaml")
      << "description: a Filestore share\nextends: nas-performance\ncloud: gcp\n";
  const std::string w = workload(dir, "gke", "");
  const auto got = candidates(w + " --profiles " + (dir / "p"));
  CHECK(got.count("filestore") == 1);
  CHECK(got.count("gcs-fuse") == 1);
  CHECK(got.count("nas-performance") == 0);
  std::ofstream(dir / "p/storage/bad.yaml")
      << "description: x\nextends: nas-performance\ncloud: [gcp]\n";
  const auto bad = run_stowage("validate " + (dir / "p/storage/bad.yaml"));
  CHECK(bad.code == 2);
  CHECK(bad.err.find("bad.yaml:3:8: error: cloud:") != std::string::npos);
}

TEST_CASE("clouds: a sweep's candidates are offered wherever each swept platform runs") {
  const TempDir dir("clouds-sweep");
  std::filesystem::create_directories(dir / "p/platform");
  std::ofstream(dir / "p/platform/eks.yaml")
      << "description: our EKS cluster\nextends: k8s-hpa\ncloud: aws\n";
  const std::string profiles = " --profiles " + (dir / "p");
  const auto sweep = [&](const std::string& base_extra, const std::string& axes) {
    const std::string path = dir / "s.yaml";
    std::ofstream(path) << "name: s\nbase:\n  name: b\n"
                        << "  model: {files: [{path: m, size: 2GB}]}\n"
                        << "  platform: fc-gpu\n  gpu: a10\n"
                        << "  arrivals: {burst: {count: 2}}\n  objective: {p99: 300s}\n"
                        << base_extra << "axes:\n" << axes;
    return path;
  };
  // Function Compute (alibaba) and a cluster in AWS share only what every cloud has.
  const auto both = run_stowage("sweep " + sweep("", "  platform: [fc-gpu, eks]\n") +
                                " --format json" + profiles);
  REQUIRE(both.code == 0);
  CHECK(nlohmann::json::parse(both.out).at("storages") ==
        nlohmann::json::array({"host-memory", "image", "local-nvme"}));
  // A cluster of any cloud restricts nothing.
  const auto any = run_stowage("sweep " + sweep("", "  platform: [fc-gpu, k8s-hpa]\n") +
                               " --format json");
  REQUIRE(any.code == 0);
  CHECK(nlohmann::json::parse(any.out).at("storages").size() == offered(shipped(), "alibaba").size());
  const auto listed = run_stowage(
      "validate " + sweep("  storage: [oss]\n", "  platform: [fc-gpu, eks]\n") + profiles);
  CHECK(listed.code == 2);
  CHECK(listed.err.find("error: axes.platform[1]: `oss` is a storage of alibaba, and platform "
                        "`eks` runs in aws") != std::string::npos);
  const auto axis = run_stowage("validate " + sweep("", "  storage: [oss, gcs-fuse]\n"
                                                        "  arrivals.count: [1, 2]\n"));
  CHECK(axis.code == 2);
  CHECK(axis.err.find("axes.storage[1]: `gcs-fuse` is a storage of gcp, and platform `fc-gpu` "
                      "runs in alibaba") != std::string::npos);
}
