// Input text: reading a user's file safely, checking that its text is UTF-8, and echoing user
// text in one-line messages.
//
// Every reader of a user file (workloads, profiles, sweeps, flow scenarios and their CSV files,
// arrival traces, sweep parts, calibration records) opens it through `read_input_file`, which
// refuses what is not a regular file (a directory, a device such as /dev/zero, a FIFO that
// would block, a socket) and a file larger than its limit, before reading a byte. Each refusal
// is a ConfigError at `file:1:1` whose problem says which it is.
//
// Text that reaches JSON output must be UTF-8: `first_invalid_utf8` finds where it is not, so a
// reader can report the line and column. `printable` escapes what must not reach a terminal or
// split a message line: control characters (newline, tab, escape, NUL...), C1 controls and bytes
// that are not UTF-8 become `\n`, `\t`, `\x1b`, `\u0085`... and a backslash stays as is. Pure
// functions; nothing here keeps state.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace stowage::sim::config {

/// The largest input file read by default: 256 MiB. Workloads, profiles and sweeps are a few
/// kilobytes; the largest legitimate inputs, arrival traces of up to a million times and flow
/// CSV files, stay well below it.
inline constexpr std::uintmax_t kMaxInputBytes = std::uintmax_t{256} << 20;

/// Why `path` cannot be read as an input file of at most `max_bytes`, or nothing: "does not
/// exist", "is a directory", "is not a regular file (a device, FIFO or socket)", "is larger than
/// the limit of 256 MiB" or the system's reason.
std::optional<std::string> input_file_problem(const std::filesystem::path& path,
                                              std::uintmax_t max_bytes = kMaxInputBytes);

/// The whole text of a regular file of at most `max_bytes`; a ConfigError at `path:1:1` ("cannot
/// read: PROBLEM (expected EXPECTED)") otherwise. Does not check the encoding.
std::string read_input_file(const std::filesystem::path& path, std::string_view expected,
                            std::uintmax_t max_bytes = kMaxInputBytes);

/// A byte offset and the 1-based line and column (in bytes) of a place in a text.
struct TextPlace {
  std::size_t offset = 0;
  int line = 1;
  int column = 1;
};

/// Where `text` first stops being UTF-8 (a stray byte, a truncated or overlong sequence, a
/// surrogate, a code point above U+10FFFF), or nothing when it is all UTF-8.
std::optional<TextPlace> first_invalid_utf8(std::string_view text);

/// True when `text` is UTF-16 or UTF-32 rather than UTF-8: it starts with their byte-order mark
/// (FF FE or FE FF) or holds a NUL byte (which such text has beside every ASCII character, and
/// which no UTF-8 input of stowage has).
bool wide_text(std::string_view text);
/// The one message for wide text, with or without a byte-order mark.
inline constexpr std::string_view kWideTextProblem =
    "UTF-16 or UTF-32 text (a byte-order mark or NUL bytes)";

/// `text` with every control character, C1 control and non-UTF-8 byte escaped: safe to print
/// inside one line of a message.
std::string printable(std::string_view text);

/// `'text'`, printable, for echoing a user's value in a message.
std::string quoted_value(std::string_view text);

}  // namespace stowage::sim::config
