#include "sim/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>

namespace stowage::sim {
namespace {

constexpr std::string_view kSizeHint = "e.g. 20GiB, 4.27GB, 335MB";
constexpr std::string_view kRateHint = "e.g. 600MB/s, 10Gbps, 2.5GiB/s";
constexpr std::string_view kDurationHint = "e.g. 250ms, 90s, 5min, 7d";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct NumberAndUnit {
  double number;
  std::string_view unit;
};

// Splits "4.27 GB" into 4.27 and "GB", rejecting what no unit could rescue.
NumberAndUnit split(std::string_view text, std::string_view what, std::string_view hint) {
  const std::string_view s = trim(text);
  if (s.empty()) throw UnitError(fmt::format("empty {}", what), std::string(hint));
  if (s.front() == '-') {
    throw UnitError(fmt::format("negative {} '{}'", what, s), "a value >= 0");
  }
  const std::string_view body = s.front() == '+' ? s.substr(1) : s;
  const char* first = body.data();
  const char* last = body.data() + body.size();
  // from_chars would accept "nan" and "inf" spelled out; a quantity never is one.
  if (!body.empty() &&
      (body.front() == 'n' || body.front() == 'N' || body.front() == 'i' || body.front() == 'I')) {
    throw UnitError(fmt::format("'{}' is not a number", s), std::string(hint));
  }
  double number = 0.0;
  const auto [end, ec] = std::from_chars(first, last, number);
  if (ec == std::errc::result_out_of_range) {
    throw UnitError(fmt::format("'{}' is out of range", s), std::string(hint));
  }
  if (ec != std::errc() || end == first) {
    throw UnitError(fmt::format("'{}' does not start with a number", s), std::string(hint));
  }
  return {number, trim(std::string_view(end, static_cast<size_t>(last - end)))};
}

double checked_scale(double number, double multiplier, std::string_view text,
                     std::string_view hint) {
  const double v = number * multiplier;
  if (!std::isfinite(v)) {
    throw UnitError(fmt::format("'{}' is too large", trim(text)), std::string(hint));
  }
  return v;
}

// Multiplier in bytes for a size unit such as "GiB", "MB" or "Gb"; nullopt if unknown.
std::optional<double> size_multiplier(std::string_view unit) {
  if (unit.empty()) return std::nullopt;
  const char last = unit.back();
  if (last != 'B' && last != 'b') return std::nullopt;
  const double per_unit = last == 'B' ? 1.0 : 1.0 / 8.0;
  std::string_view prefix = unit.substr(0, unit.size() - 1);
  if (prefix.empty()) return per_unit;
  struct Prefix {
    char letter;
    double si;
    double iec;
  };
  static constexpr std::array<Prefix, 7> kPrefixes = {{{'k', 1e3, 1024.0},
                                                       {'K', 1e3, 1024.0},
                                                       {'M', 1e6, 1048576.0},
                                                       {'G', 1e9, 1073741824.0},
                                                       {'T', 1e12, 1099511627776.0},
                                                       {'P', 1e15, 1125899906842624.0},
                                                       {'E', 1e18, 1152921504606846976.0}}};
  for (const Prefix& p : kPrefixes) {
    if (prefix.front() != p.letter) continue;
    if (prefix.size() == 1) return p.si * per_unit;
    if (prefix.size() == 2 && prefix[1] == 'i' && p.letter != 'k') return p.iec * per_unit;
    return std::nullopt;
  }
  return std::nullopt;
}

// The unit `unit` was likely meant as: a known unit that differs from it only in case (`gb`:
// GB, `MIN`: min), or a size unit without its B (`Gi`: GiB, `G`: GB); empty if none.
constexpr std::array<std::string_view, 13> kSizeUnits = {
    "B", "kB", "MB", "GB", "TB", "PB", "EB", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
constexpr std::array<std::string_view, 5> kBitRateUnits = {"bps", "kbps", "Mbps", "Gbps", "Tbps"};
constexpr std::array<std::string_view, 7> kDurationUnits = {"ns", "us", "ms", "s", "min", "h", "d"};

template <std::size_t N>
std::string case_guess(std::string_view unit, const std::array<std::string_view, N>& known) {
  for (const std::string_view k : known) {
    if (k != unit && same_but_case(k, unit)) return std::string(k);
  }
  return {};
}

std::string size_unit_guess(std::string_view unit) {
  const std::string guess = case_guess(unit, kSizeUnits);
  if (!guess.empty()) return guess;
  const std::string with_b = std::string(unit) + "B";  // `Gi`: GiB, `gi`: GiB
  for (const std::string_view k : kSizeUnits) {
    if (same_but_case(k, with_b)) return std::string(k);
  }
  return {};
}

std::string rate_unit_guess(std::string_view unit) {
  if (unit.ends_with("/s")) {
    const std::string size = size_unit_guess(unit.substr(0, unit.size() - 2));
    return size.empty() ? size : size + "/s";
  }
  return case_guess(unit, kBitRateUnits);
}

// "unknown unit 'gb'", with "did you mean '40GB'?" when `guess` is one.
UnitError unknown_unit(std::string_view text, std::string_view unit, const std::string& guess,
                       std::string_view hint) {
  if (guess.empty()) return UnitError(fmt::format("unknown unit '{}'", unit), std::string(hint));
  const std::string_view written = trim(text);
  return UnitError(fmt::format("unknown unit '{}', did you mean '{}{}'?", unit,
                               written.substr(0, written.size() - unit.size()), guess),
                   std::string(hint));
}

}  // namespace

Bytes parse_bytes(std::string_view text) {
  const auto [number, unit] = split(text, "size", kSizeHint);
  if (unit.empty()) {
    if (number == 0.0) return Bytes(0.0);
    throw UnitError(fmt::format("missing unit in '{}'", trim(text)), std::string(kSizeHint));
  }
  const auto m = size_multiplier(unit);
  if (!m) throw unknown_unit(text, unit, size_unit_guess(unit), kSizeHint);
  // A size in bits (`40Gb`) is almost always a byte size mistyped: refused, with the byte unit.
  if (unit.back() == 'b') {
    std::string bytes_unit(unit);
    bytes_unit.back() = 'B';
    const std::string_view written = trim(text);
    throw UnitError(fmt::format("'{}' is in bits, a size is in bytes: did you mean '{}{}'?", written,
                                written.substr(0, written.size() - unit.size()), bytes_unit),
                    "a size in bytes such as 40GB; bits are for rates, as in 10Gbps");
  }
  return Bytes(checked_scale(number, *m, text, kSizeHint));
}

BytesPerSecond parse_rate(std::string_view text) {
  const auto [number, unit] = split(text, "rate", kRateHint);
  if (unit.empty()) {
    if (number == 0.0) return BytesPerSecond(0.0);
    throw UnitError(fmt::format("missing unit in '{}'", trim(text)), std::string(kRateHint));
  }
  std::string_view size_unit;
  if (unit.ends_with("/s")) {
    size_unit = unit.substr(0, unit.size() - 2);
  } else if (unit.ends_with("ps")) {
    size_unit = unit.substr(0, unit.size() - 2);
  }
  const auto m = size_multiplier(size_unit);
  if (!m) {
    if (size_multiplier(unit)) {
      throw UnitError(fmt::format("'{}' is a size, not a rate", trim(text)), std::string(kRateHint));
    }
    throw unknown_unit(text, unit, rate_unit_guess(unit), kRateHint);
  }
  return BytesPerSecond(checked_scale(number, *m, text, kRateHint));
}

Seconds parse_seconds(std::string_view text) {
  const auto [number, unit] = split(text, "duration", kDurationHint);
  if (unit.empty()) {
    if (number == 0.0) return Seconds(0.0);
    throw UnitError(fmt::format("missing unit in '{}'", trim(text)), std::string(kDurationHint));
  }
  struct Unit {
    std::string_view name;
    double seconds;
  };
  static constexpr std::array<Unit, 8> kUnits = {{{"ns", 1e-9},
                                                  {"us", 1e-6},
                                                  {"\xC2\xB5s", 1e-6},
                                                  {"ms", 1e-3},
                                                  {"s", 1.0},
                                                  {"min", 60.0},
                                                  {"h", 3600.0},
                                                  {"d", 86400.0}}};
  for (const Unit& u : kUnits) {
    if (unit == u.name) return Seconds(checked_scale(number, u.seconds, text, kDurationHint));
  }
  if (unit == "m") {
    throw UnitError("ambiguous unit 'm'", "min for minutes, ms for milliseconds");
  }
  throw unknown_unit(text, unit, case_guess(unit, kDurationUnits), kDurationHint);
}

bool same_but_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

double round_significant(double value, int digits) {
  if (value == 0.0 || !std::isfinite(value)) return value;
  const double scale = std::pow(10.0, digits - 1 - std::floor(std::log10(std::fabs(value))));
  return std::round(value * scale) / scale;
}

std::string format_significant(double value, int digits) {
  if (value == 0.0) return "0";
  if (!std::isfinite(value)) return fmt::format("{}", value);
  if (std::fabs(value) >= std::pow(10.0, digits)) return fmt::format("{:.0f}", value);
  return fmt::format("{:.{}g}", value, digits);
}

namespace {

// Picks the largest unit whose scaled value rounds to at least 1 and prints it.
template <size_t N>
std::string scaled(double v, const std::array<std::string_view, N>& names, double step,
                   std::string_view suffix) {
  if (v == 0.0) return fmt::format("0 {}{}", names[0], suffix);
  if (!std::isfinite(v)) return fmt::format("{} {}{}", v, names[0], suffix);
  double mag = std::fabs(v);
  size_t i = 0;
  while (i + 1 < N && round_significant(mag, 3) >= step) {
    mag /= step;
    ++i;
  }
  return fmt::format("{}{} {}{}", v < 0 ? "-" : "", format_significant(mag), names[i], suffix);
}

constexpr std::array<std::string_view, 7> kSiBytes = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

}  // namespace

std::string to_string(Bytes b) { return scaled(b.value(), kSiBytes, 1000.0, ""); }

std::string to_string(BytesPerSecond r) { return scaled(r.value(), kSiBytes, 1000.0, "/s"); }

std::string to_string(Seconds s) {
  const double v = s.value();
  const double mag = round_significant(std::fabs(v), 3);
  const auto with = [&](double unit, std::string_view name) {
    return fmt::format("{} {}", format_significant(v / unit), name);
  };
  if (mag == 0.0) return "0 s";
  if (mag < 1e-3) return with(1e-6, "us");
  if (mag < 1.0) return with(1e-3, "ms");
  if (mag < 1000.0) return with(1.0, "s");
  if (mag < 7200.0) return with(60.0, "min");
  if (mag < 172800.0) return with(3600.0, "h");
  return with(86400.0, "d");
}

}  // namespace stowage::sim
