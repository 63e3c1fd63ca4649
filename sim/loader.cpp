#include "sim/loader.hpp"

#include <algorithm>

namespace stowage::sim {

std::optional<BytesPerSecond> EffectiveLoader::ceiling() const {
  if (!per_stream) return std::nullopt;
  return *per_stream * static_cast<double>(streams);
}

EffectiveLoader effective_loader(const Workload& w, const LoaderProfile* profile) {
  EffectiveLoader l;
  l.name = profile ? profile->info.name : "generic";
  l.streams = w.model.io.reader_threads;
  l.chunk = w.model.io.block_size;
  if (profile) {
    if (profile->streams) l.streams = *profile->streams;
    if (profile->chunk) l.chunk = *profile->chunk;
    l.per_stream = profile->per_stream;
    l.staging = profile->staging;
    l.overlap = profile->overlap;
    l.page_cache = profile->page_cache;
  }
  if (w.loader.streams) l.streams = *w.loader.streams;
  if (w.loader.memory) {
    l.staging = *w.loader.memory == LoaderSpec::HostMemory::kPinned
                    ? LoaderProfile::Staging::kPinned
                    : LoaderProfile::Staging::kPageable;
  }
  if (w.loader.overlap) l.overlap = *w.loader.overlap;
  l.passes = w.model.read_passes;
  const bool hashes = std::find(l.passes.begin(), l.passes.end(), ReadPass::kHash) != l.passes.end();
  if (profile && profile->hash_first && !hashes) l.passes.insert(l.passes.begin(), ReadPass::kHash);
  return l;
}

}  // namespace stowage::sim
