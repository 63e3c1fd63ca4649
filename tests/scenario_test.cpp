// Scenario resolution (sim/config/resolve.hpp) and the front door (sim/simulate.hpp): profiles
// are read once per command, and the storage kind registry declares what each kind does.
#include <doctest/doctest.h>

#include <set>

#include "advisor/judge/advise.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/resolve.hpp"
#include "sim/simulate.hpp"
#include "sim/storage/registry.hpp"

namespace sim = stowage::sim;
namespace adv = stowage::advisor;

namespace {

/// The built-in catalog only, so that the count does not depend on the source tree's files.
sim::config::Catalog embedded_catalog() {
  sim::config::Catalog::Options o;
  o.installed = false;
  return sim::config::Catalog(o);
}

/// The profile files a profile's `extends` chain reads: its own and every parent's.
void chain_files(const sim::config::Catalog& c, sim::ProfileKind kind, const std::string& name,
                 std::set<std::string>& files) {
  files.insert(c.location(kind, name));
  std::string parent;
  if (kind == sim::ProfileKind::kStorage) parent = c.storage(name).info.extends;
  if (kind == sim::ProfileKind::kPlatform) parent = c.platform(name).info.extends;
  if (kind == sim::ProfileKind::kGpu) parent = c.gpu(name).info.extends;
  if (!parent.empty() && parent != name) chain_files(c, kind, parent, files);
}

}  // namespace

TEST_CASE("scenario: advise on the default workload parses each profile file once") {
  const sim::config::Catalog catalog = embedded_catalog();
  CHECK(catalog.parse_count() == 0);
  const sim::Scenario scenario =
      sim::config::resolve_scenario(sim::config::load_checked_workload("", catalog), catalog);
  // The default workload names fc-gpu, a10 and four storages; oss-accel's bucket (oss) is one of
  // them. Each file of each extends chain is parsed exactly once.
  std::set<std::string> files;
  const sim::config::Catalog counter = embedded_catalog();  // lists the chains without touching
  chain_files(counter, sim::ProfileKind::kPlatform, "fc-gpu", files);
  chain_files(counter, sim::ProfileKind::kGpu, "a10", files);
  for (const sim::StorageChoice& c : scenario.candidates) {
    chain_files(counter, sim::ProfileKind::kStorage, c.profile, files);
  }
  files.insert(counter.exchange_rates_location());  // the exchange rates, read once too
  CHECK(scenario.candidates.size() == 4);
  CHECK(catalog.parse_count() == files.size());
  // Evaluating every candidate (3 replications, the sizing hint's extra runs) and ranking them
  // reads nothing more: the scenario holds the profiles by value.
  const adv::Advice a = adv::advise(scenario, adv::EvaluateOptions{3, true, true});
  CHECK(a.ranked.size() == 4);
  CHECK(catalog.parse_count() == files.size());
  // Asking the catalog again for a profile it has resolved parses nothing either.
  catalog.storage("oss");
  catalog.platform("fc-gpu");
  CHECK(catalog.parse_count() == files.size());
}

TEST_CASE("scenario: a copy of a resolved scenario shares its profiles") {
  const sim::config::Catalog catalog = embedded_catalog();
  const sim::Scenario s =
      sim::config::resolve_scenario(sim::config::load_checked_workload("", catalog), catalog);
  sim::Scenario t = s;
  t.workload.seed = s.workload.seed + 1;
  CHECK(t.profiles.get() == s.profiles.get());
  // The bucket behind the accelerator was resolved with it.
  const sim::StorageProfile& accel = s.profiles->storage_profile("oss-accel");
  REQUIRE(s.profiles->backing_of(accel) != nullptr);
  CHECK(s.profiles->backing_of(accel)->info.name == "oss");
  CHECK(s.profiles->backing_of(s.profiles->storage_profile("oss")) == nullptr);
}

TEST_CASE(
    "scenario: the front door gives the same result for the same seed, and the seed moves "
    "only drawn delays") {
  const sim::config::Catalog catalog = embedded_catalog();
  const sim::Scenario s =
      sim::config::resolve_scenario(sim::config::load_checked_workload("", catalog), catalog);
  const sim::StorageChoice nas{"nas-performance", std::nullopt, std::nullopt};
  REQUIRE_FALSE(sim::infeasible(s, nas).has_value());
  const sim::SimResult a = sim::simulate(s, nas, 7);
  const sim::SimResult b = sim::simulate(s, nas, 7);
  CHECK(a.summary.p50_s == b.summary.p50_s);
  CHECK(a.events == b.events);
  // The sandbox start and NAS's VPC attach are drawn: another seed gives other draws.
  REQUIRE(sim::has_random_delays(s, nas));
  const sim::SimResult c = sim::simulate(s, nas, 8);
  REQUIRE(c.loads.size() == a.loads.size());
  const auto sandbox_s = [](const sim::LoadResult& l) {
    for (const sim::PhaseTime& p : l.phases) {
      if (p.phase == sim::Phase::kSandbox) return (p.end - p.start).value();
    }
    return -1.0;
  };
  CHECK(sandbox_s(a.loads[0]) == sandbox_s(b.loads[0]));
  CHECK(sandbox_s(a.loads[0]) > 0);
  CHECK(sandbox_s(c.loads[0]) != sandbox_s(a.loads[0]));
}

TEST_CASE("storage kinds: the registry lists every kind once, found by name, with its rules") {
  const auto kinds = sim::storage_kinds();
  REQUIRE(kinds.size() == 9);
  std::set<std::string_view> names;
  for (const sim::StorageKind* k : kinds) {
    names.insert(k->name());
    CHECK(sim::find_storage_kind(k->name()) == k);
  }
  CHECK(names.size() == kinds.size());
  CHECK(sim::find_storage_kind("tape") == nullptr);
  CHECK(sim::kind_names(", ") ==
        "image, nas, object_fuse, accelerator, local, block, object_direct, host_memory, "
        "node_cache");
  // Only an accelerator and a node cache hold a bucket's objects and can be warmed; FUSE clients
  // read object stores.
  CHECK(sim::kinds_taking("backing", ", ") == "accelerator, node_cache");
  CHECK(sim::kinds_taking("fuse", " or ") == "object_fuse or accelerator or node_cache");
  std::string warmable;
  for (const sim::StorageKind* k : kinds) {
    if (k->warmable()) warmable += (warmable.empty() ? "" : ", ") + std::string(k->name());
  }
  CHECK(warmable == "accelerator, node_cache");
}
