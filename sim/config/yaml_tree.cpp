#include "sim/config/yaml_tree.hpp"

#include <limits>

#include "sim/check.hpp"

namespace stowage::sim::config {
namespace {

constexpr std::size_t kMaxIndex = std::numeric_limits<std::uint32_t>::max();

}  // namespace

void YamlTreeBuilder::reserve(std::size_t bytes) {
  // A node takes at least two bytes of text (`a,` or `a\n`) but for the empty values yaml-cpp
  // fills in; a mapping of short keys and values about six.
  tree_.nodes.reserve(bytes / 4);
  tree_.children.reserve(bytes / 4);
  tree_.text.reserve(bytes);
}

std::uint32_t YamlTreeBuilder::add(YamlTree::Kind kind, std::int32_t line, std::int32_t column,
                                   std::size_t anchor) {
  // Inputs are at most 256 MiB (input_text.hpp): every count fits 32 bits.
  STOWAGE_CHECK(tree_.nodes.size() < kMaxIndex, "a YAML document of under 2^32 nodes");
  const auto index = static_cast<std::uint32_t>(tree_.nodes.size());
  YamlTree::Node& n = tree_.nodes.emplace_back();
  n.kind = kind;
  n.line = line;
  n.column = column;
  if (anchor != 0) {
    if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, kMaxIndex);
    anchors_[anchor] = index;
  }
  return index;
}

void YamlTreeBuilder::place(std::uint32_t index) {
  if (!open_.empty()) {
    pending_.push_back(index);
  } else if (!has_root_) {
    tree_.root = index;
    has_root_ = true;
  }
}

void YamlTreeBuilder::scalar(std::int32_t line, std::int32_t column, std::string_view value,
                             std::size_t anchor) {
  STOWAGE_CHECK(tree_.text.size() + value.size() < kMaxIndex, "scalars of under 4 GiB in all");
  const std::uint32_t i = add(YamlTree::Kind::kScalar, line, column, anchor);
  tree_.nodes[i].begin = static_cast<std::uint32_t>(tree_.text.size());
  tree_.nodes[i].size = static_cast<std::uint32_t>(value.size());
  tree_.text.append(value);
  place(i);
}

void YamlTreeBuilder::null(std::int32_t line, std::int32_t column, std::size_t anchor) {
  place(add(YamlTree::Kind::kNull, line, column, anchor));
}

void YamlTreeBuilder::alias(std::size_t anchor) {
  STOWAGE_CHECK(anchor < anchors_.size() && anchors_[anchor] != kMaxIndex,
                "an alias names an anchor defined before it");
  place(anchors_[anchor]);
}

void YamlTreeBuilder::begin(YamlTree::Kind kind, YamlTree::Style style, std::int32_t line,
                            std::int32_t column, std::size_t anchor) {
  const std::uint32_t i = add(kind, line, column, anchor);
  tree_.nodes[i].style = style;
  open_.push_back(Open{i, pending_.size()});
}

void YamlTreeBuilder::end() {
  STOWAGE_CHECK(!open_.empty(), "a collection ends after it begins");
  const Open o = open_.back();
  open_.pop_back();
  std::size_t count = pending_.size() - o.first;
  // A key without its value is dropped, as yaml-cpp's node tree drops it (its parser always
  // sends one, null where none is written).
  if (tree_.nodes[o.node].kind == YamlTree::Kind::kMap) count -= count % 2;
  STOWAGE_CHECK(tree_.children.size() + count < kMaxIndex, "under 2^32 children in all");
  tree_.nodes[o.node].begin = static_cast<std::uint32_t>(tree_.children.size());
  tree_.nodes[o.node].size = static_cast<std::uint32_t>(count);
  tree_.children.insert(tree_.children.end(),
                        pending_.begin() + static_cast<std::ptrdiff_t>(o.first),
                        pending_.begin() + static_cast<std::ptrdiff_t>(o.first + count));
  pending_.resize(o.first);
  place(o.node);
}

YamlTree YamlTreeBuilder::finish() {
  STOWAGE_CHECK(open_.empty(), "every collection ends");
  if (!has_root_) return YamlTree{};
  return std::move(tree_);
}

}  // namespace stowage::sim::config
