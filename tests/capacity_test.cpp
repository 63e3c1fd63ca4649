#include "sim/capacity.hpp"

#include <doctest/doctest.h>

using namespace stowage::sim;

namespace {
constexpr double kGiB = kBytesPerGiB;
Sizing stored(double tib) { return Sizing{Bytes(tib * kBytesPerTiB), Bytes(0)}; }
Sizing provisioned(double bytes) { return Sizing{Bytes(0), Bytes(bytes)}; }
}  // namespace

TEST_CASE("capacity: a constant ignores sizing") {
  const Capacity c(ConstantCapacity{BytesPerSecond(10e9)});
  CHECK(c.is_constant());
  CHECK(c.at(stored(0)).value() == 10e9);
  CHECK(c.at(stored(500)).value() == 10e9);
  CHECK(c.to_string() == "10 GB/s");
}

TEST_CASE("capacity: linear growth with a cap") {
  // base 600 MB/s + 60 MB/s per TiB stored, capped at 1 GB/s.
  const Capacity c(LinearCapacity{SizeBasis::kStored, BytesPerSecond(600e6), BytesPerSecond(60e6),
                                  BytesPerSecond(1e9), {}});
  // Empty: the base, 600 MB/s.
  CHECK(c.at(stored(0)).value() == doctest::Approx(600e6));
  // 0.5 TiB: 600 + 30 = 630 MB/s.
  CHECK(c.at(stored(0.5)).value() == doctest::Approx(630e6));
  // 5 TiB: 600 + 300 = 900 MB/s.
  CHECK(c.at(stored(5)).value() == doctest::Approx(900e6));
  // 10 TiB: 600 + 600 = 1.2 GB/s, capped at 1 GB/s.
  CHECK(c.at(stored(10)).value() == doctest::Approx(1e9));
  // Provisioned capacity does not count for a stored-basis capacity.
  CHECK(c.at(provisioned(10 * kBytesPerTiB)).value() == doctest::Approx(600e6));
  CHECK(c.to_string() == "600 MB/s + 60 MB/s per TiB stored, cap 1 GB/s");
}

TEST_CASE("capacity: linear without a cap and from zero, by provisioned capacity") {
  // CPFS-style: 400 MB/s per TiB provisioned, no base: 2.5 TiB gives 1 GB/s.
  const Capacity c(
      LinearCapacity{SizeBasis::kProvisioned, BytesPerSecond(0), BytesPerSecond(400e6), {}, {}});
  CHECK(c.at(provisioned(2.5 * kBytesPerTiB)).value() == doctest::Approx(1e9));
  CHECK(c.to_string() == "400 MB/s per TiB provisioned");
}

TEST_CASE("capacity: a step table by provisioned capacity (Extreme NAS)") {
  const Capacity c(StepCapacity{SizeBasis::kProvisioned,
                                {{Bytes(100 * kGiB), BytesPerSecond(150e6)},
                                 {Bytes(500 * kGiB), BytesPerSecond(300e6)},
                                 {Bytes(2 * kBytesPerTiB), BytesPerSecond(600e6)},
                                 {Bytes(4 * kBytesPerTiB), BytesPerSecond(900e6)},
                                 {Bytes(8 * kBytesPerTiB), BytesPerSecond(1200e6)}}});
  // Below the smallest tier: served at the smallest tier, 150 MB/s.
  CHECK(c.at(provisioned(50 * kGiB)).value() == 150e6);
  // Exactly at a step's `from`: that step ([500 GiB, 2 TiB) -> 300 MB/s).
  CHECK(c.at(provisioned(500 * kGiB)).value() == 300e6);
  // Just below 2 TiB: still 300 MB/s.
  CHECK(c.at(provisioned(2 * kBytesPerTiB - 1)).value() == 300e6);
  // 1 TiB lies in [500 GiB, 2 TiB): 300 MB/s (the worked example in capacity.hpp).
  CHECK(c.at(provisioned(kBytesPerTiB)).value() == 300e6);
  // 6 TiB lies in [4, 8 TiB): 900 MB/s.
  CHECK(c.at(provisioned(6 * kBytesPerTiB)).value() == 900e6);
  // Far above the last step: 1.2 GB/s.
  CHECK(c.at(provisioned(200 * kBytesPerTiB)).value() == 1200e6);
  // What is stored does not count for a provisioned-basis table.
  CHECK(c.at(Sizing{Bytes(10 * kBytesPerTiB), Bytes(100 * kGiB)}).value() == 150e6);
  CHECK(c.to_string() ==
        "steps by provisioned: from 100 GiB 150 MB/s, from 500 GiB 300 MB/s, from 2 TiB 600 MB/s, "
        "from 4 TiB 900 MB/s, from 8 TiB 1.2 GB/s");
}

TEST_CASE("capacity: a floor holds below the linear part, and the cap above it") {
  // The OSS accelerator: MAX[600 MB/s, 300 MB/s per TB] at most 40 GB/s, provisioned capacity.
  // 300 MB/s per TB = 329.9 MB/s per TiB. At 1 TiB the linear part is 329.9 MB/s: the floor,
  // 600 MB/s, holds. At 4 TiB: 1.32 GB/s. At 200 TiB: 66 GB/s, capped at 40 GB/s.
  const Capacity c(LinearCapacity{SizeBasis::kProvisioned, BytesPerSecond(0),
                                  BytesPerSecond(329.9e6), BytesPerSecond(40e9),
                                  BytesPerSecond(600e6)});
  const auto at_tib = [&](double tib) {
    return c.at(Sizing{Bytes(0), Bytes(tib * kBytesPerTiB)}).value();
  };
  CHECK(at_tib(1) == doctest::Approx(600e6));
  CHECK(at_tib(4) == doctest::Approx(4 * 329.9e6));
  CHECK(at_tib(200) == doctest::Approx(40e9));
  CHECK(c.to_string() == "330 MB/s per TiB provisioned, floor 600 MB/s, cap 40 GB/s");
}
