#include "sim/config/catalog.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <mutex>
#include <system_error>

#include "sim/check.hpp"
#include "sim/config/exchange_rates_loader.hpp"
#include "sim/config/input_text.hpp"
#include "sim/config/profile_loader.hpp"
#include "sim/config/workload_fields.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {
namespace {


constexpr std::string_view kYamlExtension = ".yaml";
constexpr std::string_view kEmbeddedPrefix = "<embedded>/";

std::optional<ProfileKind> kind_of_directory(std::string_view dir) {
  for (ProfileKind k : kProfileKinds) {
    if (profile_kind_name(k) == dir) return k;
  }
  return std::nullopt;
}

}  // namespace

struct Catalog::Kept {
  std::mutex mutex;
  std::size_t parses = 0;
  std::map<std::pair<std::string, std::size_t>, StorageProfile> storage;
  std::map<std::pair<std::string, std::size_t>, PlatformProfile> platform;
  std::map<std::pair<std::string, std::size_t>, GpuProfile> gpu;
  std::map<std::pair<std::string, std::size_t>, LoaderProfile> loader;
};

template <>
std::map<std::pair<std::string, std::size_t>, StorageProfile>& Catalog::kept_of(Kept& kept) {
  return kept.storage;
}
template <>
std::map<std::pair<std::string, std::size_t>, PlatformProfile>& Catalog::kept_of(Kept& kept) {
  return kept.platform;
}
template <>
std::map<std::pair<std::string, std::size_t>, GpuProfile>& Catalog::kept_of(Kept& kept) {
  return kept.gpu;
}
template <>
std::map<std::pair<std::string, std::size_t>, LoaderProfile>& Catalog::kept_of(Kept& kept) {
  return kept.loader;
}

std::size_t Catalog::parse_count() const {
  const std::lock_guard<std::mutex> lock(kept_->mutex);
  return kept_->parses;
}

std::string Catalog::suggest(std::string_view name, const std::vector<std::string>& names) {
  const std::vector<std::string_view> views(names.begin(), names.end());
  std::string best = closest_match(name, views);
  if (!best.empty() || name.empty()) return best;
  // Profile names are often abbreviated: `nas-perf` for `nas-performance`.
  // Never the name itself: it is not a suggestion.
  for (const std::string& n : names) {
    if (n != name && n.starts_with(name)) return n;
  }
  for (const std::string& n : names) {
    if (n != name && n.find(name) != std::string::npos) return n;
  }
  return {};
}

Catalog::Catalog(const Options& options, const std::filesystem::path& user_dir)
    : kept_(std::make_shared<Kept>()) {
  for (const auto& dir : options.dirs) add_directory("--profiles", dir, true);
  for (const auto& dir : options.env_dirs) add_directory("STOWAGE_PROFILES", dir, true);
  if (!user_dir.empty()) add_directory("user", user_dir, false);
  if (options.installed) {
    add_directory("installed",
                  options.installed_dir.empty()
                      ? std::filesystem::path(STOWAGE_SOURCE_DIR) / "profiles"
                      : options.installed_dir,
                  false);
  }
  if (options.embedded) {
    Layer layer{"embedded", {}, std::nullopt};
    for (const EmbeddedProfile& p : embedded_profiles()) {
      const std::filesystem::path rel(p.path);
      if (p.path == kExchangeRatesFile) {
        layer.rates = Entry{ProfileKind::kStorage, "exchange-rates",
                            fmt::format("{}{}", kEmbeddedPrefix, p.path), {}, p.text};
        continue;
      }
      const auto kind = kind_of_directory(rel.parent_path().string());
      if (!kind || rel.extension() != kYamlExtension) continue;
      layer.entries.push_back(Entry{
          *kind, rel.stem().string(), fmt::format("{}{}", kEmbeddedPrefix, p.path), {}, p.text});
    }
    layers_.push_back(std::move(layer));
  }
}

Catalog Catalog::standard(const std::vector<std::filesystem::path>& dirs,
                          std::string_view env_value,
                          const std::filesystem::path& installed_dir,
                          const std::filesystem::path& user_dir) {
  Options options;
  options.dirs = dirs;
  options.env_dirs = split_path_list(env_value);
  options.installed_dir = installed_dir;
  return Catalog(options, user_dir);
}

std::vector<std::filesystem::path> Catalog::split_path_list(std::string_view list) {
  std::vector<std::filesystem::path> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t end = std::min(list.find(':', start), list.size());
    if (end > start) out.emplace_back(std::string(list.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

void Catalog::add_directory(std::string label, const std::filesystem::path& dir, bool must_exist) {
  std::error_code ec;
  const std::string where = dir.string();
  const auto hint =
      "a directory with storage/, platform/, gpu/ or loader/ subdirectories of NAME.yaml files";
  if (!std::filesystem::is_directory(dir, ec)) {
    if (!must_exist) return;
    const bool exists = std::filesystem::exists(dir, ec);
    throw ConfigError(where, Mark{}, "",
                      fmt::format("profiles directory (from {}) {}", label,
                                  exists ? "is not a directory" : "does not exist"),
                      hint);
  }
  Layer layer{std::move(label), {}, std::nullopt};
  bool any = false;
  const auto rates = dir / std::string(kExchangeRatesFile);
  // Whatever is there is read (and refused when it is a directory, a FIFO or a device), never
  // passed over for the built-in rates.
  if (std::filesystem::symlink_status(rates, ec).type() != std::filesystem::file_type::not_found) {
    layer.rates = Entry{ProfileKind::kStorage, "exchange-rates", rates.string(), rates, {}};
    any = true;
  }
  for (ProfileKind kind : kProfileKinds) {
    const auto sub = dir / std::string(profile_kind_name(kind));
    if (!std::filesystem::is_directory(sub, ec)) continue;
    any = true;
    std::vector<std::filesystem::path> files;
    for (const auto& item : std::filesystem::directory_iterator(sub, ec)) {
      if (item.path().extension() == kYamlExtension) files.push_back(item.path());
    }
    if (ec) {
      throw ConfigError(sub.string(), Mark{}, "", fmt::format("cannot list: {}", ec.message()),
                        hint);
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      layer.entries.push_back(Entry{kind, f.stem().string(), f.string(), f, {}});
    }
  }
  if (!any) {
    if (!must_exist) return;  // an optional layer with nothing in it yet
    throw ConfigError(where, Mark{}, "",
                      fmt::format("profiles directory (from {}) has no storage/, platform/, "
                                  "gpu/ or loader/ subdirectory",
                                  layer.label),
                      hint);
  }
  layers_.push_back(std::move(layer));
}

std::optional<Catalog::Found> Catalog::find(ProfileKind kind, std::string_view name,
                                            std::size_t from) const {
  for (std::size_t i = from; i < layers_.size(); ++i) {
    for (const Entry& e : layers_[i].entries) {
      if (e.kind == kind && e.name == name) return Found{i, &e};
    }
  }
  return std::nullopt;
}

std::vector<std::string> Catalog::names(ProfileKind kind) const {
  std::vector<std::string> out;
  for (const Layer& layer : layers_) {
    for (const Entry& e : layer.entries) {
      if (e.kind == kind) out.push_back(e.name);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool Catalog::contains(ProfileKind kind, std::string_view name) const {
  return find(kind, name, 0).has_value();
}

std::string Catalog::location(ProfileKind kind, std::string_view name) const {
  const auto found = find(kind, name, 0);
  STOWAGE_CHECK(found.has_value(), "location() of a profile that does not exist");
  return found->entry->display;
}

std::string Catalog::layer_of(ProfileKind kind, std::string_view name) const {
  const auto found = find(kind, name, 0);
  STOWAGE_CHECK(found.has_value(), "layer_of() a profile that does not exist");
  return layers_[found->layer].label;
}

void Catalog::fail_unknown(ProfileKind kind, std::string_view name, const YamlNode& where) const {
  const std::vector<std::string> all = names(kind);
  const std::string suggestion = suggest(name, all);
  const std::string problem =
      suggestion.empty() ? fmt::format("unknown {} profile `{}`", profile_kind_name(kind), name)
                         : fmt::format("unknown {} profile `{}`, did you mean `{}`?",
                                       profile_kind_name(kind), name, suggestion);
  where.fail(problem, all.empty() ? std::string("a profile in --profiles DIR")
                                  : fmt::format("one of: {}", fmt::join(all, ", ")));
}

void Catalog::require(ProfileKind kind, std::string_view name, const YamlNode& where) const {
  if (!contains(kind, name)) fail_unknown(kind, name, where);
}

void Catalog::check_workload_profiles(const YamlNode& root) const {
  if (!root.is_map()) return;
  std::optional<YamlNode> platform, gpu, storage, loader;
  for (const auto& [key, value] : root.entries()) {
    if (key == "loader") loader = value;
    if (key == "platform") platform = value;
    if (key == "gpu") gpu = value;
    if (key == "storage") storage = value;
  }
  if (platform && platform->is_scalar()) {
    require(ProfileKind::kPlatform, platform->as_string(), *platform);
  }
  if (gpu && gpu->is_scalar()) {
    const std::string name = gpu->as_string();
    require(ProfileKind::kGpu, name, *gpu);
    if (platform && platform->is_scalar()) {
      const PlatformProfile p = this->platform(platform->as_string());
      if (std::find(p.gpus.begin(), p.gpus.end(), name) == p.gpus.end()) {
        gpu->fail(fmt::format("platform `{}` does not offer gpu `{}`", p.info.name, name),
                  fmt::format("one of: {}", fmt::join(p.gpus, ", ")));
      }
    }
  }
  if (const auto named = loader ? loader_profile_node(*loader) : std::nullopt) {
    require(ProfileKind::kLoader, named->as_string(), *named);
  }
  if (storage && storage->is_sequence()) {
    for (const YamlNode& item : storage->items()) {
      if (item.is_scalar()) require(ProfileKind::kStorage, item.as_string(), item);
    }
  } else if (storage && storage->is_map()) {
    for (const auto& [name, value] : storage->entries()) {
      require(ProfileKind::kStorage, name, value);
    }
  }
}

std::optional<ExchangeRates> Catalog::exchange_rates() const {
  for (const Layer& layer : layers_) {
    if (layer.rates) return load_exchange_rates(open(*layer.rates));
  }
  return std::nullopt;
}

std::string Catalog::exchange_rates_location() const {
  for (const Layer& layer : layers_) {
    if (layer.rates) return layer.rates->display;
  }
  return {};
}

YamlDocument Catalog::open(const Entry& entry) const {
  {
    const std::lock_guard<std::mutex> lock(kept_->mutex);
    ++kept_->parses;
  }
  if (entry.file.empty()) return YamlDocument::from_text(entry.text, entry.display);
  return YamlDocument::from_file(entry.file);
}

template <class Profile, class Load>
Profile Catalog::resolve(ProfileKind kind, std::string_view name, std::size_t from,
                         std::vector<std::pair<std::string, std::size_t>>& chain, Load load) const {
  const auto found = find(kind, name, from);
  STOWAGE_CHECK(found.has_value(), "resolve() of a profile that was not found");
  const std::pair<std::string, std::size_t> key(std::string(name), found->layer);
  {
    const std::lock_guard<std::mutex> lock(kept_->mutex);
    const auto& kept = kept_of<Profile>(*kept_);
    if (const auto it = kept.find(key); it != kept.end()) return it->second;
  }
  const auto keep = [&](Profile p) {
    const std::lock_guard<std::mutex> lock(kept_->mutex);
    kept_of<Profile>(*kept_).try_emplace(key, p);
    return p;
  };
  chain.emplace_back(std::string(name), found->layer);
  const YamlDocument doc = open(*found->entry);
  const auto extends = profile_extends(doc);
  if (!extends) return keep(load(doc, std::string(name), nullptr));
  const auto& [parent_name, node] = *extends;
  if (chain.size() >= kMaxExtendsDepth) {
    node.fail(fmt::format("`extends` chain longer than {} profiles (from `{}`)", kMaxExtendsDepth,
                          chain.front().first),
              fmt::format("at most {} profiles in a chain of extends", kMaxExtendsDepth));
  }
  // A profile that extends its own name means the same profile one layer further down.
  const std::size_t parent_from = parent_name == name ? found->layer + 1 : 0;
  const auto parent = find(kind, parent_name, parent_from);
  if (!parent) {
    if (parent_name == name) {
      node.fail(fmt::format("no {} profile `{}` below this one to extend", profile_kind_name(kind),
                            parent_name),
                "the name of a profile in a later layer of the search path");
    }
    fail_unknown(kind, parent_name, node);
  }
  for (const auto& [seen, layer] : chain) {
    if (seen == parent_name && layer == parent->layer) {
      std::string cycle;
      for (const auto& step : chain) cycle += step.first + " -> ";
      node.fail(fmt::format("`extends` cycle: {}{}", cycle, parent_name),
                "a chain of extends that ends at a profile without one");
    }
  }
  const Profile base = resolve<Profile>(kind, parent_name, parent->layer, chain, load);
  return keep(load(doc, std::string(name), &base));
}

template <class Profile>
Profile Catalog::get(ProfileKind kind, std::string_view name,
                     Profile (*load)(const YamlDocument&, const std::string&, const Profile*)) const {
  std::vector<std::pair<std::string, std::size_t>> chain;
  return resolve<Profile>(kind, name, 0, chain, load);
}

std::string Catalog::profile_text(ProfileKind kind, std::string_view name) const {
  std::string out;
  std::string current(name);
  std::size_t from = 0;
  for (std::size_t depth = 0; depth < kMaxExtendsDepth; ++depth) {
    const auto found = find(kind, current, from);
    STOWAGE_CHECK(found.has_value(), "profile_text() of a profile that does not resolve");
    const Entry& e = *found->entry;
    const std::string text =
        e.file.empty() ? std::string(e.text) : read_input_file(e.file, "a readable YAML file");
    out += current + '\0' + text + '\0';
    const YamlDocument doc = YamlDocument::from_text(text, e.display);
    const auto extends = profile_extends(doc);
    if (!extends) break;
    from = extends->first == current ? found->layer + 1 : 0;
    current = extends->first;
  }
  return out;
}

StorageProfile Catalog::storage(std::string_view name) const {
  return get<StorageProfile>(ProfileKind::kStorage, name, load_storage_profile);
}
PlatformProfile Catalog::platform(std::string_view name) const {
  return get<PlatformProfile>(ProfileKind::kPlatform, name, load_platform_profile);
}
GpuProfile Catalog::gpu(std::string_view name) const {
  return get<GpuProfile>(ProfileKind::kGpu, name, load_gpu_profile);
}
LoaderProfile Catalog::loader(std::string_view name) const {
  return get<LoaderProfile>(ProfileKind::kLoader, name, load_loader_profile);
}

}  // namespace stowage::sim::config
