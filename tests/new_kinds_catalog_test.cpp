// The storage kinds beyond mounts in the shipped catalog: direct object clients (OSS, S3, GCS),
// block volumes (EBS gp3 and io2, ESSD PL0 to PL3) and a warm host-memory copy, as users list,
// rank and are refused them.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "cli_runner.hpp"

using stowage::testing::run_stowage;

namespace {

/// The line of `text` that starts with `start`, or "".
std::string line_starting(const std::string& text, const std::string& start) {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = text.find('\n', at);
    const std::string line = text.substr(at, end == std::string::npos ? end : end - at);
    if (line.starts_with(start)) return line;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return "";
}

}  // namespace

TEST_CASE("new kinds: profiles list shows the direct object, block and host-memory profiles") {
  const auto r = run_stowage("profiles list --kind storage");
  REQUIRE(r.code == 0);
  for (const auto& [name, kind] :
       {std::pair{"oss-direct ", "storage/object_direct"}, {"s3-direct ", "storage/object_direct"},
        {"gcs-direct ", "storage/object_direct"}, {"ebs-gp3 ", "storage/block"},
        {"ebs-io2 ", "storage/block"}, {"essd-pl0 ", "storage/block"},
        {"essd-pl1 ", "storage/block"}, {"essd-pl2 ", "storage/block"},
        {"essd-pl3 ", "storage/block"}, {"host-memory ", "storage/host_memory"}}) {
    CAPTURE(name);
    CHECK(line_starting(r.out, name).find(kind) != std::string::npos);
  }
}

TEST_CASE("new kinds: advise on a k8s-hpa workload ranks them beside the mounts") {
  const auto r = run_stowage("advise data/workloads/k8s-cluster.yaml");
  REQUIRE(r.code == 0);
  // Each is a ranked candidate with a verdict (a number, then its name), none refused.
  for (const char* name : {"host-memory", "ebs-gp3", "ebs-io2", "essd-pl1", "essd-pl3",
                           "s3-direct", "oss-direct", "gcs-direct"}) {
    CAPTURE(name);
    CHECK(r.out.find(std::string("  ") + name + " ") != std::string::npos);
    CHECK(r.out.find(std::string(name) + ": not feasible") == std::string::npos);
  }
  // io2's 4,000 MiB/s volume is held to the node's 16 Gbit/s of block bandwidth; one ESSD PL1
  // gives 350 MB/s, so eight pods of a 16 GB model miss the 60 s objective.
  CHECK(r.out.find("ebs-io2: 8 loads x 16.1 GB model; bound by instance block bandwidth") !=
        std::string::npos);
  CHECK(r.out.find("essd-pl1: 8 loads x 16.1 GB model; bound by essd-pl1 per-client cap") !=
        std::string::npos);
}

TEST_CASE("new kinds: on fc-gpu a block volume is infeasible with the platform's reason") {
  const auto r = run_stowage("advise data/workloads/default.yaml --storage essd-pl1");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("essd-pl1: not feasible: fc-gpu cannot attach block storage (essd-pl1): "
                   "Function Compute gives a function NAS, OSS, a temporary disk and layers, no "
                   "cloud disk (block volume) to attach") != std::string::npos);
  // A direct OSS client is a kind the platform allows: it is simulated, not refused.
  const auto oss = run_stowage("advise data/workloads/default.yaml --storage oss-direct");
  REQUIRE(oss.code == 0);
  CHECK(oss.out.find("not feasible") == std::string::npos);
}

TEST_CASE("new kinds: a GCP persistent disk is ranked on a GKE cluster, refused on Cloud Run") {
  const stowage::testing::TempDir dir("stowage-gcp-pd");
  const auto workload = [&](const char* platform, const char* gpu) {
    const std::string file = dir / (std::string(platform) + ".yaml");
    std::ofstream(file) << "version: 1\nname: w\ncloud: gcp\nmodel:\n  files:\n"
                           "    - {path: m.safetensors, size: 4GB}\nplatform: "
                        << platform << "\ngpu: " << gpu
                        << "\narrivals:\n  burst: {count: 2}\nstorage: [gcp-pd-ssd, gcs-direct]\n";
    return file;
  };
  const auto gke = run_stowage("advise " + workload("k8s-hpa", "h100-sxm"));
  REQUIRE(gke.code == 0);
  CHECK(gke.out.find("  gcp-pd-ssd ") != std::string::npos);
  CHECK(gke.out.find("gcp-pd-ssd: not feasible") == std::string::npos);
  const auto run = run_stowage("advise " + workload("cloud-run-gpu", "l4"));
  REQUIRE(run.code == 0);
  CHECK(run.out.find("gcp-pd-ssd: not feasible: cloud-run-gpu cannot attach block storage "
                     "(gcp-pd-ssd): a Cloud Run volume is a secret") != std::string::npos);
}
