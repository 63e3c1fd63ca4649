// libFuzzer harness for the exchange-rates reader (sim/config/exchange_rates_loader.hpp): any
// input is read as an exchange-rates.yaml. Rates or a ConfigError are the only outcomes; anything
// else (another exception, an internal check, a crash, a hang, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/config/config_error.hpp"
#include "sim/config/exchange_rates_loader.hpp"
#include "sim/config/yaml_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stowage::sim::config;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const YamlDocument doc = YamlDocument::from_text(text, "exchange-rates.yaml");
    (void)load_exchange_rates(doc);
  } catch (const ConfigError&) {
  }
  return 0;
}
