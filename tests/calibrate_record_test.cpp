// Issue 27 R1, R4, R7: a loader record is checked field by field before calibrate reads it
// (advisor/calibrate/record_check.hpp), and the names calibrate writes files under are plain.
#include <doctest/doctest.h>

#include <string>

#include "advisor/calibrate/loader_options.hpp"
#include "advisor/calibrate/record_check.hpp"
#include "advisor/calibrate/samples.hpp"
#include "cli_runner.hpp"

using namespace stowage;

namespace {

// A record the loader could have written: one storage sweep point.
constexpr const char* kRecord = R"({"format": "stowage-loader/1", "loader_version": "0.1.0",
  "settings": {"dir": "/data", "file_size": 1048576, "io_chunk": 65536, "max_threads": 1,
               "direct": false, "storage": true},
  "host": {"cpu_model": "test CPU", "logical_cpus": 4, "memory_bytes": 1073741824},
  "gpu": {"found": false, "reason": "not looked for"},
  "modes": [{"name": "storage_cold_t1", "streams": 0, "threads": 1, "resident_after_drop": 0.0,
             "trials": [{"bytes": 1048576, "seconds": 0.01, "cpu_seconds": 0.001}]}]})";

// The record with `from` replaced by `to` (once; `from` must be there).
std::string edited(const std::string& from, const std::string& to) {
  std::string text = kRecord;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  return testing::config_error_of([&] { (void)advisor::parse_samples("rec.json", text); });
}

}  // namespace

TEST_CASE("calibrate record: the record as the loader writes it is read") {
  CHECK(error_of(kRecord) == "no error");
}

TEST_CASE("calibrate record (R1): a number beyond a double's range is named at its key") {
  CHECK(error_of(edited("\"bytes\": 1048576", "\"bytes\": 1e999")) ==
        "rec.json: error: modes[0].trials[0].bytes: a number beyond the range of a double "
        "(expected a finite number)");
  CHECK(error_of(edited("\"logical_cpus\": 4", "\"logical_cpus\": -1e999")) ==
        "rec.json: error: host.logical_cpus: a number beyond the range of a double (expected a "
        "finite number)");
}

TEST_CASE("calibrate record (R1): sizes and times are checked for type, sign and range") {
  CHECK(error_of(edited("\"bytes\": 1048576", "\"bytes\": -5")) ==
        "rec.json: error: modes[0].trials[0].bytes: -5 is negative (expected a size in bytes, "
        "above 0 and at most 9007199254740992)");
  CHECK(error_of(edited("\"bytes\": 1048576", "\"bytes\": 1e300")) ==
        "rec.json: error: modes[0].trials[0].bytes: 1e+300 is out of range (expected a size in "
        "bytes, above 0 and at most 9007199254740992)");
  CHECK(error_of(edited("\"seconds\": 0.01", "\"seconds\": 1e300")) ==
        "rec.json: error: modes[0].trials[0].seconds: 1e+300 is out of range (expected a time in "
        "seconds, above 0 and at most 4194304)");
  CHECK(error_of(edited("\"seconds\": 0.01", "\"seconds\": 0")) ==
        "rec.json: error: modes[0].trials[0].seconds: 0 is too small (expected a time in seconds, "
        "above 0 and at most 4194304)");
  CHECK(error_of(edited("\"cpu_seconds\": 0.001", "\"cpu_seconds\": \"x\"")) ==
        "rec.json: error: modes[0].trials[0].cpu_seconds: not a number (expected a time in "
        "seconds, at least 0 and at most 4194304)");
  CHECK(error_of(edited("\"resident_after_drop\": 0.0", "\"resident_after_drop\": 2")) ==
        "rec.json: error: modes[0].resident_after_drop: 2 is out of range (expected a fraction, at "
        "least 0 and at most 1)");
  CHECK(error_of(edited("\"found\": false", "\"found\": 1")) ==
        "rec.json: error: gpu.found: not true or false (expected a bool)");
  CHECK(error_of(edited("\"trials\": [", "\"trials\": [{\"bytes\": 8}, ")) ==
        "rec.json: error: modes[0].trials[0]: missing required key `seconds` (expected the key)");
}

TEST_CASE("calibrate record (R7): a chunk of 1e300 or 0 bytes and unknown modes are refused") {
  CHECK(error_of(edited("\"io_chunk\": 65536", "\"io_chunk\": 1e300")) ==
        "rec.json: error: settings.io_chunk: 1e+300 is out of range (expected a size in bytes, "
        "above 0 and at most 9007199254740992)");
  CHECK(error_of(edited("\"io_chunk\": 65536", "\"io_chunk\": 0")) ==
        "rec.json: error: settings.io_chunk: 0 is too small (expected a size in bytes, above 0 "
        "and at most 9007199254740992)");
  CHECK(error_of(edited("\"storage_cold_t1\"", "\"storage_cold_t0\"")) ==
        "rec.json: error: modes[0].name: `storage_cold_t0` is not a mode stowage-loader writes "
        "(expected e.g. h2d_pinned, or storage_cold_tN with N from 1 to 64)");
  CHECK(error_of(edited("\"storage_cold_t1\"", "\"storage_cold_t99999999999\"")) ==
        "rec.json: error: modes[0].name: `storage_cold_t99999999999` is not a mode stowage-loader "
        "writes (expected e.g. h2d_pinned, or storage_cold_tN with N from 1 to 64)");
  CHECK(error_of(edited("\"threads\": 1", "\"threads\": 2")) ==
        "rec.json: error: modes[0].threads: 2 where the mode's name says 1 (expected the N of the "
        "mode's name)");
  CHECK(advisor::loader_mode_name("h2d_pinned"));
  CHECK(advisor::loader_mode_name("file_to_gpu_warm_t64"));
  CHECK_FALSE(advisor::loader_mode_name("file_to_gpu_warm_t65"));
  CHECK_FALSE(advisor::loader_mode_name("file_to_gpu_warm_t01"));
  CHECK_FALSE(advisor::loader_mode_name("storage_cold_t"));
}

TEST_CASE("calibrate (R4): a name that files are written under is a plain name") {
  CHECK(advisor::plain_name_problem("nas-performance").empty());
  CHECK(advisor::plain_name_problem("") == "the name is empty");
  CHECK(advisor::plain_name_problem("..") == "'..' is not a name");
  CHECK(advisor::plain_name_problem("../../x") == "'../../x' holds a '/'");
  CHECK(advisor::plain_name_problem("a\nb") == "'a\\nb' holds a control character");
}
