// libFuzzer harness for the profile parsers: any input, read as a storage, a platform, a GPU and
// a loader profile, must give a profile or a ConfigError. A document that `extends:` a parent is read on
// top of a built-in profile of that kind. Anything else (another exception, a crash, a hang, a
// sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/config/catalog.hpp"
#include "sim/config/profile_loader.hpp"
#include "sim/config/yaml_reader.hpp"

namespace {

struct Parents {
  stowage::sim::StorageProfile storage;
  stowage::sim::PlatformProfile platform;
  stowage::sim::GpuProfile gpu;
  stowage::sim::LoaderProfile loader;
};

const Parents& parents() {
  static const Parents p = [] {
    stowage::sim::config::Catalog::Options options;
    options.installed = false;  // the embedded catalog only: the same parents wherever it runs
    const stowage::sim::config::Catalog catalog(options);
    return Parents{catalog.storage("oss-accel"), catalog.platform("fc-gpu"), catalog.gpu("a10"),
                   catalog.loader("runai-streamer")};
  }();
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stowage::sim::config;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Parents& p = parents();
  try {
    const YamlDocument doc = YamlDocument::from_text(text, "fuzz.yaml");
    const bool child = profile_extends(doc).has_value();
    try {
      (void)load_storage_profile(doc, "fuzz", child ? &p.storage : nullptr);
    } catch (const ConfigError&) {
    }
    try {
      (void)load_platform_profile(doc, "fuzz", child ? &p.platform : nullptr);
    } catch (const ConfigError&) {
    }
    try {
      (void)load_gpu_profile(doc, "fuzz", child ? &p.gpu : nullptr);
    } catch (const ConfigError&) {
    }
    (void)load_loader_profile(doc, "fuzz", child ? &p.loader : nullptr);
  } catch (const ConfigError&) {
  }
  return 0;
}
