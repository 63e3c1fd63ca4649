#include "sim/update.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/check.hpp"

namespace stowage::sim {
namespace {

/// `4.61 GB at 50 MB/s (image build rate)`.
std::string at_rate(Bytes size, BytesPerSecond rate, std::string_view what) {
  return fmt::format("{} at {} ({})", size, rate, what);
}

void add_rate_step(UpdateTimeline& u, std::string name, Bytes size,
                   const std::optional<BytesPerSecond>& rate, std::string_view what) {
  if (!rate) {
    u.unmodelled.push_back(fmt::format("{} (no {})", name, what));
    return;
  }
  u.steps.push_back({std::move(name), (size / *rate).value(), at_rate(size, *rate, what)});
}

/// A copy by one writer with the platform instance's bandwidth into a storage that takes
/// `write_rate` (none: only the writer bounds it).
UpdateStep copy_step(Bytes size, const std::optional<BytesPerSecond>& write_rate,
                     std::string_view storage, const PlatformProfile& platform) {
  const BytesPerSecond writer = platform.instance_bandwidth;
  if (write_rate && *write_rate < writer) {
    return {"copy", (size / *write_rate).value(),
            at_rate(size, *write_rate, fmt::format("{} write rate", storage))};
  }
  return {"copy", (size / writer).value(), at_rate(size, writer, "the writer's bandwidth")};
}

}  // namespace

UpdateTimeline update_timeline(const Workload& workload, const StorageProfile& storage,
                               const StorageProfile* backing, const PlatformProfile& platform) {
  const Bytes size = workload.model.total_size();
  UpdateTimeline u;
  switch (storage.kind) {
    case StorageKind::kImage: {
      const PlatformImage& img = platform.image;
      add_rate_step(u, "build", size, img.build_rate, "image build rate");
      add_rate_step(u, "push", size, img.push_rate, "registry push rate");
      for (const UpdateStep& s : u.steps) u.available_s += s.seconds;
      double preprocess_s = 0;
      std::string basis;
      if (img.preprocessing) {
        preprocess_s = img.preprocessing->at(size).value();
        basis = fmt::format("{} + {} per GB", img.preprocessing->base, img.preprocessing->per_gb);
      }
      if (img.ready_delay && img.ready_delay->value() >= preprocess_s) {
        preprocess_s = img.ready_delay->value();
        basis = fmt::format("the platform's ready delay of {}", *img.ready_delay);
      }
      if (preprocess_s > 0) u.steps.push_back({"preprocess", preprocess_s, std::move(basis)});
      u.ready_s = u.available_s + preprocess_s;
      return u;
    }
    case StorageKind::kAccelerator:
      STOWAGE_CHECK(backing != nullptr, "an accelerator's update needs its backing bucket");
      u.steps.push_back(copy_step(size, backing->update.write_rate, backing->info.name, platform));
      break;
    case StorageKind::kNas:
    case StorageKind::kObjectFuse:
    case StorageKind::kLocal:
      u.steps.push_back(copy_step(size, storage.update.write_rate, storage.info.name, platform));
      break;
  }
  u.available_s = u.ready_s = u.steps.back().seconds;
  return u;
}

std::string update_text(const UpdateTimeline& u) {
  std::string parts;
  for (const UpdateStep& s : u.steps) {
    parts += fmt::format("{}{} {}", parts.empty() ? "" : " + ", s.name, Seconds(s.seconds));
  }
  std::string text = fmt::format("{} ({})", Seconds(u.ready_s), parts.empty() ? "none" : parts);
  for (const std::string& m : u.unmodelled) text += fmt::format("; not counted: {}", m);
  return text;
}

}  // namespace stowage::sim
