#include "sim/config/workload_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

#include "sim/config/catalog.hpp"
#include "sim/config/distribution_reader.hpp"
#include "sim/config/embedded.hpp"
#include "sim/config/input_text.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/engine_range.hpp"

namespace stowage::sim::config {
namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();
// Regions are counted, not sized: a bound that keeps output tables sane.
constexpr std::int64_t kMaxRegions = 100;
// A model is a handful of files to a few thousand shards; more is a typo in `count`.
constexpr std::int64_t kMaxFiles = 100'000;
constexpr std::int64_t kMaxReaderThreads = 1024;
// GPUs of one instance the model may be split over (a guard on input, not a platform limit).
constexpr std::int64_t kMaxGpusPerInstance = 64;

std::vector<ModelFile> parse_file_entry(const YamlNode& node) {
  const YamlMap m = node.map({"path", "size", "count"});
  const Bytes size = m.required("size", "a size such as 4.27GB").as_bytes();
  if (size.value() <= 0.0) m.required("size").fail("a model file cannot be empty", "a size > 0");
  if (size.value() > kMaxFlowBytes) {
    m.required("size").fail("larger than the simulation counts exactly",
                            "at most 2^53 bytes (about 9PB)");
  }
  if (!m.has("count")) {
    const YamlNode path = m.required("path", "`path` and `size`, or `size` and `count`");
    return {ModelFile{path.as_string(), size}};
  }
  const std::int64_t count = m.required("count").as_int(1, kMaxFiles);
  const std::string stem = m.has("path") ? m.get("path")->as_string() : "model";
  std::vector<ModelFile> files;
  files.reserve(static_cast<size_t>(count));
  for (std::int64_t i = 1; i <= count; ++i) {
    files.push_back({fmt::format("{}-{:05}-of-{:05}", stem, i, count), size});
  }
  return files;
}

Model parse_model(const YamlNode& node) {
  const YamlMap m =
      node.map({"files", "read_passes", "io", "format", "update_interval", "update_at", "init"});
  Model model;
  const YamlNode files = m.required("files", "a list of {path, size} or {size, count}");
  const auto items = files.items("a list of {path, size} or {size, count}");
  if (items.empty()) files.fail("no model files", "at least one {path, size}");
  for (const YamlNode& item : items) {
    for (ModelFile& f : parse_file_entry(item)) model.files.push_back(std::move(f));
    if (static_cast<std::int64_t>(model.files.size()) > kMaxFiles) {
      item.fail(fmt::format("more than {} model files", kMaxFiles), "fewer, larger shards");
    }
  }
  if (auto passes = m.get("read_passes")) {
    model.read_passes.clear();
    const auto list = passes->items("a list such as [hash, load]");
    if (list.empty()) passes->fail("no read passes", "e.g. [load] or [hash, load]");
    for (const YamlNode& p : list) {
      model.read_passes.push_back(p.as_choice({"hash", "load"}) == 0 ? ReadPass::kHash
                                                                     : ReadPass::kLoad);
    }
    if (std::count(model.read_passes.begin(), model.read_passes.end(), ReadPass::kLoad) != 1) {
      passes->fail("the passes must include exactly one `load`", "e.g. [load] or [hash, load]");
    }
  }
  if (auto io = m.get("io")) {
    const YamlMap im = io->map({"block_size", "threads"});
    if (auto b = im.get("block_size")) {
      model.io.block_size = b->as_bytes();
      if (model.io.block_size.value() < 1.0) b->fail("block size below 1 byte", "e.g. 4KiB, 1MiB");
    }
    if (auto t = im.get("threads")) {
      model.io.reader_threads = static_cast<int>(t->as_int(1, kMaxReaderThreads));
    }
  }
  if (auto f = m.get("format")) model.format = f->as_string();
  if (auto u = m.get("update_interval")) {
    model.update_interval = u->as_seconds();
    if (model.update_interval->value() <= 0.0) {
      u->fail("an update interval must be positive", "e.g. 7d, 12h");
    }
  }
  if (auto at = m.get("update_at")) model.update_at = at->as_seconds();
  if (auto init = m.get("init")) model.init = parse_distribution(*init, false);
  return model;
}

Seconds positive_seconds(const YamlNode& node, std::string_view example) {
  const Seconds s = node.as_seconds();
  if (s.value() <= 0.0)
    node.fail("must be positive", fmt::format("a duration > 0, e.g. {}", example));
  return s;
}

// "2/s", "30/min", "100/h", or a bare number per second.
double parse_rate_per_second(const YamlNode& node) {
  const std::string text = node.as_string();
  const std::string_view hint = "arrivals per second, or e.g. 30/min, 2/s, 100/h";
  const size_t slash = text.find('/');
  const std::string_view number_text = std::string_view(text).substr(0, slash);
  double number = 0.0;
  const auto [end, ec] =
      std::from_chars(number_text.data(), number_text.data() + number_text.size(), number);
  if (ec != std::errc() || end != number_text.data() + number_text.size() ||
      !std::isfinite(number)) {
    node.fail(fmt::format("'{}' is not a rate", text), std::string(hint));
  }
  double per = 1.0;
  if (slash != std::string::npos) {
    const std::string_view unit = std::string_view(text).substr(slash + 1);
    if (unit == "s") {
      per = 1.0;
    } else if (unit == "min") {
      per = 60.0;
    } else if (unit == "h") {
      per = 3600.0;
    } else {
      node.fail(fmt::format("unknown unit '/{}'", unit), std::string(hint));
    }
  }
  if (number <= 0.0) node.fail(fmt::format("'{}' is not positive", text), std::string(hint));
  return number / per;
}

std::vector<Seconds> read_trace(const YamlNode& where, const std::filesystem::path& path) {
  const std::string name = path.string();
  if (const auto problem = input_file_problem(path)) {
    where.fail(fmt::format("trace file {} {}", quoted_value(name), *problem),
               "a CSV file of arrival times");
  }
  std::istringstream in(read_input_file(path, "a CSV file of arrival times"));
  std::vector<Seconds> times;
  std::string line;
  int line_no = 0;
  bool header_seen = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string first = line.substr(0, line.find(','));
    const auto begin = first.find_first_not_of(" \t");
    if (begin == std::string::npos || first[begin] == '#') continue;
    const std::string cell = first.substr(begin, first.find_last_not_of(" \t") - begin + 1);
    // A header row may name the column before the first time.
    if (times.empty() && !header_seen && (cell == "time" || cell == "at" || cell == "t")) {
      header_seen = true;
      continue;
    }
    double seconds = 0.0;
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), seconds);
    Seconds t;
    try {
      t = (ec == std::errc() && end == cell.data() + cell.size()) ? Seconds(seconds)
                                                                  : parse_seconds(cell);
    } catch (const UnitError& e) {
      throw ConfigError(name, Mark{line_no, static_cast<int>(begin) + 1}, where.path(), e.what(),
                        "seconds per line, e.g. 12.5 or 250ms");
    }
    if (!std::isfinite(t.value()) || t.value() < 0.0) {
      throw ConfigError(name, Mark{line_no, static_cast<int>(begin) + 1}, where.path(),
                        fmt::format("'{}' is not a time >= 0", cell),
                        "seconds per line, e.g. 12.5 or 250ms");
    }
    times.push_back(t);
    if (static_cast<std::int64_t>(times.size()) > kMaxInstances) {
      throw ConfigError(name, Mark{line_no, 1}, where.path(),
                        fmt::format("more than {} arrivals", kMaxInstances), "a shorter trace");
    }
  }
  if (times.empty())
    where.fail(fmt::format("trace file '{}' has no arrivals", name), "one time per line");
  std::stable_sort(times.begin(), times.end());
  return times;
}

Arrivals parse_arrivals(const YamlNode& node, const std::filesystem::path& base_dir) {
  const YamlMap m = node.map({"burst", "schedule", "poisson", "trace", "switch"});
  if (m.entries().size() != 1) {
    node.fail(m.entries().empty() ? "no arrival pattern" : "more than one arrival pattern",
              "exactly one of: burst, schedule, poisson, trace, switch");
  }
  const auto& [kind, value] = m.entries().front();
  if (kind == "burst") {
    const YamlMap b = value.map({"count", "at", "spread"});
    BurstArrivals burst;
    burst.count = b.required("count", "the number of instances").as_int(1, kMaxInstances);
    if (auto at = b.get("at")) burst.at = at->as_seconds();
    if (auto spread = b.get("spread")) burst.spread = spread->as_seconds();
    return burst;
  }
  if (kind == "schedule") {
    ScheduleArrivals schedule;
    const auto steps = value.items("a list of {at, replicas}");
    if (steps.empty()) value.fail("an empty schedule", "a list of {at, replicas}");
    for (const YamlNode& s : steps) {
      const YamlMap sm = s.map({"at", "replicas"});
      ScheduleStep step;
      const YamlNode at = sm.required("at", "a time such as 9h or 0s");
      step.at = at.as_seconds();
      step.replicas = sm.required("replicas").as_int(0, kMaxInstances);
      if (!schedule.steps.empty() && step.at <= schedule.steps.back().at) {
        at.fail(fmt::format("{} is not after the previous step", step.at), "increasing times");
      }
      schedule.steps.push_back(step);
    }
    return schedule;
  }
  if (kind == "poisson") {
    const YamlMap p = value.map({"rate", "duration"});
    PoissonArrivals poisson;
    const YamlNode rate = p.required("rate", "e.g. 30/min");
    poisson.rate_per_s = parse_rate_per_second(rate);
    poisson.duration = positive_seconds(p.required("duration", "e.g. 1h"), "1h");
    if (poisson.rate_per_s * poisson.duration.value() > static_cast<double>(kMaxInstances)) {
      rate.fail(fmt::format("about {:.0f} arrivals expected, more than {}",
                            poisson.rate_per_s * poisson.duration.value(), kMaxInstances),
                "a lower rate or a shorter duration");
    }
    return poisson;
  }
  if (kind == "trace") {
    const YamlMap t = value.map({"file"});
    TraceArrivals trace;
    const YamlNode file = t.required("file", "a CSV file of arrival times");
    trace.file = file.as_string();
    const std::filesystem::path path = std::filesystem::path(trace.file).is_absolute()
                                           ? std::filesystem::path(trace.file)
                                           : base_dir / trace.file;
    trace.times = read_trace(file, path);
    return trace;
  }
  const YamlMap s = value.map({"instances", "times", "every"});
  SwitchArrivals sw;
  sw.instances =
      s.required("instances", "the number of running instances").as_int(1, kMaxInstances);
  if (auto times = s.get("times")) sw.times = times->as_int(1, kMaxInstances);
  if (auto every = s.get("every")) sw.every = positive_seconds(*every, "10min");
  if (sw.times > 1 && !s.has("every")) {
    s.required("every", "the time between switches when `times` > 1");
  }
  if (sw.instances * sw.times > kMaxInstances) {
    value.fail(fmt::format("{} loads in all, more than {}", sw.instances * sw.times, kMaxInstances),
               "fewer instances or switches");
  }
  return sw;
}

StorageChoice parse_storage_sizing(const std::string& name, const YamlNode& value) {
  StorageChoice choice{name, std::nullopt, std::nullopt};
  if (value.is_null()) return choice;
  const YamlMap m = value.map({"stored", "capacity", "warm"});
  if (auto stored = m.get("stored")) choice.stored = stored->as_bytes();
  if (auto capacity = m.get("capacity")) {
    choice.capacity = capacity->as_bytes();
    if (choice.capacity->value() <= 0.0) capacity->fail("capacity must be positive", "e.g. 1TiB");
  }
  if (auto warm = m.get("warm")) choice.warm = warm->as_bool();
  return choice;
}

std::vector<StorageChoice> parse_storage(const YamlNode& node) {
  std::vector<StorageChoice> out;
  const auto check_new = [&](const std::string& name, const YamlNode& where) {
    for (const StorageChoice& c : out) {
      if (c.profile == name)
        where.fail(fmt::format("`{}` is listed twice", name), "each storage once");
    }
  };
  if (node.is_sequence()) {
    for (const YamlNode& item : node.items()) {
      const std::string name = item.as_string();
      check_new(name, item);
      out.push_back({name, std::nullopt, std::nullopt});
    }
  } else if (node.is_map()) {
    for (const auto& [name, value] : node.entries())
      out.push_back(parse_storage_sizing(name, value));
  } else {
    node.fail(fmt::format("found {}", node.kind_name()),
              "a list of storage names, or a mapping of names to sizing such as {stored: 2TiB}");
  }
  if (out.empty()) node.fail("no storage candidates", "at least one, or omit `storage` for all");
  return out;
}

Objective parse_objective(const YamlNode& node) {
  const YamlMap m = node.map({"p50", "p95", "p99", "max", "max_failed", "cost_weight"});
  Objective o;
  if (auto v = m.get("p50")) o.p50 = positive_seconds(*v, "60s");
  if (auto v = m.get("p95")) o.p95 = positive_seconds(*v, "90s");
  if (auto v = m.get("p99")) o.p99 = positive_seconds(*v, "120s");
  if (auto v = m.get("max")) o.max = positive_seconds(*v, "300s");
  if (auto v = m.get("max_failed")) o.max_failed = v->as_int(0, kMaxInt);
  if (auto v = m.get("cost_weight")) o.cost_weight = v->as_double(0.0, 1.0);
  return o;
}

WorkLimits parse_limits(const YamlNode& node) {
  const YamlMap m = node.map({"loads", "reads"});
  WorkLimits limits;
  if (auto v = m.get("loads")) limits.loads = v->as_int(1, kMaxWorkLimit);
  if (auto v = m.get("reads")) limits.reads = v->as_int(1, kMaxWorkLimit);
  return limits;
}

}  // namespace

double expected_loads(const Arrivals& arrivals) {
  if (const auto* b = std::get_if<BurstArrivals>(&arrivals)) return static_cast<double>(b->count);
  if (const auto* s = std::get_if<ScheduleArrivals>(&arrivals)) {
    double rises = 0;  // a schedule starts as many instances as its replica count rises
    std::int64_t replicas = 0;
    for (const ScheduleStep& step : s->steps) {
      rises += static_cast<double>(std::max<std::int64_t>(0, step.replicas - replicas));
      replicas = step.replicas;
    }
    return rises;
  }
  if (const auto* p = std::get_if<PoissonArrivals>(&arrivals)) {
    return p->rate_per_s * p->duration.value();
  }
  if (const auto* t = std::get_if<TraceArrivals>(&arrivals)) {
    return static_cast<double>(t->times.size());
  }
  const auto& sw = std::get<SwitchArrivals>(arrivals);
  return static_cast<double>(sw.instances) * static_cast<double>(sw.times);
}

Seconds last_arrival(const Arrivals& arrivals) {
  if (const auto* b = std::get_if<BurstArrivals>(&arrivals)) return b->at + b->spread;
  if (const auto* s = std::get_if<ScheduleArrivals>(&arrivals)) {
    return s->steps.empty() ? Seconds(0) : s->steps.back().at;
  }
  if (const auto* p = std::get_if<PoissonArrivals>(&arrivals)) return p->duration;
  if (const auto* t = std::get_if<TraceArrivals>(&arrivals)) {
    return t->times.empty() ? Seconds(0) : *std::max_element(t->times.begin(), t->times.end());
  }
  const auto& sw = std::get<SwitchArrivals>(arrivals);
  return sw.every * static_cast<double>(std::max<std::int64_t>(0, sw.times - 1));
}

std::optional<std::string> work_problem(const Workload& w, const WorkLimits& limits) {
  const double loads = expected_loads(w.arrivals);
  if (loads > static_cast<double>(limits.loads)) {
    return fmt::format("about {:.0f} loads, more than the limit of {} (`limits.loads`)", loads,
                       limits.loads);
  }
  const double reads = loads * static_cast<double>(w.model.files.size()) *
                       static_cast<double>(w.model.read_passes.size());
  if (reads > static_cast<double>(limits.reads)) {
    return fmt::format(
        "about {:.0f} file reads ({:.0f} loads x {} files x {} read passes), more than the limit "
        "of {} (`limits.reads`)",
        reads, loads, w.model.files.size(), w.model.read_passes.size(), limits.reads);
  }
  return std::nullopt;
}

std::optional<std::string> horizon_problem(const Workload& w) {
  const double end_s = last_arrival(w.arrivals).value() + w.timeout.value_or(Seconds(0)).value();
  if (end_s > kMaxInputTimeS) {
    return fmt::format(
        "the last arrival plus the timeout end at {} s, beyond the {} s that the "
        "simulation handles",
        end_s, kMaxInputTimeS);
  }
  return std::nullopt;
}

Workload load_workload(const YamlDocument& doc, const Catalog* catalog, WorkLimits* limits) {
  return load_workload_node(doc.root(), doc.base_dir(), catalog, limits);
}

Workload load_workload_node(const YamlNode& root, const std::filesystem::path& base_dir,
                            const Catalog* catalog, WorkLimits* limits) {
  if (!root.is_map()) root.fail(fmt::format("found {}", root.kind_name()), "a workload mapping");
  const YamlMap m =
      root.map({"version", "name", "seed", "model", "platform", "gpu", "instance", "loader",
                "arrivals", "timeout", "regions", "storage", "objective", "limits"});
  Workload w;
  if (auto v = m.get("version")) {
    const std::int64_t version = v->as_int(0, kMaxInt);
    if (version != 1) v->fail(fmt::format("schema version {} is not supported", version), "1");
  }
  w.name = m.required("name", "a name for the workload").as_string();
  if (auto seed = m.get("seed")) w.seed = static_cast<std::uint64_t>(seed->as_int(0, kMaxInt));
  w.model = parse_model(m.required("model", "the model's files"));
  w.platform = m.required("platform", "a platform profile name, e.g. fc-gpu").as_string();
  w.gpu = m.required("gpu", "a GPU profile name, e.g. a10").as_string();
  if (auto inst = m.get("instance")) {
    const YamlMap im = inst->map({"vcpu", "memory", "gpus"});
    if (auto v = im.get("gpus")) w.instance.gpus = v->as_int(1, kMaxGpusPerInstance);
    if (auto v = im.get("vcpu")) w.instance.vcpu = v->as_double(0.125, 1024.0);
    if (auto v = im.get("memory")) {
      w.instance.memory = v->as_bytes();
      if (w.instance.memory->value() <= 0.0) v->fail("memory must be positive", "e.g. 32GB");
    }
  }
  if (auto loader = m.get("loader")) {
    if (loader->is_scalar()) {
      w.loader.profile = loader->as_string();
    } else {
      const YamlMap lm = loader->map({"profile", "memory", "overlap", "streams"});
      if (auto v = lm.get("profile")) w.loader.profile = v->as_string();
      if (auto v = lm.get("memory")) {
        w.loader.memory = v->as_choice({"pinned", "pageable"}) == 0
                              ? LoaderSpec::HostMemory::kPinned
                              : LoaderSpec::HostMemory::kPageable;
      }
      if (auto v = lm.get("overlap")) w.loader.overlap = v->as_bool();
      if (auto v = lm.get("streams")) w.loader.streams = v->as_int(1, kMaxReaderThreads);
    }
  }
  const YamlNode arrivals =
      m.required("arrivals", "one of: burst, schedule, poisson, trace, switch");
  w.arrivals = parse_arrivals(arrivals, base_dir);
  if (auto t = m.get("timeout")) w.timeout = positive_seconds(*t, "300s");
  if (auto r = m.get("regions")) w.regions = r->as_int(1, kMaxRegions);
  if (auto s = m.get("storage")) w.storage = parse_storage(*s);
  if (auto o = m.get("objective")) w.objective = parse_objective(*o);
  WorkLimits work_limits;
  if (auto l = m.get("limits")) work_limits = parse_limits(*l);
  if (const auto problem = work_problem(w, work_limits)) {
    arrivals.fail(*problem, std::string(kWorkLimitHint));
  }
  if (const auto problem = horizon_problem(w)) arrivals.fail(*problem, std::string(kHorizonHint));
  if (catalog != nullptr) catalog->check_workload_profiles(root);
  if (limits != nullptr) *limits = work_limits;
  return w;
}

Workload load_workload_file(const std::filesystem::path& path, const Catalog* catalog) {
  return load_workload(YamlDocument::from_file(path), catalog);
}

Workload load_default_workload(const Catalog* catalog) {
  return load_workload(
      YamlDocument::from_text(embedded_default_workload(), std::string(kEmbeddedWorkloadName)),
      catalog);
}

}  // namespace stowage::sim::config
