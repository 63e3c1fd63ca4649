#include "sim/config/sweep_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <variant>

#include "sim/config/input_text.hpp"
#include "sim/config/workload_loader.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/engine_range.hpp"
#include "sim/storage/registry.hpp"

namespace stowage::sim::config {
namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMaxSteps = 10'000;
// The same bounds the workload loader applies to these fields.
constexpr std::int64_t kMaxRegions = 100;
constexpr std::int64_t kMaxReaderThreads = 1024;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string paths_list() {
  std::vector<std::string> paths;
  for (const SweepFieldInfo& f : sweep_fields()) paths.emplace_back(f.path);
  return fmt::format("one of: {}", join(paths));
}

/// The path's field, with N or NAME filled in; nothing when no registry entry has its shape.
struct ParsedPath {
  const SweepFieldInfo* info = nullptr;
  std::size_t file_index = 0;
  std::string storage;
};

std::optional<ParsedPath> parse_path(const std::string& path) {
  for (const SweepFieldInfo& f : sweep_fields()) {
    if (f.path == path && f.path.find("N") == std::string_view::npos) return ParsedPath{&f, 0, {}};
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
        if (f.field == SweepField::kFileSize) return ParsedPath{&f, index, {}};
      }
    }
  }
  constexpr std::string_view kStorage = "storage.";
  const std::size_t last_dot = path.rfind('.');
  if (path.starts_with(kStorage) && last_dot > kStorage.size()) {
    const std::string name = path.substr(kStorage.size(), last_dot - kStorage.size());
    const std::string_view leaf = std::string_view(path).substr(last_dot + 1);
    for (const SweepFieldInfo& f : sweep_fields()) {
      if (f.path == fmt::format("storage.NAME.{}", leaf)) return ParsedPath{&f, 0, name};
    }
  }
  return std::nullopt;
}

[[noreturn]] void fail_unknown_path(const YamlNode& where, const std::string& path) {
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
                    paths_list());
}

/// The storage choices' names, for messages.
std::vector<std::string> choice_names(const std::vector<StorageChoice>& choices) {
  std::vector<std::string> out;
  for (const StorageChoice& c : choices) out.push_back(c.profile);
  return out;
}

/// Checks that the base has what `info` sets; fails at `where` otherwise.
void check_applies(const ParsedPath& p, const Workload& base,
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
                   fmt::format("one of: {}", join(choice_names(storages))));
      }
      return;
    default:
      return;
  }
}

/// One numeric value of `field` written at `node`, in the simulator's units, range-checked.
double parse_number(SweepField field, AxisUnit unit, const YamlNode& node) {
  switch (field) {
    case SweepField::kArrivalsCount:
    case SweepField::kArrivalsInstances:
      return static_cast<double>(node.as_int(1, kMaxInstances));
    case SweepField::kIoThreads:
      return static_cast<double>(node.as_int(1, kMaxReaderThreads));
    case SweepField::kRegions:
      return static_cast<double>(node.as_int(1, kMaxRegions));
    case SweepField::kObjectiveMaxFailed:
      return static_cast<double>(node.as_int(0, kMaxInt));
    case SweepField::kInstanceVcpu:
      return node.as_double(0.125, 1024.0);
    case SweepField::kObjectiveCostWeight:
      return node.as_double(0.0, 1.0);
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
std::vector<AxisValue> parse_range(SweepAxis& axis, const YamlNode& node) {
  const YamlMap m = node.map({"from", "to", "steps", "scale"});
  if (axis.unit == AxisUnit::kName || axis.unit == AxisUnit::kBool) {
    node.fail(fmt::format("`{}` takes a list, not a range", axis.path),
              axis.unit == AxisUnit::kName ? "a list of names" : "[false, true]");
  }
  const YamlNode from_node = m.required("from", "the first value");
  const YamlNode to_node = m.required("to", "the last value");
  const double from = parse_number(axis.field, axis.unit, from_node);
  const double to = parse_number(axis.field, axis.unit, to_node);
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

/// Checks a platform (and the gpu it must offer) against the catalog.
void check_platform_gpu(const Catalog& catalog, const std::string& platform,
                        const YamlNode& platform_node, const std::string& gpu,
                        const YamlNode& gpu_node) {
  catalog.require(ProfileKind::kPlatform, platform, platform_node);
  catalog.require(ProfileKind::kGpu, gpu, gpu_node);
  const PlatformProfile p = catalog.platform(platform);
  if (std::find(p.gpus.begin(), p.gpus.end(), gpu) == p.gpus.end()) {
    gpu_node.fail(fmt::format("platform `{}` does not offer gpu `{}`", platform, gpu),
                  fmt::format("one of: {}", join(p.gpus)));
  }
}

struct Base {
  Workload workload;
  std::string text;  // the base file's text, or empty when inline
  WorkLimits limits;
};

Base load_base(const YamlNode& node, const std::filesystem::path& dir, const Catalog& catalog) {
  if (node.is_map()) {
    Base b;
    b.workload = load_workload_node(node, dir, nullptr, &b.limits);
    std::optional<YamlNode> platform, gpu, storage;
    for (const auto& [key, value] : node.entries()) {
      if (key == "platform") platform = value;
      if (key == "gpu") gpu = value;
      if (key == "storage") storage = value;
    }
    check_platform_gpu(catalog, b.workload.platform, *platform, b.workload.gpu, *gpu);
    if (storage && storage->is_sequence()) {
      for (const YamlNode& item : storage->items()) {
        catalog.require(ProfileKind::kStorage, item.as_string(), item);
      }
    } else if (storage) {
      for (const auto& [name, value] : storage->entries()) {
        catalog.require(ProfileKind::kStorage, name, value);
      }
    }
    return b;
  }
  const std::string file = node.as_string();
  const std::filesystem::path path =
      std::filesystem::path(file).is_absolute() ? std::filesystem::path(file) : dir / file;
  if (const auto problem = input_file_problem(path)) {
    node.fail(fmt::format("base workload {} {}", quoted_value(path.string()), *problem),
              "a workload file relative to the sweep file, or an inline workload mapping");
  }
  const YamlDocument doc = YamlDocument::from_file(path);
  Base b;
  b.workload = load_workload(doc, &catalog, &b.limits);
  b.text = read_input_file(path, "a readable YAML file");
  return b;
}

std::vector<StorageChoice> parse_storage_axis(const YamlNode& node, const Workload& base,
                                              const Catalog& catalog) {
  std::vector<StorageChoice> out;
  const auto items = node.items("a list of storage profile names");
  if (items.empty()) node.fail("no storage choices", "at least one storage profile name");
  for (const YamlNode& item : items) {
    const std::string name = item.as_string();
    catalog.require(ProfileKind::kStorage, name, item);
    if (std::any_of(out.begin(), out.end(),
                    [&](const StorageChoice& c) { return c.profile == name; })) {
      item.fail(fmt::format("`{}` is listed twice", name), "each storage once");
    }
    StorageChoice choice{name, std::nullopt, std::nullopt};
    for (const StorageChoice& c : base.storage) {
      if (c.profile == name) choice = c;  // keep the base's sizing
    }
    out.push_back(choice);
  }
  return out;
}

SweepAxis parse_axis(const std::string& path, const ParsedPath& p, const YamlNode& node,
                     const Workload& base, const std::vector<StorageChoice>& storages,
                     const Catalog& catalog) {
  check_applies(p, base, storages, node);
  if (p.info->field == SweepField::kStorageWarm) {
    const StorageKindSpec& kind = kind_spec(catalog.storage(p.storage).kind);
    if (!kind.can_warm) {
      node.fail(fmt::format("`warm` applies to an accelerator's cache; {} is a {} storage",
                            p.storage, kind.name),
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
    axis.values = parse_range(axis, node);
    return axis;
  }
  const auto items = node.items("a list of values, or {from, to, steps, scale}");
  if (items.empty()) node.fail("no values", "at least one value");
  std::set<std::pair<double, std::string>> seen;  // O(n log n) for the duplicate check
  for (const YamlNode& item : items) {
    AxisValue v;
    if (axis.unit == AxisUnit::kName) {
      v.name = v.label = item.as_string();
      if (axis.field == SweepField::kPlatform) {
        catalog.require(ProfileKind::kPlatform, v.name, item);
      } else {
        catalog.require(ProfileKind::kGpu, v.name, item);
      }
    } else {
      v.number = parse_number(axis.field, axis.unit, item);
      v.label = axis_value_label(axis.unit, v.number);
    }
    if (!seen.emplace(v.number, v.name).second) {
      item.fail(fmt::format("{} is listed twice", v.label), "each value once");
    }
    axis.values.push_back(std::move(v));
  }
  return axis;
}

/// Every platform the sweep uses must offer every GPU it uses.
void check_platform_gpu_axes(const SweepSpec& spec,
                             const std::vector<std::pair<std::string, YamlNode>>& axes,
                             const Catalog& catalog) {
  std::vector<std::string> platforms{spec.base.platform}, gpus{spec.base.gpu};
  std::optional<YamlNode> platform_node, gpu_node;
  for (std::size_t i = 0; i < spec.axes.size(); ++i) {
    const SweepAxis& a = spec.axes[i];
    if (a.field != SweepField::kPlatform && a.field != SweepField::kGpu) continue;
    auto& names = a.field == SweepField::kPlatform ? platforms : gpus;
    names.clear();
    for (const AxisValue& v : a.values) names.push_back(v.name);
    for (const auto& [path, node] : axes) {
      if (path == a.path) (a.field == SweepField::kPlatform ? platform_node : gpu_node) = node;
    }
  }
  if (!platform_node && !gpu_node) return;
  const YamlNode where = gpu_node ? *gpu_node : *platform_node;
  for (const std::string& platform : platforms) {
    const PlatformProfile p = catalog.platform(platform);
    for (const std::string& gpu : gpus) {
      if (std::find(p.gpus.begin(), p.gpus.end(), gpu) == p.gpus.end()) {
        where.fail(fmt::format("platform `{}` does not offer gpu `{}`", platform, gpu),
                   fmt::format("for `{}`, one of: {}", platform, join(p.gpus)));
      }
    }
  }
}

/// The largest Poisson pattern of the grid must stay within kMaxInstances expected arrivals.
void check_poisson_size(const SweepSpec& spec, const YamlNode& where) {
  const auto* p = std::get_if<PoissonArrivals>(&spec.base.arrivals);
  if (!p) return;
  double rate = p->rate_per_s, duration = p->duration.value();
  for (const SweepAxis& a : spec.axes) {
    for (const AxisValue& v : a.values) {
      if (a.field == SweepField::kArrivalsRate) rate = std::max(rate, v.number);
      if (a.field == SweepField::kArrivalsDuration) duration = std::max(duration, v.number);
    }
  }
  if (rate * duration > static_cast<double>(kMaxInstances)) {
    where.fail(fmt::format("up to {:.0f} arrivals expected at one point, more than {}",
                           rate * duration, kMaxInstances),
               "a lower rate or a shorter duration");
  }
}

/// The grid's largest point must stay within the base's work limits and the engine's range: every
/// axis that adds loads or time (count, rate, duration, instances, spread, timeout) at its
/// largest value.
void check_largest_point(const SweepSpec& spec, const WorkLimits& limits, const YamlNode& where) {
  Workload largest = spec.base;
  for (const SweepAxis& a : spec.axes) {
    if (a.field != SweepField::kArrivalsCount && a.field != SweepField::kArrivalsRate &&
        a.field != SweepField::kArrivalsDuration && a.field != SweepField::kArrivalsInstances &&
        a.field != SweepField::kArrivalsSpread && a.field != SweepField::kTimeout) {
      continue;
    }
    const auto top = std::max_element(
        a.values.begin(), a.values.end(),
        [](const AxisValue& x, const AxisValue& y) { return x.number < y.number; });
    apply_axis(a, *top, largest);
  }
  if (const auto problem = work_problem(largest, limits)) {
    where.fail(fmt::format("at the largest point, {}", *problem), std::string(kWorkLimitHint));
  }
  if (const auto problem = horizon_problem(largest)) {
    where.fail(fmt::format("at the largest point, {}", *problem), std::string(kHorizonHint));
  }
}

}  // namespace

SweepSpec load_sweep(const YamlDocument& doc, std::string_view text, const Catalog& catalog) {
  const YamlNode root = doc.root();
  if (!root.is_map()) root.fail(fmt::format("found {}", root.kind_name()), "a sweep mapping");
  const YamlMap m = root.map({"version", "name", "base", "seed", "replications", "axes"});
  if (auto v = m.get("version")) {
    const std::int64_t version = v->as_int(0, kMaxInt);
    if (version != 1) v->fail(fmt::format("schema version {} is not supported", version), "1");
  }
  SweepSpec spec;
  spec.name = m.required("name", "a name for the sweep").as_string();
  const Base base = load_base(
      m.required("base", "a workload file relative to the sweep file, or an inline mapping"),
      doc.base_dir(), catalog);
  spec.base = base.workload;
  spec.seed = spec.base.seed;
  if (auto seed = m.get("seed")) spec.seed = static_cast<std::uint64_t>(seed->as_int(0, kMaxInt));
  if (auto r = m.get("replications")) {
    spec.replications = static_cast<int>(r->as_int(1, kMaxReplications));
  }
  const YamlNode axes_node = m.required("axes", "a mapping of field paths to values");
  const auto entries = axes_node.entries();
  // The storage list first: storage.NAME axes are checked against it wherever they are written.
  if (spec.base.storage.empty()) {
    for (const std::string& name : catalog.names(ProfileKind::kStorage)) {
      spec.base.storage.push_back(StorageChoice{name, std::nullopt, std::nullopt});
    }
  }
  for (const auto& [path, value] : entries) {
    if (path == "storage") spec.base.storage = parse_storage_axis(value, spec.base, catalog);
  }
  for (const auto& [path, value] : entries) {
    if (path == "storage") continue;
    const auto parsed = parse_path(path);
    if (!parsed) fail_unknown_path(value, path);
    for (const SweepAxis& a : spec.axes) {
      if (a.field == parsed->info->field && a.file_index == parsed->file_index &&
          a.storage == parsed->storage) {
        value.fail(fmt::format("sets the same field as `{}`", a.path), "each field once");
      }
    }
    spec.axes.push_back(parse_axis(path, *parsed, value, spec.base, spec.base.storage, catalog));
  }
  if (spec.axes.empty()) {
    axes_node.fail("no axis to sweep",
                   fmt::format("at least one field besides storage, {}", paths_list()));
  }
  check_platform_gpu_axes(spec, entries, catalog);
  check_poisson_size(spec, axes_node);
  check_largest_point(spec, base.limits, axes_node);
  double points = 1;
  for (const SweepAxis& a : spec.axes) points *= static_cast<double>(a.values.size());
  if (points > static_cast<double>(kMaxSweepPoints)) {
    axes_node.fail(fmt::format("{:.0f} points, more than {}", points, kMaxSweepPoints),
                   "fewer values or fewer axes");
  }
  spec.identity = sweep_identity(std::string(text) + '\0' + base.text);
  return spec;
}

SweepSpec load_sweep_file(const std::filesystem::path& path, const Catalog& catalog) {
  const YamlDocument doc = YamlDocument::from_file(path);
  return load_sweep(doc, read_input_file(path, "a readable YAML file"), catalog);
}

}  // namespace stowage::sim::config
