#include "advisor/report/flows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "advisor/report/schema_version.hpp"

namespace stowage::advisor::report {

void flows_json(const sim::FlowScenario& scenario, const sim::FlowScenarioResult& result,
                JsonStream& out) {
  out.begin_object();
  out.key("schema_version").value(kSchemaVersion);
  out.key("flows").begin_array();
  for (std::size_t i = 0; i < result.flows.size(); ++i) {
    const auto& r = result.flows[i];
    out.begin_object();
    out.key("id").value(scenario.flows[i].id);
    out.key("start_s").value(r.start.value());
    out.key("end_s").value(r.end ? std::optional<double>(r.end->value()) : std::nullopt);
    out.key("bottleneck");
    r.bottleneck ? out.value(*r.bottleneck) : out.null();
    out.end_object();
  }
  out.end_array();
  out.key("events").value(result.events);
  out.end_object();
}

std::string flows_table(const sim::FlowScenario& scenario, const sim::FlowScenarioResult& result) {
  struct Row {
    std::string id, start, end, duration, bottleneck, held;
  };
  std::vector<Row> rows;
  rows.push_back(Row{"flow", "start", "end", "took", "bottleneck", "held by (time, bytes)"});
  double last_end_s = 0;
  std::size_t unfinished = 0;
  for (std::size_t i = 0; i < result.flows.size(); ++i) {
    const auto& r = result.flows[i];
    Row row;
    row.id = scenario.flows[i].id;
    row.start = sim::to_string(r.start);
    if (r.end) {
      row.end = sim::to_string(*r.end);
      row.duration = sim::to_string(*r.end - r.start);
      last_end_s = std::max(last_end_s, r.end->value());
    } else {
      row.end = "never";
      row.duration = "-";
      ++unfinished;
    }
    row.bottleneck = r.bottleneck.value_or("-");
    for (const auto& in : r.intervals) {
      if (!row.held.empty()) row.held += ", ";
      row.held += fmt::format("{} {} {}", in.limit, in.end - in.start, in.bytes);
    }
    rows.push_back(std::move(row));
  }
  std::size_t w[5] = {0, 0, 0, 0, 0};
  for (const Row& row : rows) {
    w[0] = std::max(w[0], row.id.size());
    w[1] = std::max(w[1], row.start.size());
    w[2] = std::max(w[2], row.end.size());
    w[3] = std::max(w[3], row.duration.size());
    w[4] = std::max(w[4], row.bottleneck.size());
  }
  std::string out;
  for (const Row& row : rows) {
    out += fmt::format("{:<{}}  {:>{}}  {:>{}}  {:>{}}  {:<{}}  {}", row.id, w[0], row.start, w[1],
                       row.end, w[2], row.duration, w[3], row.bottleneck, w[4], row.held);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
  out += fmt::format("{} flows, {} events; last completion at {}", result.flows.size(),
                     result.events, sim::Seconds(last_end_s));
  if (unfinished > 0) out += fmt::format("; {} never completed (a zero rate)", unfinished);
  out += '\n';
  return out;
}

}  // namespace stowage::advisor::report
