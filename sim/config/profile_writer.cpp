#include "sim/config/profile_writer.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>

#include "sim/check.hpp"
#include "sim/profile_figures.hpp"
#include "sim/units.hpp"

namespace stowage::sim::config {
namespace {

/// The shortest text, over `units`, that parses back to exactly `value` (the first of equals);
/// the base unit always round-trips, as the shortest repr of a double does.
template <class Quantity, class Parse>
std::string exact_text(Quantity value, Parse parse,
                       std::initializer_list<std::pair<std::string_view, double>> units) {
  std::string best = fmt::format("{}{}", value.value(), units.end()[-1].first);
  for (const auto& [unit, scale] : units) {
    const std::string text = fmt::format("{}{}", value.value() / scale, unit);
    try {
      if (parse(text) == value && text.size() < best.size()) best = text;
    } catch (const UnitError&) {
      // e.g. an exponent form the parser rejects; another unit will do
    }
  }
  return best;
}

std::string exact_bytes(Bytes b) {
  return exact_text(b, parse_bytes, {{"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}, {"B", 1.0}});
}
std::string exact_rate(BytesPerSecond r) {
  return exact_text(r, parse_rate, {{"GB/s", 1e9}, {"MB/s", 1e6}, {"kB/s", 1e3}, {"B/s", 1.0}});
}
std::string exact_seconds(Seconds s) {
  return exact_text(s, parse_seconds, {{"s", 1.0}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}});
}

/// A value as the profile loader reads it back exactly.
template <class T>
std::string exact_value_text(const FigureSpec& spec, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v ? "true" : "false";
  } else if constexpr (std::is_enum_v<T>) {
    return std::string(spec.choices[static_cast<std::size_t>(v)]);
  } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) {
    return fmt::format("{}", v);  // the shortest text that reads back to v
  } else if constexpr (std::is_same_v<T, BytesPerSecond>) {
    return exact_rate(v);
  } else if constexpr (std::is_same_v<T, Seconds>) {
    return exact_seconds(v);
  } else if constexpr (std::is_same_v<T, Bytes>) {
    if (spec.quantity != FigureQuantity::kBinaryBytes) return exact_bytes(v);
    // Loaders state their chunks in binary units (16 MiB); the shortest exact text wins.
    return exact_text(v, parse_bytes,
                      {{"GiB", 1024.0 * 1024 * 1024},
                       {"MiB", 1024.0 * 1024},
                       {"KiB", 1024.0},
                       {"MB", 1e6},
                       {"B", 1.0}});
  } else {
    // A distribution's text is for reports; no written profile has one yet.
    STOWAGE_CHECK(false, "the profile writer has no exact text for a distribution");
    return {};
  }
}

/// A figure's value as the loader reads it back exactly; nothing for an unset optional.
std::optional<std::string> figure_text(const FigureSpec& spec, FigureRef field) {
  return std::visit(
      [&](auto* f) -> std::optional<std::string> {
        using Field = std::remove_pointer_t<decltype(f)>;
        if constexpr (kIsOptional<Field>) {
          if (!*f) return std::nullopt;
          return exact_value_text(spec, **f);
        } else {
          return exact_value_text(spec, *f);
        }
      },
      field);
}

void emit_source(YAML::Emitter& out, const Source& s) {
  out << YAML::Flow << YAML::BeginMap;
  switch (s.kind) {
    case Source::Kind::kPublished:
      out << YAML::Key << "kind" << YAML::Value << "published";
      out << YAML::Key << (s.text.starts_with("http") ? "url" : "document");
      break;
    case Source::Kind::kMeasured:
      out << YAML::Key << "kind" << YAML::Value << "measured" << YAML::Key << "calibration";
      break;
    case Source::Kind::kFitted: {
      const std::string_view id = s.first_word();
      out << YAML::Key << "kind" << YAML::Value << "fitted" << YAML::Key << "case" << YAML::Value
          << std::string(id) << YAML::Key << "why" << YAML::Value
          << s.text.substr(std::min(s.text.size(), id.size() + 1)) << YAML::EndMap;
      return;
    }
    case Source::Kind::kAssumption:
      out << YAML::Key << "kind" << YAML::Value << "assumption" << YAML::Key << "why";
      break;
  }
  out << YAML::Value << s.text << YAML::EndMap;
}

}  // namespace

std::string write_storage_overlay_yaml(const StorageOverlay& o) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "extends" << YAML::Value << o.extends;
  out << YAML::Key << "description" << YAML::Value << o.description;
  const auto figure = [&](std::string_view key, const std::string& text) {
    out << YAML::Key << std::string(key) << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
        << "value" << YAML::Value << text << YAML::Key << "source" << YAML::Value;
    emit_source(out, o.source);
    out << YAML::EndMap;
  };
  if (o.per_connection || o.per_client) {
    out << YAML::Key << "throughput" << YAML::Value << YAML::BeginMap;
    if (o.per_connection) figure("per_connection", exact_rate(*o.per_connection));
    if (o.per_client) figure("per_client", exact_rate(*o.per_client));
    out << YAML::EndMap;
  }
  if (o.page_cache) figure("page_cache", *o.page_cache ? "true" : "false");
  if (o.fuse_per_vcpu) {
    out << YAML::Key << "fuse" << YAML::Value << YAML::BeginMap;
    figure("per_vcpu", exact_rate(*o.fuse_per_vcpu));
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  STOWAGE_CHECK(out.good(), out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

std::string write_gpu_profile_yaml(const GpuProfile& profile) {
  // The source of each figure, by path; only those that differ from the origin are written.
  const auto source_of = [&](std::string_view path) -> const Source* {
    for (const Figure& f : profile.info.figures) {
      if (f.path == path && !(f.source == profile.origin)) return &f.source;
    }
    return nullptr;
  };
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "description" << YAML::Value << profile.info.description;
  out << YAML::Key << "source" << YAML::Value;
  emit_source(out, profile.origin);
  const auto figure = [&](std::string_view key, std::string_view path, const std::string& text) {
    out << YAML::Key << std::string(key) << YAML::Value;
    if (const Source* s = source_of(path)) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "value" << YAML::Value << text
          << YAML::Key << "source" << YAML::Value;
      emit_source(out, *s);
      out << YAML::EndMap;
    } else {
      out << text;
    }
  };
  GpuProfile fields = profile;  // the table's accessors take a profile they may change
  const auto rows = [&](std::string_view section) {
    for (const FigureField<GpuProfile>& f : gpu_figures()) {
      if (!in_section(f.spec.path, section)) continue;
      figure(leaf_key(f.spec.path), f.spec.path, *figure_text(f.spec, f.access(fields)));
    }
  };
  rows("");
  out << YAML::Key << "host_link" << YAML::Value << YAML::BeginMap;
  rows("host_link");
  out << YAML::EndMap;
  out << YAML::Key << "h2d" << YAML::Value << YAML::BeginMap;
  const auto copy = [&](std::string_view key, const CopyCost& cost) {
    const std::string base = fmt::format("h2d.{}", key);
    out << YAML::Key << std::string(key) << YAML::Value << YAML::BeginMap;
    rows(base);
    if (!cost.bands.empty()) {
      out << YAML::Key << "bands" << YAML::Value << YAML::BeginSeq;
      for (const CopyBand& b : cost.bands) {
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "up_to" << YAML::Value
            << exact_bytes(b.up_to) << YAML::Key << "alpha" << YAML::Value << exact_seconds(b.alpha)
            << YAML::Key << "beta" << YAML::Value << exact_rate(b.beta) << YAML::EndMap;
      }
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  };
  copy("pinned", profile.h2d_pinned);
  copy("pageable", profile.h2d_pageable);
  out << YAML::EndMap << YAML::EndMap;
  STOWAGE_CHECK(out.good(), out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

std::string write_loader_profile_yaml(const LoaderProfile& profile, const Source& source) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "description" << YAML::Value << profile.info.description;
  out << YAML::Key << "source" << YAML::Value;
  emit_source(out, source);
  LoaderProfile fields = profile;  // the table's accessors take a profile they may change
  for (const FigureField<LoaderProfile>& f : loader_figures()) {
    if (const auto text = figure_text(f.spec, f.access(fields))) {
      out << YAML::Key << std::string(f.spec.path) << YAML::Value << *text;
    }
  }
  out << YAML::EndMap;
  STOWAGE_CHECK(out.good(), out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

}  // namespace stowage::sim::config
