#include "sim/coldstart/cold_start.hpp"

#include <fmt/format.h>

#include "sim/check.hpp"
#include "sim/coldstart/run.hpp"

namespace stowage::sim {

StorageSetup storage_setup(const ColdStartInputs& in) {
  StorageSetup setup{in.storage, in.choice, in.platform, in.backing, in.workload};
  setup.vcpu = in.workload->instance.vcpu.value_or(in.platform->vcpu);
  setup.loader = in.loader;
  return setup;
}

std::optional<std::string> infeasibility(const ColdStartInputs& in) {
  // The weights must fit in GPU memory: each GPU of the instance holds its share.
  const Workload& w = *in.workload;
  const double gpus = static_cast<double>(w.instance.gpus);
  const Bytes per_gpu = w.model.total_size() * (1.0 / gpus);
  if (per_gpu > in.gpu->memory) {
    return w.instance.gpus == 1
               ? fmt::format("the model ({}) does not fit in the memory of one {} ({})",
                             w.model.total_size(), in.gpu->info.name, in.gpu->memory)
               : fmt::format(
                     "the model ({}) split over {} GPUs is {} per GPU, more than a {} "
                     "holds ({})",
                     w.model.total_size(), w.instance.gpus, per_gpu, in.gpu->info.name,
                     in.gpu->memory);
  }
  return storage_infeasibility(storage_setup(in));
}

SimResult simulate_cold_starts(const ColdStartInputs& in) {
  STOWAGE_CHECK(!infeasibility(in).has_value(), "simulate_cold_starts on infeasible inputs");
  // The run (its network, events and plans) is gone before the summary is made: at a million
  // loads the two together would double the peak memory.
  RunRecord record = ColdStartRun(in).run();
  return summarize(std::move(record));
}

}  // namespace stowage::sim
