#include "advisor/report/json_stream.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>

#include "advisor/report/text.hpp"
#include "sim/check.hpp"

namespace stowage::advisor::report {
namespace {

/// Bytes handed to the sink at a time: large enough that the sink's cost per call is noise.
constexpr std::size_t kFlushBytes = 1 << 16;

bool plain_ascii(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

void append_string(std::string& out, std::string_view s) {
  if (plain_ascii(s)) {
    out += '"';
    out.append(s);
    out += '"';
    return;
  }
  // Inputs are checked for UTF-8 where they are read; a bad byte left is U+FFFD, never a throw.
  out += nlohmann::ordered_json(std::string(s))
             .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

JsonStream::JsonStream(Sink sink) : sink_(std::move(sink)) { buf_.reserve(kFlushBytes + 4096); }

JsonStream JsonStream::to_file(std::FILE* file) {
  return JsonStream([file](std::string_view text) { fmt::print(file, "{}", text); });
}

void JsonStream::newline_indent(std::size_t depth) {
  buf_ += '\n';
  buf_.append(2 * depth, ' ');
}

void JsonStream::before_value() {
  if (frames_.empty()) return;
  Frame& f = frames_.back();
  if (f.object) {
    STOWAGE_CHECK(key_pending_, "JsonStream: an object member needs a key");
    key_pending_ = false;
    return;
  }
  raw(f.members++ == 0 ? "" : ",");
  newline_indent(frames_.size());
}

void JsonStream::flush_if_full() {
  if (buf_.size() < kFlushBytes) return;
  sink_(buf_);
  buf_.clear();
}

JsonStream& JsonStream::key(std::string_view k) {
  STOWAGE_CHECK(!frames_.empty() && frames_.back().object && !key_pending_,
                "JsonStream: a key outside an object");
  Frame& f = frames_.back();
  const bool first = f.members++ == 0;
  key_pending_ = true;
  if (!plain_ascii(k)) {
    raw(first ? "" : ",");
    newline_indent(frames_.size());
    append_string(buf_, k);
    raw(": ");
    return *this;
  }
  // The same bytes in one step: `,` (not first), newline, indent, `"key": `.
  const std::size_t indent = 2 * frames_.size();
  const std::size_t at = buf_.size();
  buf_.resize(at + (first ? 0 : 1) + 1 + indent + k.size() + 4);
  char* p = buf_.data() + at;
  if (!first) *p++ = ',';
  *p++ = '\n';
  p = std::fill_n(p, indent, ' ');
  *p++ = '"';
  p = std::copy(k.begin(), k.end(), p);
  *p++ = '"';
  *p++ = ':';
  *p = ' ';
  return *this;
}

JsonStream& JsonStream::begin_object() {
  before_value();
  raw("{");
  frames_.push_back({true});
  return *this;
}

JsonStream& JsonStream::begin_array() {
  before_value();
  raw("[");
  frames_.push_back({false});
  return *this;
}

JsonStream& JsonStream::close(bool object) {
  STOWAGE_CHECK(!frames_.empty() && frames_.back().object == object && !key_pending_,
                "JsonStream: an end without its object or array");
  const bool empty = frames_.back().members == 0;
  frames_.pop_back();
  if (!empty) newline_indent(frames_.size());
  raw(object ? "}" : "]");
  flush_if_full();
  return *this;
}

JsonStream& JsonStream::value(double v) {
  before_value();
  if (!std::isfinite(v)) {
    raw("null");
    return *this;
  }
  const auto bits = std::bit_cast<std::uint64_t>(v);
  if (last_size_ == 0 || bits != last_bits_) {
    // The serializer's own conversion (what dump() calls), so the digits are the same.
    const char* end =
        nlohmann::detail::to_chars(last_text_.data(), last_text_.data() + last_text_.size(), v);
    last_bits_ = bits;
    last_size_ = static_cast<std::size_t>(end - last_text_.data());
  }
  buf_.append(last_text_.data(), last_size_);
  return *this;
}

JsonStream& JsonStream::value(std::int64_t v) {
  before_value();
  std::array<char, 24> text;
  buf_.append(text.data(), std::to_chars(text.data(), text.data() + text.size(), v).ptr - text.data());
  return *this;
}

JsonStream& JsonStream::value(std::uint64_t v) {
  before_value();
  std::array<char, 24> text;
  buf_.append(text.data(), std::to_chars(text.data(), text.data() + text.size(), v).ptr - text.data());
  return *this;
}

JsonStream& JsonStream::value(bool v) {
  before_value();
  raw(v ? "true" : "false");
  return *this;
}

JsonStream& JsonStream::value(std::string_view s) {
  before_value();
  append_string(buf_, s);
  return *this;
}

JsonStream& JsonStream::null() {
  before_value();
  raw("null");
  return *this;
}

JsonStream& JsonStream::value(const nlohmann::ordered_json& j) {
  before_value();
  // JSON text holds no raw newline inside a string: every newline starts a line to indent.
  const std::string text = json_text(j);
  const std::size_t indent = 2 * frames_.size();
  for (const char c : text) {
    buf_ += c;
    if (c == '\n') buf_.append(indent, ' ');
  }
  flush_if_full();
  return *this;
}

void JsonStream::finish() {
  STOWAGE_CHECK(frames_.empty() && !key_pending_, "JsonStream: finish inside an open value");
  buf_ += '\n';
  sink_(buf_);
  buf_.clear();
}

}  // namespace stowage::advisor::report
