#include "sim/update.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/check.hpp"
#include "sim/storage/storage_model.hpp"

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

/// A warm-up job loading `size` bytes into an accelerator's cache.
UpdateStep warm_up_step(const ColdStartInputs& in, Bytes size) {
  const StorageProfile& cache = *in.storage;
  STOWAGE_CHECK(cache.throughput.shared.has_value(), "an accelerator needs a bandwidth");
  const BytesPerSecond bandwidth = cache.throughput.shared->at(sizing_of(in.choice, cache, size));
  UpdateStep step{"warm_up", (size / bandwidth).value(),
                  at_rate(size, bandwidth, fmt::format("{} bandwidth", cache.info.name))};
  if (cache.update.warm_up && cache.update.warm_up->value() >= step.seconds) {
    step.seconds = cache.update.warm_up->value();
    step.basis = fmt::format("the shortest warm-up job, {}", *cache.update.warm_up);
  }
  return step;
}

}  // namespace

UpdateTimeline update_timeline(const ColdStartInputs& in) {
  const StorageProfile& storage = *in.storage;
  const PlatformProfile& platform = *in.platform;
  const Bytes size = in.workload->model.total_size();
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
    case StorageKind::kAccelerator: {
      STOWAGE_CHECK(in.backing != nullptr, "an accelerator's update needs its backing bucket");
      const StorageProfile& bucket = *in.backing;
      u.steps.push_back(copy_step(size, bucket.update.write_rate, bucket.info.name, platform));
      u.available_s = u.ready_s = u.steps.back().seconds;
      if (in.choice.warm) {
        u.steps.push_back(warm_up_step(in, size));
        u.ready_s += u.steps.back().seconds;
      }
      return u;
    }
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
