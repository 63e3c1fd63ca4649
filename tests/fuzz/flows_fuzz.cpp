// libFuzzer harness past the flow-scenario parser: every input that parses as a flow scenario
// of at most kMaxItems flows and constraints runs through the flow solver, and its result is
// rendered as JSON. Anything but a ConfigError (another exception, an internal check, a crash, a
// hang, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "advisor/report/flows.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/flows_loader.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/flow_scenario.hpp"

namespace {

constexpr std::size_t kMaxItems = 64;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stowage;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const sim::FlowScenario scenario =
        sim::config::load_flow_scenario(sim::config::YamlDocument::from_text(text, "fuzz.yaml"));
    if (scenario.flows.size() > kMaxItems || scenario.constraints.size() > kMaxItems) return 0;
    const sim::FlowScenarioResult result = sim::run_flow_scenario(scenario);
    // The streamed JSON must be a document nlohmann reads back (a throw here is a crash).
    std::string json;
    advisor::report::JsonStream out([&](std::string_view t) { json.append(t); });
    advisor::report::flows_json(scenario, result, out);
    out.finish();
    (void)nlohmann::json::parse(json);
  } catch (const sim::config::ConfigError&) {
  }
  return 0;
}
