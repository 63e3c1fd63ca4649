// The parse behind YamlDocument: a text to the YamlTree of its one document.
//
// The whole text is checked first (UTF-8, with the position of the first bad byte); then the
// fast parse (yaml_fast.hpp) is tried where the caller asks for it, and yaml-cpp's events
// build the tree where the fast parse declines. Both give the same tree. A second document, a
// syntax error, nesting too deep for yaml-cpp, or an empty document is a ConfigError at its
// position in `name` (0:0 where yaml-cpp gives none). Internal to sim/config/: everything else
// reads YAML through YamlDocument. Pure: the same text gives the same tree or the same error.
#pragma once

#include <string>
#include <string_view>

#include "sim/config/yaml_reader.hpp"
#include "sim/config/yaml_tree.hpp"

namespace stowage::sim::config {

/// The tree of the one document in `text`; throws ConfigError (`name` stands for the file).
YamlTree parse_yaml_document(std::string_view text, const std::string& name, YamlParser parser);

}  // namespace stowage::sim::config
