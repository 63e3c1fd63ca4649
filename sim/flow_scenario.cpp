#include "sim/flow_scenario.hpp"

#include <algorithm>
#include <map>

#include "sim/check.hpp"
#include "sim/engine.hpp"

namespace stowage::sim {

FlowScenarioResult run_flow_scenario(const FlowScenario& scenario, FlowNetwork::Options options) {
  Engine engine;
  FlowNetwork net(engine, options);
  for (const ConstraintSpec& c : scenario.constraints) net.add_constraint(c);
  for (const FlowScenario::CapacityChange& change : scenario.changes) {
    engine.schedule(change.at,
                    [&net, change] { net.set_capacity(change.constraint, change.capacity); });
  }
  // One callback per distinct start time starts its flows in input order: the same order as one
  // callback per flow (ties keep scheduling order, and changes were scheduled first), with one
  // allocation per instant rather than per flow. Each flow start still counts as an event.
  const std::size_t n = scenario.flows.size();
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return scenario.flows[a].start < scenario.flows[b].start;
  });
  net.reserve(n);
  std::vector<FlowId> ids(n);
  std::uint64_t callbacks = 0;
  for (std::size_t first = 0; first < n;) {
    std::size_t last = first + 1;
    while (last < n && scenario.flows[order[last]].start == scenario.flows[order[first]].start) {
      ++last;
    }
    engine.schedule(scenario.flows[order[first]].start,
                    [&net, &ids, &scenario, &order, first, last] {
                      for (std::size_t k = first; k < last; ++k) {
                        ids[order[k]] = net.start_flow(scenario.flows[order[k]].spec);
                      }
                    });
    ++callbacks;
    first = last;
  }
  FlowScenarioResult result;
  result.events = engine.run() - callbacks + n;
  result.flows.reserve(scenario.flows.size());
  for (const FlowId f : ids) {
    FlowScenarioResult::Flow out;
    out.start = net.start_time(f);
    if (net.state(f) == FlowState::kDone) out.end = net.end_time(f);
    if (const auto main = net.main_bottleneck(f)) {
      out.bottleneck = net.limit_name(main->kind, main->constraint);
    }
    if (!options.history) {
      result.flows.push_back(std::move(out));
      continue;
    }
    const std::vector<BottleneckInterval> intervals = net.intervals(f);
    out.intervals.reserve(intervals.size());
    for (const BottleneckInterval& in : intervals) {
      out.intervals.push_back(FlowScenarioResult::Stretch{net.limit_name(in.kind, in.constraint),
                                                          in.start, in.end, in.bytes});
    }
    result.flows.push_back(std::move(out));
  }
  return result;
}

}  // namespace stowage::sim
