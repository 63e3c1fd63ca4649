// libFuzzer harness for the accuracy suite reader (sim/config/accuracy_cases.hpp): any input is
// read as a suite, its profile names checked against the built-in catalog. A suite or a
// ConfigError are the only outcomes; anything else (another exception, an internal check, a
// crash, a hang, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/config/accuracy_cases.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/config_error.hpp"
#include "tests/fuzz/embedded_catalog.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stowage::sim::config;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)load_accuracy_suite_text(text, "fuzz.yaml",
                                   [](const std::filesystem::path&) -> const Catalog& {
                                     return stowage::fuzz::embedded_catalog();
                                   });
  } catch (const ConfigError&) {
  }
  return 0;
}
