// model.variants: how many models a model-switch workload keeps in its storage. The image holds
// them all, so its size limit applies to variants x the model; every storage's stored size and
// cost count them; an image of a switch workload that does not say is not feasible.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

#include "advisor/judge/evaluate.hpp"
#include "cli_runner.hpp"
#include "sim/config/resolve.hpp"
#include "sim/config/workload_loader.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage {

namespace {

// A 12 GB model on Function Compute (images at most 30 GB compressed, profiles/platform/
// fc-gpu.yaml), two running instances switching to it once; `variants` is a YAML line or "".
std::string switch_workload(const std::string& variants) {
  return fmt::format(
      "version: 1\nname: v\nmodel:\n  files:\n    - {{path: m.safetensors, size: 12GB}}\n{}"
      "platform: fc-gpu\ngpu: l20\narrivals:\n  switch: {{instances: 2}}\nstorage: [image, oss]\n",
      variants);
}

advisor::Candidate judged(const std::string& text, const std::string& storage) {
  const sim::config::Catalog catalog = sim::config::Catalog::standard({}, "");
  const sim::Workload w = sim::config::load_workload(
      sim::config::YamlDocument::from_text(text, "w.yaml"), &catalog);
  const sim::Scenario s = sim::config::resolve_scenario(w, catalog);
  return advisor::evaluate(s, sim::StorageChoice{storage, std::nullopt, std::nullopt},
                           advisor::EvaluateOptions{1, false, false});
}

}  // namespace

TEST_CASE("model.variants: the image's size limit applies to every model it holds") {
  // 3 x 12 GB = 36 GB > 30 GB: refused with the count; 2 x 12 GB = 24 GB fits.
  const advisor::Candidate three = judged(switch_workload("  variants: 3\n"), "image");
  REQUIRE(three.infeasible.has_value());
  CHECK(*three.infeasible ==
        "3 models of 12 GB (36 GB, model.variants: 3) do not fit in one image: fc-gpu allows at "
        "most 30 GB");
  CHECK(judged(switch_workload("  variants: 2\n"), "image").feasible());
  // A switch workload that does not say how many models the image holds is asked.
  const advisor::Candidate unsaid = judged(switch_workload(""), "image");
  REQUIRE(unsaid.infeasible.has_value());
  CHECK(unsaid.infeasible->find("a model-switch workload must say how many models the image "
                                "holds: set model.variants") == 0);
  // Other storages do not need it: the bucket holds one model.
  CHECK(judged(switch_workload(""), "oss").feasible());
}

TEST_CASE("model.variants: a storage's cost counts every model it holds") {
  // oss stores at CNY 0.12 per GB-month (profiles/storage/oss.yaml): one 12 GB model is
  // 1.44 CNY a month, three are 4.32.
  const advisor::Candidate one = judged(switch_workload("  variants: 1\n"), "oss");
  const advisor::Candidate three = judged(switch_workload("  variants: 3\n"), "oss");
  CHECK(one.cost.storage == doctest::Approx(1.44));
  CHECK(three.cost.storage == doctest::Approx(4.32));
  CHECK(three.cost.currency == "CNY");
}

TEST_CASE("model.variants: a positive whole number, refused where it is written") {
  const auto error = [](const std::string& value) {
    return testing::config_error_of([&] {
      sim::config::load_workload(
          sim::config::YamlDocument::from_text(switch_workload("  variants: " + value + "\n"),
                                               "w.yaml"),
          nullptr);
    });
  };
  CHECK(error("0").find("w.yaml:6:13: error: model.variants: ") == 0);
  CHECK(error("0").find("(expected an integer from 1 to 10000)") != std::string::npos);
  CHECK(error("2.5").find("w.yaml:6:13: error: model.variants: ") == 0);
  CHECK(error("three").find("w.yaml:6:13: error: model.variants: ") == 0);
  CHECK(error("1") == "no error");
}

}  // namespace stowage
