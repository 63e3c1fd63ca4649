// YamlNode, YamlMap and YamlDocument (sim/config/yaml_reader.hpp): position-aware views of a
// parsed tree, their checks (unknown, missing and duplicate keys; types, units and ranges) and
// the "did you mean" of their messages. Text becomes a tree in yaml_parse.cpp.
#include "sim/config/yaml_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include "sim/config/input_text.hpp"
#include "sim/config/yaml_parse.hpp"
#include "sim/units.hpp"

namespace stowage::sim::config {
namespace {

// A node's 0-based position as a 1-based Mark; a node without one (-1) takes `fallback`.
Mark to_mark(const YamlTree::Node& n, Mark fallback) {
  if (n.line < 0 || n.column < 0) return fallback;
  return Mark{n.line + 1, n.column + 1};
}

// Key paths are built for every node read (a 100,000-flow file reads a million): appended, not
// formatted.
std::string child_path(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string out;
  out.reserve(parent.size() + 1 + key.size());
  out.append(parent).append(1, '.').append(key);
  return out;
}

std::string item_path(const std::string& parent, std::size_t index) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, index).ptr;
  std::string out;
  out.reserve(parent.size() + 2 + static_cast<std::size_t>(end - digits));
  out.append(parent).append(1, '[').append(digits, end).append(1, ']');
  return out;
}

}  // namespace

ConfigError::ConfigError(std::string file, Mark mark, std::string key_path, std::string problem,
                         std::string expected)
    : std::runtime_error([&] {
        // Echoed input is escaped: the message stays one line, whatever the file holds.
        // A mark with line 0 is no position (a JSON record): `file: error: ...`.
        std::string line =
            mark.line > 0
                ? fmt::format("{}:{}:{}: error: ", printable(file), mark.line, mark.column)
                : fmt::format("{}: error: ", printable(file));
        if (!key_path.empty()) line += printable(key_path) + ": ";
        line += printable(problem);
        if (!expected.empty()) line += fmt::format(" (expected {})", printable(expected));
        return line;
      }()),
      file_(std::move(file)),
      mark_(mark),
      key_path_(std::move(key_path)),
      problem_(std::move(problem)),
      expected_(std::move(expected)) {}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance: Levenshtein plus adjacent transpositions.
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::string closest_match(std::string_view key, const std::vector<std::string_view>& candidates) {
  // The same word but for case (`L4` for `l4`, `NAS-Performance` for `nas-performance`) is the
  // likeliest, however short.
  for (std::string_view c : candidates) {
    if (c != key && same_but_case(c, key)) return std::string(c);
  }
  // A typo plausibly changes up to a third of a word, and at least one character; a word of one
  // or two characters is too short to guess from.
  if (key.size() < 3) return {};
  const size_t limit = std::max<size_t>(1, key.size() / 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (std::string_view c : candidates) {
    if (c == key) continue;  // never suggest the input itself
    const size_t dist = edit_distance(key, c);
    if (dist < best_distance) {  // strict: the first of equals wins, in the caller's order
      best_distance = dist;
      best = std::string(c);
    }
  }
  return best;
}

YamlNode::YamlNode(const std::string* file, const YamlTree* tree, std::uint32_t index,
                   std::string path, Mark mark)
    : file_(file), tree_(tree), index_(index), path_(std::move(path)), mark_(mark) {}

YamlNode YamlNode::child(std::uint32_t index, std::string path, Mark fallback) const {
  return YamlNode(file_, tree_, index, std::move(path), to_mark(tree_->node(index), fallback));
}

std::string YamlNode::kind_name() const {
  if (is_map()) return "a mapping";
  if (is_sequence()) return "a sequence";
  if (is_scalar()) return quoted_value(tree_->scalar(node()));
  return "nothing";
}

void YamlNode::fail(std::string problem, std::string expected) const {
  throw ConfigError(*file_, mark_, path_, std::move(problem), std::move(expected));
}

void YamlNode::fail_at_key(std::string problem, std::string expected) const {
  throw ConfigError(*file_, key_mark_, path_, std::move(problem), std::move(expected));
}

std::vector<std::pair<std::string, YamlNode>> YamlNode::entries() const {
  if (!is_map()) fail(fmt::format("found {}", kind_name()), "a mapping");
  const YamlTree::Node& self = node();
  std::vector<std::pair<std::string, YamlNode>> out;
  out.reserve(self.size / 2);
  for (std::size_t i = 0; i + 1 < self.size; i += 2) {
    const YamlTree::Node& key = tree_->node(tree_->child(self, i));
    const Mark key_mark = to_mark(key, mark_);
    if (key.kind != YamlTree::Kind::kScalar) {
      throw ConfigError(*file_, key_mark, path_, "a key must be a plain name", "name: value");
    }
    std::string name(tree_->scalar(key));
    if (first_invalid_utf8(name)) {
      throw ConfigError(*file_, key_mark, path_,
                        fmt::format("key {} is not UTF-8", quoted_value(name)), "UTF-8 text");
    }
    for (const auto& [seen, seen_node] : out) {
      if (seen == name) {
        // The value's position may be the key's; the first occurrence is where the key was.
        throw ConfigError(
            *file_, key_mark, child_path(path_, name),
            fmt::format("duplicate key (first defined at line {})", seen_node.key_mark_.line),
            "each key once");
      }
    }
    YamlNode value = child(tree_->child(self, i + 1), child_path(path_, name), key_mark);
    value.key_mark_ = key_mark;
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

YamlMap YamlNode::map(std::initializer_list<std::string_view> allowed) const {
  auto list = entries();
  const std::vector<std::string_view> keys(allowed);
  for (const auto& [name, value] : list) {
    if (std::find(keys.begin(), keys.end(), name) != keys.end()) continue;
    const std::string suggestion = closest_match(name, keys);
    throw ConfigError(*file_, value.key_mark_, value.path_,
                      suggestion.empty()
                          ? "unknown key"
                          : fmt::format("unknown key, did you mean `{}`?", suggestion),
                      fmt::format("one of: {}", fmt::join(keys, ", ")));
  }
  return YamlMap(*this, std::move(list));
}

std::vector<YamlNode> YamlNode::items(std::string_view expected) const {
  if (!is_sequence()) fail(fmt::format("found {}", kind_name()), std::string(expected));
  const YamlTree::Node& self = node();
  std::vector<YamlNode> out;
  out.reserve(self.size);
  for (std::size_t i = 0; i < self.size; ++i) {
    out.push_back(child(tree_->child(self, i), item_path(path_, i), mark_));
  }
  return out;
}

std::string YamlNode::as_string() const {
  if (!is_scalar()) fail(fmt::format("found {}", kind_name()), "a value");
  std::string s(tree_->scalar(node()));
  if (s.empty()) fail("empty value", "a non-empty value");
  // Raw bytes are checked when the file is read; an escape such as "\udc00" is caught here.
  if (first_invalid_utf8(s)) fail(fmt::format("{} is not UTF-8", quoted_value(s)), "UTF-8 text");
  return s;
}

bool YamlNode::as_bool() const {
  const std::string s = as_string();
  if (s == "true") return true;
  if (s == "false") return false;
  fail(fmt::format("{} is not a boolean", quoted_value(s)), "true or false");
}

std::int64_t YamlNode::as_int(std::int64_t min, std::int64_t max) const {
  const std::string s = as_string();
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) {
    fail(fmt::format("{} is out of range", quoted_value(s)),
         fmt::format("an integer from {} to {}", min, max));
  }
  if (ec != std::errc() || end != s.data() + s.size()) {
    fail(fmt::format("{} is not an integer", quoted_value(s)),
         fmt::format("an integer from {} to {}", min, max));
  }
  if (v < min || v > max) {
    fail(fmt::format("{} is out of range", v), fmt::format("an integer from {} to {}", min, max));
  }
  return v;
}

double YamlNode::as_double(double min, double max) const {
  const std::string s = as_string();
  double v = 0;
  const bool word = !s.empty() && (std::isalpha(static_cast<unsigned char>(s.front())) != 0);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  const std::string range = fmt::format("a number from {} to {}", min, max);
  if (word || ec == std::errc::invalid_argument || end != s.data() + s.size()) {
    fail(fmt::format("{} is not a number", quoted_value(s)), range);
  }
  if (ec == std::errc::result_out_of_range || !std::isfinite(v) || v < min || v > max) {
    fail(fmt::format("{} is out of range", s), range);
  }
  return v;
}

namespace {

template <class Tag, class Parse>
Quantity<Tag> parse_quantity(const YamlNode& node, Parse parse, Quantity<Tag> min) {
  const std::string s = node.as_string();
  Quantity<Tag> v;
  try {
    v = parse(s);
  } catch (const UnitError& e) {
    node.fail(e.what(), e.expected());
  }
  if (v < min)
    node.fail(fmt::format("{} is below the minimum", quoted_value(s)),
              fmt::format("at least {}", min));
  return v;
}

}  // namespace

Bytes YamlNode::as_bytes(Bytes min) const { return parse_quantity(*this, parse_bytes, min); }
BytesPerSecond YamlNode::as_rate(BytesPerSecond min) const {
  return parse_quantity(*this, parse_rate, min);
}
Seconds YamlNode::as_seconds(Seconds min) const {
  return parse_quantity(*this, parse_seconds, min);
}

std::size_t YamlNode::as_choice(std::initializer_list<std::string_view> choices) const {
  return as_choice(std::vector<std::string_view>(choices));
}

std::size_t YamlNode::as_choice(const std::vector<std::string_view>& list) const {
  const std::string s = as_string();
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i] == s) return i;
  }
  const std::string suggestion = closest_match(s, list);
  fail(suggestion.empty()
           ? fmt::format("unknown value {}", quoted_value(s))
           : fmt::format("unknown value {}, did you mean `{}`?", quoted_value(s), suggestion),
       fmt::format("one of: {}", fmt::join(list, ", ")));
}

std::optional<YamlNode> YamlMap::get(std::string_view key) const {
  for (const auto& [name, value] : entries_) {
    if (name == key) return value;
  }
  return std::nullopt;
}

YamlNode YamlMap::required(std::string_view key, std::string_view expected) const {
  if (auto v = get(key)) return *v;
  throw ConfigError(self_.file(), self_.mark(), self_.path(),
                    fmt::format("missing required key `{}`", key), std::string(expected));
}

YamlDocument::YamlDocument(std::string name, std::filesystem::path base_dir, YamlTree tree)
    : name_(std::make_unique<std::string>(std::move(name))),
      base_dir_(std::move(base_dir)),
      tree_(std::make_unique<YamlTree>(std::move(tree))) {}

YamlDocument YamlDocument::from_file(const std::filesystem::path& path, YamlParser parser) {
  auto doc = from_text(read_input_file(path, "a readable YAML file"), path.string(), parser);
  doc.base_dir_ = path.parent_path();
  return doc;
}

YamlDocument YamlDocument::from_text(std::string_view text, std::string name, YamlParser parser) {
  YamlTree tree = parse_yaml_document(text, name, parser);
  return YamlDocument(std::move(name), std::filesystem::path(), std::move(tree));
}

YamlNode YamlDocument::root() const {
  return YamlNode(name_.get(), tree_.get(), tree_->root, "",
                  to_mark(tree_->node(tree_->root), Mark{}));
}

}  // namespace stowage::sim::config
