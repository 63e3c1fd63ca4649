// Source reader: a figure's `source:` as written in a profile, parsed into sim::Source
// (sim/provenance.hpp). Used by the profile loaders (sim/config/profile_fields, profile_loader)
// and the exchange rates loader.
//
// A string is `measured: FILE why` (a record under data/calibration/), `fitted: CASE-ID why` (the
// accuracy suite's fit case the figure came from: its id, then what was fitted), `assumption:
// why`, or else a published source (a URL; a user's profile may cite a document). A mapping is
// {kind: published, url | document}, {kind: measured, calibration}, {kind: fitted, case, why} or
// {kind: assumption, why}. Only the form is checked here: that a fitted source names a case and
// says why, that an assumption says why, that a measurement names its file. Whether the case or
// the record exists, and that a published figure gives a URL, is checked over the shipped catalog
// by tests/source_kinds_test.cpp. Errors are ConfigErrors at the `source:` value.
#pragma once

#include <string_view>

#include "sim/config/yaml_reader.hpp"
#include "sim/provenance.hpp"

namespace stowage::sim::config {

inline constexpr std::string_view kAssumptionPrefix = "assumption:";
inline constexpr std::string_view kMeasuredPrefix = "measured:";
inline constexpr std::string_view kFittedPrefix = "fitted:";

/// A `source:` value, string or mapping.
Source parse_source(const YamlNode& node);

}  // namespace stowage::sim::config
