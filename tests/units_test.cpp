#include "sim/units.hpp"

#include <doctest/doctest.h>

#include <string>
#include <type_traits>

using namespace stowage::sim;

TEST_CASE("units: sizes parse with SI, IEC and bit prefixes") {
  CHECK(parse_bytes("20GiB").value() == 20.0 * 1073741824.0);
  CHECK(parse_bytes("4.27GB").value() == doctest::Approx(4.27e9));
  CHECK(parse_bytes("335MB").value() == doctest::Approx(335e6));
  CHECK(parse_bytes("335 MB").value() == doctest::Approx(335e6));
  CHECK(parse_bytes("1KiB").value() == 1024.0);
  CHECK(parse_bytes("1kB").value() == 1000.0);
  CHECK(parse_bytes("1KB").value() == 1000.0);
  // A size in bits is refused with the byte unit it most likely meant (bits are for rates).
  try {
    (void)parse_bytes("8Gb");
    FAIL("8Gb parsed as a size");
  } catch (const UnitError& e) {
    CHECK(std::string(e.what()) == "'8Gb' is in bits, a size is in bytes: did you mean '8GB'?");
  }
  CHECK_THROWS_AS((void)parse_bytes("40 Mb"), UnitError);
  CHECK(parse_bytes("0").value() == 0.0);
  CHECK(parse_bytes("512B").value() == 512.0);
}

TEST_CASE("units: rates parse bits and bytes per second") {
  // 10 Gbit/s / 8 = 1.25 GB/s.
  CHECK(parse_rate("10Gbps").value() == doctest::Approx(1.25e9));
  CHECK(parse_rate("10Gb/s").value() == doctest::Approx(1.25e9));
  CHECK(parse_rate("600MB/s").value() == doctest::Approx(600e6));
  CHECK(parse_rate("2.5GiB/s").value() == doctest::Approx(2.5 * 1073741824.0));
  CHECK(parse_rate("100MBps").value() == doctest::Approx(100e6));
}

TEST_CASE("units: durations") {
  CHECK(parse_seconds("250ms").value() == doctest::Approx(0.25));
  CHECK(parse_seconds("90s").value() == 90.0);
  CHECK(parse_seconds("5min").value() == 300.0);
  CHECK(parse_seconds("7d").value() == 7 * 86400.0);
  CHECK(parse_seconds("2h").value() == 7200.0);
  CHECK(parse_seconds("10us").value() == doctest::Approx(1e-5));
}

namespace {
std::string error_of(auto parse, std::string_view text) {
  try {
    parse(text);
  } catch (const UnitError& e) {
    return std::string(e.what()) + " (expected " + e.expected() + ")";
  }
  return "no error";
}
}  // namespace

TEST_CASE("units: bad quantities are rejected with a clear message") {
  CHECK(error_of(parse_bytes, "20GBs") ==
        "unknown unit 'GBs' (expected e.g. 20GiB, 4.27GB, 335MB)");
  CHECK(error_of(parse_bytes, "600") ==
        "missing unit in '600' (expected e.g. 20GiB, 4.27GB, 335MB)");
  CHECK(error_of(parse_bytes, "-5GB") == "negative size '-5GB' (expected a value >= 0)");
  CHECK(error_of(parse_bytes, "nanGB") ==
        "'nanGB' is not a number (expected e.g. 20GiB, 4.27GB, 335MB)");
  CHECK(error_of(parse_bytes, "infGB") ==
        "'infGB' is not a number (expected e.g. 20GiB, 4.27GB, 335MB)");
  CHECK(error_of(parse_bytes, "1e308EB") ==
        "'1e308EB' is too large (expected e.g. 20GiB, 4.27GB, 335MB)");
  CHECK(error_of(parse_bytes, "1e999GB") ==
        "'1e999GB' is out of range (expected e.g. 20GiB, 4.27GB, 335MB)");
  CHECK(error_of(parse_bytes, "GB") ==
        "'GB' does not start with a number (expected e.g. 20GiB, 4.27GB, 335MB)");
  CHECK(error_of(parse_bytes, "") == "empty size (expected e.g. 20GiB, 4.27GB, 335MB)");
  // A unit in the wrong case, or without its B, is suggested as it should be written.
  CHECK(error_of(parse_bytes, "1kiB") ==
        "unknown unit 'kiB', did you mean '1KiB'? (expected e.g. 20GiB, 4.27GB, 335MB)");
  CHECK(error_of(parse_bytes, "40gb") ==
        "unknown unit 'gb', did you mean '40GB'? (expected e.g. 20GiB, 4.27GB, 335MB)");
  CHECK(error_of(parse_bytes, "20 Gi") ==
        "unknown unit 'Gi', did you mean '20 GiB'? (expected e.g. 20GiB, 4.27GB, 335MB)");
  CHECK(error_of(parse_rate, "600mb/s") ==
        "unknown unit 'mb/s', did you mean '600MB/s'? (expected e.g. 600MB/s, 10Gbps, 2.5GiB/s)");
  CHECK(error_of(parse_rate, "10GBPS") ==
        "unknown unit 'GBPS', did you mean '10Gbps'? (expected e.g. 600MB/s, 10Gbps, 2.5GiB/s)");
  CHECK(error_of(parse_seconds, "90S") ==
        "unknown unit 'S', did you mean '90s'? (expected e.g. 250ms, 90s, 5min, 7d)");
  CHECK(error_of(parse_seconds, "5MIN") ==
        "unknown unit 'MIN', did you mean '5min'? (expected e.g. 250ms, 90s, 5min, 7d)");
  CHECK(error_of(parse_rate, "600MB") ==
        "'600MB' is a size, not a rate (expected e.g. 600MB/s, 10Gbps, 2.5GiB/s)");
  CHECK(error_of(parse_rate, "5furlongs") ==
        "unknown unit 'furlongs' (expected e.g. 600MB/s, 10Gbps, 2.5GiB/s)");
  CHECK(error_of(parse_seconds, "5m") ==
        "ambiguous unit 'm' (expected min for minutes, ms for milliseconds)");
  CHECK(error_of(parse_seconds, "90") ==
        "missing unit in '90' (expected e.g. 250ms, 90s, 5min, 7d)");
  CHECK(error_of(parse_seconds, "-1s") == "negative duration '-1s' (expected a value >= 0)");
}

TEST_CASE("units: printing scales and keeps three significant digits") {
  CHECK(to_string(Bytes(4.27e9)) == "4.27 GB");
  CHECK(to_string(Bytes(512)) == "512 B");
  CHECK(to_string(Bytes(999.96e6)) == "1 GB");
  CHECK(to_string(BytesPerSecond(600e6)) == "600 MB/s");
  CHECK(to_string(BytesPerSecond(1.25e9)) == "1.25 GB/s");
  CHECK(to_string(Seconds(1.8)) == "1.8 s");
  CHECK(to_string(Seconds(0.25)) == "250 ms");
  CHECK(to_string(Seconds(384)) == "384 s");
  CHECK(to_string(Seconds(1800)) == "30 min");
  CHECK(to_string(Seconds(0)) == "0 s");
  CHECK(fmt::format("{}", Bytes(4.27e9)) == "4.27 GB");
  CHECK(fmt::format("{:>9}", Seconds(1.8)) == "    1.8 s");
  CHECK(fmt::format("{:<10}|", BytesPerSecond(1.25e9)) == "1.25 GB/s |");
  CHECK(fmt::format("{}", Bytes(0)) == "0 B");
}

TEST_CASE("units: arithmetic keeps units straight") {
  // 4.27 GB at 600 MB/s take 4.27e9 / 600e6 = 7.1167 s.
  const Seconds t = Bytes(4.27e9) / BytesPerSecond(600e6);
  CHECK(t.value() == doctest::Approx(7.116666667));
  CHECK((BytesPerSecond(600e6) * Seconds(2)).value() == doctest::Approx(1.2e9));
  CHECK((Bytes(1e9) / Seconds(2)).value() == doctest::Approx(5e8));
}

namespace {
template <class A, class B>
concept Addable = requires(A a, B b) { a + b; };
template <class A, class B>
concept Divisible = requires(A a, B b) { a / b; };
}  // namespace

TEST_CASE("units: kinds do not mix, and only meaningful products and ratios exist") {
  // A size plus a duration means nothing; a plain double never becomes a quantity by itself.
  static_assert(!Addable<Bytes, Seconds>);
  static_assert(!Addable<BytesPerSecond, Bytes>);
  static_assert(!std::is_convertible_v<double, Bytes>);
  static_assert(!std::is_convertible_v<Seconds, BytesPerSecond>);
  static_assert(!Divisible<Seconds, Bytes>);
  // Bytes / BytesPerSecond is a time, Bytes / Seconds a rate, Bytes / Bytes a plain ratio.
  static_assert(std::is_same_v<decltype(Bytes(1) / BytesPerSecond(1)), Seconds>);
  static_assert(std::is_same_v<decltype(Bytes(1) / Seconds(1)), BytesPerSecond>);
  static_assert(std::is_same_v<decltype(Seconds(1) * BytesPerSecond(1)), Bytes>);
  static_assert(std::is_same_v<decltype(Bytes(1) / Bytes(1)), double>);
  // 2 * 3 MB/s + 1 MB/s = 7 MB/s; 7 MB/s over 3 MB/s is 7/3.
  BytesPerSecond r = 2.0 * BytesPerSecond(3e6);
  r += BytesPerSecond(1e6);
  CHECK(r.value() == 7e6);
  CHECK(r / BytesPerSecond(3e6) == doctest::Approx(7.0 / 3.0));
  CHECK(Seconds(2) < Seconds(3));
  CHECK(Bytes(5) == Bytes(5));
}
