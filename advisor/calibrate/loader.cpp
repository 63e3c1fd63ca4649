#include "advisor/calibrate/loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "sim/config/config_error.hpp"
#include "sim/config/profile_writer.hpp"
#include "sim/profile.hpp"

namespace stowage::advisor {

namespace {

using Json = CalibrationJson;
using sim::config::ConfigError;

constexpr std::string_view kGpuPrefix = "file_to_gpu_warm_t";
constexpr std::string_view kHostPrefix = "file_to_host_warm_t";
constexpr std::string_view kColdPrefixes[] = {"file_to_gpu_cold_t", "file_read_cold_t"};

Json points_json(const std::vector<SweepPoint>& sweep) {
  Json out = Json::array();
  for (const SweepPoint& p : sweep) {
    out.push_back(Json{{"threads", p.threads}, {"rate_bytes_per_second", p.rate_bps}});
  }
  return out;
}

std::string sweep_rows(std::string_view label, const std::vector<SweepPoint>& sweep) {
  std::string out;
  for (const SweepPoint& p : sweep) {
    out += fmt::format("  {:<20} {:>7} {:>11}\n", label, p.threads,
                       sim::to_string(sim::BytesPerSecond(p.rate_bps)));
  }
  return out;
}

}  // namespace

CalibrationOutputs calibrate_loader(const std::string& samples_name, Json doc,
                                    const std::filesystem::path& profile_path,
                                    const std::filesystem::path& samples_path) {
  std::vector<SweepPoint> warm;
  std::vector<SweepPoint> cold;
  bool on_gpu = true;
  try {
    warm = sweep_points(doc, kGpuPrefix, "resident_after_read", true);
    if (warm.empty()) {
      on_gpu = false;
      warm = sweep_points(doc, kHostPrefix, "resident_after_read", true);
    }
    for (std::string_view prefix : kColdPrefixes) {
      if (cold.empty()) cold = sweep_points(doc, prefix, "resident_after_drop", true);
    }
  } catch (const Json::exception& e) {
    throw ConfigError(samples_name, {}, "", fmt::format("unexpected content: {}", e.what()),
                      "the JSON that stowage-loader writes");
  }
  if (warm.empty()) {
    throw ConfigError(samples_name, {}, "modes",
                      "no warm pipeline sweep (file_to_gpu_warm_tN or file_to_host_warm_tN)",
                      "a record of stowage-loader with --max-threads (and --cpu without a GPU)");
  }
  const Json settings = doc.value("settings", Json::object());
  const Json host = doc.value("host", Json::object());
  const std::string date = doc.value("started_at", std::string());

  double best = 0.0;
  for (const SweepPoint& p : warm) best = std::max(best, p.rate_bps);
  const SweepPoint& knee = *std::find_if(warm.begin(), warm.end(), [&](const SweepPoint& p) {
    return p.rate_bps >= kKnee * best;
  });
  std::vector<std::string> missing;
  sim::LoaderProfile profile;
  profile.info.description = fmt::format(
      "stowage-loader's parallel pipeline as measured by stowage calibrate on {} ({}, {} "
      "logical CPUs): {} reader threads into pinned buffers, copies on {} streams",
      date.substr(0, date.find('T')), host.value("cpu_model", std::string("?")),
      host.value("logical_cpus", 0), knee.threads, settings.value("copy_streams", 0));
  profile.streams = knee.threads;
  const double chunk = settings.value("io_chunk", 0.0);
  if (chunk >= 1.0) profile.chunk = sim::Bytes(chunk);
  if (warm.front().threads == 1) {
    profile.per_stream = rounded_rate(warm.front().rate_bps);
  } else {
    missing.push_back("per_stream: the record has no one-thread warm sweep point");
  }
  profile.staging = sim::LoaderProfile::Staging::kPinned;
  profile.overlap = true;
  profile.page_cache = !settings.value("direct", false);
  if (!on_gpu) {
    missing.push_back(
        "the copy to the GPU: the record was made without a GPU (file_to_host_warm_tN), so "
        "per_stream and streams describe the reads and a host memcpy, not the GPU copy");
  }
  const sim::Source source{sim::Source::Kind::kMeasured, samples_path.generic_string()};

  CalibrationOutputs out;
  out.complete = missing.empty();
  out.profile_text = fmt::format(
      "# Measured by `stowage calibrate --loader-profile` from {} (stowage-loader {}, started "
      "{}).\n# Warm sweep ({}), median rate at the largest size:\n",
      samples_path.generic_string(), doc.value("loader_version", std::string("?")), date,
      on_gpu ? "file to GPU" : "file to host memory, no GPU");
  for (const SweepPoint& p : warm) {
    out.profile_text += fmt::format("#   {:>2} reader thread(s): {}\n", p.threads,
                                    sim::BytesPerSecond(p.rate_bps));
  }
  for (const std::string& m : missing) out.profile_text += fmt::format("# Not measured: {}\n", m);
  out.profile_text += sim::config::write_loader_profile_yaml(profile, source);

  doc["calibration"] = Json{{"profile", profile_path.generic_string()},
                            {"complete", out.complete},
                            {"fit",
                             {{"warm", points_json(warm)},
                              {"cold", points_json(cold)},
                              {"knee", kKnee},
                              {"streams", knee.threads},
                              {"not_in_profile", missing}}}};
  out.samples_text = doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";

  out.summary = fmt::format("calibrated stowage-loader's pipeline ({}):\n",
                            on_gpu ? "file to GPU" : "file to host memory, no GPU");
  out.summary += fmt::format("  {:<20} {:>7} {:>11}\n", "sweep", "threads", "rate");
  out.summary += sweep_rows("warm (profile)", warm);
  out.summary += sweep_rows("cold (storage)", cold);
  out.summary += fmt::format("  streams {}; per_stream {}; chunk {}; staging pinned\n",
                             knee.threads,
                             profile.per_stream ? sim::to_string(*profile.per_stream)
                                                : std::string("not written"),
                             profile.chunk ? sim::to_string(*profile.chunk) : std::string("-"));
  out.summary += fmt::format("wrote {}\nwrote {}\n", profile_path.generic_string(),
                             samples_path.generic_string());
  for (const std::string& m : missing) {
    out.problems += fmt::format("stowage calibrate: not measured: {}\n", m);
  }
  return out;
}

}  // namespace stowage::advisor
