// The content of the loader's test file, computable anywhere without reading the file.
//
// The 8-byte word at index k of the test file is pattern_word(k) (splitmix64 of k), so a copy can
// be checked word by word on the host or on the GPU without keeping a reference copy. Pure,
// deterministic, usable from CUDA device code.
#pragma once

#include <cstdint>

#if defined(__CUDACC__)
#define STOWAGE_HOST_DEVICE __host__ __device__
#else
#define STOWAGE_HOST_DEVICE
#endif

namespace stowage::loader {

/// splitmix64(k): the test file's word at 8-byte index k.
STOWAGE_HOST_DEVICE constexpr std::uint64_t pattern_word(std::uint64_t k) {
  std::uint64_t z = k + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace stowage::loader
