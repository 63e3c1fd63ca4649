#include "advisor/calibrate/storage.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "advisor/calibrate/process.hpp"
#include "advisor/cli/catalog_option.hpp"
#include "advisor/cli/commands.hpp"
#include "sim/check.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/input_text.hpp"
#include "sim/config/profile_writer.hpp"
#include "sim/environment_error.hpp"

namespace stowage::advisor {

namespace {

using Json = CalibrationJson;
using sim::config::ConfigError;

constexpr double kBytesPerGb = 1e9;
constexpr std::string_view kColdPrefix = "storage_cold_t";
constexpr std::string_view kWarmPrefix = "storage_warm_t";

using Point = SweepPoint;

Json point_json(const Point& p) {
  return Json{{"threads", p.threads},
              {"rate_bytes_per_second", p.rate_bps},
              {"cpu_seconds_per_gb", p.bytes > 0 ? p.cpu_s / p.bytes * kBytesPerGb : 0.0},
              {"busy_cpu_seconds_per_gb", p.bytes > 0 ? p.busy_s / p.bytes * kBytesPerGb : 0.0},
              {"resident", p.resident}};
}

// A fresh directory `<tmp>/stowage-calibrate-XXXXXX/storage`, removed with the owner.
class TempProfiles {
 public:
  TempProfiles() {
    std::string p = (temp_directory() / "stowage-calibrate-XXXXXX").string();
    if (::mkdtemp(p.data()) == nullptr) {
      throw sim::EnvironmentError(fmt::format("cannot create {}: {} (expected a writable "
                                              "temporary directory: TMPDIR, else /tmp)",
                                              sim::config::printable(p), std::strerror(errno)));
    }
    root_ = p;
    std::filesystem::create_directories(root_ / "storage");
  }
  ~TempProfiles() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  TempProfiles(const TempProfiles&) = delete;
  TempProfiles& operator=(const TempProfiles&) = delete;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace

CalibrationOutputs calibrate_storage(const StorageCalibrationOptions& o,
                                     const std::string& samples_name, Json doc,
                                     const std::filesystem::path& profile_path,
                                     const std::filesystem::path& samples_path) {
  const sim::config::Catalog catalog = open_catalog(o.profile_dirs);
  if (!catalog.contains(sim::ProfileKind::kStorage, o.extends)) {
    throw unknown_name("--extends", "storage profile", o.extends,
                       catalog.names(sim::ProfileKind::kStorage));
  }
  const sim::StorageProfile parent = catalog.storage(o.extends);
  std::vector<Point> cold;
  std::vector<Point> warm;
  try {
    cold = sweep_points(doc, kColdPrefix, "resident_after_drop", false);
    warm = sweep_points(doc, kWarmPrefix, "resident_after_read", false);
  } catch (const Json::exception& e) {
    throw ConfigError(samples_name, {}, "", fmt::format("unexpected content: {}", e.what()),
                      "the JSON that stowage-loader --storage writes");
  }
  if (cold.empty()) {
    throw ConfigError(samples_name, {}, "modes", "no storage_cold_tN mode with a timed trial",
                      "a record of stowage-loader --storage");
  }
  const Json host = doc.value("host", Json::object());
  const Json settings = doc.value("settings", Json::object());
  const std::string where = settings.value("dir", std::string("?"));
  const std::string fs = host.value("file_system", std::string("?"));

  sim::config::StorageOverlay overlay;
  overlay.extends = o.extends;
  const std::string date = doc.value("started_at", std::string());
  overlay.description = fmt::format("{} as measured by stowage calibrate on {} at {} ({})",
                                    o.extends, date.substr(0, date.find('T')), where, fs);
  overlay.source = sim::Source{sim::Source::Kind::kMeasured, samples_path.generic_string()};
  std::vector<std::string> missing;
  Json fit{{"extends", o.extends}};

  const double worst_drop =
      std::max_element(cold.begin(), cold.end(), [](const Point& a, const Point& b) {
        return a.resident < b.resident;
      })->resident;
  const Point& one = cold.front();
  const Point& most = cold.back();
  if (worst_drop > kCachedFraction) {
    missing.push_back(fmt::format(
        "throughput: up to {:.0f}% of the files stayed in the page cache after a drop (file "
        "system {}), so the cold reads were not cold",
        100.0 * worst_drop, fs));
  } else if (one.threads != 1) {
    missing.push_back("throughput.per_connection: the record has no one-thread cold read");
  } else {
    overlay.per_connection = rounded_rate(one.rate_bps);
    fit["per_connection_bytes_per_second"] = one.rate_bps;
    const double linear = most.threads * one.rate_bps;
    double best = 0.0;
    for (const Point& p : cold) best = std::max(best, p.rate_bps);
    if (most.threads > 1 && most.rate_bps < kSaturation * linear) {
      overlay.per_client = rounded_rate(best);
      fit["per_client_bytes_per_second"] = best;
    } else {
      missing.push_back(fmt::format(
          "throughput.per_client: not reached: {} threads read at {}, {:.0f}% of {} x the "
          "one-thread rate (the cap shows below {:.0f}%); measure with more --max-threads",
          most.threads, sim::BytesPerSecond(most.rate_bps), 100.0 * most.rate_bps / linear,
          most.threads, 100.0 * kSaturation));
    }
  }
  if (warm.empty()) {
    missing.push_back("page_cache: the record has no warm re-read");
  } else {
    double resident = 1.0;
    for (const Point& p : warm) resident = std::min(resident, p.resident);
    overlay.page_cache = resident >= kCachedFraction;
    fit["resident_after_read"] = resident;
  }
  if (parent.fuse) {
    if (most.busy_s >= kMinBusySeconds) {
      overlay.fuse_per_vcpu = rounded_rate(most.bytes / most.busy_s);
      fit["fuse_per_vcpu_bytes_per_second"] = most.bytes / most.busy_s;
    } else {
      missing.push_back(fmt::format(
          "fuse.per_vcpu: the reads kept the CPUs busy {:.2f} s in all (expected at least {} s "
          "for a figure: read more, e.g. a larger --file-size)",
          most.busy_s, kMinBusySeconds));
    }
  }
  Json cold_json = Json::array();
  for (const Point& p : cold) cold_json.push_back(point_json(p));
  Json warm_json = Json::array();
  for (const Point& p : warm) warm_json.push_back(point_json(p));
  fit["cold"] = std::move(cold_json);
  fit["warm"] = std::move(warm_json);
  fit["not_in_profile"] = Json::array();
  for (const std::string& m : missing) fit["not_in_profile"].push_back(m);

  CalibrationOutputs out;
  out.complete = missing.empty();
  out.profile_text = fmt::format(
      "# Measured by `stowage calibrate --storage` from {} (stowage-loader {}, started {}).\n"
      "# Storage at {} (file system {}), host {} with {} logical CPUs; extends {}.\n",
      samples_path.generic_string(), doc.value("loader_version", std::string("?")), date, where, fs,
      host.value("cpu_model", std::string("?")), host.value("logical_cpus", 0), o.extends);
  for (const Point& p : cold) {
    out.profile_text += fmt::format("#   cold reads by {:>2} thread(s): {}\n", p.threads,
                                    sim::BytesPerSecond(p.rate_bps));
  }
  for (const std::string& m : missing) out.profile_text += fmt::format("# Not measured: {}\n", m);
  out.profile_text += sim::config::write_storage_overlay_yaml(overlay);

  // What is written must load through the catalog on top of its parent, to the same figures.
  const TempProfiles tmp;
  const std::string name = profile_path.stem().string();
  write_file_atomically(tmp.root() / "storage" / (name + ".yaml"), out.profile_text);
  std::vector<std::string> dirs{tmp.root().string()};
  dirs.insert(dirs.end(), o.profile_dirs.begin(), o.profile_dirs.end());
  const sim::StorageProfile back = open_catalog(dirs).storage(name);
  STOWAGE_CHECK(
      back.throughput.per_connection ==
          (overlay.per_connection ? overlay.per_connection : parent.throughput.per_connection),
      "a calibrated storage profile does not read back to its own figures");

  doc["calibration"] =
      Json{{"profile", profile_path.generic_string()}, {"complete", out.complete}, {"fit", fit}};
  out.samples_text = doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";

  out.summary =
      fmt::format("calibrated the storage at {} ({}) against {}:\n", where, fs, o.extends);
  out.summary += fmt::format("  {:>7} {:>11} {:>16} {:>9}\n", "threads", "cold read",
                             "busy CPU s/GB", "resident");
  for (const Point& p : cold) {
    out.summary +=
        fmt::format("  {:>7} {:>11} {:>16.3f} {:>8.0f}%\n", p.threads,
                    sim::to_string(sim::BytesPerSecond(p.rate_bps)),
                    p.bytes > 0 ? p.busy_s / p.bytes * kBytesPerGb : 0.0, 100.0 * p.resident);
  }
  for (const Point& p : warm) {
    out.summary +=
        fmt::format("  warm re-read by {} thread(s): {}; {:.0f}% resident after one read\n",
                    p.threads, sim::BytesPerSecond(p.rate_bps), 100.0 * p.resident);
  }
  const auto shown = [](const std::optional<sim::BytesPerSecond>& r) {
    return r ? sim::to_string(*r) : std::string("not written");
  };
  out.summary += fmt::format("  throughput.per_connection {}; throughput.per_client {}",
                             shown(overlay.per_connection), shown(overlay.per_client));
  if (overlay.page_cache) out.summary += fmt::format("; page_cache {}", *overlay.page_cache);
  if (overlay.fuse_per_vcpu)
    out.summary += fmt::format("; fuse.per_vcpu {}", *overlay.fuse_per_vcpu);
  out.summary += fmt::format("\nwrote {}\nwrote {}\n", profile_path.generic_string(),
                             samples_path.generic_string());
  for (const std::string& m : missing) {
    out.problems += fmt::format("stowage calibrate: not measured: {}\n", m);
  }
  return out;
}

}  // namespace stowage::advisor
