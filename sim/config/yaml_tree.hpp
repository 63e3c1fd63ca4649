// YamlTree: the nodes of one parsed YAML document, compact, as YamlNode reads them.
//
// A document is a vector of 20-byte nodes, a vector of child indices and one string that holds
// every scalar's bytes: a flow written as `{id: load-0, size: 4GB, start: 0s, via: [nas, nic-0],
// bound: 200MB/s}` is 13 nodes, 13 child slots and its scalars, about 370 bytes (yaml-cpp's
// node tree took about 6 KB). A mapping's children are its keys and values in file order (key,
// value, key, value, ...), duplicates kept, so that YamlNode reports a duplicate at its second
// occurrence. Each node keeps the position its parser gave it (0-based; -1 where there is none)
// and, for a collection, its style: what yaml-cpp's node tree kept, nothing more.
//
// YamlTreeBuilder makes a tree from parse events in document order (yaml-cpp's event handler in
// yaml_parse.cpp, the fast parse in yaml_fast.cpp): the same events give the same tree, byte for
// byte, whichever parser sent them. An alias is the node its anchor names (a child index, not a
// copy), as in yaml-cpp's node tree; nothing is ever expanded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stowage::sim::config {

struct YamlTree {
  enum class Kind : std::uint8_t { kNull, kScalar, kSequence, kMap };
  /// As yaml-cpp's EmitterStyle: how a collection was written.
  enum class Style : std::uint8_t { kDefault, kBlock, kFlow };

  struct Node {
    Kind kind = Kind::kNull;
    Style style = Style::kDefault;
    std::int32_t line = -1, column = -1;  // 0-based, as the parser gives them; -1: none
    /// A scalar: its bytes in `text`. A collection: its entries in `children`.
    std::uint32_t begin = 0, size = 0;
    bool operator==(const Node&) const = default;
  };

  std::vector<Node> nodes;              // empty: no document
  std::vector<std::uint32_t> children;  // indices into `nodes`
  std::string text;                     // every scalar's bytes, one after another
  std::uint32_t root = 0;

  const Node& node(std::uint32_t i) const { return nodes[i]; }
  std::string_view scalar(const Node& n) const {
    return std::string_view(text).substr(n.begin, n.size);
  }
  /// The i-th child of a collection (of a mapping: key, value, key, value, ...).
  std::uint32_t child(const Node& n, std::size_t i) const { return children[n.begin + i]; }
  bool operator==(const YamlTree&) const = default;
};

/// Builds a YamlTree from one document's events. An anchor is a number above 0 (0: none), as
/// yaml-cpp numbers them; an alias names one defined before it (the parsers check that).
class YamlTreeBuilder {
 public:
  /// Room for the tree of a text of `bytes` bytes, so that the vectors are not copied as they
  /// grow; what a tree leaves unused is never touched (and not resident).
  void reserve(std::size_t bytes);
  void scalar(std::int32_t line, std::int32_t column, std::string_view value, std::size_t anchor);
  void null(std::int32_t line, std::int32_t column, std::size_t anchor);
  void alias(std::size_t anchor);
  void begin(YamlTree::Kind kind, YamlTree::Style style, std::int32_t line, std::int32_t column,
             std::size_t anchor);
  void end();

  /// Whether the next node is a mapping's key.
  bool at_key() const {
    return !open_.empty() && tree_.nodes[open_.back().node].kind == YamlTree::Kind::kMap &&
           (pending_.size() - open_.back().first) % 2 == 0;
  }
  /// The innermost collection begun and not ended, or nothing.
  const YamlTree::Node* parent() const {
    return open_.empty() ? nullptr : &tree_.nodes[open_.back().node];
  }
  /// Nodes so far in the innermost open collection (0 if none is open).
  std::size_t entries() const { return open_.empty() ? 0 : pending_.size() - open_.back().first; }
  /// The key whose value comes next, or nothing.
  const YamlTree::Node* key() const {
    if (open_.empty() || at_key() || parent()->kind != YamlTree::Kind::kMap) return nullptr;
    return &tree_.nodes[pending_.back()];
  }
  /// Whether a root came and every collection has ended.
  bool complete() const { return has_root_ && open_.empty(); }
  /// Collections begun and not yet ended.
  std::size_t depth() const { return open_.size(); }
  /// The tree, once its root has ended (an empty tree if no node came).
  YamlTree finish();

 private:
  std::uint32_t add(YamlTree::Kind kind, std::int32_t line, std::int32_t column,
                    std::size_t anchor);
  void place(std::uint32_t index);

  struct Open {
    std::uint32_t node;
    std::size_t first;  // its first child in pending_
  };
  YamlTree tree_;
  std::vector<Open> open_;
  std::vector<std::uint32_t> pending_;  // children of the open collections, innermost last
  std::vector<std::uint32_t> anchors_;  // node of each anchor, by number
  bool has_root_ = false;
};

}  // namespace stowage::sim::config
