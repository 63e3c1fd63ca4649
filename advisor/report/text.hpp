// Report text: the pieces every output format shares, and the one table type.
//
// A TextTable is a header and rows of cells with an alignment per column; it renders as an
// aligned terminal table (two spaces between columns, trailing spaces trimmed, optional ANSI
// colour per row), a markdown table (left columns `---`, right columns `--:`) or CSV. Each format
// has one escaper: markdown_cell escapes `*` and `|`, csv_field quotes a field with a comma, a
// quote or a newline (inner quotes doubled). Pure functions: the same input gives the same bytes.
//
// Given a terminal width, a table too wide for it first narrows its widest columns, never below
// their longest word, wrapping their cells (and header) at spaces onto continuation lines; if
// even that does not fit, each row becomes a record: its first `record_keys` cells on a line,
// then `HEADER value` for the others, wrapped with the lines after the first indented and each
// `HEADER value` kept on one line when it fits one. No wrap separates a number from its unit
// (`52.4 s`, `5927.21 CNY`).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace stowage::advisor::report {

enum class Align { kLeft, kRight };

struct TextTable {
  std::vector<std::string> header;
  std::vector<Align> align;  // one per column
  std::vector<std::vector<std::string>> rows;
  /// The cells that open a record unlabelled (a name, or a rank and a name).
  std::size_t record_keys = 2;
};

/// The width of the table's widest columns side by side, two spaces apart (as rendered with no
/// width to fit).
std::size_t table_width(const TextTable& t);

/// Aligned columns; `row_colour[i]` (an SGR code such as "32", or empty) colours row i; `width`
/// > 0 fits that many columns, as above.
std::string render_terminal(const TextTable& t, const std::vector<std::string>& row_colour = {},
                            int width = 0);
/// `text` in lines of at most `width` characters, broken at spaces (a longer word is cut), as
/// lines; `width` 0: one line.
std::vector<std::string> wrap_words(const std::string& text, std::size_t width);
/// `text` wrapped to `width` with `indent` before every line after the first, ending in a
/// newline; `width` 0: `text` and a newline.
std::string wrap_paragraph(const std::string& text, int width, const std::string& indent);
/// Each line of `text` through wrap_paragraph; `width` 0: `text` as it is.
std::string wrap_text(const std::string& text, int width, const std::string& indent);
std::string render_markdown(const TextTable& t);
std::string render_csv(const TextTable& t);

/// A CSV field, quoted (with inner quotes doubled) when it holds a comma, a quote or a newline.
std::string csv_field(const std::string& s);
/// Fields joined with commas, each through csv_field, and a newline.
std::string csv_line(const std::vector<std::string>& fields);
/// A markdown table cell: `*` and `|` shown literally.
std::string markdown_cell(const std::string& s);

/// `j` as JSON text indented by two spaces (no final newline). Inputs are checked for UTF-8 where
/// they are read; should a string still not be UTF-8, each bad byte becomes U+FFFD instead of the
/// dump throwing.
std::string json_text(const nlohmann::ordered_json& j);
/// A JSON number, or null for infinity and NaN.
nlohmann::ordered_json seconds_json(double seconds);
/// `1.8 s`, or `failed` for infinity.
std::string seconds_text(double seconds);
/// The shortest text that reads back as the same double (CSV numbers).
std::string number_text(double v);
/// `1 stream`, `3 streams`: a count and its noun, plural unless the count is one.
std::string count_text(std::size_t n, std::string_view noun);

}  // namespace stowage::advisor::report
