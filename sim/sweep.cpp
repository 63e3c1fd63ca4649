#include "sim/sweep.hpp"

#include <fmt/format.h>

#include <variant>

#include "sim/capacity.hpp"
#include "sim/check.hpp"
#include "sim/rng.hpp"

namespace stowage::sim {
namespace {

constexpr SweepFieldInfo kFields[] = {
    {SweepField::kArrivalsCount, "arrivals.count", AxisUnit::kCount, "a burst"},
    {SweepField::kArrivalsSpread, "arrivals.spread", AxisUnit::kSeconds, "a burst"},
    {SweepField::kArrivalsRate, "arrivals.rate_per_s", AxisUnit::kPerSecond, "poisson arrivals"},
    {SweepField::kArrivalsDuration, "arrivals.duration", AxisUnit::kSeconds, "poisson arrivals"},
    {SweepField::kArrivalsInstances, "arrivals.instances", AxisUnit::kCount, "a switch"},
    {SweepField::kFileSize, "model.files[N].size", AxisUnit::kBytes, ""},
    {SweepField::kIoThreads, "model.io.threads", AxisUnit::kCount, ""},
    {SweepField::kInstanceMemory, "instance.memory", AxisUnit::kBytes, ""},
    {SweepField::kInstanceVcpu, "instance.vcpu", AxisUnit::kNumber, ""},
    {SweepField::kTimeout, "timeout", AxisUnit::kSeconds, ""},
    {SweepField::kRegions, "regions", AxisUnit::kCount, ""},
    {SweepField::kPlatform, "platform", AxisUnit::kName, ""},
    {SweepField::kGpu, "gpu", AxisUnit::kName, ""},
    {SweepField::kLoaderProfile, "loader.profile", AxisUnit::kName, ""},
    {SweepField::kLoaderStreams, "loader.streams", AxisUnit::kCount, ""},
    {SweepField::kStorage, "storage", AxisUnit::kName, ""},
    {SweepField::kStorageStored, "storage.NAME.stored", AxisUnit::kBytes, ""},
    {SweepField::kStorageCapacity, "storage.NAME.capacity", AxisUnit::kBytes, ""},
    {SweepField::kStorageWarm, "storage.NAME.warm", AxisUnit::kBool, "an accelerator"},
    {SweepField::kObjectiveP50, "objective.p50", AxisUnit::kSeconds, ""},
    {SweepField::kObjectiveP95, "objective.p95", AxisUnit::kSeconds, ""},
    {SweepField::kObjectiveP99, "objective.p99", AxisUnit::kSeconds, ""},
    {SweepField::kObjectiveMax, "objective.max", AxisUnit::kSeconds, ""},
    {SweepField::kObjectiveMaxFailed, "objective.max_failed", AxisUnit::kCount, ""},
    {SweepField::kObjectiveCostWeight, "objective.cost_weight", AxisUnit::kNumber, ""},
};

StorageChoice& choice_named(Workload& w, const std::string& name) {
  for (StorageChoice& c : w.storage) {
    if (c.profile == name) return c;
  }
  STOWAGE_CHECK(false, "a storage axis names a storage the sweep does not simulate");
  return w.storage.front();
}

std::int64_t as_count(const AxisValue& v) { return static_cast<std::int64_t>(v.number); }

}  // namespace

std::span<const SweepFieldInfo> sweep_fields() { return kFields; }

std::string_view axis_unit_name(AxisUnit unit) {
  switch (unit) {
    case AxisUnit::kCount:
      return "count";
    case AxisUnit::kBytes:
      return "bytes";
    case AxisUnit::kSeconds:
      return "seconds";
    case AxisUnit::kPerSecond:
      return "per_second";
    case AxisUnit::kNumber:
      return "number";
    case AxisUnit::kBool:
      return "bool";
    case AxisUnit::kName:
      return "name";
  }
  return "name";
}

std::string_view axis_scale_name(AxisScale scale) {
  switch (scale) {
    case AxisScale::kList:
      return "list";
    case AxisScale::kLinear:
      return "linear";
    case AxisScale::kLog:
      return "log";
  }
  return "list";
}

std::string axis_value_label(AxisUnit unit, double value) {
  switch (unit) {
    case AxisUnit::kCount:
      return fmt::format("{}", static_cast<std::int64_t>(value));
    case AxisUnit::kBytes:
      return size_text(Bytes(value));
    case AxisUnit::kSeconds:
      return to_string(Seconds(value));
    case AxisUnit::kPerSecond:
      return format_significant(value) + "/s";
    case AxisUnit::kNumber:
      return format_significant(value);
    case AxisUnit::kBool:
      return value != 0 ? "true" : "false";
    case AxisUnit::kName:
      break;
  }
  return {};
}

std::size_t SweepSpec::point_count() const {
  std::size_t n = 1;
  for (const SweepAxis& a : axes) n *= a.values.size();
  return n;
}

std::vector<std::size_t> grid_coords(const std::vector<SweepAxis>& axes, std::size_t index) {
  std::vector<std::size_t> out;
  out.reserve(axes.size());
  for (const SweepAxis& a : axes) {
    out.push_back(index % a.values.size());
    index /= a.values.size();
  }
  return out;
}

std::vector<std::size_t> SweepSpec::coords(std::size_t index) const {
  return grid_coords(axes, index);
}

Workload SweepSpec::workload_at(std::size_t index) const {
  Workload w = base;
  const std::vector<std::size_t> c = coords(index);
  for (std::size_t i = 0; i < axes.size(); ++i) apply_axis(axes[i], axes[i].values[c[i]], w);
  w.seed = seed;
  return w;
}

void apply_axis(const SweepAxis& axis, const AxisValue& value, Workload& w) {
  const Seconds secs(value.number);
  const Bytes bytes(value.number);
  switch (axis.field) {
    case SweepField::kArrivalsCount:
      std::get<BurstArrivals>(w.arrivals).count = as_count(value);
      return;
    case SweepField::kArrivalsSpread:
      std::get<BurstArrivals>(w.arrivals).spread = secs;
      return;
    case SweepField::kArrivalsRate:
      std::get<PoissonArrivals>(w.arrivals).rate_per_s = value.number;
      return;
    case SweepField::kArrivalsDuration:
      std::get<PoissonArrivals>(w.arrivals).duration = secs;
      return;
    case SweepField::kArrivalsInstances:
      std::get<SwitchArrivals>(w.arrivals).instances = as_count(value);
      return;
    case SweepField::kFileSize:
      w.model.files.at(axis.file_index).size = bytes;
      return;
    case SweepField::kIoThreads:
      w.model.io.reader_threads = static_cast<int>(value.number);
      return;
    case SweepField::kInstanceMemory:
      w.instance.memory = bytes;
      return;
    case SweepField::kInstanceVcpu:
      w.instance.vcpu = value.number;
      return;
    case SweepField::kTimeout:
      w.timeout = secs;
      return;
    case SweepField::kRegions:
      w.regions = as_count(value);
      return;
    case SweepField::kPlatform:
      w.platform = value.name;
      return;
    case SweepField::kGpu:
      w.gpu = value.name;
      return;
    case SweepField::kLoaderProfile:
      w.loader.profile = value.name;
      return;
    case SweepField::kLoaderStreams:
      w.loader.streams = as_count(value);
      return;
    case SweepField::kStorage:
      STOWAGE_CHECK(false, "the storage axis is the sweep's storage list, not a grid dimension");
      return;
    case SweepField::kStorageStored:
      choice_named(w, axis.storage).stored = bytes;
      return;
    case SweepField::kStorageCapacity:
      choice_named(w, axis.storage).capacity = bytes;
      return;
    case SweepField::kStorageWarm:
      choice_named(w, axis.storage).warm = value.number != 0;
      return;
    case SweepField::kObjectiveP50:
      w.objective.p50 = secs;
      return;
    case SweepField::kObjectiveP95:
      w.objective.p95 = secs;
      return;
    case SweepField::kObjectiveP99:
      w.objective.p99 = secs;
      return;
    case SweepField::kObjectiveMax:
      w.objective.max = secs;
      return;
    case SweepField::kObjectiveMaxFailed:
      w.objective.max_failed = as_count(value);
      return;
    case SweepField::kObjectiveCostWeight:
      w.objective.cost_weight = value.number;
      return;
  }
}

std::string sweep_identity(std::string_view text) {
  // FNV-1a, 64 bits: offset basis and prime from the reference.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace stowage::sim
