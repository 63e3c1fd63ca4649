// JsonStream: JSON written piece by piece, in exactly the bytes nlohmann::ordered_json::dump(2)
// gives for the same document, without the document in memory.
//
// Layout as dump(2): a non-empty object or array opens on its line and puts each member on its
// own line, indented two spaces per level (`"key": value`, members joined by `,`); an empty one
// is `{}` or `[]`. Numbers: a double in the serializer's own shortest round-trip form (`1.0`,
// `0.25`, `1e-05`), null when it is infinite or NaN; integers in decimal. Strings of printable
// ASCII are written as they are; any other string goes through nlohmann's escaper (and its UTF-8
// check), so the bytes never differ from dump(). Text is handed to the sink in pieces of about
// 64 KiB and at finish(); the same calls give the same bytes.
// Misuse (a value where a key is due, unbalanced ends) is a programmer error: STOWAGE_CHECK.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stowage::advisor::report {

class JsonStream {
 public:
  using Sink = std::function<void(std::string_view)>;
  explicit JsonStream(Sink sink);
  /// A stream to a C file (stdout), through fmt::print.
  static JsonStream to_file(std::FILE* file);

  JsonStream& begin_object();
  JsonStream& end_object() { return close(true); }
  JsonStream& begin_array();
  JsonStream& end_array() { return close(false); }
  /// The next member's key; the value follows.
  JsonStream& key(std::string_view k);

  JsonStream& value(double v);
  JsonStream& value(std::int64_t v);
  JsonStream& value(std::uint64_t v);
  JsonStream& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonStream& value(bool v);
  JsonStream& value(std::string_view s);
  JsonStream& value(const char* s) { return value(std::string_view(s)); }
  JsonStream& value(const std::string& s) { return value(std::string_view(s)); }
  JsonStream& null();
  /// The number, or null when there is none.
  JsonStream& value(const std::optional<double>& v) { return v ? value(*v) : null(); }
  /// A whole (small) document, laid out at this depth as dump(2) lays it out there.
  JsonStream& value(const nlohmann::ordered_json& j);

  /// Ends the document with a newline and hands every byte left to the sink; the stream must be
  /// back at depth 0.
  void finish();

 private:
  void before_value();
  JsonStream& close(bool object);
  void newline_indent(std::size_t depth);
  void raw(std::string_view s) { buf_.append(s); }
  void flush_if_full();

  struct Frame {
    bool object;
    std::size_t members = 0;
  };
  Sink sink_;
  std::string buf_;
  std::vector<Frame> frames_;
  bool key_pending_ = false;
  // The last finite double written and its text (none while last_size_ is 0): a phase starts
  // when the one before it ended, so a number often comes twice in a row and is converted once.
  // Compared bit for bit, so -0.0 and 0.0 keep their own texts.
  std::uint64_t last_bits_ = 0;
  std::size_t last_size_ = 0;
  std::array<char, 64> last_text_{};
};

}  // namespace stowage::advisor::report
