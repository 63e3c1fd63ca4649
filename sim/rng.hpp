// Rng: the one source of randomness in a simulation, seeded and passed by reference.
//
// xoshiro256** (Blackman and Vigna, 2018) seeded through splitmix64, so that any 64-bit seed,
// including 0, gives a well-mixed state. Every derived draw is computed here from the raw 64-bit
// output with plain IEEE arithmetic, never through the standard library's distributions, whose
// algorithms differ between implementations: the same seed gives the same sequence of numbers
// on every platform and compiler.
//   uniform()       the top 53 bits scaled by 2^-53: a double in [0, 1), every value a multiple
//                   of 2^-53.
//   below(n)        an integer in [0, n), unbiased (modulo after rejecting 2^64 mod n values).
//   normal()        Box-Muller (two uniforms, one normal; the second one is not cached, so a
//                   draw never depends on an earlier call's leftovers).
//   exponential(r)  -ln(1 - u) / r, the inter-arrival time of a Poisson process of rate r.
// Worked example: the splitmix64 sequence from 0 gives the state words 0xe220a8397b1dcdaf,
// 0x6e789e6aa1b965f4, 0x06c45d188009454f, 0xf88bb8a8724c81ec; the first output of xoshiro256**
// from that state is rotl(0x6e789e6aa1b965f4 * 5, 7) * 9 = 0x99ec5f36cb75f2b4 (checked in
// tests/engine_test.cpp).
// There is no global generator: whoever needs randomness takes an `Rng&`.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

#include "sim/check.hpp"

namespace stowage::sim {

/// The step of splitmix64's state (2^64 / the golden ratio, odd).
inline constexpr std::uint64_t kSplitmix64Gamma = 0x9e3779b97f4a7c15ULL;

/// splitmix64 (Steele, Lea and Flood, 2014): the output of the generator whose state is `x`
/// (its state then moves on by kSplitmix64Gamma). Also a well-mixed hash of one 64-bit value:
/// splitmix64(0) == 0xe220a8397b1dcdaf.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  std::uint64_t z = x + kSplitmix64Gamma;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A uniform draw in [0, 1) keyed by what it is for rather than by its place in a sequence:
/// the same (seed, item, slot) always gives the same number, whatever else a run draws. `item`
/// is what the draw belongs to (a load's request index), `slot` which of its draws it is (its
/// sandbox, its i-th attach phase, its init). Comparisons use it as common random numbers: two
/// runs that differ in anything but the seed and the arrival pattern (another storage with one
/// more mount phase, another GPU, a grid point further along an axis) give each load the same
/// draws. Nested splitmix64 mixes of the three, the top 53 bits scaled by 2^-53.
constexpr double keyed_uniform(std::uint64_t seed, std::uint64_t item, std::uint64_t slot) {
  const std::uint64_t h = splitmix64(splitmix64(splitmix64(seed) + item) + slot);
  return static_cast<double>(h >> 11) * (1.0 / 9007199254740992.0);
}

/// A deterministic, seeded pseudo-random generator (xoshiro256**).
class Rng {
 public:
  /// Seeds the four state words from the splitmix64 sequence that starts at `seed`.
  explicit Rng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& word : state_) {
      word = splitmix64(x);
      x += kSplitmix64Gamma;
    }
  }

  /// The next raw 64-bit output.
  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// A double in [0, 1) from the top 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * kInverse2Pow53; }

  /// A double in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// An integer in [0, n), n > 0, without modulo bias.
  std::uint64_t below(std::uint64_t n) {
    STOWAGE_CHECK(n > 0, "below(0) has no value to return");
    // Reject the first (2^64 mod n) raw values; the rest cover every residue equally often.
    const std::uint64_t threshold = (0 - n) % n;
    std::uint64_t x = next();
    while (x < threshold) x = next();
    return x % n;
  }

  /// A standard normal draw (Box-Muller).
  double normal() {
    const double u1 = 1.0 - uniform();  // in (0, 1]: the logarithm stays finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  /// An exponential draw with the given rate (events per unit), rate > 0.
  double exponential(double rate) {
    STOWAGE_CHECK(rate > 0, "an exponential draw needs a positive rate");
    return -std::log(1.0 - uniform()) / rate;
  }

 private:
  static constexpr double kInverse2Pow53 = 1.0 / 9007199254740992.0;

  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
};

}  // namespace stowage::sim
