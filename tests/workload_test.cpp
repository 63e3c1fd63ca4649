#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "sim/config/yaml_reader.hpp"
#include "cli_runner.hpp"
#include "sim/config/workload_loader.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;
using stowage::testing::run_stowage;

namespace {

std::string error_of(const std::string& path) {
  try {
    load_workload_file(path);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

Workload parse(const std::string& text) {
  return load_workload(YamlDocument::from_text(text, "test.yaml"));
}

const std::string kMinimal = R"(
name: t
model:
  files:
    - {path: a.safetensors, size: 4GB}
platform: fc-gpu
gpu: a10
arrivals:
  burst: {count: 10}
)";

}  // namespace

// One fixture per promised message; the text is the contract, so it is pinned in full.
TEST_CASE("workload: every bad fixture gives its exact message") {
  const std::string dir = "tests/fixtures/bad/";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"nope.yaml",
       "nope.yaml:1:1: error: cannot read: does not exist (expected a readable YAML file)"},
      {"workload_syntax.yaml",
       "workload_syntax.yaml:4:1: error: invalid YAML: end of sequence flow not found"},
      {"workload_empty.yaml",
       "workload_empty.yaml:1:1: error: the file is empty (expected a YAML mapping)"},
      {"workload_not_mapping.yaml",
       "workload_not_mapping.yaml:1:1: error: found a sequence (expected a workload mapping)"},
      {"workload_wrong_type.yaml",
       "workload_wrong_type.yaml:3:10: error: model.files: found a mapping (expected a list of "
       "{path, size} or {size, count})"},
      {"workload_missing_key.yaml",
       "workload_missing_key.yaml:1:1: error: missing required key `gpu` (expected a GPU profile "
       "name, e.g. a10)"},
      {"workload_loader_zero_streams.yaml",
       "workload_loader_zero_streams.yaml:9:42: error: loader.streams: 0 is out of range "
       "(expected an integer from 1 to 1024)"},
      {"workload_loader_unknown_key.yaml",
       "workload_loader_unknown_key.yaml:9:10: error: loader.profle: unknown key, did you mean "
       "`profile`? (expected one of: profile, memory, overlap, streams)"},
      {"workload_zero_tensors.yaml",
       "workload_zero_tensors.yaml:5:12: error: model.tensors: 0 is out of range (expected an "
       "integer from 1 to 10000000)"},
      {"workload_zero_gpus.yaml",
       "workload_zero_gpus.yaml:9:18: error: instance.gpus: 0 is out of range (expected an "
       "integer from 1 to 64)"},
      {"workload_unknown_key.yaml",
       "workload_unknown_key.yaml:11:5: error: arrivals.burst.sprad: unknown key, did you mean "
       "`spread`? (expected one of: count, at, spread)"},
      {"workload_bad_unit.yaml",
       "workload_bad_unit.yaml:11:29: error: storage.nas-performance.stored: unknown unit 'GBs' "
       "(expected e.g. 20GiB, 4.27GB, 335MB)"},
      {"workload_size_in_bits.yaml",
       "workload_size_in_bits.yaml:11:29: error: storage.nas-performance.stored: '40Gb' is in "
       "bits, a size is in bytes: did you mean '40GB'? (expected a size in bytes such as 40GB; "
       "bits are for rates, as in 10Gbps)"},
      {"workload_missing_unit.yaml",
       "workload_missing_unit.yaml:5:35: error: model.files[0].size: missing unit in '600' "
       "(expected e.g. 20GiB, 4.27GB, 335MB)"},
      {"workload_negative.yaml",
       "workload_negative.yaml:10:10: error: timeout: negative duration '-30s' (expected a value "
       ">= 0)"},
      {"workload_update_at_negative.yaml",
       "workload_update_at_negative.yaml:6:14: error: model.update_at: negative duration '-1min' "
       "(expected a value >= 0)"},
      {"workload_out_of_range.yaml",
       "workload_out_of_range.yaml:12:16: error: objective.cost_weight: 1.5 is out of range "
       "(expected a number from 0 to 1)"},
      {"workload_zero_count.yaml",
       "workload_zero_count.yaml:9:18: error: arrivals.burst.count: 0 is out of range (expected an "
       "integer from 1 to 1000000)"},
      {"workload_not_integer.yaml",
       "workload_not_integer.yaml:9:18: error: arrivals.burst.count: 'ten' is not an integer "
       "(expected an integer from 1 to 1000000)"},
      {"workload_not_bool.yaml",
       "workload_not_bool.yaml:10:19: error: loader.overlap: 'yes' is not a boolean (expected true "
       "or false)"},
      {"workload_duplicate_key.yaml",
       "workload_duplicate_key.yaml:11:1: error: seed: duplicate key (first defined at line 10) "
       "(expected each key once)"},
      {"workload_unknown_value.yaml",
       "workload_unknown_value.yaml:6:17: error: model.read_passes[0]: unknown value 'hsh', did "
       "you mean `hash`? (expected one of: hash, load)"},
      {"workload_no_load_pass.yaml",
       "workload_no_load_pass.yaml:6:16: error: model.read_passes: the passes must include exactly "
       "one `load` (expected e.g. [load] or [hash, load])"},
      {"workload_empty_file_size.yaml",
       "workload_empty_file_size.yaml:5:35: error: model.files[0].size: a model file cannot be "
       "empty (expected a size > 0)"},
      {"workload_schedule_order.yaml",
       "workload_schedule_order.yaml:11:12: error: arrivals.schedule[1].at: 8 h is not after the "
       "previous step (expected increasing times)"},
      {"workload_two_patterns.yaml",
       "workload_two_patterns.yaml:9:3: error: arrivals: more than one arrival pattern (expected "
       "exactly one of: burst, schedule, poisson, trace, switch)"},
      {"workload_rate_unit.yaml",
       "workload_rate_unit.yaml:9:19: error: arrivals.poisson.rate: unknown unit '/fortnight' "
       "(expected arrivals per second, or e.g. 30/min, 2/s, 100/h)"},
      {"workload_switch_every.yaml",
       "workload_switch_every.yaml:9:11: error: arrivals.switch: missing required key `every` "
       "(expected the time between switches when `times` > 1)"},
      {"workload_storage_twice.yaml",
       "workload_storage_twice.yaml:10:33: error: storage[2]: `oss` is listed twice (expected each "
       "storage once)"},
      {"workload_version.yaml",
       "workload_version.yaml:1:10: error: version: schema version 2 is not supported (expected "
       "1)"},
      // The trace's own error points into the CSV file, at the line that is wrong.
      {"workload_trace_bad_line.yaml",
       "workload_trace.csv:6:1: error: arrivals.trace.file: 'soon' does not start with a number "
       "(expected seconds per line, e.g. 12.5 or 250ms)"},
  };
  for (const auto& [file, message] : cases) {
    CAPTURE(file);
    CHECK(error_of(dir + file) == dir + message);
  }
}

TEST_CASE("workload: the command line prints the error alone and exits 2") {
  const auto r = run_stowage("validate tests/fixtures/bad/workload_unknown_key.yaml");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "tests/fixtures/bad/workload_unknown_key.yaml:11:5: error: arrivals.burst.sprad: unknown "
        "key, did you mean `spread`? (expected one of: count, at, spread)\n");
}

TEST_CASE("workload: validate reports every file and fails if any is bad") {
  const auto r =
      run_stowage("validate data/workloads/default.yaml tests/fixtures/bad/workload_empty.yaml");
  CHECK(r.code == 2);
  CHECK(r.out == "data/workloads/default.yaml: ok\n");
  CHECK(r.err ==
        "tests/fixtures/bad/workload_empty.yaml:1:1: error: the file is empty "
        "(expected a YAML mapping)\n");
}

TEST_CASE("workload: every example under data/workloads validates") {
  const auto r = run_stowage("validate data/workloads/*.yaml");
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("data/workloads/default.yaml: ok") != std::string::npos);
}

TEST_CASE("workload: the embedded default is the file and parses") {
  const Workload w = load_default_workload();
  CHECK(w.name == "sd15-fc-hpa-burst-50");
  // 4.27 GB checkpoint + 335 MB VAE = 4.605 GB.
  CHECK(w.model.total_size().value() == doctest::Approx(4.605e9));
  REQUIRE(std::holds_alternative<BurstArrivals>(w.arrivals));
  CHECK(std::get<BurstArrivals>(w.arrivals).count == 50);
  CHECK(w.model.read_passes == std::vector<ReadPass>{ReadPass::kHash, ReadPass::kLoad});
  const auto r = run_stowage("validate");
  CHECK(r.code == 0);
  CHECK(r.out == "<embedded>/default.yaml: ok\n");
}

TEST_CASE("workload: defaults of optional fields") {
  const Workload w = parse(kMinimal);
  CHECK(w.version == 1);
  CHECK(w.seed == 1);
  CHECK(w.model.read_passes == std::vector<ReadPass>{ReadPass::kLoad});
  CHECK(w.model.io.block_size.value() == 1048576.0);
  CHECK(w.model.io.reader_threads == 1);
  CHECK(w.model.format == "safetensors");
  CHECK_FALSE(w.model.update_interval.has_value());
  CHECK_FALSE(w.instance.vcpu.has_value());
  CHECK_FALSE(w.instance.memory.has_value());
  CHECK(w.loader.profile.empty());
  CHECK_FALSE(w.loader.memory.has_value());
  CHECK_FALSE(w.loader.overlap.has_value());
  CHECK_FALSE(w.loader.streams.has_value());
  CHECK(w.instance.gpus == 1);
  CHECK_FALSE(w.timeout.has_value());
  CHECK(w.regions == 1);
  CHECK(w.storage.empty());
  CHECK(w.objective.max_failed == 0);
  CHECK(w.objective.cost_weight == 0.5);
  CHECK(arrivals_kind(w.arrivals) == "burst");
  const auto& b = std::get<BurstArrivals>(w.arrivals);
  CHECK(b.at.value() == 0.0);
  CHECK(b.spread.value() == 0.0);
}

TEST_CASE("workload: sharded files, storage sizing and every arrival pattern") {
  std::string text = kMinimal;
  text.replace(text.find("    - {path: a.safetensors, size: 4GB}"), 38,
               "    - {size: 5GB, count: 4, path: llama}");
  text += "storage:\n  nas-performance: {stored: 2TiB}\n  oss:\n  oss-accel: {capacity: 1TiB}\n";
  const Workload w = parse(text);
  REQUIRE(w.model.files.size() == 4);
  CHECK(w.model.files[0].path == "llama-00001-of-00004");
  CHECK(w.model.files[3].path == "llama-00004-of-00004");
  // 4 shards x 5 GB = 20 GB.
  CHECK(w.model.total_size().value() == doctest::Approx(20e9));
  REQUIRE(w.storage.size() == 3);
  CHECK(w.storage[0].profile == "nas-performance");
  CHECK(w.storage[0].stored->value() == 2.0 * 1099511627776.0);
  CHECK_FALSE(w.storage[1].stored.has_value());
  CHECK(w.storage[2].capacity->value() == 1099511627776.0);

  const auto with_arrivals = [&](const std::string& arrivals) {
    std::string t = kMinimal;
    t.replace(t.find("  burst: {count: 10}"), 20, arrivals);
    return parse(t).arrivals;
  };
  const auto sched = std::get<ScheduleArrivals>(
      with_arrivals("  schedule:\n    - {at: 9h, replicas: 200}\n    - {at: 22h, replicas: 10}"));
  REQUIRE(sched.steps.size() == 2);
  CHECK(sched.steps[0].at.value() == 9 * 3600.0);
  CHECK(sched.steps[1].replicas == 10);
  // 30 per minute = 0.5 per second.
  const auto poisson =
      std::get<PoissonArrivals>(with_arrivals("  poisson: {rate: 30/min, duration: 1h}"));
  CHECK(poisson.rate_per_s == doctest::Approx(0.5));
  CHECK(poisson.duration.value() == 3600.0);
  const auto sw =
      std::get<SwitchArrivals>(with_arrivals("  switch: {instances: 8, times: 2, every: 10min}"));
  CHECK(sw.instances == 8);
  CHECK(sw.times == 2);
  CHECK(sw.every.value() == 600.0);
}

TEST_CASE("workload: a trace is read relative to the workload and sorted") {
  const Workload w = load_workload_file("tests/fixtures/workloads/trace.yaml");
  const auto& t = std::get<TraceArrivals>(w.arrivals);
  REQUIRE(t.times.size() == 4);
  CHECK(t.times[0].value() == 0.0);
  CHECK(t.times[1].value() == 0.25);
  CHECK(t.times[2].value() == 1.5);
  CHECK(t.times[3].value() == 120.0);
}

TEST_CASE("workload: storage as a plain list of names") {
  const Workload w = parse(kMinimal + "storage: [oss, image]\n");
  REQUIRE(w.storage.size() == 2);
  CHECK(w.storage[0].profile == "oss");
  CHECK(w.storage[1].profile == "image");
}

TEST_CASE("workload: validate checks profile names where they are written") {
  auto r = run_stowage("validate tests/fixtures/bad/workload_unknown_storage.yaml");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "tests/fixtures/bad/workload_unknown_storage.yaml:10:13: error: storage.nas-perf: unknown "
        "storage profile `nas-perf`, did you mean `nas-performance`? (expected one of: cpfs, "
        "ebs-gp3, ebs-io2, efs-elastic, essd-pl0, essd-pl1, essd-pl2, essd-pl3, fsx-lustre, "
        "gcp-pd-balanced, gcp-pd-ssd, "
        "gcs-direct, gcs-fuse, gcs-fuse-parallel, host-memory, image, local-nvme, nas-capacity, "
        "nas-extreme, nas-performance, oss, oss-accel, oss-direct, ossfs1, ossfs2, s3-direct, "
        "s3-mountpoint, "
        "s3-mountpoint-cache, s3fs)\n");
  r = run_stowage("validate tests/fixtures/bad/workload_gpu_not_offered.yaml");
  CHECK(r.code == 2);
  CHECK(r.err ==
        "tests/fixtures/bad/workload_gpu_not_offered.yaml:6:6: error: gpu: platform "
        "`fc-gpu` does not offer gpu `h100-sxm` (expected one of: t4, a10, l20)\n");
}

TEST_CASE("workload: validate reads files under storage/, platform/, gpu/ as profiles") {
  auto r =
      run_stowage("validate profiles/storage/*.yaml profiles/platform/*.yaml profiles/gpu/*.yaml");
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("profiles/storage/oss-accel.yaml: ok\n") != std::string::npos);
  r = run_stowage("validate tests/fixtures/validate/storage/accel-without-backing.yaml");
  CHECK(r.code == 2);
  CHECK(r.err ==
        "tests/fixtures/validate/storage/accel-without-backing.yaml:1:1: error: missing "
        "required key `backing` (expected the object-store profile whose bucket the "
        "accelerator caches)\n");
}

TEST_CASE("workload: one reader for a `loader:` block, with one bound on its streams") {
  // A name alone, and the full mapping: the same reader serves workloads and accuracy cases.
  const auto spec_of = [](const std::string& text) {
    const auto doc = YamlDocument::from_text(text, "l.yaml");
    return read_loader_spec(doc.root());
  };
  CHECK(spec_of("runai-streamer").profile == "runai-streamer");
  const LoaderSpec full =
      spec_of("{profile: runai-streamer, memory: pinned, overlap: false, streams: 16}");
  CHECK(full.profile == "runai-streamer");
  CHECK(full.memory == LoaderSpec::HostMemory::kPinned);
  CHECK(full.overlap == false);
  CHECK(full.streams == 16);
  // The bound is kMaxLoaderStreams: 1024 is the last accepted value, 1025 is refused where it
  // is written (column 11 of `{streams: 1025}`, 1-based).
  CHECK(spec_of("{streams: 1024}").streams == kMaxLoaderStreams);
  CHECK(stowage::testing::config_error_of([&] { spec_of("{streams: 1025}"); }) ==
        "l.yaml:1:11: error: streams: 1025 is out of range (expected an integer from 1 to 1024)");
  // The catalog checks the profile name where it is written, in either form.
  const auto named = [](const std::string& text) {
    const auto doc = YamlDocument::from_text(text, "l.yaml");
    const auto node = loader_profile_node(doc.root());
    return node ? node->as_string() : std::string("(none)");
  };
  CHECK(named("vllm-default") == "vllm-default");
  CHECK(named("{profile: vllm-default, streams: 4}") == "vllm-default");
  CHECK(named("{streams: 4}") == "(none)");
}
