#include "advisor/judge/guidance.hpp"

#include <algorithm>

namespace stowage::advisor {
namespace {

bool guided(const Guidance& g, const std::optional<std::string>& storage) {
  return storage && std::find(g.storages.begin(), g.storages.end(), *storage) != g.storages.end();
}

}  // namespace

GuidanceCheck check_guidance(const sim::Scenario& scenario, const Advice& advice,
                             const EvaluateOptions& options, const Guidance& g) {
  GuidanceCheck c;
  c.guidance = g;
  c.agrees = guided(g, advice.recommended);
  if (c.agrees) return c;
  c.robustness = robustness(scenario, advice, options, HingeOptions{kRobustnessRange, true});
  for (std::size_t i = 0; i < c.robustness.figures.size(); ++i) {
    const FigureRange& f = c.robustness.figures[i];
    if (f.below && guided(g, f.below->recommended)) c.agree_at.push_back({i, true});
    if (f.above && guided(g, f.above->recommended)) c.agree_at.push_back({i, false});
  }
  return c;
}

}  // namespace stowage::advisor
