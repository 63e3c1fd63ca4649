#include "sim/coldstart/loader.hpp"

#include <algorithm>
#include <cmath>

namespace stowage::sim {

std::optional<BytesPerSecond> EffectiveLoader::ceiling() const {
  if (!per_stream) return std::nullopt;
  return *per_stream * static_cast<double>(streams);
}

EffectiveLoader effective_loader(const Workload& w, const LoaderProfile* profile,
                                 bool object_store) {
  EffectiveLoader l;
  l.name = profile ? profile->info.name : "generic";
  l.streams = w.model.io.reader_threads;
  l.chunk = w.model.io.block_size;
  if (profile) {
    if (profile->streams) l.streams = *profile->streams;
    if (object_store && profile->object_streams) l.streams = *profile->object_streams;
    if (profile->chunk) l.chunk = *profile->chunk;
    l.per_stream = profile->per_stream;
    l.staging = profile->staging;
    l.overlap = profile->overlap;
    l.page_cache = profile->page_cache;
    l.pool = profile->pool;
    l.fixed = profile->fixed.value_or(Seconds(0.0));
    l.per_tensor = profile->per_tensor;
  }
  if (w.loader.streams) l.streams = *w.loader.streams;
  if (w.loader.memory) {
    l.staging = *w.loader.memory == LoaderSpec::HostMemory::kPinned
                    ? LoaderProfile::Staging::kPinned
                    : LoaderProfile::Staging::kPageable;
  }
  if (w.loader.overlap) l.overlap = *w.loader.overlap;
  l.passes = w.model.read_passes;
  const bool hashes =
      std::find(l.passes.begin(), l.passes.end(), ReadPass::kHash) != l.passes.end();
  if (profile && profile->hash_first && !hashes) l.passes.insert(l.passes.begin(), ReadPass::kHash);
  return l;
}

CopyTimes copy_times(const Model& model, const EffectiveLoader& loader, const CopyCost& cost) {
  // A read test copies nothing.
  if (loader.staging == LoaderProfile::Staging::kNone) return {};
  const double block = loader.chunk.value();
  // GPU-direct reads already put the bytes in GPU memory: only the calls remain.
  const bool direct = loader.staging == LoaderProfile::Staging::kDirect;
  CopyTimes t;
  if (cost.bands.empty() || direct) {
    double calls = 0;
    for (const ModelFile& f : model.files) calls += std::ceil(f.size.value() / block);
    t.total_s =
        calls * cost.alpha.value() + (direct ? 0.0 : (model.total_size() / cost.beta).value());
  } else {
    for (const ModelFile& f : model.files) {
      const double full = std::floor(f.size.value() / block);
      const double rest = f.size.value() - full * block;
      t.total_s += full * cost.time(Bytes(block)).value();
      if (rest > 0) t.total_s += cost.time(Bytes(rest)).value();
    }
  }
  const double last_file = model.files.back().size.value();
  t.last_call_s = cost.time(Bytes(std::min(block, last_file))).value();
  return t;
}

double loader_work_s(const Model& model, const EffectiveLoader& loader) {
  double s = loader.fixed.value();
  if (loader.per_tensor && model.tensors) {
    s += static_cast<double>(*model.tensors) * loader.per_tensor->value();
  }
  return s;
}

}  // namespace stowage::sim
