// libFuzzer harness past the workload parser: every input that parses as a workload (checked
// against the built-in catalog) is resolved, simulated on each of its feasible storage choices
// and rendered as JSON. Workloads of more than kMaxLoads loads or kMaxFiles files are only
// parsed, so that each input runs in milliseconds. Anything but a ConfigError (another
// exception, an internal check, a crash, a hang, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "advisor/report/sim_result.hpp"
#include "advisor/report/text.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/resolve.hpp"
#include "sim/config/workload_loader.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/simulate.hpp"
#include "tests/fuzz/embedded_catalog.hpp"

namespace {

constexpr double kMaxLoads = 8;
constexpr std::size_t kMaxFiles = 8;

const stowage::sim::config::Catalog& catalog() { return stowage::fuzz::embedded_catalog(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stowage;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const sim::Workload w = sim::config::load_workload(
        sim::config::YamlDocument::from_text(text, "fuzz.yaml"), &catalog());
    if (sim::config::expected_loads(w.arrivals) > kMaxLoads || w.model.files.size() > kMaxFiles) return 0;
    const sim::Scenario scenario = sim::config::resolve_scenario(w, catalog());
    for (const sim::StorageChoice& choice : scenario.candidates) {
      if (sim::infeasible(scenario, choice)) continue;
      const sim::SimResult result = sim::simulate(scenario, choice, w.seed);
      // The streamed JSON must be a document nlohmann reads back (a throw here is a crash).
      std::string json;
      advisor::report::JsonStream out([&](std::string_view t) { json.append(t); });
      advisor::report::result_json(result, out);
      out.finish();
      (void)nlohmann::json::parse(json);
    }
  } catch (const sim::config::ConfigError&) {
  }
  return 0;
}
