// `stowage profiles list` and `stowage profiles show`: what the catalog knows and where each
// figure comes from.
//
//   stowage profiles list [--kind K] [--format table|markdown|csv|json] [-o FILE] [--profiles
// DIR]...
//   stowage profiles show NAME [--kind K] [--format table|json] [-o FILE] [--profiles DIR]...
//
// `list` prints one row per profile (name, kind, key figures, how many figures have a source of
// each kind: published, measured, fitted, assumed; and the layer it was found in); `show` prints
// every figure of one profile with its source's kind and text, or the same as JSON (`--json` is the older spelling of `--format json`). On a terminal
// the tables fit its width (advisor/cli/output_options.hpp). The search path is --profiles, then
// STOWAGE_PROFILES (read here, at the edge), then the installed and the built-in catalog
// (sim/config/catalog.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "advisor/cli/catalog_option.hpp"
#include "advisor/cli/commands.hpp"
#include "advisor/cli/output_options.hpp"
#include "advisor/report/schema_version.hpp"
#include "advisor/report/text.hpp"
#include "sim/config/catalog.hpp"
#include "sim/profile_figures.hpp"
#include "sim/storage/registry.hpp"

namespace stowage::advisor {
namespace {

using sim::config::Catalog;
using sim::ProfileInfo;
using sim::ProfileKind;

std::optional<ProfileKind> parse_kind(const std::string& text) {
  for (ProfileKind k : sim::config::kProfileKinds) {
    if (sim::profile_kind_name(k) == text) return k;
  }
  return std::nullopt;
}

/// A source's kind as printed: `published` only with a URL; a published source that cites a
/// document without one (allowed in a user's profile, never in the built-in catalog) is printed
/// as `document`.
std::string_view kind_label(const sim::Source& source) {
  if (source.kind == sim::Source::Kind::kPublished && !source.has_url()) return "document";
  return sim::source_kind_name(source.kind);
}

/// How many figures of each kind, zeros left out: `5 published, 1 measured, 1 assumed`.
std::string source_status(const ProfileInfo& info) {
  std::vector<std::string> parts;
  std::size_t documents = 0;
  for (const sim::Figure& f : info.figures) documents += kind_label(f.source) == "document";
  for (sim::Source::Kind kind : sim::kSourceKinds) {
    std::size_t n = info.count(kind);
    if (kind == sim::Source::Kind::kPublished) n -= documents;
    if (n == 0) continue;
    parts.push_back(fmt::format("{} {}", n,
                                kind == sim::Source::Kind::kAssumption
                                    ? std::string_view("assumed")
                                    : sim::source_kind_name(kind)));
    if (kind == sim::Source::Kind::kPublished && documents > 0)
      parts.push_back(fmt::format("{} document", documents));
  }
  if (parts.empty()) return "no figures";
  return fmt::format("{}", fmt::join(parts, ", "));
}

/// One row of `profiles list`.
struct Row {
  std::string name, kind, figures, sources, layer;
};

Row storage_row(const Catalog& catalog, const std::string& name) {
  const sim::StorageProfile p = catalog.storage(name);
  std::vector<std::string> parts{"cloud " + p.cloud};
  if (p.throughput.shared) parts.push_back("shared " + p.throughput.shared->to_string());
  if (p.throughput.per_client) parts.push_back(fmt::format("client {}", *p.throughput.per_client));
  if (p.throughput.per_file) parts.push_back(fmt::format("file {}", *p.throughput.per_file));
  if (p.fuse) parts.push_back(fmt::format("FUSE {}/vCPU", p.fuse->per_vcpu));
  parts.push_back(p.page_cache ? "page cache" : "no page cache");
  return Row{name, fmt::format("storage/{}", p.kind->name()),
             fmt::format("{}", fmt::join(parts, "; ")), source_status(p.info),
             catalog.layer_of(ProfileKind::kStorage, name)};
}

Row platform_row(const Catalog& catalog, const std::string& name) {
  const sim::PlatformProfile p = catalog.platform(name);
  return Row{name, "platform",
             fmt::format("cloud {}; start {}; NIC {}; timeout {}; gpus {}", p.cloud,
                         p.sandbox_start.to_string(),
                         p.instance_bandwidth, p.start_timeout, fmt::join(p.gpus, ", ")),
             source_status(p.info), catalog.layer_of(ProfileKind::kPlatform, name)};
}

Row gpu_row(const Catalog& catalog, const std::string& name) {
  const sim::GpuProfile p = catalog.gpu(name);
  return Row{name, "gpu",
             fmt::format("{}; PCIe Gen{} x{}; H2D pinned {}, pageable {}", p.memory,
                         p.host_link.pcie_generation, p.host_link.lanes, p.h2d_pinned.beta,
                         p.h2d_pageable.beta),
             source_status(p.info), catalog.layer_of(ProfileKind::kGpu, name)};
}

Row loader_row(const Catalog& catalog, const std::string& name) {
  const sim::LoaderProfile p = catalog.loader(name);
  static constexpr const char* kStaging[] = {"pageable", "pinned", "direct", "no copy"};
  std::vector<std::string> parts;
  parts.push_back(p.streams ? report::count_text(*p.streams, "stream") : "workload's streams");
  if (p.chunk) parts.push_back(fmt::format("chunk {}", sim::size_text(*p.chunk)));
  if (p.per_stream) parts.push_back(fmt::format("{}/stream", *p.per_stream));
  parts.push_back(kStaging[static_cast<int>(p.staging)]);
  parts.push_back(p.overlap ? "overlapped" : "serial");
  if (!p.page_cache) parts.push_back("no page cache");
  if (p.hash_first) parts.push_back("hashes first");
  if (p.pool) parts.push_back("pinned pool");
  if (p.object_client) {
    parts.push_back(p.object_streams ? "reads object stores itself, " +
                                           report::count_text(*p.object_streams, "stream")
                                     : "reads object stores itself");
  }
  return Row{name, "loader", fmt::format("{}", fmt::join(parts, "; ")), source_status(p.info),
             catalog.layer_of(ProfileKind::kLoader, name)};
}

std::string list_profiles(const Catalog& catalog, std::optional<ProfileKind> only,
                          const std::string& format, int width) {
  using report::Align;
  report::TextTable table{{"NAME", "KIND", "KEY FIGURES", "SOURCES", "FROM"},
                          {Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft},
                          {}};
  std::size_t assumed_profiles = 0;
  std::size_t fitted_profiles = 0;
  std::size_t total = 0;
  for (ProfileKind kind : sim::config::kProfileKinds) {
    if (only && *only != kind) continue;
    for (const std::string& name : catalog.names(kind)) {
      const Row r = kind == ProfileKind::kStorage    ? storage_row(catalog, name)
                    : kind == ProfileKind::kPlatform ? platform_row(catalog, name)
                    : kind == ProfileKind::kGpu      ? gpu_row(catalog, name)
                                                     : loader_row(catalog, name);
      table.rows.push_back({r.name, r.kind, r.figures, r.sources, r.layer});
      ++total;
      assumed_profiles += r.sources.find("assumed") != std::string::npos ? 1 : 0;
      fitted_profiles += r.sources.find("fitted") != std::string::npos ? 1 : 0;
    }
  }
  if (format == "csv") return report::render_csv(table);
  if (format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& row : table.rows) {
      j.push_back({{"name", row[0]},
                   {"kind", row[1]},
                   {"key_figures", row[2]},
                   {"sources", row[3]},
                   {"from", row[4]}});
    }
    const nlohmann::ordered_json doc = {{"schema_version", report::kSchemaVersion},
                                        {"profiles", std::move(j)}};
    return report::json_text(doc) + "\n";
  }
  const std::string summary =
      fmt::format("{} profiles, {} resting on at least one assumption, {} on a figure fitted "
                  "from an accuracy case (`stowage profiles show NAME` lists each figure's source "
                  "and its kind)",
                  total, assumed_profiles, fitted_profiles);
  if (format == "markdown") return report::render_markdown(table) + "\n" + summary + "\n";
  return report::render_terminal(table, {}, width) + "\n" +
         report::wrap_paragraph(summary, width, "");
}

std::string show_profile(const Catalog& catalog, ProfileKind kind, const std::string& name,
                         bool json, int width) {
  ProfileInfo info;
  std::string subtype(sim::profile_kind_name(kind));
  switch (kind) {
    case ProfileKind::kStorage: {
      const auto p = catalog.storage(name);
      info = p.info;
      subtype += fmt::format("/{}", p.kind->name());
      break;
    }
    case ProfileKind::kPlatform:
      info = catalog.platform(name).info;
      break;
    case ProfileKind::kGpu:
      info = catalog.gpu(name).info;
      break;
    case ProfileKind::kLoader:
      info = catalog.loader(name).info;
      break;
  }
  const std::string layer = catalog.layer_of(kind, name);
  if (json) {
    nlohmann::ordered_json j;
    j["name"] = info.name;
    j["kind"] = subtype;
    j["description"] = info.description;
    j["file"] = info.file;
    j["layer"] = layer;
    j["extends"] =
        info.extends.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(info.extends);
    j["assumptions"] = info.assumption_count();
    j["source_kinds"] = nlohmann::ordered_json::object();
    for (sim::Source::Kind k : sim::kSourceKinds) {
      j["source_kinds"][std::string(sim::source_kind_name(k))] = info.count(k);
    }
    j["figures"] = nlohmann::ordered_json::array();
    for (const sim::Figure& f : info.figures) {
      nlohmann::ordered_json fj = {{"path", f.path},
                                   {"value", f.value},
                                   {"source_kind", kind_label(f.source)},
                                   {"source", f.source.text}};
      if (f.range) {
        fj["range"] = {{"low", f.range->low}, {"high", f.range->high}, {"text", f.range->text}};
      }
      fj["used_by_model"] = !sim::recorded_only(kind, f.path);
      j["figures"].push_back(std::move(fj));
    }
    return report::json_text(report::versioned(std::move(j))) + "\n";
  }
  std::string out = fmt::format("{} ({})\n", info.name, subtype) +
                    report::wrap_paragraph(info.description, width, "") +
                    fmt::format("file: {} ({})\n", info.file, layer);
  if (!info.extends.empty()) out += fmt::format("extends: {}\n", info.extends);
  out += fmt::format("sources: {}\n\n", source_status(info));
  using report::Align;
  // The RANGE column (sim/figure_range.hpp) only where some figure has one.
  const bool ranged = std::any_of(info.figures.begin(), info.figures.end(),
                                  [](const sim::Figure& f) { return f.range.has_value(); });
  report::TextTable table{{"FIGURE", "VALUE", "KIND", "SOURCE"},
                          {Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft},
                          {}};
  if (ranged) {
    table.header.insert(table.header.begin() + 2, "RANGE");
    table.align.push_back(Align::kLeft);
  }
  std::vector<std::string> unused;  // the figures kept for the reader only
  for (const sim::Figure& f : info.figures) {
    std::vector<std::string> row{f.path, f.value, std::string(kind_label(f.source)),
                                 f.source.text};
    if (ranged) row.insert(row.begin() + 2, f.range ? f.range->text : std::string());
    table.rows.push_back(std::move(row));
    if (sim::recorded_only(kind, f.path)) unused.push_back(f.path);
  }
  out += report::render_terminal(table, {}, width);
  if (!unused.empty()) {
    out += "\n" +
           report::wrap_paragraph(fmt::format("recorded for the reader, not used by the model: {} "
                                              "(docs/profiles.md says why)",
                                              fmt::join(unused, ", ")),
                                  width, "");
  }
  return out;
}

}  // namespace

void add_profiles_command(CLI::App& app, CommandStatus& status) {
  CLI::App* profiles =
      app.add_subcommand("profiles", "List the storage, platform, GPU and loader profiles, or show one");
  profiles->require_subcommand(1);

  struct Options {
    std::vector<std::string> dirs;
    std::string kind;
    std::string name;
    OutputOptions list_output;
    OutputOptions show_output;
  };
  auto options = std::make_shared<Options>();
  const auto add_common = [&](CLI::App* sub) {
    add_profiles_option(sub, options->dirs);
    sub->add_option("--kind", options->kind, "storage, platform, gpu or loader")
        ->check(CLI::IsMember({"storage", "platform", "gpu", "loader"}));
  };

  CLI::App* list = profiles->add_subcommand("list", "One line per profile, with its key figures");
  add_common(list);
  add_output_options(list, options->list_output, {"table", "markdown", "csv", "json"});
  list->callback([options, &status] {
    const Catalog catalog = open_catalog(options->dirs);
    const OutputOptions& output = options->list_output;
    emit(list_profiles(catalog, parse_kind(options->kind), output.format,
                       terminal_width(output.out)),
         output.out);
    status.code = 0;
  });

  CLI::App* show = profiles->add_subcommand("show", "Every figure of one profile and its source");
  show->add_option("name", options->name, "The profile's name, e.g. nas-performance")->required();
  add_common(show);
  add_output_options(show, options->show_output, {"table", "json"});
  add_format_alias(show, options->show_output.format, "json");
  show->callback([options, &status] {
    const Catalog catalog = open_catalog(options->dirs);
    const auto only = parse_kind(options->kind);
    for (ProfileKind kind : sim::config::kProfileKinds) {
      if ((only && *only != kind) || !catalog.contains(kind, options->name)) continue;
      const OutputOptions& output = options->show_output;
      emit(show_profile(catalog, kind, options->name, output.format == "json",
                        terminal_width(output.out)),
           output.out);
      status.code = 0;
      return;
    }
    std::vector<std::string> all;
    for (ProfileKind kind : sim::config::kProfileKinds) {
      if (only && *only != kind) continue;
      for (const std::string& n : catalog.names(kind)) all.push_back(n);
    }
    throw unknown_name("name", "profile", options->name, all);
  });
}

}  // namespace stowage::advisor
