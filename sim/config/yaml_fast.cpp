#include "sim/config/yaml_fast.hpp"

#include <libfyaml.h>

#include <algorithm>
#include <memory>

namespace stowage::sim::config {
namespace {

constexpr std::size_t kMaxKeyBytes = 1000;  // YAML allows an implicit key 1,024 characters

bool plain_text(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == '\n' || (u >= 0x20 && u < 0x7f);
  });
}

bool null_word(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// A plain scalar of letters, digits, `-`, `_`, `.`, `/`, `+` and single inner spaces: the
// two parsers split and end it alike (yaml-cpp ends a plain scalar in a flow collection at `?`,
// libfyaml does not; `:` and `#` have rules of their own).
bool plain_word(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '/' || c == '+' || c == ' ';
  });
}

struct ParserDeleter {
  void operator()(fy_parser* p) const { fy_parser_destroy(p); }
};
struct DiagDeleter {
  void operator()(fy_diag* d) const { fy_diag_destroy(d); }
};

// libfyaml's messages go nowhere: a text it declines is yaml-cpp's to report.
void discard(fy_diag*, void*, const char*, size_t) {}

// One event, freed when it goes out of scope.
class Event {
 public:
  Event(fy_parser* parser, fy_event* event) : parser_(parser), event_(event) {}
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() { fy_parser_event_free(parser_, event_); }
  fy_event* operator->() const { return event_; }
  fy_event* get() const { return event_; }

 private:
  fy_parser* parser_;
  fy_event* event_;
};

// Builds the tree; false where the text leaves the plain subset.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) { builder_.reserve(text.size()); }

  bool read(fy_parser* parser) {
    while (fy_event* raw = fy_parser_parse(parser)) {
      const Event event(parser, raw);
      if (!take(event.get())) return false;
    }
    return !fy_parser_get_stream_error(parser) && documents_ == 1 && ended_ && builder_.complete();
  }

  YamlTree finish() { return builder_.finish(); }

 private:
  bool take(fy_event* e) {
    switch (e->type) {
      case FYET_STREAM_START:
      case FYET_STREAM_END:
        return true;
      case FYET_DOCUMENT_START:
        return e->document_start.implicit && ++documents_ == 1;
      case FYET_DOCUMENT_END:
        ended_ = true;
        return e->document_end.implicit;
      case FYET_MAPPING_START:
        return collection(e, YamlTree::Kind::kMap, e->mapping_start.anchor, e->mapping_start.tag,
                          e->mapping_start.mapping_start, FYTT_FLOW_MAPPING_START);
      case FYET_SEQUENCE_START:
        return collection(e, YamlTree::Kind::kSequence, e->sequence_start.anchor,
                          e->sequence_start.tag, e->sequence_start.sequence_start,
                          FYTT_FLOW_SEQUENCE_START);
      case FYET_MAPPING_END:
      case FYET_SEQUENCE_END:
        if (builder_.depth() == 0) return false;
        builder_.end();
        return true;
      case FYET_SCALAR:
        return scalar(e);
      default:  // an alias, or anything this version does not know
        return false;
    }
  }

  // Whether a node of `kind` and `style` at line:column sits where both parsers put it: a
  // value in a block mapping on its key's line, or a block collection below it and indented
  // (a sequence may stand at the key's column); an item of a block sequence right of its `-`.
  // Elsewhere the two differ (libfyaml takes a scalar at the key's column on the next line as
  // the value, yaml-cpp as the next key).
  bool placed(YamlTree::Kind kind, YamlTree::Style style, int line, int column) const {
    const YamlTree::Node* parent = builder_.parent();
    if (parent == nullptr || parent->style != YamlTree::Style::kBlock) return true;
    if (parent->kind == YamlTree::Kind::kSequence) return column > parent->column;
    const YamlTree::Node* key = builder_.key();
    if (key == nullptr || line == key->line) return true;
    if (style != YamlTree::Style::kBlock) return false;
    return kind == YamlTree::Kind::kSequence ? column >= key->column : column > key->column;
  }

  bool collection(fy_event* e, YamlTree::Kind kind, fy_token* anchor, fy_token* tag,
                  fy_token* start, fy_token_type flow_start) {
    const fy_mark* m = fy_event_start_mark(e);
    if (anchor != nullptr || tag != nullptr || m == nullptr || builder_.at_key()) return false;
    const bool flow = start != nullptr && fy_token_get_type(start) == flow_start;
    const YamlTree::Style style = flow ? YamlTree::Style::kFlow : YamlTree::Style::kBlock;
    // A pair without braces in a flow sequence (`[a: b]`) is marked otherwise: a flow
    // collection must start at its bracket, a block sequence at its `-`, a block mapping at its
    // first key (checked there).
    const YamlTree::Node* parent = builder_.parent();
    if (!flow && parent != nullptr && parent->style == YamlTree::Style::kFlow) return false;
    const char opening = !flow ? (kind == YamlTree::Kind::kSequence ? '-' : '\0')
                               : (kind == YamlTree::Kind::kSequence ? '[' : '{');
    if (opening != '\0' && (m->input_pos >= text_.size() || text_[m->input_pos] != opening)) {
      return false;
    }
    if (!placed(kind, style, m->line, m->column)) return false;
    builder_.begin(kind, style, m->line, m->column, 0);
    return true;
  }

  bool scalar(fy_event* e) {
    const fy_mark* start = fy_event_start_mark(e);
    const fy_mark* end = fy_event_end_mark(e);
    if (e->scalar.anchor != nullptr || e->scalar.tag != nullptr || start == nullptr ||
        end == nullptr || start->line != end->line || end->input_pos < start->input_pos ||
        end->input_pos > text_.size()) {
      return false;
    }
    std::size_t length = 0;
    const char* value = fy_token_get_text(e->scalar.value, &length);
    if (value == nullptr) return false;
    const std::string_view v(value, length);
    if (builder_.at_key() && v.size() > kMaxKeyBytes) return false;
    const std::string_view raw = text_.substr(start->input_pos, end->input_pos - start->input_pos);
    int column = start->column;
    std::size_t after = end->input_pos;  // the first byte past the scalar
    switch (fy_token_scalar_style(e->scalar.value)) {
      case FYSS_PLAIN:
        if (null_word(v) || !plain_word(v)) return false;
        break;
      case FYSS_DOUBLE_QUOTED:
        if (raw.find('\\') != std::string_view::npos) return false;
        [[fallthrough]];
      case FYSS_SINGLE_QUOTED: {
        // libfyaml marks a quoted scalar's first character, yaml-cpp its opening quote.
        const char quote =
            fy_token_scalar_style(e->scalar.value) == FYSS_SINGLE_QUOTED ? '\'' : '"';
        if (start->input_pos == 0 || start->column == 0 || text_[start->input_pos - 1] != quote ||
            after >= text_.size() || text_[after] != quote) {
          return false;
        }
        --column;
        ++after;
        break;
      }
      default:  // literal or folded
        return false;
    }
    // A key ends at `: ` or `:` and a line end, on its own line (`{a:[b]}` and a `:` on the
    // next line are read otherwise).
    if (builder_.at_key()) {
      const YamlTree::Node* map = builder_.parent();
      if (map->style == YamlTree::Style::kBlock && builder_.entries() == 0 &&
          (map->line != start->line || map->column != column)) {
        return false;
      }
      while (after < text_.size() && text_[after] == ' ') ++after;
      if (after >= text_.size() || text_[after] != ':' ||
          (after + 1 < text_.size() && text_[after + 1] != ' ' && text_[after + 1] != '\n')) {
        return false;
      }
    }
    if (!placed(YamlTree::Kind::kScalar, YamlTree::Style::kDefault, start->line, column)) {
      return false;
    }
    builder_.scalar(start->line, column, v, 0);
    return true;
  }

  std::string_view text_;
  YamlTreeBuilder builder_;
  int documents_ = 0;
  bool ended_ = false;
};

}  // namespace

std::optional<YamlTree> fast_yaml_tree(std::string_view text) {
  if (!plain_text(text)) return std::nullopt;
  fy_diag_cfg diag_cfg{};
  fy_diag_cfg_default(&diag_cfg);
  diag_cfg.fp = nullptr;
  diag_cfg.output_fn = discard;
  const std::unique_ptr<fy_diag, DiagDeleter> diag(fy_diag_create(&diag_cfg));
  if (!diag) return std::nullopt;
  fy_parse_cfg cfg{};
  cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_JSON_NONE);
  cfg.diag = diag.get();
  const std::unique_ptr<fy_parser, ParserDeleter> parser(fy_parser_create(&cfg));
  if (!parser || fy_parser_set_string(parser.get(), text.data(), text.size()) != 0) {
    return std::nullopt;
  }
  Reader reader(text);
  if (!reader.read(parser.get())) return std::nullopt;
  return reader.finish();
}

}  // namespace stowage::sim::config
