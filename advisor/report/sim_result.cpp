#include "advisor/report/sim_result.hpp"

#include <fmt/format.h>

#include <cmath>

#include "advisor/report/advice.hpp"
#include "advisor/report/schema_version.hpp"
#include "advisor/report/text.hpp"
#include "sim/update.hpp"

namespace stowage::advisor::report {

std::string result_table(const sim::SimResult& r, const std::vector<QuotaRaise>& raises) {
  const sim::Summary& s = r.summary;
  std::string out =
      fmt::format("{} on {}: {} loads, timeout {}\n", r.workload, r.storage, s.loads, r.timeout);
  out += fmt::format("  time to ready  p50 {}  p95 {}  p99 {}  max {}\n", seconds_text(s.p50_s),
                     seconds_text(s.p95_s), seconds_text(s.p99_s), seconds_text(s.max_s));
  out += fmt::format("  load time      p50 {}  p99 {}  (first read to weights on the GPU; loader {})\n",
                     seconds_text(s.load_p50_s), seconds_text(s.load_p99_s), r.loader);
  out += fmt::format("  failed         {} of {}\n", s.failed, s.loads);
  std::string phases;
  for (int i = 0; i < sim::kPhaseCount; ++i) {
    const std::string name(sim::phase_name(static_cast<sim::Phase>(i)));
    const auto it = s.mean_phase_s.find(name);
    if (it == s.mean_phase_s.end()) continue;
    phases += fmt::format("{}{} {}", phases.empty() ? "" : ", ", name, sim::Seconds(it->second));
  }
  out += fmt::format("  mean phases    {}\n", phases);
  std::string bytes;
  for (const auto& [backend, b] : s.bytes_by_backend) {
    bytes += fmt::format("{}{} {}", bytes.empty() ? "" : ", ", backend, sim::Bytes(b));
  }
  out += fmt::format("  bytes read     {}\n", bytes.empty() ? "-" : bytes);
  std::string peaks;
  for (const auto& [name, rate] : s.peak_rate_bps) {
    peaks += fmt::format("{}{} {}", peaks.empty() ? "" : ", ", name, sim::BytesPerSecond(rate));
  }
  if (!peaks.empty()) out += fmt::format("  peak rates     {} (sampled)\n", peaks);
  if (!s.bottleneck.empty()) {
    double total_s = 0;
    for (const auto& [name, t] : s.bottleneck_time_s) total_s += t;
    const double share = total_s > 0 ? s.bottleneck_time_s.at(s.bottleneck) / total_s : 0;
    out += fmt::format("  bound by       {} ({:.0f}% of read time)\n", s.bottleneck, 100 * share);
  }
  out += fmt::format("  model update   ready after {}\n", sim::update_text(r.update));
  for (const std::string& note : r.notes) out += fmt::format("  note           {}\n", note);
  for (const QuotaRaise& q : raises) out += fmt::format("  quota          {}\n", quota_note(q));
  return out;
}

nlohmann::ordered_json update_json(const sim::UpdateTimeline& u) {
  nlohmann::ordered_json out;
  // Unknown (null) when a step has no time: the steps' times are in "steps".
  out["to_ready_s"] = u.known() ? nlohmann::ordered_json(u.ready_s) : nlohmann::ordered_json();
  out["available_s"] = u.known() ? nlohmann::ordered_json(u.available_s) : nlohmann::ordered_json();
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const sim::UpdateStep& step : u.steps) {
    steps.push_back({{"name", sim::update_step_name(step.kind)},
                     {"s", step.seconds},
                     {"basis", step.basis}});
  }
  out["steps"] = std::move(steps);
  out["not_counted"] = u.unmodelled;
  return out;
}

void result_json(const sim::SimResult& r, JsonStream& out, const std::vector<QuotaRaise>& raises) {
  out.begin_object();
  out.key("schema_version").value(kSchemaVersion);
  out.key("workload").value(r.workload);
  out.key("storage").value(r.storage);
  out.key("timeout_s").value(r.timeout.value());
  out.key("loader").value(r.loader);
  out.key("instances").begin_array();
  for (const sim::LoadResult& l : r.loads) {
    out.begin_object();
    out.key("id").value(l.instance);
    out.key("switch").value(l.is_switch);
    out.key("round").value(l.round);
    out.key("arrive_s").value(l.arrive.value());
    out.key("ready_s").value(l.ready ? std::optional<double>(l.ready->value()) : std::nullopt);
    out.key("failed").value(l.failed());
    const std::optional<double> load_s = l.load_time_s();
    out.key("load_s").value(load_s);
    out.key("phases").begin_array();
    for (const sim::PhaseTime& p : l.phases) {
      out.begin_object();
      out.key("name").value(sim::phase_name(p.phase));
      out.key("start_s").value(p.start.value());
      out.key("end_s").value(p.end.value());
      out.end_object();
    }
    out.end_array();
    out.key("bottleneck");
    l.bottleneck.empty() ? out.null() : out.value(l.bottleneck);
    out.end_object();
  }
  out.end_array();
  const sim::Summary& s = r.summary;
  out.key("summary").begin_object();
  out.key("loads").value(s.loads);
  // seconds: a JSON number, null when infinite (the stream writes null for it).
  out.key("p50_s").value(s.p50_s);
  out.key("p95_s").value(s.p95_s);
  out.key("p99_s").value(s.p99_s);
  out.key("max_s").value(s.max_s);
  out.key("load_p50_s").value(s.load_p50_s);
  out.key("load_p99_s").value(s.load_p99_s);
  out.key("failed").value(s.failed);
  out.key("mean_phase_s").value(nlohmann::ordered_json(s.mean_phase_s));
  out.key("bytes_by_backend").value(nlohmann::ordered_json(s.bytes_by_backend));
  out.key("peak_rate_bps").value(nlohmann::ordered_json(s.peak_rate_bps));
  out.key("bottleneck");
  s.bottleneck.empty() ? out.null() : out.value(s.bottleneck);
  out.key("bottleneck_time_s").value(nlohmann::ordered_json(s.bottleneck_time_s));
  out.end_object();
  out.key("update").value(update_json(r.update));
  out.key("notes").value(nlohmann::ordered_json(r.notes));
  out.key("quota_raises").value(quota_json(raises));
  out.key("events").value(r.events);
  out.end_object();
}

std::string result_csv(const sim::SimResult& r) {
  std::string out = "id,switch,round,arrive_s,ready_s,failed,bottleneck";
  for (int i = 0; i < sim::kPhaseCount; ++i) {
    out += fmt::format(",{}_s", sim::phase_name(static_cast<sim::Phase>(i)));
  }
  out += '\n';
  for (const sim::LoadResult& l : r.loads) {
    out += fmt::format("{},{},{},{},{},{},{}", l.instance, l.is_switch ? 1 : 0, l.round,
                       number_text(l.arrive.value()),
                       l.ready ? number_text(l.ready->value()) : std::string(), l.failed() ? 1 : 0,
                       csv_field(l.bottleneck));
    double duration_s[sim::kPhaseCount];
    bool ran[sim::kPhaseCount] = {};
    for (const sim::PhaseTime& p : l.phases) {
      const auto i = static_cast<int>(p.phase);
      duration_s[i] = (p.end - p.start).value();
      ran[i] = true;
    }
    for (int i = 0; i < sim::kPhaseCount; ++i) {
      out += ',';
      if (ran[i]) out += number_text(duration_s[i]);
    }
    out += '\n';
  }
  return out;
}

std::string timeline_csv(const sim::SimResult& r) {
  std::string out = "t_s";
  for (const sim::ConstraintSeries& c : r.timeline) out += "," + csv_field(c.name + " (B/s)");
  out += '\n';
  for (std::size_t i = 0; i < r.sample_times_s.size(); ++i) {
    out += number_text(r.sample_times_s[i]);
    for (const sim::ConstraintSeries& c : r.timeline) out += "," + number_text(c.rate_bps[i]);
    out += '\n';
  }
  return out;
}

}  // namespace stowage::advisor::report
