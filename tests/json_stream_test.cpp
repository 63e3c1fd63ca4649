#include "advisor/report/json_stream.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "sim/rng.hpp"

namespace {

using stowage::advisor::report::JsonStream;
using J = nlohmann::ordered_json;

JsonStream to_string(std::string& out) {
  return JsonStream([&out](std::string_view text) { out.append(text); });
}

/// The streamed JSON must be what dump(2) makes of it once parsed: same layout, same digits.
void check_as_dump(const std::string& streamed) {
  REQUIRE(!streamed.empty());
  CHECK(J::parse(streamed).dump(2) + "\n" == streamed);
}

}  // namespace

TEST_CASE("json stream: every kind of value is laid out and spelled as dump(2) does") {
  const double inf = std::numeric_limits<double>::infinity();
  J doc;
  doc["empty_object"] = J::object();
  doc["empty_array"] = J::array();
  doc["numbers"] = J::array({0.0, -0.0, 1.0, 0.1, 1e-05, 1e21, 123456789.125, 5e-324,
                             1.7976931348623157e308, -2.5});
  doc["not_finite"] = J::array({nullptr, nullptr});
  doc["ints"] = J::array({std::int64_t{-7}, std::numeric_limits<std::int64_t>::min(),
                          std::numeric_limits<std::uint64_t>::max()});
  doc["flags"] = J::array({true, false});
  doc["text"] = J::array({"plain", "quote \" slash \\ tab \t newline \n", "caf\xc3\xa9",
                          std::string("nul \0 bell \x07", 12), "del \x7f"});
  doc["nested"] = {{"a", J::array({J::object(), J::array({1.5})})}, {"b", nullptr}};
  doc["embedded"] = {{"deep", J::array({{{"x", 1}}, J::array()})}};

  std::string out;
  JsonStream s = to_string(out);
  s.begin_object();
  s.key("empty_object").begin_object().end_object();
  s.key("empty_array").begin_array().end_array();
  s.key("numbers").begin_array();
  for (const double v : {0.0, -0.0, 1.0, 0.1, 1e-05, 1e21, 123456789.125, 5e-324,
                         1.7976931348623157e308, -2.5}) {
    s.value(v);
  }
  s.end_array();
  s.key("not_finite").begin_array().value(inf).value(std::nan("")).end_array();
  s.key("ints").begin_array();
  s.value(std::int64_t{-7}).value(std::numeric_limits<std::int64_t>::min());
  s.value(std::numeric_limits<std::uint64_t>::max()).end_array();
  s.key("flags").begin_array().value(true).value(false).end_array();
  s.key("text").begin_array().value("plain").value("quote \" slash \\ tab \t newline \n");
  s.value("caf\xc3\xa9").value(std::string_view("nul \0 bell \x07", 12)).value("del \x7f");
  s.end_array();
  s.key("nested").begin_object().key("a").begin_array().begin_object().end_object();
  s.begin_array().value(1.5).end_array().end_array().key("b").null().end_object();
  s.key("embedded").value(J{{"deep", J::array({{{"x", 1}}, J::array()})}});
  s.end_object();
  s.finish();
  CHECK(out == doc.dump(2) + "\n");
  check_as_dump(out);
}

TEST_CASE("json stream: random doubles of every exponent have dump()'s digits") {
  // Any bit pattern that is a finite double, drawn from a seeded generator: the stream must
  // spell each exactly as the serializer does (shortest round-trip digits, exponent form).
  stowage::sim::Rng rng(17);
  J doc = J::array();
  std::string out;
  JsonStream s = to_string(out);
  s.begin_array();
  for (int i = 0; i < 20000; ++i) {
    const double v = std::bit_cast<double>(rng.next());
    if (!std::isfinite(v)) continue;
    doc.push_back(v);
    s.value(v);
  }
  s.end_array();
  s.finish();
  CHECK(out == doc.dump(2) + "\n");
}

TEST_CASE("json stream: a large document reaches the sink in pieces, whole and in order") {
  // 100,000 members of about 30 bytes: 3 MB in pieces of about 64 KiB.
  std::vector<std::size_t> pieces;
  std::string out;
  JsonStream s([&](std::string_view text) {
    pieces.push_back(text.size());
    out.append(text);
  });
  J doc = J::array();
  s.begin_array();
  for (int i = 0; i < 100000; ++i) {
    doc.push_back({{"id", i}, {"t", i * 0.5}});
    s.begin_object().key("id").value(i).key("t").value(i * 0.5).end_object();
  }
  s.end_array();
  s.finish();
  CHECK(out == doc.dump(2) + "\n");
  CHECK(pieces.size() > 40);
  for (std::size_t p : pieces) CHECK(p < (1 << 16) + 256);
}

TEST_CASE("json stream: simulate --json of a workload and of flows is dump(2)'s layout") {
  const auto workload = stowage::testing::run_stowage(
      "simulate data/workloads/model-switch.yaml --storage nas-performance --json");
  REQUIRE(workload.code == 0);
  check_as_dump(workload.out);
  const auto flows = stowage::testing::run_stowage(
      "simulate --flows tests/fixtures/flows/staggered.yaml --json");
  REQUIRE(flows.code == 0);
  check_as_dump(flows.out);
}
