// Flow scenario reports (`stowage simulate --flows`): each flow's start, end and main
// bottleneck (the limit that held it back longest) as a table, or as JSON:
//   {"flows": [{"id": "load-0", "start_s": 0, "end_s": 7.1166, "bottleneck": "nas"}, ...],
//    "events": 4}
// with flows in input order, times in seconds as plain numbers, `end_s` null for a flow that
// never completes (a zero rate) and `bottleneck` null for a flow that took no time.
// Pure: the same result gives the same bytes; the JSON is streamed, never held whole.
#pragma once

#include <string>

#include "advisor/report/json_stream.hpp"
#include "sim/flow_scenario.hpp"

namespace stowage::advisor::report {

/// The JSON above, streamed (the caller finishes the stream).
void flows_json(const sim::FlowScenario& scenario, const sim::FlowScenarioResult& result,
                JsonStream& out);
std::string flows_table(const sim::FlowScenario& scenario, const sim::FlowScenarioResult& result);

}  // namespace stowage::advisor::report
