// The thread sweep of the parallel modes: which reader thread counts the loader measures.
// Header-only and pure, so that tests can include it.
#pragma once

#include <vector>

namespace stowage::loader {

/// The most reader threads the loader runs (more than any current instance has vCPUs for).
inline constexpr int kMaxReaderThreads = 64;

/// Reader thread counts 1, 2, 4, ... doubling while below `max`, then `max` itself: a curve with
/// a point per doubling, ending where the user asked. Empty for max < 1.
inline std::vector<int> thread_sweep(int max) {
  std::vector<int> counts;
  for (int n = 1; n < max; n *= 2) counts.push_back(n);
  if (max >= 1) counts.push_back(max);
  return counts;
}

/// Buffers of the shared pool for `readers` threads and `consumers` copy streams: one per reader
/// being filled, and two per stream (one being copied, one queued), so that neither side waits
/// on the other while both keep up.
inline int pool_buffers(int readers, int consumers) { return readers + 2 * consumers; }

}  // namespace stowage::loader
