#include "sim/storage/registry.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/config/catalog.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.hpp"
#include "sim/config/embedded.hpp"
#include "sim/config/profile_loader.hpp"
#include "sim/config/profile_writer.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;

namespace {

std::filesystem::path fixture(std::string_view dir) {
  return std::filesystem::path(STOWAGE_TEST_DIR) / "fixtures/profiles" / dir;
}

/// The user's directories and the built-in catalog only: the source tree's profiles/ is left out
/// so that these tests do not depend on uncommitted edits there.
Catalog with_dirs(std::vector<std::filesystem::path> dirs,
                  std::vector<std::filesystem::path> env = {}, bool embedded = true) {
  Catalog::Options o;
  o.dirs = std::move(dirs);
  o.env_dirs = std::move(env);
  o.installed = false;
  o.embedded = embedded;
  return Catalog(o);
}

std::string error_of(auto f) { return stowage::testing::config_error_of(f); }

}  // namespace

TEST_CASE("catalog: the built-in catalog has every promised profile, and each loads") {
  const Catalog c = with_dirs({});
  const std::vector<std::string> storage{
      "cpfs",       "ebs-gp3",           "ebs-io2",       "efs-elastic",
      "essd-pl0",   "essd-pl1",          "essd-pl2",      "essd-pl3",
      "fsx-lustre", "gcp-pd-balanced",   "gcp-pd-ssd",    "gcs-direct",
      "gcs-fuse",   "gcs-fuse-parallel", "host-memory",   "image",
      "local-nvme", "nas-capacity",      "nas-extreme",   "nas-performance",
      "oss",        "oss-accel",         "oss-direct",    "ossfs1",
      "ossfs2",     "s3-direct",         "s3-mountpoint", "s3-mountpoint-cache",
      "s3fs"};
  CHECK(c.names(ProfileKind::kStorage) == storage);
  CHECK(c.names(ProfileKind::kPlatform) ==
        std::vector<std::string>{"cloud-run-gpu", "fc-gpu", "k8s-hpa"});
  const auto gpus = c.names(ProfileKind::kGpu);
  for (const char* g : {"t4", "a10", "l20", "l40s", "h100-pcie", "h100-sxm", "h200"}) {
    CAPTURE(g);
    CHECK(std::find(gpus.begin(), gpus.end(), g) != gpus.end());
  }
  for (const auto& name : storage) {
    CAPTURE(name);
    const StorageProfile p = c.storage(name);
    CHECK_FALSE(p.info.figures.empty());
    CHECK(c.layer_of(ProfileKind::kStorage, name) == "embedded");
    CHECK(c.location(ProfileKind::kStorage, name) == "<embedded>/storage/" + name + ".yaml");
  }
  // Every GPU a platform offers or prices is a GPU profile.
  for (const auto& name : c.names(ProfileKind::kPlatform)) {
    const PlatformProfile p = c.platform(name);
    for (const auto& g : p.gpus) {
      CAPTURE(name);
      CAPTURE(g);
      CHECK(c.contains(ProfileKind::kGpu, g));
    }
  }
  for (const auto& name : gpus) CHECK(c.gpu(name).memory.value() > 0);
}

TEST_CASE("catalog: the figures the facts pin are in the built-in catalog") {
  const Catalog c = with_dirs({});
  // Extreme NAS at 1 TiB provisioned: the [500 GiB, 2 TiB) step, 300 MB/s.
  const StorageProfile extreme = c.storage("nas-extreme");
  CHECK(extreme.throughput.shared->at(Sizing{Bytes(0), Bytes(kBytesPerTiB)}).value() == 300e6);
  // CPFS: min(400 MB/s x 3 TiB, 400 GB/s) = 1.2 GB/s; per client 25 GB/s.
  const StorageProfile cpfs = c.storage("cpfs");
  CHECK(cpfs.throughput.shared->at(Sizing{Bytes(0), Bytes(3 * kBytesPerTiB)}).value() ==
        doctest::Approx(1.2e9));
  // OSS accelerator: CNY 0.7 per GB-month provisioned, from the fee page.
  const StorageProfile accel = c.storage("oss-accel");
  CHECK(accel.cost.currency == "CNY");
  CHECK(*accel.cost.per_gb_month_provisioned == 0.7);
  // Function Compute: 300 instances per minute, 30 GB compressed images, 60 GB temporary disk.
  const PlatformProfile fc = c.platform("fc-gpu");
  CHECK(*fc.delivery_per_minute == 300);
  CHECK(fc.image.max_compressed->value() == 30e9);
  CHECK(fc.temp_disk->value() == 60e9);
  // H100 pinned host-to-device: 55 GB/s; one 1 GB copy = 10 us + 1e9 / 55e9 s = 18.19 ms.
  CHECK(c.gpu("h100-pcie").h2d_pinned.time(Bytes(1e9)).value() ==
        doctest::Approx(0.0181918).epsilon(1e-5));
}

TEST_CASE("catalog: lookup order is --profiles in order, then STOWAGE_PROFILES, then built in") {
  // Both fixture directories hold storage/shared.yaml; the first directory given wins.
  CHECK(with_dirs({fixture("first"), fixture("second")}).storage("shared").info.description ==
        "the first directory's copy");
  CHECK(with_dirs({fixture("second"), fixture("first")}).storage("shared").info.description ==
        "the second directory's copy");
  // --profiles comes before STOWAGE_PROFILES.
  const Catalog env = with_dirs({fixture("second")}, {fixture("first")});
  CHECK(env.storage("shared").info.description == "the second directory's copy");
  CHECK(env.layer_of(ProfileKind::kStorage, "shared") == "--profiles");
  // A user profile shadows the built-in one of the same name.
  const Catalog user = with_dirs({fixture("first")});
  CHECK(user.layer_of(ProfileKind::kStorage, "nas-performance") == "--profiles");
  CHECK(user.layer_of(ProfileKind::kStorage, "nas-capacity") == "embedded");
  // Names are listed once each.
  const auto names = user.names(ProfileKind::kStorage);
  CHECK(std::count(names.begin(), names.end(), "nas-performance") == 1);
}

TEST_CASE("catalog: a user profile extends the built-in profile of its own name") {
  const Catalog c = with_dirs({fixture("first")});
  const StorageProfile mine = c.storage("nas-performance");
  const StorageProfile builtin = with_dirs({}).storage("nas-performance");
  CHECK(mine.info.description == "our NAS, measured");
  // The user's one figure: 900 MB/s whatever is stored.
  CHECK(mine.throughput.shared->at(Sizing{Bytes(50 * kBytesPerTiB), Bytes(0)}).value() == 900e6);
  // Everything else is the built-in profile's, with its sources.
  CHECK(mine.kind == &storage_kind("nas"));
  CHECK(mine.page_cache == builtin.page_cache);
  CHECK(mine.limits.max_clients == builtin.limits.max_clients);
  CHECK(mine.cost.per_gb_month_stored == builtin.cost.per_gb_month_stored);
  // The built-in throughput figures are published, so the override removes no assumption.
  CHECK(mine.info.assumption_count() == builtin.info.assumption_count());
}

TEST_CASE("catalog: extends another profile, overriding one limit and clearing another") {
  const Catalog c = with_dirs({fixture("first")});
  const StorageProfile mine = c.storage("my-nas");
  CHECK(mine.info.extends == "nas-extreme");
  // The step table is nas-extreme's: at 4 TiB provisioned, 900 MB/s.
  CHECK(mine.throughput.shared->at(Sizing{Bytes(0), Bytes(4 * kBytesPerTiB)}).value() == 900e6);
  CHECK(mine.throughput.per_client->value() == 250e6);
  CHECK(mine.limits.min_capacity == c.storage("nas-extreme").limits.min_capacity);
  // A GPU profile extends a built-in GPU with its own measured pinned copies.
  const Catalog g = with_dirs({fixture("second")});
  const GpuProfile card = g.gpu("test-card");
  CHECK(card.memory.value() == 24e9);  // the A10's
  CHECK(card.h2d_pinned.beta.value() == 24e9);
  CHECK(card.h2d_pageable.beta.value() == 19.5e9);
  CHECK(card.origin.text == g.gpu("a10").origin.text);
}

TEST_CASE("catalog: extends errors name the problem where `extends` is written") {
  const std::string dir = fixture("cycle").string();
  CHECK(error_of([&] { (void)with_dirs({fixture("cycle")}).storage("a"); }) ==
        dir +
            "/storage/b.yaml:1:10: error: extends: `extends` cycle: a -> b -> a (expected a "
            "chain of extends that ends at a profile without one)");
  const std::string bad = fixture("badparent").string();
  CHECK(error_of([&] { (void)with_dirs({fixture("badparent")}).storage("child"); })
            .starts_with(bad + "/storage/child.yaml:1:10: error: extends: unknown storage profile "
                               "`nas-perf`, did you mean `nas-performance`? (expected one of: "
                               "child, cpfs, "));
  // Extending its own name needs a profile of that name further down the search path.
  CHECK(error_of([&] {
          (void)with_dirs({fixture("badparent")}, {}, false).storage("local-nvme");
        }) == bad +
                  "/storage/local-nvme.yaml:1:10: error: extends: no storage profile "
                  "`local-nvme` below this one to extend (expected the name of a profile in a "
                  "later layer of the search path)");
  // With the built-in catalog below it, the same file loads.
  CHECK_FALSE(with_dirs({fixture("badparent")}).storage("local-nvme").page_cache);
}

TEST_CASE("catalog: require reports an unknown name with did-you-mean and the list") {
  const Catalog c = with_dirs({});
  const YamlDocument doc = YamlDocument::from_text("storage: [nas-perf]\n", "workload.yaml");
  const YamlNode where = doc.root().map({"storage"}).required("storage").items()[0];
  CHECK_NOTHROW(c.require(ProfileKind::kStorage, "oss", where));
  CHECK(error_of([&] { c.require(ProfileKind::kStorage, "nas-perf", where); }) ==
        "workload.yaml:1:11: error: storage[0]: unknown storage profile `nas-perf`, did you mean "
        "`nas-performance`? "
        "(expected one of: cpfs, ebs-gp3, ebs-io2, efs-elastic, essd-pl0, essd-pl1, essd-pl2, "
        "essd-pl3, fsx-lustre, gcp-pd-balanced, gcp-pd-ssd, gcs-direct, gcs-fuse, "
        "gcs-fuse-parallel, host-memory, "
        "image, "
        "local-nvme, nas-capacity, nas-extreme, nas-performance, oss, oss-accel, oss-direct, "
        "ossfs1, ossfs2, "
        "s3-direct, s3-mountpoint, s3-mountpoint-cache, s3fs)");
  CHECK(error_of([&] { c.require(ProfileKind::kGpu, "zz-top", where); })
            .starts_with("workload.yaml:1:11: error: storage[0]: unknown gpu profile `zz-top` "
                         "(expected one of: a10, "));
}

TEST_CASE("catalog: directories from the command line and the environment") {
  // STOWAGE_PROFILES is colon-separated; empty entries are skipped.
  CHECK(Catalog::split_path_list("/a:/b::/c:") ==
        std::vector<std::filesystem::path>{"/a", "/b", "/c"});
  CHECK(Catalog::split_path_list("").empty());
  const std::string missing = fixture("no-such-dir").string();
  CHECK(error_of([&] { (void)with_dirs({fixture("no-such-dir")}); }) ==
        missing +
            ":1:1: error: profiles directory (from --profiles) does not exist (expected a "
            "directory with storage/, platform/, gpu/ or loader/ subdirectories of NAME.yaml files)");
  const std::string flat = (std::filesystem::path(STOWAGE_TEST_DIR) / "fixtures/bad").string();
  CHECK(error_of([&] { (void)with_dirs({}, {std::filesystem::path(flat)}); }) ==
        flat +
            ":1:1: error: profiles directory (from STOWAGE_PROFILES) has no storage/, "
            "platform/, gpu/ or loader/ subdirectory (expected a directory with storage/, platform/, gpu/ "
            "or loader/ subdirectories of NAME.yaml files)");
}

TEST_CASE("catalog: the installed catalog and the built-in one hold the same profiles") {
  Catalog::Options installed_only;
  installed_only.embedded = false;
  const Catalog installed(installed_only);
  const Catalog embedded = with_dirs({});
  for (ProfileKind k : kProfileKinds) {
    CHECK(installed.names(k) == embedded.names(k));
  }
}

TEST_CASE("catalog: a workload's profile names are checked where they are written") {
  const Catalog c = with_dirs({});
  const auto check = [&](std::string_view text) {
    return error_of([&] { c.check_workload_profiles(YamlDocument::from_text(text, "w.yaml").root()); });
  };
  CHECK(check("platform: fc-gpu\ngpu: a10\nstorage: [nas-performance, oss-accel]\n") == "no error");
  CHECK(
      check("platform: fc-gpu\ngpu: a10\nstorage:\n  image:\n  nas-extreme: {capacity: 1TiB}\n") ==
      "no error");
  CHECK(check("platform: fc-gpu\ngpu: a10\nstorage: [image, nas-perf]\n") ==
        "w.yaml:3:18: error: storage[1]: unknown storage profile `nas-perf`, did you mean "
        "`nas-performance`? "
        "(expected one of: cpfs, ebs-gp3, ebs-io2, efs-elastic, essd-pl0, essd-pl1, essd-pl2, "
        "essd-pl3, fsx-lustre, gcp-pd-balanced, gcp-pd-ssd, gcs-direct, gcs-fuse, "
        "gcs-fuse-parallel, host-memory, "
        "image, "
        "local-nvme, nas-capacity, nas-extreme, nas-performance, oss, oss-accel, oss-direct, "
        "ossfs1, ossfs2, "
        "s3-direct, s3-mountpoint, s3-mountpoint-cache, s3fs)");
  CHECK(check("platform: fc-gpu\ngpu: a10\nstorage:\n  osss: {}\n") ==
        "w.yaml:4:9: error: storage.osss: unknown storage profile `osss`, did you mean `oss`? "
        "(expected one of: cpfs, ebs-gp3, ebs-io2, efs-elastic, essd-pl0, essd-pl1, essd-pl2, "
        "essd-pl3, fsx-lustre, gcp-pd-balanced, gcp-pd-ssd, gcs-direct, gcs-fuse, "
        "gcs-fuse-parallel, host-memory, "
        "image, "
        "local-nvme, nas-capacity, nas-extreme, nas-performance, oss, oss-accel, oss-direct, "
        "ossfs1, ossfs2, "
        "s3-direct, s3-mountpoint, s3-mountpoint-cache, s3fs)");
  // A name in other case is suggested in the catalog's case, however short.
  const auto problem = [&](const std::string& text) {
    const std::string e = check(text);
    return e.substr(0, e.find(" (expected"));
  };
  CHECK(problem("platform: fc-gpu\ngpu: L4\n") ==
        "w.yaml:2:6: error: gpu: unknown gpu profile `L4`, did you mean `l4`?");
  CHECK(problem("platform: fc-gpu\ngpu: a10\nstorage: [NAS-Performance]\n") ==
        "w.yaml:3:11: error: storage[0]: unknown storage profile `NAS-Performance`, did you mean "
        "`nas-performance`?");
  CHECK(check("platform: fc-gpus\ngpu: a10\n") ==
        "w.yaml:1:11: error: platform: unknown platform profile `fc-gpus`, did you mean `fc-gpu`? "
        "(expected one of: cloud-run-gpu, fc-gpu, k8s-hpa)");
  // The default workload compiled into the binary names only catalog profiles.
  CHECK(check(embedded_default_workload()) == "no error");
  // Cloud Run offers only the L4.
  CHECK(check("platform: cloud-run-gpu\ngpu: a10\n") ==
        "w.yaml:2:6: error: gpu: platform `cloud-run-gpu` does not offer gpu `a10` (expected one "
        "of: l4)");
}

TEST_CASE("catalog: stowage profiles list shows the kind, key figures, sources and layer") {
  const auto r = stowage::testing::run_stowage(
      "profiles list --kind gpu --profiles tests/fixtures/profiles/second");
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.starts_with("NAME"));
  // The fixture GPU is found in --profiles and counts its figures by source kind: of its 7
  // figures (memory, pcie_gen, lanes, 2 x alpha, 2 x beta) the A10 publishes the first three and
  // assumes both copies, and the fixture replaces the pinned one with a measurement.
  CHECK(r.out.find("test-card  ") != std::string::npos);
  CHECK(r.out.find("3 published, 2 measured, 2 assumed  --profiles") != std::string::npos);
  CHECK(r.out.find("H2D pinned 24 GB/s, pageable 19.5 GB/s") != std::string::npos);
  // Only GPUs: no storage row.
  CHECK(r.out.find("storage/") == std::string::npos);
}

TEST_CASE("catalog: stowage profiles show prints every figure's source, or JSON") {
  const auto table = stowage::testing::run_stowage("profiles show oss-accel");
  CHECK(table.code == 0);
  CHECK(table.out.starts_with("oss-accel (storage/accelerator)\n"));
  CHECK(table.out.find("cost.per_gb_month_provisioned  0.7") != std::string::npos);
  CHECK(table.out.find("https://help.aliyun.com/en/oss/oss-accelerator-fees") != std::string::npos);

  const auto json = stowage::testing::run_stowage("profiles show a10 --json");
  CHECK(json.code == 0);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["name"] == "a10");
  CHECK(j["kind"] == "gpu");
  CHECK(j["extends"].is_null());
  CHECK(j["figures"].size() == 7);
  CHECK(j["figures"][0]["path"] == "memory");
  CHECK(j["figures"][0]["source_kind"] == "published");

  // An unknown name: nothing on stdout, did-you-mean on stderr, exit 2.
  const auto bad = stowage::testing::run_stowage("profiles show nas-perf");
  CHECK(bad.code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err ==
        "stowage profiles show: error: name: unknown profile 'nas-perf' (did you mean "
        "'nas-performance'?)\n");
}

TEST_CASE("catalog: STOWAGE_PROFILES is searched after --profiles") {
  // The child process inherits the variable; relative paths are resolved from the source root,
  // where the runner starts stowage.
  ::setenv("STOWAGE_PROFILES", "tests/fixtures/profiles/first", 1);
  const auto env_only = stowage::testing::run_stowage("profiles show shared");
  const auto both = stowage::testing::run_stowage(
      "profiles show shared --profiles tests/fixtures/profiles/second");
  ::unsetenv("STOWAGE_PROFILES");
  CHECK(env_only.code == 0);
  CHECK(env_only.out.find("the first directory's copy") != std::string::npos);
  CHECK(env_only.out.find("(STOWAGE_PROFILES)") != std::string::npos);
  CHECK(both.out.find("the second directory's copy") != std::string::npos);
  CHECK(both.out.find("(--profiles)") != std::string::npos);
}

TEST_CASE("catalog: every built-in GPU profile survives write_gpu_profile_yaml unchanged") {
  const Catalog c = with_dirs({});
  for (const std::string& name : c.names(ProfileKind::kGpu)) {
    CAPTURE(name);
    const GpuProfile g = c.gpu(name);
    const std::string text = write_gpu_profile_yaml(g);
    const GpuProfile back = load_gpu_profile(YamlDocument::from_text(text, name + ".yaml"), name);
    CHECK(back.origin == g.origin);
    CHECK(back.memory == g.memory);
    CHECK(back.h2d_pinned.alpha == g.h2d_pinned.alpha);
    CHECK(back.h2d_pinned.beta == g.h2d_pinned.beta);
    CHECK(back.h2d_pageable.alpha == g.h2d_pageable.alpha);
    CHECK(back.h2d_pageable.beta == g.h2d_pageable.beta);
    REQUIRE(back.info.figures.size() == g.info.figures.size());
    for (std::size_t i = 0; i < g.info.figures.size(); ++i) {
      CHECK(back.info.figures[i].path == g.info.figures[i].path);
      CHECK(back.info.figures[i].value == g.info.figures[i].value);
      CHECK(back.info.figures[i].source == g.info.figures[i].source);
    }
    // Short quantities, as a person would write them: 10 us, not 9.999999999999999e-06s.
    CHECK(text.find("alpha: {value: 10us") != std::string::npos);
  }
}
