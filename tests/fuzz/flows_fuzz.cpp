// libFuzzer harness past the flow-scenario parser: every input that parses as a flow scenario
// of at most kMaxItems flows and constraints runs through the flow solver, and its result is
// rendered as JSON. Each input is parsed twice, with the fast parse (as `simulate --flows` reads
// a file) and with yaml-cpp alone: the two must give the same nodes or the same error. Anything
// but a ConfigError (another exception, an internal check, a crash, a hang, a sanitizer report,
// the two parses differing) is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "advisor/report/flows.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/flows_loader.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/flow_scenario.hpp"

namespace {

constexpr std::size_t kMaxItems = 64;

namespace config = stowage::sim::config;

// The document, or nothing with the error's message in `error`.
std::optional<config::YamlDocument> parse(std::string_view text, config::YamlParser parser,
                                          std::string& error) {
  try {
    return config::YamlDocument::from_text(text, "fuzz.yaml", parser);
  } catch (const config::ConfigError& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stowage;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string fast_error, reference_error;
  const auto fast = parse(text, sim::config::YamlParser::kFast, fast_error);
  const auto reference = parse(text, sim::config::YamlParser::kYamlCpp, reference_error);
  if (fast_error != reference_error || fast.has_value() != reference.has_value() ||
      (fast && !(fast->tree() == reference->tree()))) {
    std::abort();  // the fast parse gave other nodes or another error than yaml-cpp
  }
  if (!fast) return 0;
  try {
    const sim::FlowScenario scenario = sim::config::load_flow_scenario(*fast);
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
