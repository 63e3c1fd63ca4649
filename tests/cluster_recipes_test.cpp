// The cluster recipes under data/sweeps/cluster/, checked as far as a machine without a
// Kubernetes cluster allows (the Slurm recipe runs on a real Slurm cluster in
// tests/cluster/slurm_sweep_test.sh). The Indexed Job and the merge Job parse as YAML, name the
// same sweep, share the results volume, and give `--shard` the completion index in the
// convention the command line itself accepts: which K of K/N are shards is asked of the built
// `stowage`, so the check follows the command line if its convention changes.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>
#include <fnmatch.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "sim/config/yaml_reader.hpp"

namespace cfg = stowage::sim::config;
using stowage::testing::run_shell;
using stowage::testing::run_stowage;

namespace {

const std::string kCluster = std::string(STOWAGE_TEST_DIR) + "/../data/sweeps/cluster/";

/// The value of one step: a mapping's key, or `[i]`, a sequence's item.
cfg::YamlNode child(const cfg::YamlNode& node, const std::string& step) {
  if (step.starts_with('[')) {
    const auto items = node.items();
    const std::size_t i = std::stoul(step.substr(1));
    REQUIRE_MESSAGE(i < items.size(), node.path(), " has no item ", i);
    return items[i];
  }
  for (const auto& [key, value] : node.entries()) {
    if (key == step) return value;
  }
  FAIL(node.path(), " has no key ", step);
  return node;
}

/// The value at a dotted path of steps: `spec.template.spec.containers.[0].args`.
cfg::YamlNode at(const cfg::YamlNode& node, const std::string& path) {
  const std::size_t dot = path.find('.');
  if (dot == std::string::npos) return child(node, path);
  return at(child(node, path.substr(0, dot)), path.substr(dot + 1));
}

/// The arguments `stowage` gets when sh runs the container's `sh -c` text with `env` set: a
/// shell function stands in for it and prints them, one a line; globs stay unexpanded.
std::vector<std::string> stowage_args(const std::string& text, const std::string& env) {
  const auto r =
      run_shell(fmt::format("set -f\nstowage() {{ printf '%s\\n' \"$@\"; }}\n{}\n{}\n", env, text));
  REQUIRE_MESSAGE(r.code == 0, r.err);
  std::vector<std::string> args;
  std::size_t start = 0;
  while (start < r.out.size()) {
    const std::size_t end = r.out.find('\n', start);
    args.push_back(r.out.substr(start, end - start));
    start = end + 1;
  }
  return args;
}

std::string option(const std::vector<std::string>& args, const std::string& name) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == name) return args[i + 1];
  }
  FAIL("no ", name, " in the command");
  return "";
}

/// The container's command: `sh -c` and its one script argument.
std::string container_script(const cfg::YamlNode& job) {
  const auto command = at(job, "spec.template.spec.containers.[0].command").items();
  REQUIRE(command.size() == 2);
  CHECK(command[0].as_string() == "sh");
  CHECK(command[1].as_string() == "-c");
  const auto args = at(job, "spec.template.spec.containers.[0].args").items();
  REQUIRE(args.size() == 1);
  return args[0].as_string();
}

}  // namespace

TEST_CASE("cluster: the Kubernetes Indexed Job and its merge Job run one sweep in shards") {
  const auto sweep_doc = cfg::YamlDocument::from_file(kCluster + "sweep-indexed-job.yaml");
  const auto merge_doc = cfg::YamlDocument::from_file(kCluster + "sweep-merge-job.yaml");
  const cfg::YamlNode sweep = sweep_doc.root(), merge = merge_doc.root();
  for (const cfg::YamlNode& job : {sweep, merge}) {
    CHECK(at(job, "apiVersion").as_string() == "batch/v1");
    CHECK(at(job, "kind").as_string() == "Job");
    CHECK(at(job, "spec.template.spec.restartPolicy").as_string() == "Never");
    // Both pods see the same results volume at the same place.
    CHECK(at(job, "spec.template.spec.volumes.[0].persistentVolumeClaim.claimName").as_string() ==
          "stowage-results");
    CHECK(at(job, "spec.template.spec.containers.[0].volumeMounts.[0].mountPath").as_string() ==
          "/results");
  }
  // One pod per shard, each with its completion index (0 to N - 1) in JOB_COMPLETION_INDEX;
  // `--shard` counts from 1, so the pods must add one.
  CHECK(at(sweep, "spec.completionMode").as_string() == "Indexed");
  const auto n = static_cast<std::size_t>(at(sweep, "spec.completions").as_int(1, 10'000));
  CHECK(static_cast<std::size_t>(at(sweep, "spec.parallelism").as_int(1, 10'000)) <= n);

  // Which K/n the command line takes as shards, asked of stowage itself (a sweep of 6 points):
  // 1 to n.
  std::set<std::size_t> cli_shards;
  const std::string dir =
      std::filesystem::temp_directory_path() / fmt::format("stowage-k8s-recipe-{}", ::getpid());
  std::filesystem::create_directories(dir);
  for (std::size_t k = 0; k <= n; ++k) {
    const auto r =
        run_stowage(fmt::format("sweep tests/fixtures/sweep/small.yaml --shard {}/{} "
                                "--out {}/part.json",
                                k, n, dir));
    if (r.code == 0) cli_shards.insert(k);
  }
  std::filesystem::remove_all(dir);
  REQUIRE(cli_shards.size() == n);
  CHECK(*cli_shards.begin() == 1);

  // Every completion index runs a different shard that the command line accepts, of n, on the
  // same sweep, into its own part.
  const std::string script = container_script(sweep);
  std::set<std::size_t> shards;
  std::set<std::string> sweeps, outs;
  for (std::size_t index = 0; index < n; ++index) {
    const auto args = stowage_args(script, fmt::format("JOB_COMPLETION_INDEX={}", index));
    REQUIRE(args.size() >= 2);
    CHECK(args[0] == "sweep");
    sweeps.insert(args[1]);
    const std::string shard = option(args, "--shard");
    CAPTURE(shard);
    const std::size_t slash = shard.find('/');
    REQUIRE(slash != std::string::npos);
    CHECK(shard.substr(slash + 1) == std::to_string(n));
    const std::size_t k = std::stoul(shard.substr(0, slash));
    CHECK(cli_shards.contains(k));
    shards.insert(k);
    outs.insert(option(args, "--out"));
  }
  CHECK(shards == cli_shards);
  CHECK(outs.size() == n);
  REQUIRE(sweeps.size() == 1);
  // The image (the Dockerfile) installs under /usr/local, the shipped sweeps in
  // share/stowage/data/sweeps: the sweep is a shipped one.
  const std::string sweep_file = *sweeps.begin();
  const std::string share = "/usr/local/share/stowage/";
  REQUIRE(sweep_file.starts_with(share));
  CHECK(std::filesystem::exists(std::string(STOWAGE_TEST_DIR) + "/../" +
                                sweep_file.substr(share.size())));

  // The merge Job reads exactly those parts (its glob matches each and nothing of another
  // sweep) and writes the whole table.
  const auto merge_args = stowage_args(container_script(merge), "");
  REQUIRE(merge_args.size() >= 2);
  CHECK(merge_args[0] == "merge");
  const std::string glob = merge_args[1];
  for (const std::string& out : outs) {
    CAPTURE(out);
    CHECK(fnmatch(glob.c_str(), out.c_str(), 0) == 0);
  }
  const std::string name = std::filesystem::path(sweep_file).stem();
  CHECK(std::filesystem::path(glob).filename().string().starts_with(name + "-part-"));
  CHECK(fnmatch(glob.c_str(), ("/results/other-" + name + "-part-0.json").c_str(), 0) != 0);
  CHECK_FALSE(option(merge_args, "--out").empty());
}
