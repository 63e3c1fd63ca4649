// libFuzzer harness for the workload parser: any input must give a Workload or a ConfigError.
// Anything else (another exception, a crash, a hang, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/config/config_error.hpp"
#include "sim/config/workload_loader.hpp"
#include "sim/config/yaml_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stowage::sim::config;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const stowage::sim::Workload w = load_workload(YamlDocument::from_text(text, "fuzz.yaml"));
    (void)w.model.total_size();
  } catch (const ConfigError&) {
  }
  return 0;
}
