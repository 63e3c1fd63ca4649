// YamlReader: the only door through which YAML enters stowage.
//
// yaml-cpp is convenient but unforgiving for users: `node[key].as<T>()` reports a missing key
// without a position, and non-const access inserts nodes. YamlDocument owns a parsed file and
// hands out YamlNode views that know their dotted key path (`model.files[0].size`) and their
// 1-based position, so that every error can be a ConfigError that points at the offending text:
//   - a key missing from a map is reported at the map's own position;
//   - an unknown key is reported at the key, with the closest allowed key ("did you mean") and
//     the list of allowed keys;
//   - a duplicate key is reported at its second occurrence;
//   - a value of the wrong type, unit or range is reported at the value.
// Views are cheap to copy and valid while their document lives. Nothing here is global, and
// reading the same text always gives the same nodes and the same errors.
//
// A document's nodes are a YamlTree (yaml_tree.hpp: hundreds of bytes per small mapping, not
// yaml-cpp's kilobytes), built from yaml-cpp's parse events; a flow file may take the fast parse
// (yaml_fast.hpp), which gives the same tree or declines. yaml-cpp's headers stay inside
// sim/config/*.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/config/config_error.hpp"
#include "sim/config/yaml_tree.hpp"
#include "sim/units.hpp"

namespace stowage::sim::config {

class YamlMap;

/// A position-aware view of one YAML node.
class YamlNode {
 public:
  YamlNode(const std::string* file, const YamlTree* tree, std::uint32_t index, std::string path,
           Mark mark);

  const std::string& path() const { return path_; }
  Mark mark() const { return mark_; }
  const std::string& file() const { return *file_; }

  bool is_map() const { return node().kind == YamlTree::Kind::kMap; }
  bool is_sequence() const { return node().kind == YamlTree::Kind::kSequence; }
  bool is_scalar() const { return node().kind == YamlTree::Kind::kScalar; }
  bool is_null() const { return node().kind == YamlTree::Kind::kNull; }
  /// "a mapping", "a sequence", "a scalar" or "nothing": for messages.
  std::string kind_name() const;

  /// Throws a ConfigError at this node.
  [[noreturn]] void fail(std::string problem, std::string expected = {}) const;
  /// Throws a ConfigError at this value's key (for a mapping value: a bad key, not a bad value).
  [[noreturn]] void fail_at_key(std::string problem, std::string expected = {}) const;

  /// Checks that this is a mapping whose keys are all in `allowed` and appear once.
  YamlMap map(std::initializer_list<std::string_view> allowed) const;
  /// Checks that this is a mapping with unique keys; any key is allowed (e.g. storage names).
  std::vector<std::pair<std::string, YamlNode>> entries() const;
  /// Checks that this is a sequence and returns its items; `expected` describes one in errors.
  std::vector<YamlNode> items(std::string_view expected = "a sequence") const;

  /// The scalar text; fails on a mapping, a sequence or an empty value.
  std::string as_string() const;
  bool as_bool() const;
  std::int64_t as_int(std::int64_t min, std::int64_t max) const;
  double as_double(double min, double max) const;
  Bytes as_bytes(Bytes min = Bytes(0)) const;
  BytesPerSecond as_rate(BytesPerSecond min = BytesPerSecond(0)) const;
  Seconds as_seconds(Seconds min = Seconds(0)) const;
  /// One of `choices`; returns its index.
  std::size_t as_choice(std::initializer_list<std::string_view> choices) const;
  std::size_t as_choice(const std::vector<std::string_view>& choices) const;

 private:
  const YamlTree::Node& node() const { return tree_->node(index_); }
  YamlNode child(std::uint32_t index, std::string path, Mark fallback) const;

  const std::string* file_;
  const YamlTree* tree_;
  std::uint32_t index_;
  std::string path_;
  Mark mark_;
  Mark key_mark_ = mark_;  // where the key of this value is, for unknown and duplicate keys
};

/// A mapping whose keys have been checked against an allowed list.
class YamlMap {
 public:
  explicit YamlMap(YamlNode self, std::vector<std::pair<std::string, YamlNode>> entries)
      : self_(std::move(self)), entries_(std::move(entries)) {}

  const YamlNode& node() const { return self_; }
  bool has(std::string_view key) const { return get(key).has_value(); }
  std::optional<YamlNode> get(std::string_view key) const;
  /// The value of `key`; a missing key is reported at this mapping's position.
  YamlNode required(std::string_view key, std::string_view expected = {}) const;
  const std::vector<std::pair<std::string, YamlNode>>& entries() const { return entries_; }

 private:
  YamlNode self_;
  std::vector<std::pair<std::string, YamlNode>> entries_;
};

/// Which parser reads a document. Both give the same nodes and the same errors.
enum class YamlParser {
  kYamlCpp,  ///< yaml-cpp alone
  kFast,     ///< the fast parse (yaml_fast.hpp) where the text keeps to its subset, else yaml-cpp
};

/// A parsed YAML file (one document) that owns its nodes.
class YamlDocument {
 public:
  /// Reads and parses a file; ConfigError if it is missing, unreadable, invalid or empty.
  static YamlDocument from_file(const std::filesystem::path& path,
                                YamlParser parser = YamlParser::kYamlCpp);
  /// Parses text; `name` stands for the file in messages.
  static YamlDocument from_text(std::string_view text, std::string name,
                                YamlParser parser = YamlParser::kYamlCpp);

  YamlNode root() const;
  const std::string& name() const { return *name_; }
  /// The directory that relative paths in the document are resolved against.
  const std::filesystem::path& base_dir() const { return base_dir_; }
  /// Every node, for comparing what two parsers made of a text.
  const YamlTree& tree() const { return *tree_; }

 private:
  YamlDocument(std::string name, std::filesystem::path base_dir, YamlTree tree);
  // Stable addresses: nodes point at them.
  std::unique_ptr<std::string> name_;
  std::filesystem::path base_dir_;
  std::unique_ptr<YamlTree> tree_;
};

/// Edit distance between two keys (insertions, deletions, substitutions, transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The closest candidate to `key` if it is a plausible typo, else empty.
std::string closest_match(std::string_view key, const std::vector<std::string_view>& candidates);

}  // namespace stowage::sim::config
