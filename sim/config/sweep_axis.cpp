#include "sim/config/sweep_axis.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>
#include <variant>

#include "sim/config/catalog.hpp"
#include "sim/config/sweep_loader.hpp"
#include "sim/config/workload_fields.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/engine_range.hpp"
#include "sim/storage/registry.hpp"

namespace stowage::sim::config {
namespace {

constexpr std::int64_t kMaxSteps = 10'000;

/// The storage choices' names, for messages.
std::vector<std::string> choice_names(const std::vector<StorageChoice>& choices) {
  std::vector<std::string> out;
  for (const StorageChoice& c : choices) out.push_back(c.profile);
  return out;
}

/// Checks that the base has what `info` sets; fails at `where` otherwise.
void check_applies(const AxisTarget& p, const Workload& base,
                   const std::vector<StorageChoice>& storages, const YamlNode& where) {
  const std::string_view kind = arrivals_kind(base.arrivals);
  const auto need = [&](bool ok) {
    if (!ok) {
      where.fail(fmt::format("`{}` applies to {}, but the base workload's arrivals are {}",
                             p.info->path, p.info->applies, kind),
                 "an axis that the base workload has");
    }
  };
  switch (p.info->field) {
    case SweepField::kArrivalsCount:
    case SweepField::kArrivalsSpread:
      need(std::holds_alternative<BurstArrivals>(base.arrivals));
      return;
    case SweepField::kArrivalsRate:
    case SweepField::kArrivalsDuration:
      need(std::holds_alternative<PoissonArrivals>(base.arrivals));
      return;
    case SweepField::kArrivalsInstances:
      need(std::holds_alternative<SwitchArrivals>(base.arrivals));
      return;
    case SweepField::kFileSize:
      if (p.file_index >= base.model.files.size()) {
        where.fail(fmt::format("the base workload has {} model file{}", base.model.files.size(),
                               base.model.files.size() == 1 ? "" : "s"),
                   fmt::format("an index from 0 to {}", base.model.files.size() - 1));
      }
      return;
    case SweepField::kStorageStored:
    case SweepField::kStorageCapacity:
    case SweepField::kStorageWarm:
      if (std::none_of(storages.begin(), storages.end(),
                       [&](const StorageChoice& c) { return c.profile == p.storage; })) {
        where.fail(fmt::format("`{}` is not among the sweep's storage choices", p.storage),
                   fmt::format("one of: {}", fmt::join(choice_names(storages), ", ")));
      }
      return;
    default:
      return;
  }
}

/// One numeric value of `field` written at `node`, in the simulator's units, range-checked.
double parse_number(const SweepFieldInfo& info, const YamlNode& node) {
  const SweepField field = info.field;
  // Counts and numbers the workload bounds take the workload's own reader.
  if (info.unit == AxisUnit::kCount) return static_cast<double>(read_workload_int(node, info.path));
  if (info.unit == AxisUnit::kNumber) return read_workload_number(node, info.path);
  switch (field) {
    case SweepField::kStorageWarm:
      return node.as_bool() ? 1.0 : 0.0;
    case SweepField::kArrivalsRate: {
      const double v = node.as_double(0.0, static_cast<double>(kMaxInstances));
      if (v <= 0) node.fail("a rate must be positive", "arrivals per second > 0, e.g. 0.5");
      return v;
    }
    default:
      break;
  }
  const AxisUnit unit = info.unit;
  // Data stored and a burst's spread may be 0; every other size and duration must be positive.
  const bool zero_ok = field == SweepField::kStorageStored || field == SweepField::kArrivalsSpread;
  if (unit == AxisUnit::kBytes) {
    const double v = node.as_bytes().value();
    if (v <= 0 && !zero_ok) node.fail("must be positive", "a size > 0, e.g. 5GB");
    if (field == SweepField::kFileSize && v > kMaxFlowBytes) {
      node.fail("larger than the simulation counts exactly", "at most 2^53 bytes (about 9PB)");
    }
    return v;
  }
  const double v = node.as_seconds().value();
  if (v <= 0 && !zero_ok) node.fail("must be positive", "a duration > 0, e.g. 120s");
  return v;
}

bool is_integer(AxisUnit unit) { return unit == AxisUnit::kCount; }

/// The values of a range {from, to, steps, scale}.
std::vector<AxisValue> parse_range(SweepAxis& axis, const SweepFieldInfo& info,
                                   const YamlNode& node) {
  const YamlMap m = node.map({"from", "to", "steps", "scale"});
  if (axis.unit == AxisUnit::kName || axis.unit == AxisUnit::kBool) {
    node.fail(fmt::format("`{}` takes a list, not a range", axis.path),
              axis.unit == AxisUnit::kName ? "a list of names" : "[false, true]");
  }
  const YamlNode from_node = m.required("from", "the first value");
  const YamlNode to_node = m.required("to", "the last value");
  const double from = parse_number(info, from_node);
  const double to = parse_number(info, to_node);
  const auto steps =
      m.required("steps", "the number of values, both ends included").as_int(2, kMaxSteps);
  axis.scale = AxisScale::kLinear;
  if (auto scale = m.get("scale")) {
    axis.scale = scale->as_choice({"linear", "log"}) == 0 ? AxisScale::kLinear : AxisScale::kLog;
  }
  if (axis.scale == AxisScale::kLog && !(from > 0)) {
    from_node.fail("a log range must start above 0", "from > 0");
  }
  if (axis.scale == AxisScale::kLog && !(to > 0)) {
    to_node.fail("a log range must end above 0", "to > 0");
  }
  std::vector<AxisValue> values;
  for (std::int64_t i = 0; i < steps; ++i) {
    const double f = static_cast<double>(i) / static_cast<double>(steps - 1);
    // to / from and to - from may overflow where the values do not (1e-300s..1e300s): then in
    // logarithms, or as a weighted sum.
    const double ratio = to / from, span = to - from;
    double v = i == steps - 1 ? to
               : axis.scale == AxisScale::kLog
                   ? (std::isfinite(ratio)
                          ? from * std::pow(ratio, f)
                          : std::exp(std::log(from) + (std::log(to) - std::log(from)) * f))
                   : (std::isfinite(span) ? from + span * f : from * (1 - f) + to * f);
    if (is_integer(axis.unit)) v = std::round(v);
    if (!values.empty() && values.back().number == v) continue;
    values.push_back(AxisValue{v, {}, axis_value_label(axis.unit, v)});
  }
  return values;
}

}  // namespace

std::string axis_paths_list() {
  std::vector<std::string> paths;
  for (const SweepFieldInfo& f : sweep_fields()) paths.emplace_back(f.path);
  return fmt::format("one of: {}", fmt::join(paths, ", "));
}

std::optional<AxisTarget> parse_axis_path(const std::string& path) {
  for (const SweepFieldInfo& f : sweep_fields()) {
    if (f.path == path && f.path.find("N") == std::string_view::npos) return AxisTarget{&f, 0, {}};
  }
  constexpr std::string_view kFiles = "model.files[", kFilesEnd = "].size";
  if (path.starts_with(kFiles) && path.ends_with(kFilesEnd) &&
      path.size() > kFiles.size() + kFilesEnd.size()) {
    const std::string_view digits = std::string_view(path).substr(
        kFiles.size(), path.size() - kFiles.size() - kFilesEnd.size());
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (ec == std::errc() && end == digits.data() + digits.size()) {
      for (const SweepFieldInfo& f : sweep_fields()) {
        if (f.field == SweepField::kFileSize) return AxisTarget{&f, index, {}};
      }
    }
  }
  constexpr std::string_view kStorage = "storage.";
  const std::size_t last_dot = path.rfind('.');
  if (path.starts_with(kStorage) && last_dot > kStorage.size()) {
    const std::string name = path.substr(kStorage.size(), last_dot - kStorage.size());
    const std::string_view leaf = std::string_view(path).substr(last_dot + 1);
    for (const SweepFieldInfo& f : sweep_fields()) {
      if (f.path == fmt::format("storage.NAME.{}", leaf)) return AxisTarget{&f, 0, name};
    }
  }
  return std::nullopt;
}

[[noreturn]] void fail_unknown_axis_path(const YamlNode& where, const std::string& path) {
  // Suggest among the registry's paths with the user's own index or storage name filled in.
  const std::size_t open = path.find('['), close = path.find(']');
  const std::string index =
      open != std::string::npos && close > open ? path.substr(open + 1, close - open - 1) : "0";
  const std::size_t first_dot = path.find('.'), last_dot = path.rfind('.');
  const std::string name = last_dot > first_dot + 1 && first_dot != std::string::npos
                               ? path.substr(first_dot + 1, last_dot - first_dot - 1)
                               : "NAME";
  std::vector<std::string> filled;
  for (const SweepFieldInfo& f : sweep_fields()) {
    std::string p(f.path);
    if (const auto n = p.find("[N]"); n != std::string::npos) p.replace(n + 1, 1, index);
    if (const auto n = p.find("NAME"); n != std::string::npos) p.replace(n, 4, name);
    filled.push_back(std::move(p));
  }
  const std::vector<std::string_view> views(filled.begin(), filled.end());
  const std::string guess = closest_match(path, views);
  where.fail_at_key(guess.empty()
                        ? fmt::format("unknown field path `{}`", path)
                        : fmt::format("unknown field path `{}`, did you mean `{}`?", path, guess),
                    axis_paths_list());
}

SweepAxis read_axis(const std::string& path, const AxisTarget& p, const YamlNode& node,
                    const Workload& base, const std::vector<StorageChoice>& storages,
                    const Catalog& catalog) {
  check_applies(p, base, storages, node);
  if (p.info->field == SweepField::kStorageWarm) {
    const StorageKind& kind = *catalog.storage(p.storage).kind;
    if (!kind.warmable()) {
      node.fail(fmt::format("`warm` applies to an accelerator's cache; {} is a {} storage",
                            p.storage, kind.name()),
                "storage.NAME.warm of an accelerator");
    }
  }
  SweepAxis axis;
  axis.path = path;
  axis.field = p.info->field;
  axis.file_index = p.file_index;
  axis.storage = p.storage;
  axis.unit = p.info->unit;
  if (node.is_map()) {
    axis.values = parse_range(axis, *p.info, node);
    return axis;
  }
  const auto items = node.items("a list of values, or {from, to, steps, scale}");
  if (items.empty()) node.fail("no values", "at least one value");
  if (items.size() > kMaxSweepPoints) {  // counted before any value is read
    node.fail(fmt::format("{} values, more points than a sweep has ({})", items.size(),
                          kMaxSweepPoints),
              "fewer values");
  }
  std::set<std::pair<double, std::string>> seen;  // O(n log n) for the duplicate check
  for (const YamlNode& item : items) {
    AxisValue v;
    if (axis.unit == AxisUnit::kName) {
      v.name = v.label = item.as_string();
      catalog.require(axis.field == SweepField::kPlatform        ? ProfileKind::kPlatform
                      : axis.field == SweepField::kLoaderProfile ? ProfileKind::kLoader
                                                                 : ProfileKind::kGpu,
                      v.name, item);
    } else {
      v.number = parse_number(*p.info, item);
      v.label = axis_value_label(axis.unit, v.number);
    }
    if (!seen.emplace(v.number, v.name).second) {
      item.fail(fmt::format("{} is listed twice", v.label), "each value once");
    }
    axis.values.push_back(std::move(v));
  }
  return axis;
}

}  // namespace stowage::sim::config
