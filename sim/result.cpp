#include "sim/result.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/check.hpp"

namespace stowage::sim {

std::string_view phase_name(Phase phase) {
  switch (phase) {
    case Phase::kUpdateWait:
      return "update_wait";
    case Phase::kDelivery:
      return "delivery";
    case Phase::kImagePull:
      return "image_pull";
    case Phase::kSandbox:
      return "sandbox";
    case Phase::kVpcAttach:
      return "vpc_attach";
    case Phase::kMount:
      return "mount";
    case Phase::kReadHash:
      return "read_hash";
    case Phase::kReadLoad:
      return "read_load";
    case Phase::kH2d:
      return "h2d";
    case Phase::kInit:
      return "init";
  }
  return "?";
}

std::string_view update_step_name(UpdateStepKind kind) {
  switch (kind) {
    case UpdateStepKind::kBuild:
      return "build";
    case UpdateStepKind::kPush:
      return "push";
    case UpdateStepKind::kPreprocess:
      return "preprocess";
    case UpdateStepKind::kCopy:
      return "copy";
    case UpdateStepKind::kWarmUp:
      return "warm_up";
  }
  return "?";
}

std::optional<double> LoadResult::load_time_s() const {
  std::optional<double> first_read_s, copied_s;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const PhaseTime& p = phases[i];
    if ((p.phase == Phase::kReadHash || p.phase == Phase::kReadLoad) && !first_read_s) {
      first_read_s = p.start.value();
    }
    // The copy finished when the load went on past it (or became ready right after it).
    if (p.phase == Phase::kH2d && (ready || i + 1 < phases.size())) copied_s = p.end.value();
  }
  if (!first_read_s || !copied_s) return std::nullopt;
  return *copied_s - *first_read_s;
}

double LoadResult::time_to_ready_s() const {
  return ready ? (*ready - arrive).value() : std::numeric_limits<double>::infinity();
}

double nearest_rank(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return nearest_rank_sorted(values, p);
}

double nearest_rank_sorted(const std::vector<double>& sorted, double p) {
  STOWAGE_CHECK(!sorted.empty() && p > 0 && p <= 100, "nearest_rank needs values and 0 < p <= 100");
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

}  // namespace stowage::sim
