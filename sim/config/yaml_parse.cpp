// The parse behind YamlDocument (sim/config/yaml_parse.hpp): yaml-cpp's events into a YamlTree,
// the fast parse where it applies, and the rules on the whole text: UTF-8, one document, not
// empty. yaml-cpp's headers are included here and in nothing outside sim/config/.
#include "sim/config/yaml_parse.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <optional>
#include <streambuf>

#include "sim/config/input_text.hpp"
#include "sim/config/yaml_fast.hpp"

namespace stowage::sim::config {
namespace {

// yaml-cpp's 0-based position as a 1-based Mark; none (-1) is the file as a whole (0:0).
Mark file_mark(const YAML::Mark& m) {
  if (m.line < 0 || m.column < 0) return Mark{};
  return Mark{m.line + 1, m.column + 1};
}

// The text as yaml-cpp's input stream, read in place.
class TextBuffer : public std::streambuf {
 public:
  explicit TextBuffer(std::string_view text) {
    // The buffer is only read: a put-back restores the byte just read.
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

YamlTree::Style style_of(YAML::EmitterStyle::value style) {
  switch (style) {
    case YAML::EmitterStyle::Block:
      return YamlTree::Style::kBlock;
    case YAML::EmitterStyle::Flow:
      return YamlTree::Style::kFlow;
    default:
      return YamlTree::Style::kDefault;
  }
}

// Builds the tree of one document from yaml-cpp's events, as its own node builder would.
class TreeEvents : public YAML::EventHandler {
 public:
  YamlTreeBuilder& builder() { return builder_; }
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    builder_.null(mark.line, mark.column, anchor);
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override { builder_.alias(anchor); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    builder_.scalar(mark.line, mark.column, value, anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    builder_.begin(YamlTree::Kind::kSequence, style_of(style), mark.line, mark.column, anchor);
  }
  void OnSequenceEnd() override { builder_.end(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    builder_.begin(YamlTree::Kind::kMap, style_of(style), mark.line, mark.column, anchor);
  }
  void OnMapEnd() override { builder_.end(); }

 private:
  YamlTreeBuilder builder_;
};

// Notes where a document starts, and nothing else.
class DocumentStart : public YAML::EventHandler {
 public:
  YAML::Mark mark() const { return mark_; }
  void OnDocumentStart(const YAML::Mark& mark) override { mark_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  YAML::Mark mark_;
};

// Whether the first document (`tree`) is all the text holds, so that the parse can stop there.
// yaml-cpp starts another document at a line that opens with `---`, `...` or a directive (`%`),
// and after a root node that ends before the text does: a scalar followed by stray tokens, or a
// block mapping indented past column 0 followed by a line that is not. A block mapping at
// column 0 ends only where the text does (any other token in it is an error), so without a
// marker line it is the only document. For any other file the parse goes on to the next
// document, if any, which is an error.
bool surely_one_document(std::string_view text, const YamlTree& tree) {
  if (tree.nodes.empty()) return false;
  const YamlTree::Node& root = tree.node(tree.root);
  if (root.kind != YamlTree::Kind::kMap || root.style != YamlTree::Style::kBlock ||
      root.column != 0) {
    return false;
  }
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  const auto marker_at = [&](std::size_t i) {
    return text.compare(i, 3, "---") == 0 || text.compare(i, 3, "...") == 0 ||
           text.compare(i, 1, "%") == 0;
  };
  if (marker_at(0) || (text.starts_with(kBom) && marker_at(kBom.size()))) return false;
  for (std::size_t i = text.find_first_of("\r\n"); i != std::string_view::npos;
       i = text.find_first_of("\r\n", i + 1)) {
    if (marker_at(i + 1)) return false;
  }
  return true;
}

// The first document's tree, with yaml-cpp; a ConfigError if the text holds a second one.
// YAML::LoadAll is not used: on some malformed inputs yaml-cpp 0.7 keeps reporting empty
// documents forever (found by fuzzing); the parse stops at the second.
YamlTree yaml_cpp_tree(std::string_view text, const std::string& name) {
  TextBuffer buffer(text);
  std::istream stream(&buffer);
  YAML::Parser parser(stream);
  TreeEvents events;
  events.builder().reserve(text.size());
  if (!parser.HandleNextDocument(events)) return YamlTree{};
  YamlTree tree = events.builder().finish();
  DocumentStart second;
  if (!surely_one_document(text, tree) && parser.HandleNextDocument(second)) {
    throw ConfigError(name, file_mark(second.mark()), "",
                      "more than one YAML document in the file", "a single document");
  }
  return tree;
}

// The first tab in the indentation of a line with content, up to line `last` (1-based; 0: every
// line): YAML forbids tabs there, and yaml-cpp's message for one ("illegal map value", "end of
// map not found") does not say so.
std::optional<Mark> indentation_tab(std::string_view text, int last) {
  int line = 1;
  for (std::size_t start = 0; start < text.size() && (last <= 0 || line <= last); ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::size_t i = start;
    while (i < end && (text[i] == ' ' || text[i] == '\t')) ++i;
    const bool content = i < end && text[i] != '#' && text[i] != '\r';
    const std::size_t tab = text.find('\t', start);
    if (content && tab < i) return Mark{line, static_cast<int>(tab - start) + 1};
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace

YamlTree parse_yaml_document(std::string_view text, const std::string& name, YamlParser parser) {
  if (wide_text(text)) {
    throw ConfigError(name, Mark{}, "", std::string(kWideTextProblem), "UTF-8 text");
  }
  if (const auto bad = first_invalid_utf8(text)) {
    throw ConfigError(
        name, Mark{bad->line, bad->column}, "",
        fmt::format("invalid UTF-8 (byte 0x{:02x})", static_cast<unsigned char>(text[bad->offset])),
        "UTF-8 text");
  }
  if (parser == YamlParser::kFast) {
    if (auto tree = fast_yaml_tree(text); tree && surely_one_document(text, *tree)) {
      return std::move(*tree);
    }
  }
  YamlTree tree;
  try {
    tree = yaml_cpp_tree(text, name);
  } catch (const YAML::DeepRecursion& e) {
    throw ConfigError(name, file_mark(e.mark), "", "mappings or sequences nested too deep",
                      "a flatter document");
  } catch (const YAML::Exception& e) {
    const Mark at = file_mark(e.mark);
    if (const auto tab = indentation_tab(text, e.mark.line < 0 ? 0 : at.line)) {
      throw ConfigError(name, *tab, "", "a tab in the indentation: YAML forbids tabs for indentation",
                        "spaces");
    }
    throw ConfigError(name, at, "", fmt::format("invalid YAML: {}", e.msg));
  }
  if (tree.nodes.empty() || tree.node(tree.root).kind == YamlTree::Kind::kNull) {
    throw ConfigError(name, Mark{}, "", "the file is empty", "a YAML mapping");
  }
  return tree;
}

}  // namespace stowage::sim::config
