// libFuzzer harness for the loader records `stowage calibrate --from` reads: any input is read as
// a record (advisor/calibrate/samples.hpp, record_check.hpp) and, when it is one, goes through
// what each kind of calibration makes of it: every mode fitted (GPU), the warm and cold thread
// sweeps turned into a loader profile (written as text, read nowhere), and the storage sweeps
// that a storage profile is made of. Anything but a ConfigError (another exception, an internal
// check, a crash, a hang, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "advisor/calibrate/gpu.hpp"
#include "advisor/calibrate/loader.hpp"
#include "advisor/calibrate/samples.hpp"
#include "sim/config/config_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stowage::advisor;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    SamplesFile s = parse_samples("fuzz.json", text);
    for (const ModeSamples& m : s.modes) (void)fit_rows(fit_mode(m), false);
    (void)sweep_points(s.doc, "storage_cold_t", "resident_after_drop", false);
    (void)sweep_points(s.doc, "storage_warm_t", "resident_after_read", false);
    try {
      (void)calibrate_loader("fuzz.json", s.doc, "profiles/loader/fuzz-measured.yaml",
                             "data/calibration/fuzz-measured.json");
    } catch (const stowage::sim::config::ConfigError&) {
    }
    if (s.doc["gpu"]["found"].get<bool>()) {
      GpuCalibrationOptions o;
      o.pcie_gen = 4;
      o.lanes = 16;
      (void)calibrate_gpu(o, "fuzz.json", std::move(s), "profiles/gpu/fuzz-measured.yaml",
                          "data/calibration/fuzz-measured.json");
    }
  } catch (const stowage::sim::config::ConfigError&) {
  }
  return 0;
}
