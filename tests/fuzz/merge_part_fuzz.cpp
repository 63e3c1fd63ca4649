// libFuzzer harness for the sweep parts that `stowage merge` reads (advisor/sweep/merge.hpp):
// any input is read as a part and, when it is one, merged alone (its rows checked against its
// header's grid and storages). A table or a ConfigError are the only outcomes; anything else
// (another exception, an internal check, a crash, a hang, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "advisor/sweep/merge.hpp"
#include "sim/config/config_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stowage::advisor;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const SweepTable part = sweep_from_json(text, "part.json");
    (void)merge_sweep_tables({part}, {"part.json"});
  } catch (const stowage::sim::config::ConfigError&) {
  }
  return 0;
}
