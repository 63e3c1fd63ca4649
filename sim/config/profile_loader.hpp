// Profile loader: profiles/<kind>/<name>.yaml to StorageProfile, PlatformProfile, GpuProfile.
//
// All profile validation happens here, through YamlReader, with the same one-line errors as the
// workload (`nas.yaml:7:12: error: throughput.per_client: unknown unit 'MBs' (expected ...)`).
//
// Sources. Every figure needs a source. A section (any mapping, the file itself included) may hold
// `source:`, which applies to every figure inside it that has none of its own; a figure may carry
// its own as `{value: 600MB/s, source: URL}`, and a distribution or a capacity mapping may hold
// `source:` among its keys. A source is a string (a URL or document, `assumption: why`, or
// `measured: FILE`) or a mapping `{kind: published, url: U}`, `{kind: published, document: D}`,
// `{kind: measured, calibration: FILE}`, `{kind: assumption, why: W}`. A figure with no source in
// reach is an error. An optional figure may be `none` (no such limit), which also drops a limit
// inherited through `extends`.
//
// Extends. A profile whose file says `extends: other` is loaded on top of the parent's struct:
// fields it names replace the parent's (a section replaces only the fields it names; a capacity
// or distribution is replaced whole), and required fields may be left to the parent. Resolving
// the parent is the catalog's job (sim/config/catalog.hpp); these functions take it already loaded.
//
// Loading is deterministic: the same text and parent give the same profile or the same error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "sim/profile.hpp"

namespace stowage::sim::config {

class YamlDocument;
class YamlNode;

/// The `extends:` value of a profile document and where it is written, if any.
std::optional<std::pair<std::string, YamlNode>> profile_extends(const YamlDocument& doc);

/// Parses a storage profile named `name`; `parent` is the profile it extends, or null when the
/// document has no `extends:`. Throws ConfigError.
StorageProfile load_storage_profile(const YamlDocument& doc, const std::string& name,
                                    const StorageProfile* parent = nullptr);
/// Parses a platform profile; see load_storage_profile.
PlatformProfile load_platform_profile(const YamlDocument& doc, const std::string& name,
                                      const PlatformProfile* parent = nullptr);
/// Parses a GPU profile; see load_storage_profile.
GpuProfile load_gpu_profile(const YamlDocument& doc, const std::string& name,
                            const GpuProfile* parent = nullptr);
/// Parses a loader profile; see load_storage_profile.
LoaderProfile load_loader_profile(const YamlDocument& doc, const std::string& name,
                                  const LoaderProfile* parent = nullptr);
/// Parses a GPU profile without `extends` from text; `file` names it in errors.
GpuProfile load_gpu_profile_text(std::string_view text, const std::string& file,
                                 const std::string& name);

}  // namespace stowage::sim::config
