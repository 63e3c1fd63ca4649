#include "sim/config/sweep_loader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <variant>

#include "sim/config/clouds.hpp"
#include "sim/config/input_text.hpp"
#include "sim/config/sweep_axis.hpp"
#include "sim/config/workload_loader.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {
namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();

/// Checks a platform (and the gpu it must offer) against the catalog.
void check_platform_gpu(const Catalog& catalog, const std::string& platform,
                        const YamlNode& platform_node, const std::string& gpu,
                        const YamlNode& gpu_node) {
  catalog.require(ProfileKind::kPlatform, platform, platform_node);
  catalog.require(ProfileKind::kGpu, gpu, gpu_node);
  const PlatformProfile p = catalog.platform(platform);
  if (std::find(p.gpus.begin(), p.gpus.end(), gpu) == p.gpus.end()) {
    gpu_node.fail(fmt::format("platform `{}` does not offer gpu `{}`", platform, gpu),
                  fmt::format("one of: {}", fmt::join(p.gpus, ", ")));
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
    check_workload_clouds(node, b.workload, catalog);
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

using AxisEntries = std::vector<std::pair<std::string, YamlNode>>;

/// The `platform` axis as written, if the sweep has one.
std::optional<YamlNode> platform_axis(const AxisEntries& axes) {
  for (const auto& [path, value] : axes) {
    if (path == "platform" && value.is_sequence()) return value;
  }
  return std::nullopt;
}

/// The platforms the sweep runs on: its `platform` axis's values (each checked against the
/// catalog where it is written), else the base's.
std::vector<std::string> swept_platforms(const Workload& base, const AxisEntries& axes,
                                         const Catalog& catalog) {
  const auto axis = platform_axis(axes);
  if (!axis) return {base.platform};
  std::vector<std::string> names;
  for (const YamlNode& item : axis->items()) {
    catalog.require(ProfileKind::kPlatform, item.as_string(), item);
    names.push_back(item.as_string());
  }
  return names;
}

/// Without a storage list, the sweep's candidates are the storages offered wherever its
/// platforms run (sim/config/clouds.hpp).
std::vector<StorageChoice> default_storages(const Workload& base, const AxisEntries& axes,
                                            const Catalog& catalog) {
  std::vector<std::string> clouds;
  for (const std::string& platform : swept_platforms(base, axes, catalog)) {
    clouds.push_back(base.cloud.empty() ? catalog.platform(platform).cloud : base.cloud);
  }
  std::vector<StorageChoice> out;
  for (const StorageChoice& c : every_storage(catalog, std::string(kAnyCloud))) {
    const std::string of = catalog.storage(c.profile).cloud;
    if (std::all_of(clouds.begin(), clouds.end(),
                    [&](const std::string& cloud) { return offered_in(of, cloud); })) {
      out.push_back(c);
    }
  }
  return out;
}

/// Every storage of the sweep must be offered wherever each swept platform runs, and a base
/// `cloud:` must agree with each; fails at the platform axis.
void check_platform_clouds(const SweepSpec& spec, const AxisEntries& axes,
                           const Catalog& catalog) {
  const auto axis = platform_axis(axes);
  if (!axis) return;
  for (const YamlNode& item : axis->items()) {
    const std::string platform = item.as_string();
    const std::string cloud = catalog.platform(platform).cloud;
    if (!spec.base.cloud.empty() && cloud != kAnyCloud && cloud != spec.base.cloud &&
        spec.base.cloud != kAnyCloud) {
      item.fail(fmt::format("platform `{}` runs in {}, and the base's cloud is {}", platform, cloud,
                            spec.base.cloud),
                fmt::format("platforms of {} or of any cloud", spec.base.cloud));
    }
    for (const StorageChoice& c : spec.base.storage) {
      require_offered(catalog, c.profile, platform, spec.base.cloud, item);
    }
  }
}

/// A `storage` axis: each a catalog storage, once, offered wherever the sweep's `platforms` run.
std::vector<StorageChoice> parse_storage_axis(const YamlNode& node, const Workload& base,
                                              const std::vector<std::string>& platforms,
                                              const Catalog& catalog) {
  std::vector<StorageChoice> out;
  const auto items = node.items("a list of storage profile names");
  if (items.empty()) node.fail("no storage choices", "at least one storage profile name");
  for (const YamlNode& item : items) {
    const std::string name = item.as_string();
    catalog.require(ProfileKind::kStorage, name, item);
    for (const std::string& platform : platforms) {
      require_offered(catalog, name, platform, base.cloud, item);
    }
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
                   fmt::format("for `{}`, one of: {}", platform, fmt::join(p.gpus, ", ")));
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
/// Returns the loads of the largest point.
double check_largest_point(const SweepSpec& spec, const WorkLimits& limits,
                           const YamlNode& where) {
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
  return expected_loads(largest.arrivals);
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
  if (spec.base.storage.empty()) spec.base.storage = default_storages(spec.base, entries, catalog);
  for (const auto& [path, value] : entries) {
    if (path == "storage") {
      spec.base.storage = parse_storage_axis(value, spec.base,
                                             swept_platforms(spec.base, entries, catalog), catalog);
    }
  }
  for (const auto& [path, value] : entries) {
    if (path == "storage") continue;
    const auto parsed = parse_axis_path(path);
    if (!parsed) fail_unknown_axis_path(value, path);
    for (const SweepAxis& a : spec.axes) {
      if (a.field == parsed->info->field && a.file_index == parsed->file_index &&
          a.storage == parsed->storage) {
        value.fail(fmt::format("sets the same field as `{}`", a.path), "each field once");
      }
    }
    spec.axes.push_back(read_axis(path, *parsed, value, spec.base, spec.base.storage, catalog));
    double so_far = 1;  // refused as soon as the axes read so far make too many points
    for (const SweepAxis& a : spec.axes) so_far *= static_cast<double>(a.values.size());
    if (so_far > static_cast<double>(kMaxSweepPoints)) {
      axes_node.fail(fmt::format("more than {} points", kMaxSweepPoints),
                     "fewer values or fewer axes");
    }
  }
  if (spec.axes.empty()) {
    axes_node.fail("no axis to sweep",
                   fmt::format("at least one field besides storage, {}", axis_paths_list()));
  }
  check_platform_gpu_axes(spec, entries, catalog);
  check_platform_clouds(spec, entries, catalog);
  check_poisson_size(spec, axes_node);
  const double largest_loads = check_largest_point(spec, base.limits, axes_node);
  double points = 1;
  for (const SweepAxis& a : spec.axes) points *= static_cast<double>(a.values.size());
  const double work = points * static_cast<double>(spec.base.storage.size()) *
                      static_cast<double>(spec.replications.value_or(kDefaultSweepReplications)) *
                      largest_loads;
  if (work > kMaxSweepLoads) {
    axes_node.fail(
        fmt::format("up to {:.3g} loads in all ({:.0f} points x {} storages x {} replications x "
                    "{:.0f} loads at the largest point), more than {:.0e}",
                    work, points, spec.base.storage.size(),
                    spec.replications.value_or(kDefaultSweepReplications), largest_loads,
                    kMaxSweepLoads),
        "fewer points, storages, replications or loads");
  }
  spec.work_loads = work;
  spec.identity = sweep_identity(std::string(text) + '\0' + base.text);
  return spec;
}

SweepSpec load_sweep_file(const std::filesystem::path& path, const Catalog& catalog) {
  const YamlDocument doc = YamlDocument::from_file(path);
  return load_sweep(doc, read_input_file(path, "a readable YAML file"), catalog);
}

}  // namespace stowage::sim::config
