#include "sim/update.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/check.hpp"
#include "sim/storage/registry.hpp"

namespace stowage::sim {

std::string at_rate(Bytes size, BytesPerSecond rate, std::string_view what) {
  return fmt::format("{} at {} ({})", size, rate, what);
}

void add_rate_step(UpdateTimeline& u, UpdateStepKind kind, Bytes size,
                   const std::optional<BytesPerSecond>& rate, std::string_view what) {
  if (!rate) {
    u.unmodelled.push_back(fmt::format("{} (no {})", update_step_name(kind), what));
    return;
  }
  u.steps.push_back({kind, (size / *rate).value(), at_rate(size, *rate, what)});
}

UpdateStep copy_step(Bytes size, const std::optional<BytesPerSecond>& write_rate,
                     std::string_view storage, const PlatformProfile& platform) {
  const BytesPerSecond writer = platform.instance_bandwidth;
  if (write_rate && *write_rate < writer) {
    return {UpdateStepKind::kCopy, (size / *write_rate).value(),
            at_rate(size, *write_rate, fmt::format("{} write rate", storage))};
  }
  return {UpdateStepKind::kCopy, (size / writer).value(),
          at_rate(size, writer, "the writer's bandwidth")};
}

UpdateTimeline copy_timeline(const StorageSetup& setup) {
  UpdateTimeline u;
  u.steps.push_back(copy_step(setup.workload->model.total_size(),
                              setup.profile->update.write_rate, setup.profile->info.name,
                              *setup.platform));
  u.available_s = u.ready_s = u.steps.back().seconds;
  return u;
}

UpdateTimeline update_timeline(const StorageSetup& setup) {
  STOWAGE_CHECK(setup.profile && setup.platform && setup.workload, "incomplete storage setup");
  return setup.profile->kind->update(setup);
}

std::string update_text(const UpdateTimeline& u) {
  std::string parts;
  for (const UpdateStep& s : u.steps) {
    parts += fmt::format("{}{} {}", parts.empty() ? "" : " + ", update_step_name(s.kind),
                         Seconds(s.seconds));
  }
  if (u.known()) return fmt::format("{} ({})", Seconds(u.ready_s), parts.empty() ? "none" : parts);
  // A step without a time leaves the total unknown; the steps that have one bound it from below.
  const std::string missing = fmt::format("not counted: {}", fmt::join(u.unmodelled, ", "));
  if (parts.empty()) return fmt::format("an unknown time ({})", missing);
  return fmt::format("an unknown time, more than {} ({}); {}", Seconds(u.ready_s), parts, missing);
}

}  // namespace stowage::sim
