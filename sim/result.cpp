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

double LoadResult::time_to_ready_s() const {
  return ready ? (*ready - arrive).value() : std::numeric_limits<double>::infinity();
}

double nearest_rank(std::vector<double> values, double p) {
  STOWAGE_CHECK(!values.empty() && p > 0 && p <= 100, "nearest_rank needs values and 0 < p <= 100");
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::max<std::size_t>(rank, 1) - 1];
}

}  // namespace stowage::sim
