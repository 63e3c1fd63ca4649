// The fast parse: libfyaml's event parser builds a YamlTree for a document written in the plain
// subset of YAML that large generated files use, about six times faster than yaml-cpp's
// scanner (a 100,000-flow file of 8.9 MB: 0.21 to 0.24 s against 1.34 to 1.36 s CPU, events
// alone, on the 2-core development machine). It is used where speed matters (flow files) and
// only as a shortcut: yaml-cpp stays the reference for what a document means, where its nodes
// are and what a mistake in it says.
//
// The plain subset, where both parsers give the same events (the same nodes, values, positions
// and styles; tests/fuzz/flows_fuzz.cpp checks it on every input it tries):
//   - printable ASCII and line feeds only (no tab, no carriage return, no byte order mark);
//   - one implicit document whose root is a block mapping at column 0, and no line that opens
//     with `---`, `...` or `%` (as YamlDocument's single-document test);
//   - block and flow mappings and sequences without anchors, aliases or tags; every mapping key
//     a scalar of at most 1,000 bytes;
//   - scalars on one line: plain ones of letters, digits, `-_./+` and inner spaces and not null
//     (`~`, `null`, `Null`, `NULL` or nothing), quoted ones without a backslash; no literal or
//     folded block scalar.
// Anything else (a syntax error too) returns nothing, and the caller parses the text with
// yaml-cpp as before, so that every answer, error or not, is yaml-cpp's.
#pragma once

#include <optional>
#include <string_view>

#include "sim/config/yaml_tree.hpp"

namespace stowage::sim::config {

/// The tree of `text` when it keeps to the plain subset and parses; else nothing.
std::optional<YamlTree> fast_yaml_tree(std::string_view text);

}  // namespace stowage::sim::config
