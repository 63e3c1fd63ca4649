// Capacity: a storage's shared throughput as a function of how it is sized.
//
// Cloud file systems and caches do not have one bandwidth: NAS read throughput grows with the data
// stored, Extreme NAS and CPFS with the capacity bought, an OSS accelerator with its cache size.
// A Capacity is one of three forms, each evaluated at a Sizing (bytes stored, bytes provisioned):
//   constant  rate                                         e.g. 10 GB/s whatever the size
//   linear    min(max(floor, base + per_tib * size / 1 TiB), cap)
//                                                          e.g. 600 MB/s + 50 MB/s per TiB, <= 10
//   GB/s steps     the rate of the last step whose `from` <= size; below the first step, its rate
//             (a file system smaller than the smallest tier is billed and served at that tier)
// `of` says which size drives the linear and step forms. Sizes are in bytes, 1 TiB = 2^40 bytes.
// Worked example (Extreme NAS table): steps 100 GiB -> 150 MB/s, 500 GiB -> 300 MB/s,
// 2 TiB -> 600 MB/s; at 1 TiB provisioned the last step with from <= 1 TiB is 500 GiB: 300 MB/s.
// Worked example (linear): base 400 MB/s, 400 MB/s per TiB, cap 1 GB/s: at 1 TiB 800 MB/s, at
// 2 TiB min(1.2 GB/s, 1 GB/s) = 1 GB/s. With a floor (OSS accelerator: MAX[600 MB/s, 300 MB/s
// per TB], at most 40 GB/s): at 1 TiB max(600 MB/s, 329.9 MB/s) = 600 MB/s.
// Plain data; evaluation is pure.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/units.hpp"

namespace stowage::sim {

/// 2^40 bytes, the unit of `per_TiB` coefficients.
inline constexpr double kBytesPerTiB = 1099511627776.0;
/// 2^30 bytes.
inline constexpr double kBytesPerGiB = 1073741824.0;

/// How a storage is sized: what is stored on it and what capacity is provisioned (bought).
struct Sizing {
  Bytes stored;
  Bytes provisioned;
};

/// Which size a capacity grows with.
enum class SizeBasis { kStored, kProvisioned };

/// "stored" or "provisioned".
std::string_view size_basis_name(SizeBasis basis);

/// A size as sizing tables write it: `100 GiB`, `2 TiB` when a whole number of those, else SI
/// (`1.5 GB`).
std::string size_text(Bytes size);

struct ConstantCapacity {
  BytesPerSecond rate;
  bool operator==(const ConstantCapacity&) const = default;
};

struct LinearCapacity {
  SizeBasis of = SizeBasis::kStored;
  BytesPerSecond base;                // at size 0
  BytesPerSecond per_tib;             // added per TiB of size
  std::optional<BytesPerSecond> cap;  // none = no cap
  std::optional<BytesPerSecond> floor;  // none = no floor: at least this whatever the size
  bool operator==(const LinearCapacity&) const = default;
};

struct CapacityStep {
  Bytes from;  // this rate applies from this size up to the next step
  BytesPerSecond rate;
  bool operator==(const CapacityStep&) const = default;
};

struct StepCapacity {
  SizeBasis of = SizeBasis::kProvisioned;
  std::vector<CapacityStep> steps;  // at least one, strictly increasing `from`
  bool operator==(const StepCapacity&) const = default;
};

/// A throughput that may depend on sizing.
class Capacity {
 public:
  using Form = std::variant<ConstantCapacity, LinearCapacity, StepCapacity>;

  Capacity() = default;
  explicit Capacity(Form form);

  const Form& form() const { return form_; }
  /// The throughput at this sizing.
  BytesPerSecond at(const Sizing& sizing) const;
  /// True for the constant form: no sizing matters.
  bool is_constant() const { return std::holds_alternative<ConstantCapacity>(form_); }
  /// `10 GB/s`, `600 MB/s + 50 MB/s per TiB stored, cap 10 GB/s`, `steps by provisioned: ...`.
  std::string to_string() const;

  bool operator==(const Capacity&) const = default;

 private:
  Form form_;
};

}  // namespace stowage::sim
