#include "loader/report.hpp"

#include <ctime>

namespace stowage::loader {

namespace {

using Json = nlohmann::ordered_json;

Json settings_json(const Settings& s) {
  return Json{{"dir", s.dir.string()},
              {"file_size", s.file_size},
              {"min_chunk", s.min_chunk},
              {"max_chunk", s.max_chunk},
              {"io_chunk", s.io_chunk},
              {"model_size", s.model_size},
              {"streams", s.streams},
              {"warmup", s.warmup},
              {"trials", s.trials},
              {"max_threads", s.max_threads},
              {"copy_streams", s.copy_streams},
              {"direct", s.direct},
              {"storage", s.storage}};
}

Json host_json(const HostDescription& h) {
  return Json{{"cpu_model", h.cpu_model},
              {"logical_cpus", h.logical_cpus},
              {"memory_bytes", h.memory_bytes},
              {"kernel", h.kernel},
              {"file_system", h.file_system}};
}

Json gpu_json(const Report& r) {
  if (!r.gpu) return Json{{"found", false}, {"reason", r.no_gpu_reason}};
  const GpuDescription& g = *r.gpu;
  Json j{{"found", true},
         {"name", g.name},
         {"pci_bus_id", g.pci_bus_id},
         {"memory_bytes", g.memory_bytes},
         {"compute_capability",
          std::to_string(g.compute_major) + "." + std::to_string(g.compute_minor)},
         {"driver_version", g.driver_version},
         {"cuda_driver_version", g.cuda_driver_version},
         {"cuda_runtime_version", g.cuda_runtime_version}};
  if (g.link) {
    j["pcie"] = Json{{"generation", g.link->generation},
                     {"width", g.link->width},
                     {"max_generation", g.link->max_generation},
                     {"max_width", g.link->max_width}};
  }
  return j;
}

Json mode_json(const Mode& m) {
  Json j{{"name", m.name}, {"description", m.description}, {"streams", m.streams}};
  if (m.resident_after_drop) j["resident_after_drop"] = *m.resident_after_drop;
  if (m.verified) j["verified"] = *m.verified;
  if (m.threads) j["threads"] = *m.threads;
  if (m.resident_after_read) j["resident_after_read"] = *m.resident_after_read;
  Json trials = Json::array();
  for (const Trial& t : m.trials) {
    Json tj{{"bytes", t.bytes}, {"seconds", t.seconds}};
    if (t.read_seconds) tj["read_seconds"] = *t.read_seconds;
    if (t.copy_seconds) tj["copy_seconds"] = *t.copy_seconds;
    if (t.cpu_seconds) tj["cpu_seconds"] = *t.cpu_seconds;
    if (t.busy_cpu_seconds) tj["busy_cpu_seconds"] = *t.busy_cpu_seconds;
    trials.push_back(std::move(tj));
  }
  j["trials"] = std::move(trials);
  return j;
}

Json bench_json(const BenchResult& b) {
  Json j{{"chunk_bytes", b.chunk_bytes},         {"loader_pinned_rate", b.loader_pinned_rate},
         {"plain_loop_rate", b.plain_loop_rate}, {"pinned_target", b.pinned_target},
         {"pinned_ok", b.pinned_ok()},           {"file_to_gpu_rate", b.file_to_gpu_rate},
         {"file_read_rate", b.file_read_rate},   {"h2d_rate_at_io_chunk", b.h2d_rate_at_io_chunk},
         {"file_target", b.file_target},         {"file_ok", b.file_ok()}};
  if (b.parallel_threads > 0) {
    j["parallel_threads"] = b.parallel_threads;
    j["parallel_copy_streams"] = b.parallel_copy_streams;
    j["parallel_file_to_gpu_rate"] = b.parallel_file_to_gpu_rate;
  }
  return j;
}

}  // namespace

Json to_json(const Report& r) {
  Json j{{"format", kReportFormat},    {"loader_version", STOWAGE_VERSION},
         {"started_at", r.started_at}, {"settings", settings_json(r.settings)},
         {"host", host_json(r.host)},  {"gpu", gpu_json(r)}};
  Json modes = Json::array();
  for (const Mode& m : r.modes) modes.push_back(mode_json(m));
  j["modes"] = std::move(modes);
  if (r.bench) j["bench"] = bench_json(*r.bench);
  return j;
}

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[sizeof "2026-11-24T15:04:05Z"] = {};
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace stowage::loader
