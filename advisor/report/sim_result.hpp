// Reports of a cold-start simulation (`stowage simulate`) (sim::SimResult): a terminal summary,
// JSON, CSV of every load, and a CSV timeline of the rate each shared constraint carried.
//
// JSON shape (times in seconds as plain numbers; a failed load's `ready_s` and any infinite
// percentile are null):
//   {"workload": NAME, "storage": NAME, "timeout_s": 300, "loader": NAME,
//    "instances": [{"id", "switch", "round", "arrive_s", "ready_s", "failed", "load_s",
//                   "phases": [{"name", "start_s", "end_s"}], "bottleneck"}],
//    "summary": {"loads", "p50_s", "p95_s", "p99_s", "max_s", "load_p50_s", "load_p99_s",
//                "failed", "mean_phase_s": {...},
//                "bytes_by_backend": {...}, "peak_rate_bps": {...}, "bottleneck",
//                "bottleneck_time_s": {...}},
//    "update": {"to_ready_s", "available_s", "steps": [{"name", "s", "basis"}], "not_counted"},
//    "notes": [TEXT, ...], "quota_raises": [...], "events": N}
// `load_s` is the load time (first read to weights on the GPU), null when the load did not
// finish its copy; the summary's load percentiles count such a load as infinitely slow.
// Every function is pure: the same result gives the same bytes. The JSON is written as a stream
// (advisor/report/json_stream.hpp): a result of a million loads is never held as a document.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "advisor/judge/quota.hpp"
#include "advisor/report/json_stream.hpp"
#include "sim/result.hpp"

namespace stowage::advisor::report {

/// With `raises`, a `quota` line for each default quota the workload exceeds
/// (advisor/judge/quota.hpp).
std::string result_table(const sim::SimResult& r, const std::vector<QuotaRaise>& raises = {});
/// The update pipeline as in the JSON shape above.
nlohmann::ordered_json update_json(const sim::UpdateTimeline& u);
/// The JSON shape above, streamed (the caller finishes the stream).
/// With "quota_raises" as in advice_json (advisor/report/advice.hpp).
void result_json(const sim::SimResult& r, JsonStream& out,
                 const std::vector<QuotaRaise>& raises = {});
/// One row per load: id, switch, round, arrive_s, ready_s, failed, bottleneck, then each phase's
/// duration in seconds (empty when it did not run).
std::string result_csv(const sim::SimResult& r);
/// t_s and one column per shared constraint (bytes per second), one row per sample.
std::string timeline_csv(const sim::SimResult& r);

}  // namespace stowage::advisor::report
