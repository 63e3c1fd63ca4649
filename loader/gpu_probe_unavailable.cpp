// gpu_probe.hpp for a loader built without CUDA (no nvcc at build time, or STOWAGE_ENABLE_CUDA
// OFF): there is never a GPU to open, so the GPU measurements are unreachable.
#include "loader/gpu_probe.hpp"
#include "sim/check.hpp"

namespace stowage::loader {

std::variant<GpuDescription, NoGpu> open_gpu() {
  return NoGpu{
      "this stowage-loader was built without CUDA (nvcc not found at build time or "
      "STOWAGE_ENABLE_CUDA=OFF)"};
}

std::vector<Mode> measure_gpu(const Settings&, const TestFile&) {
  STOWAGE_CHECK(false, "measure_gpu called although open_gpu found no GPU");
  return {};
}

BenchResult bench_gpu(const Settings&, const TestFile&, std::uint64_t) {
  STOWAGE_CHECK(false, "bench_gpu called although open_gpu found no GPU");
  return {};
}

}  // namespace stowage::loader
