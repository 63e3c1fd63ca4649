#include "sim/config/workload_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/config/arrivals_reader.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/clouds.hpp"
#include "sim/config/distribution_reader.hpp"
#include "sim/config/embedded.hpp"
#include "sim/config/range_checks.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/engine_range.hpp"

namespace stowage::sim::config {
namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();

/// A size of the workload: every one is counted exactly by the simulation (at most 2^53 bytes).
Bytes exact_bytes(const YamlNode& node) {
  const Bytes size = node.as_bytes();
  if (const auto problem = size_problem(size)) node.fail(problem->problem, problem->expected);
  return size;
}

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
  const std::int64_t count = read_workload_int(m.required("count"), "model.files.count");
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
      node.map({"files", "read_passes", "io", "format", "update_interval", "update_at", "init",
                "tensors", "variants"});
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
      model.io.block_size = exact_bytes(*b);
      if (model.io.block_size.value() < 1.0) b->fail("block size below 1 byte", "e.g. 4KiB, 1MiB");
    }
    if (auto t = im.get("threads")) {
      model.io.reader_threads = static_cast<int>(read_workload_int(*t, "model.io.threads"));
    }
  }
  if (auto f = m.get("format")) model.format = f->as_string();
  if (auto u = m.get("update_interval")) {
    model.update_interval = u->as_seconds();
    if (model.update_interval->value() <= 0.0) {
      u->fail("an update interval must be positive", "e.g. 7d, 12h");
    }
  }
  if (auto at = m.get("update_at")) {
    model.update_at = at->as_seconds();
    if (const auto p = time_problem(*model.update_at)) at->fail(p->problem, p->expected);
  }
  if (auto init = m.get("init")) model.init = parse_distribution(*init, false);
  if (auto t = m.get("tensors")) model.tensors = read_workload_int(*t, "model.tensors");
  if (auto v = m.get("variants")) {
    model.variants = read_workload_int(*v, "model.variants");
    if (const auto p = size_problem(model.stored_size())) {
      v->fail(fmt::format("{} models of {} is {}: {}", *model.variants, model.total_size(),
                          model.stored_size(), p->problem),
              p->expected);
    }
  }
  return model;
}

StorageChoice parse_storage_sizing(const std::string& name, const YamlNode& value) {
  StorageChoice choice{name, std::nullopt, std::nullopt};
  if (value.is_null()) return choice;
  const YamlMap m = value.map({"stored", "capacity", "warm"});
  if (auto stored = m.get("stored")) choice.stored = exact_bytes(*stored);
  if (auto capacity = m.get("capacity")) {
    choice.capacity = exact_bytes(*capacity);
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
  const YamlMap m =
      node.map({"p50", "p95", "p99", "max", "max_failed", "cost_weight", "confidence"});
  Objective o;
  if (auto v = m.get("p50")) o.p50 = read_positive_seconds(*v, "60s");
  if (auto v = m.get("p95")) o.p95 = read_positive_seconds(*v, "90s");
  if (auto v = m.get("p99")) o.p99 = read_positive_seconds(*v, "120s");
  if (auto v = m.get("max")) o.max = read_positive_seconds(*v, "300s");
  if (auto v = m.get("max_failed")) o.max_failed = read_workload_int(*v, "objective.max_failed");
  if (auto v = m.get("cost_weight"))
    o.cost_weight = read_workload_number(*v, "objective.cost_weight");
  if (auto v = m.get("confidence"))
    o.confidence = read_workload_number(*v, "objective.confidence");
  return o;
}

/// The weights must fit in the instance's GPUs (each holds its share): a workload whose model
/// fits no GPU of its instance is one error at its `gpu:`, with the count that would fit,
/// instead of every candidate reported infeasible for the same reason.
void check_model_fits(const Workload& w, const Catalog& catalog, const YamlNode& gpu_node) {
  const GpuProfile gpu = catalog.gpu(w.gpu);
  const Bytes model = w.model.total_size();
  const auto gpus = static_cast<double>(w.instance.gpus);
  if (model.value() <= gpu.memory.value() * gpus) return;
  const auto need = static_cast<std::int64_t>(std::ceil(model.value() / gpu.memory.value()));
  const std::string on = w.instance.gpus == 1
                             ? fmt::format("one {} ({})", w.gpu, gpu.memory)
                             : fmt::format("{} {}s ({} each)", w.instance.gpus, w.gpu, gpu.memory);
  if (need <= kMaxGpusPerInstance) {
    gpu_node.fail(fmt::format("the model ({}) does not fit on {}: set instance.gpus: {}", model,
                              on, need),
                  fmt::format("a GPU with at least {} of memory, or instance.gpus >= {}",
                              Bytes(model.value() / gpus), need));
  }
  gpu_node.fail(fmt::format("the model ({}) does not fit on {}", model, on),
                fmt::format("a GPU with more memory than {}", gpu.memory));
}

}  // namespace

Workload load_workload(const YamlDocument& doc, const Catalog* catalog, WorkLimits* limits) {
  return load_workload_node(doc.root(), doc.base_dir(), catalog, limits);
}

Workload load_workload_node(const YamlNode& root, const std::filesystem::path& base_dir,
                            const Catalog* catalog, WorkLimits* limits) {
  if (!root.is_map()) root.fail(fmt::format("found {}", root.kind_name()), "a workload mapping");
  const YamlMap m =
      root.map({"version", "name", "seed", "model", "platform", "cloud", "gpu", "instance",
                "loader", "arrivals", "timeout", "regions", "storage", "objective", "limits"});
  Workload w;
  if (auto v = m.get("version")) {
    const std::int64_t version = v->as_int(0, kMaxInt);
    if (version != 1) v->fail(fmt::format("schema version {} is not supported", version), "1");
  }
  w.name = m.required("name", "a name for the workload").as_string();
  if (auto seed = m.get("seed")) w.seed = static_cast<std::uint64_t>(seed->as_int(0, kMaxInt));
  w.model = parse_model(m.required("model", "the model's files"));
  w.platform = m.required("platform", "a platform profile name, e.g. fc-gpu").as_string();
  if (auto c = m.get("cloud")) w.cloud = read_cloud(*c);
  w.gpu = m.required("gpu", "a GPU profile name, e.g. a10").as_string();
  if (auto inst = m.get("instance")) {
    const YamlMap im = inst->map({"vcpu", "memory", "gpus", "hosts"});
    if (auto v = im.get("gpus")) w.instance.gpus = read_workload_int(*v, "instance.gpus");
    if (auto v = im.get("hosts")) w.instance.hosts = read_host_placement(*v);
    if (auto v = im.get("vcpu")) w.instance.vcpu = read_workload_number(*v, "instance.vcpu");
    if (auto v = im.get("memory")) {
      w.instance.memory = exact_bytes(*v);
      if (w.instance.memory->value() <= 0.0) v->fail("memory must be positive", "e.g. 32GB");
    }
  }
  if (auto loader = m.get("loader")) w.loader = read_loader_spec(*loader);
  const YamlNode arrivals =
      m.required("arrivals", "one of: burst, schedule, poisson, trace, switch");
  w.arrivals = read_arrivals(arrivals, base_dir);
  if (auto t = m.get("timeout")) w.timeout = read_positive_seconds(*t, "300s");
  if (auto r = m.get("regions")) w.regions = read_workload_int(*r, "regions");
  if (auto s = m.get("storage")) w.storage = parse_storage(*s);
  if (auto o = m.get("objective")) w.objective = parse_objective(*o);
  WorkLimits work_limits;
  if (auto l = m.get("limits")) work_limits = read_work_limits(*l);
  if (const auto problem = work_problem(w, work_limits)) {
    arrivals.fail(*problem, std::string(kWorkLimitHint));
  }
  if (const auto problem = horizon_problem(w)) arrivals.fail(*problem, std::string(kHorizonHint));
  if (catalog != nullptr) {
    catalog->check_workload_profiles(root);
    check_model_fits(w, *catalog, *m.get("gpu"));
    check_workload_clouds(root, w, *catalog);
  }
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
