#include "advisor/calibrate/record_check.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>

#include "sim/config/config_error.hpp"
#include "sim/engine_range.hpp"

namespace stowage::advisor {

namespace {

using Json = CalibrationJson;
using sim::config::ConfigError;

// What the loader accepts on its command line (loader/main.cpp, loader/sweep_plan.hpp): a record
// with more was not written by it.
constexpr int kMaxThreads = 64;       // --max-threads, kMaxReaderThreads
constexpr int kMaxStreams = 64;       // --streams; --copy-streams is at most 16
constexpr int kMaxCopyStreams = 16;   // --copy-streams
constexpr int kMaxTrials = 1000;      // --trials and --warmup
constexpr int kMaxPcieGeneration = 7; // as calibrate's --pcie-gen
constexpr int kMaxLanes = 32;         // as calibrate's --lanes
constexpr int kMaxCpus = 1 << 20;

constexpr std::array kFixedModes{"memcpy",          "file_read_cold",     "file_read_warm",
                                 "file_to_gpu_cold", "file_to_gpu_warm",  "h2d_pinned",
                                 "h2d_pinned_streams", "h2d_pageable",    "h2d_pageable_streams",
                                 "d2h_pinned",       "pin_host_alloc",    "pin_host_register",
                                 "file_to_gpu_warm_parallel"};
constexpr std::array kSweepPrefixes{"file_read_cold_t",   "file_read_warm_t",   "file_to_host_warm_t",
                                    "file_to_gpu_cold_t", "file_to_gpu_warm_t", "storage_cold_t",
                                    "storage_warm_t"};

// The N of a thread sweep's mode name (PREFIX + N), 0 when `name` is none.
int sweep_threads(std::string_view name) {
  for (std::string_view prefix : kSweepPrefixes) {
    if (!name.starts_with(prefix)) continue;
    const std::string_view digits = name.substr(prefix.size());
    int n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.front() == '0' ||
        n < 1 || n > kMaxThreads) {
      return 0;
    }
    return n;
  }
  return 0;
}

class Checker {
 public:
  explicit Checker(const std::string& file) : file_(file) {}

  [[noreturn]] void fail(const std::string& path, std::string problem,
                         std::string expected) const {
    throw ConfigError(file_, sim::config::kNoPosition, path, std::move(problem),
                      std::move(expected));
  }

  // The field `key` of `parent` (at `path`), or nullptr when absent and not required.
  const Json* field(const Json& parent, const std::string& path, const char* key,
                    bool required) const {
    const auto it = parent.find(key);
    if (it == parent.end()) {
      if (required) fail(path, fmt::format("missing required key `{}`", key), "the key");
      return nullptr;
    }
    return &*it;
  }

  static std::string join(const std::string& path, const char* key) {
    return path.empty() ? std::string(key) : path + "." + key;
  }

  const Json* object(const Json& parent, const std::string& path, const char* key,
                     bool required) const {
    const Json* v = field(parent, path, key, required);
    if (v != nullptr && !v->is_object()) fail(join(path, key), "not an object", "{...}");
    return v;
  }

  void string(const Json& parent, const std::string& path, const char* key, bool required) const {
    const Json* v = field(parent, path, key, required);
    if (v != nullptr && !v->is_string()) fail(join(path, key), "not a string", "a string");
  }

  void boolean(const Json& parent, const std::string& path, const char* key,
               bool required) const {
    const Json* v = field(parent, path, key, required);
    if (v != nullptr && !v->is_boolean()) fail(join(path, key), "not true or false", "a bool");
  }

  // A number in [lo, hi] (above lo when `above`); `whole`: an integer value. Returns it, or
  // `absent` when the key is missing and not required.
  double number(const Json& parent, const std::string& path, const char* key, bool required,
                double lo, double hi, bool above, bool whole, std::string_view what,
                double absent = 0.0) const {
    const Json* v = field(parent, path, key, required);
    if (v == nullptr) return absent;
    const std::string at = join(path, key);
    const std::string expected =
        fmt::format("{}, {} {} and at most {}", what, above ? "above" : "at least", lo, hi);
    if (!v->is_number()) fail(at, "not a number", expected);
    const double x = v->get<double>();
    if (!std::isfinite(x)) fail(at, "not a finite number", expected);
    if (whole && x != std::floor(x)) fail(at, fmt::format("{} is not a whole number", x), expected);
    if (x < lo || (above && x == lo)) {
      fail(at, fmt::format("{} is {}", x, x < 0 ? "negative" : "too small"), expected);
    }
    if (x > hi) fail(at, fmt::format("{} is out of range", x), expected);
    return x;
  }

  double bytes(const Json& p, const std::string& path, const char* key, bool required) const {
    return number(p, path, key, required, 0, sim::kMaxFlowBytes, true, true,
                  "a size in bytes");
  }
  double seconds(const Json& p, const std::string& path, const char* key, bool required,
                 bool above) const {
    return number(p, path, key, required, 0, sim::kMaxInputTimeS, above, false,
                  "a time in seconds");
  }
  double count(const Json& p, const std::string& path, const char* key, bool required, int lo,
               int hi) const {
    return number(p, path, key, required, lo, hi, false, true, "a whole number");
  }
  double fraction(const Json& p, const std::string& path, const char* key) const {
    return number(p, path, key, false, 0, 1, false, false, "a fraction");
  }

 private:
  const std::string& file_;
};

void check_settings(const Checker& c, const Json& doc) {
  const Json* s = c.object(doc, "", "settings", false);
  if (s == nullptr) return;
  const std::string p = "settings";
  c.string(*s, p, "dir", false);
  for (const char* key : {"file_size", "min_chunk", "max_chunk", "io_chunk", "model_size"}) {
    c.bytes(*s, p, key, false);
  }
  c.count(*s, p, "streams", false, 1, kMaxStreams);
  c.count(*s, p, "warmup", false, 0, kMaxTrials);
  c.count(*s, p, "trials", false, 1, kMaxTrials);
  c.count(*s, p, "max_threads", false, 0, kMaxThreads);
  c.count(*s, p, "copy_streams", false, 1, kMaxCopyStreams);
  c.boolean(*s, p, "direct", false);
  c.boolean(*s, p, "storage", false);
}

void check_host(const Checker& c, const Json& doc) {
  const Json& h = *c.object(doc, "", "host", true);
  for (const char* key : {"cpu_model", "kernel", "file_system"}) c.string(h, "host", key, false);
  c.count(h, "host", "logical_cpus", false, 0, kMaxCpus);
  c.number(h, "host", "memory_bytes", false, 0, sim::kMaxFlowBytes, false, true,
           "a size in bytes");
}

void check_gpu(const Checker& c, const Json& doc) {
  const Json& g = *c.object(doc, "", "gpu", true);
  c.boolean(g, "gpu", "found", true);
  c.string(g, "gpu", "reason", false);
  for (const char* key : {"name", "pci_bus_id", "compute_capability", "driver_version",
                          "cuda_driver_version", "cuda_runtime_version"}) {
    c.string(g, "gpu", key, false);
  }
  c.bytes(g, "gpu", "memory_bytes", false);
  if (const Json* l = c.object(g, "gpu", "pcie", false)) {
    c.count(*l, "gpu.pcie", "generation", false, 0, kMaxPcieGeneration);
    c.count(*l, "gpu.pcie", "max_generation", false, 0, kMaxPcieGeneration);
    c.count(*l, "gpu.pcie", "width", false, 0, kMaxLanes);
    c.count(*l, "gpu.pcie", "max_width", false, 0, kMaxLanes);
  }
}

void check_trial(const Checker& c, const Json& t, const std::string& p) {
  if (!t.is_object()) c.fail(p, "not an object", "{bytes, seconds, ...}");
  c.bytes(t, p, "bytes", true);
  c.seconds(t, p, "seconds", true, true);
  for (const char* key : {"read_seconds", "copy_seconds", "cpu_seconds", "busy_cpu_seconds"}) {
    c.seconds(t, p, key, false, false);
  }
}

void check_mode(const Checker& c, const Json& m, const std::string& p) {
  if (!m.is_object()) c.fail(p, "not an object", "{name, trials, ...}");
  c.string(m, p, "name", true);
  const std::string name = m["name"].get<std::string>();
  if (!loader_mode_name(name)) {
    c.fail(p + ".name", fmt::format("`{}` is not a mode stowage-loader writes", name),
           fmt::format("e.g. h2d_pinned, or storage_cold_tN with N from 1 to {}", kMaxThreads));
  }
  c.string(m, p, "description", false);
  c.count(m, p, "streams", false, 0, kMaxStreams);  // 0: storage modes copy nothing
  c.fraction(m, p, "resident_after_drop");
  c.fraction(m, p, "resident_after_read");
  c.boolean(m, p, "verified", false);
  if (const int n = sweep_threads(name); n > 0) {
    const double threads = c.count(m, p, "threads", true, 1, kMaxThreads);
    if (threads != n) {
      c.fail(p + ".threads", fmt::format("{} where the mode's name says {}", threads, n),
             "the N of the mode's name");
    }
  } else {
    c.count(m, p, "threads", false, 1, kMaxThreads);
  }
  const Json* trials = c.field(m, p, "trials", true);
  if (!trials->is_array()) c.fail(p + ".trials", "not a list", "a list of trials");
  for (std::size_t i = 0; i < trials->size(); ++i) {
    check_trial(c, (*trials)[i], fmt::format("{}.trials[{}]", p, i));
  }
}

// Follows the key path while nlohmann-json parses, so that the place of a parse error (a number
// beyond a double's range, 1e999) can be named.
class PathTracker : public nlohmann::json_sax<Json> {
 public:
  std::string where;  // the key path at the error

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(false); }
  bool key(string_t& k) override {
    frames_.back().key = k;
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    where = path();
    return false;
  }

 private:
  struct Frame {
    bool array = false;
    std::size_t index = 0;
    std::string key;
  };
  std::vector<Frame> frames_;

  bool value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }
  bool open(bool array) {
    frames_.push_back(Frame{array, 0, {}});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return value();
  }
  std::string path() const {
    std::string out;
    for (const Frame& f : frames_) {
      if (f.array) {
        out += fmt::format("[{}]", f.index);
      } else if (!f.key.empty()) {
        out += (out.empty() ? "" : ".") + f.key;
      }
    }
    return out;
  }
};

}  // namespace

std::string parse_error_path(const std::string& text) {
  PathTracker tracker;
  (void)Json::sax_parse(text, &tracker, nlohmann::detail::input_format_t::json, false);
  return tracker.where;
}

bool loader_mode_name(std::string_view name) {
  for (std::string_view fixed : kFixedModes) {
    if (name == fixed) return true;
  }
  return sweep_threads(name) > 0;
}

void check_record(const std::string& file, const CalibrationJson& doc) {
  const Checker c(file);
  if (!doc.is_object()) c.fail("", "not a JSON object", "the JSON that stowage-loader writes");
  c.string(doc, "", "format", true);
  for (const char* key : {"loader_version", "started_at"}) c.string(doc, "", key, false);
  check_settings(c, doc);
  check_host(c, doc);
  check_gpu(c, doc);
  const Json* modes = c.field(doc, "", "modes", true);
  if (!modes->is_array()) c.fail("modes", "not a list", "a list of modes");
  for (std::size_t i = 0; i < modes->size(); ++i) {
    check_mode(c, (*modes)[i], fmt::format("modes[{}]", i));
  }
  if (doc.contains("bench")) c.object(doc, "", "bench", false);
}

}  // namespace stowage::advisor
