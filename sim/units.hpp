// Units: strong types for the three quantities the simulator moves around.
//
// `Bytes`, `Seconds` and `BytesPerSecond` wrap a double in the base unit (bytes, seconds,
// bytes per second); they are one template, Quantity<Tag>, so that two kinds never mix by
// accident. Constructors are explicit, and only the operators that mean something exist:
// `Bytes / BytesPerSecond -> Seconds`, `BytesPerSecond * Seconds -> Bytes`,
// `Bytes / Seconds -> BytesPerSecond`. Bits exist only while parsing and printing.
//
// Parsing accepts a decimal number, optional blanks, and a unit:
//   sizes     B, kB/KB, MB, GB, TB, PB, EB (SI, powers of 1000) and KiB, MiB, GiB, TiB, PiB, EiB
//             (IEC, powers of 1024); a lower-case `b` means bits (`8Gb` is 1 GB).
//   rates     a size unit followed by `/s` or `ps`: `600MB/s`, `2.5GiB/s`, `10Gbps`, `10Gb/s`.
//   durations ns, us, ms, s, min, h, d.
// A bare `0` needs no unit. Everything else is rejected with a `UnitError` that says what is
// wrong and what was expected: an unknown or missing unit, a negative value, NaN or infinity, or
// a value that overflows a double once scaled.
//
// Printing (fmt) scales to the largest SI unit that keeps the number at or above 1 and prints
// three significant digits with trailing zeros removed: `4.27 GB`, `600 MB/s`, `1.8 s`, `250 ms`.
// Parsing and printing are pure functions: no locale, no global state.
#pragma once

#include <fmt/format.h>

#include <compare>
#include <stdexcept>
#include <string>
#include <string_view>

namespace stowage::sim {

/// Which quantity a Quantity holds; only the tag tells Bytes, Seconds and BytesPerSecond apart.
struct BytesTag {};
struct SecondsTag {};
struct BytesPerSecondTag {};

/// A double in the base unit of the quantity `Tag` names. Quantities of one kind add, subtract,
/// compare and scale by a plain number; their ratio is a plain number.
template <class Tag>
class Quantity {
 public:
  constexpr Quantity() = default;
  constexpr explicit Quantity(double value) : v_(value) {}
  constexpr double value() const { return v_; }
  constexpr auto operator<=>(const Quantity&) const = default;
  constexpr Quantity operator+(Quantity o) const { return Quantity(v_ + o.v_); }
  constexpr Quantity operator-(Quantity o) const { return Quantity(v_ - o.v_); }
  constexpr Quantity& operator+=(Quantity o) {
    v_ += o.v_;
    return *this;
  }
  constexpr Quantity& operator-=(Quantity o) {
    v_ -= o.v_;
    return *this;
  }
  constexpr Quantity operator*(double k) const { return Quantity(v_ * k); }
  constexpr Quantity operator/(double k) const { return Quantity(v_ / k); }
  constexpr double operator/(Quantity o) const { return v_ / o.v_; }
  friend constexpr Quantity operator*(double k, Quantity q) { return q * k; }

 private:
  double v_ = 0.0;
};

/// A quantity of data, in bytes.
using Bytes = Quantity<BytesTag>;
/// A duration or a point in simulated time, in seconds.
using Seconds = Quantity<SecondsTag>;
/// A data rate, in bytes per second.
using BytesPerSecond = Quantity<BytesPerSecondTag>;

// Across kinds, only the products and ratios that are again one of the three.
constexpr Seconds operator/(Bytes b, BytesPerSecond r) { return Seconds(b.value() / r.value()); }
constexpr Bytes operator*(BytesPerSecond r, Seconds s) { return Bytes(r.value() * s.value()); }
constexpr Bytes operator*(Seconds s, BytesPerSecond r) { return r * s; }
constexpr BytesPerSecond operator/(Bytes b, Seconds s) {
  return BytesPerSecond(b.value() / s.value());
}

/// A text that is not a valid quantity. `what()` is the problem, `expected()` a hint.
class UnitError : public std::runtime_error {
 public:
  UnitError(std::string problem, std::string expected)
      : std::runtime_error(std::move(problem)), expected_(std::move(expected)) {}
  const std::string& expected() const { return expected_; }

 private:
  std::string expected_;
};

/// Whether `a` and `b` are the same but for ASCII case (`gb` and `GB`): the likeliest meaning of
/// an unknown unit or name.
bool same_but_case(std::string_view a, std::string_view b);

/// Parses a size such as `20GiB` or `4.27GB`; throws UnitError (a size in bits, `8Gb`, too).
Bytes parse_bytes(std::string_view text);
/// Parses a rate such as `600MB/s`, `10Gbps` or `2.5GiB/s`; throws UnitError.
BytesPerSecond parse_rate(std::string_view text);
/// Parses a duration such as `250ms`, `90s`, `5min` or `7d`; throws UnitError.
Seconds parse_seconds(std::string_view text);

/// Rounds to `digits` significant digits: round_significant(999.96, 3) == 1000.
double round_significant(double value, int digits);
/// Formats with three significant digits, trailing zeros removed: 4.27, 600, 1.8, 0.00123.
std::string format_significant(double value, int digits = 3);
/// `4.27 GB`: SI units, three significant digits.
std::string to_string(Bytes b);
/// `600 MB/s`: SI units, three significant digits.
std::string to_string(BytesPerSecond r);
/// `1.8 s`, `250 ms`, `12.5 min`, `3 h`, `7 d`.
std::string to_string(Seconds s);

// Literals for tests and profiles written in code: 4.27_GB, 600_MBps, 250_ms.
namespace literals {
constexpr Bytes operator""_B(long double v) { return Bytes(static_cast<double>(v)); }
constexpr Bytes operator""_B(unsigned long long v) { return Bytes(static_cast<double>(v)); }
constexpr Bytes operator""_MB(unsigned long long v) { return Bytes(v * 1e6); }
constexpr Bytes operator""_MB(long double v) { return Bytes(static_cast<double>(v) * 1e6); }
constexpr Bytes operator""_GB(unsigned long long v) { return Bytes(v * 1e9); }
constexpr Bytes operator""_GB(long double v) { return Bytes(static_cast<double>(v) * 1e9); }
constexpr Bytes operator""_GiB(unsigned long long v) { return Bytes(v * 1073741824.0); }
constexpr BytesPerSecond operator""_MBps(unsigned long long v) { return BytesPerSecond(v * 1e6); }
constexpr BytesPerSecond operator""_GBps(unsigned long long v) { return BytesPerSecond(v * 1e9); }
constexpr Seconds operator""_s(unsigned long long v) { return Seconds(static_cast<double>(v)); }
constexpr Seconds operator""_s(long double v) { return Seconds(static_cast<double>(v)); }
constexpr Seconds operator""_ms(unsigned long long v) { return Seconds(v * 1e-3); }
}  // namespace literals

}  // namespace stowage::sim

// One formatter for the three: each prints through its to_string() above.
template <class Tag>
struct fmt::formatter<stowage::sim::Quantity<Tag>> : fmt::formatter<std::string_view> {
  auto format(stowage::sim::Quantity<Tag> q, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(stowage::sim::to_string(q), ctx);
  }
};
