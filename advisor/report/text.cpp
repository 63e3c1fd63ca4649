#include "advisor/report/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string_view>
#include <utility>

#include "sim/units.hpp"

namespace stowage::advisor::report {

namespace {

/// A space that never breaks a line: between a number and its unit (`52.4 s`, `5927.21 CNY`).
constexpr char kGlue = '\x1f';

/// Whether `word` starts with a unit: its leading letters (with `/` and `%`) are a unit of time,
/// size or rate, or a currency code (three capitals), and nothing but punctuation or a number
/// follows them (`s`, `s*`, `s..121`, `GB/s,`, `CNY`).
bool unit_word(std::string_view word) {
  static constexpr std::array<std::string_view, 23> kUnits = {
      "s",    "ms",   "us",   "ns",   "min",   "h",     "d",     "B",     "kB",   "MB",  "GB", "TB",
      "KiB",  "MiB",  "GiB",  "TiB",  "kB/s",  "MB/s",  "GB/s",  "GiB/s", "Gbps", "Mbps", "%"};
  std::size_t n = 0;
  while (n < word.size() && (std::isalpha(static_cast<unsigned char>(word[n])) != 0 ||
                             word[n] == '/' || word[n] == '%')) {
    ++n;
  }
  const std::string_view unit = word.substr(0, n);
  if (std::find(kUnits.begin(), kUnits.end(), unit) != kUnits.end()) return true;
  return n == 3 && std::all_of(unit.begin(), unit.end(),
                               [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
}

/// `text` with the space after a number glued to the unit that follows it.
std::string glue_units(std::string text) {
  for (std::size_t i = text.find(' '); i != std::string::npos; i = text.find(' ', i + 1)) {
    const bool after_number = i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1])) != 0;
    if (!after_number) continue;
    const std::size_t end = std::min(text.find(' ', i + 1), text.size());
    if (unit_word(std::string_view(text).substr(i + 1, end - i - 1))) text[i] = kGlue;
  }
  return text;
}

/// The length of the longest word of `text`, a number and its unit counting as one.
std::size_t longest_word(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (char c : glue_units(text)) {
    run = c == ' ' ? 0 : run + 1;
    longest = std::max(longest, run);
  }
  return longest;
}

/// Narrows the widest columns of `w` (gaps of 2 between them), none below its longest word,
/// until they fit `width`; whether they do.
bool fit_columns(const TextTable& t, std::vector<std::size_t>& w, std::size_t width) {
  std::vector<std::size_t> floor(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    floor[i] = longest_word(t.header[i]);
    for (const auto& r : t.rows) floor[i] = std::max(floor[i], longest_word(r[i]));
  }
  std::size_t total = 2 * (w.size() - 1);
  for (std::size_t x : w) total += x;
  while (total > width) {
    std::size_t widest = w.size();
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (w[i] > floor[i] && (widest == w.size() || w[i] > w[widest])) widest = i;
    }
    if (widest == w.size()) return false;
    --w[widest];
    --total;
  }
  return true;
}

/// `text` with every line wrapped in the SGR colour `colour`, so that no colour spans a break.
std::string coloured(const std::string& text, const std::string& colour) {
  if (colour.empty()) return text;
  std::string out;
  std::size_t from = 0;
  for (std::size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1) {
    out += fmt::format("\x1b[{}m{}\x1b[0m\n", colour, text.substr(from, nl - from));
  }
  return out + (from < text.size() ? fmt::format("\x1b[{}m{}\x1b[0m", colour, text.substr(from)) : "");
}

/// The indent of a record's lines after its first.
constexpr const char* kIndent = "   ";

/// `fields` joined by `; ` in lines of at most `room` characters, a field moved whole to the
/// next line rather than split, unless it is longer than a line.
std::vector<std::string> pack_fields(const std::vector<std::string>& fields, std::size_t room) {
  std::vector<std::string> lines;
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string field = fields[i] + (i + 1 < fields.size() ? ";" : "");
    if (!line.empty() && line.size() + 1 + field.size() <= room) {
      line += " " + field;
      continue;
    }
    if (!line.empty()) lines.push_back(std::exchange(line, {}));
    std::vector<std::string> parts = wrap_words(field, room);
    line = parts.back();
    parts.pop_back();
    lines.insert(lines.end(), parts.begin(), parts.end());
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

/// Each row as a record: its first t.record_keys cells, then `HEADER value` for each other cell,
/// wrapped to `width` with the lines after the first indented.
std::string render_records(const TextTable& t, const std::vector<std::string>& row_colour,
                           int width) {
  std::string out;
  for (std::size_t k = 0; k < t.rows.size(); ++k) {
    const auto& r = t.rows[k];
    const std::size_t keys = std::min(t.record_keys, r.size());
    std::string head;
    for (std::size_t i = 0; i < keys; ++i) head += (i > 0 ? "  " : "") + r[i];
    std::vector<std::string> fields;
    for (std::size_t i = keys; i < r.size(); ++i) fields.push_back(t.header[i] + " " + r[i]);
    std::string text = wrap_paragraph(head, width, kIndent);
    const std::size_t room = static_cast<std::size_t>(std::max(1, width - 3));
    for (const std::string& line : pack_fields(fields, room)) text += kIndent + line + "\n";
    out += coloured(text, k < row_colour.size() ? row_colour[k] : std::string());
  }
  return out;
}

/// Each column's width: its widest cell or header.
std::vector<std::size_t> column_widths(const TextTable& t) {
  std::vector<std::size_t> w(t.header.size(), 0);
  for (std::size_t i = 0; i < t.header.size(); ++i) w[i] = t.header[i].size();
  for (const auto& r : t.rows) {
    for (std::size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], r[i].size());
  }
  return w;
}

}  // namespace

std::size_t table_width(const TextTable& t) {
  std::size_t total = 0;
  for (const std::size_t x : column_widths(t)) total += x + 2;
  return total > 0 ? total - 2 : 0;
}

std::string render_terminal(const TextTable& t, const std::vector<std::string>& row_colour,
                            int width) {
  std::vector<std::size_t> w = column_widths(t);
  if (width > 0 && !w.empty() && !fit_columns(t, w, static_cast<std::size_t>(width))) {
    return render_records(t, row_colour, width);
  }
  const auto lines_of = [&](const std::vector<std::string>& cells) {
    std::vector<std::vector<std::string>> parts;
    std::size_t height = 1;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      parts.push_back(wrap_words(cells[i], w[i]));
      height = std::max(height, parts.back().size());
    }
    std::string text;
    for (std::size_t k = 0; k < height; ++k) {
      std::string line;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const std::string& cell = k < parts[i].size() ? parts[i][k] : std::string();
        line += t.align[i] == Align::kRight ? fmt::format("{:>{}}  ", cell, w[i])
                                            : fmt::format("{:<{}}  ", cell, w[i]);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      text += (k > 0 ? "\n" : "") + line;
    }
    return text;
  };
  std::string out = lines_of(t.header) + "\n";
  for (std::size_t k = 0; k < t.rows.size(); ++k) {
    out += coloured(lines_of(t.rows[k]), k < row_colour.size() ? row_colour[k] : std::string()) +
           "\n";
  }
  return out;
}

std::vector<std::string> wrap_words(const std::string& plain, std::size_t width) {
  if (width == 0 || plain.size() <= width) return {plain};
  const std::string text = glue_units(plain);
  std::vector<std::string> lines;
  std::string line;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t end = std::min(text.find(' ', i), text.size());
    std::string word = text.substr(i, end - i);
    i = end + 1;
    while (word.size() > width) {  // a word longer than a line is cut
      if (!line.empty()) lines.push_back(std::exchange(line, {}));
      lines.push_back(word.substr(0, width));
      word.erase(0, width);
    }
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(std::exchange(line, {}));
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  for (std::string& l : lines) std::replace(l.begin(), l.end(), kGlue, ' ');
  return lines;
}

std::string wrap_paragraph(const std::string& text, int width, const std::string& indent) {
  if (width <= 0) return text + "\n";
  const std::size_t first = static_cast<std::size_t>(width);
  std::vector<std::string> lines = wrap_words(text, first);
  if (lines.size() > 1 && indent.size() < first) {
    // The lines after the first are indented: wrap the rest again to the narrower width.
    std::size_t head = lines.front().size();
    if (head < text.size() && text[head] == ' ') ++head;
    std::vector<std::string> rest = wrap_words(text.substr(head), first - indent.size());
    lines.resize(1);
    for (std::string& r : rest) lines.push_back(indent + r);
  }
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::string render_markdown(const TextTable& t) {
  const auto line_of = [](const std::vector<std::string>& cells) {
    std::vector<std::string> escaped;
    for (const std::string& c : cells) escaped.push_back(markdown_cell(c));
    return fmt::format("| {} |\n", fmt::join(escaped, " | "));
  };
  std::string out = line_of(t.header) + "|";
  for (Align a : t.align) out += a == Align::kLeft ? "---|" : "--:|";
  out += "\n";
  for (const auto& r : t.rows) out += line_of(r);
  return out;
}

std::string render_csv(const TextTable& t) {
  std::string out = csv_line(t.header);
  for (const auto& r : t.rows) out += csv_line(r);
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::vector<std::string> quoted;
  for (const std::string& f : fields) quoted.push_back(csv_field(f));
  return fmt::format("{}\n", fmt::join(quoted, ","));
}

std::string markdown_cell(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '*' || ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

std::string wrap_text(const std::string& text, int width, const std::string& indent) {
  if (width <= 0) return text;
  std::string out;
  std::size_t from = 0;
  for (std::size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1) {
    out += wrap_paragraph(text.substr(from, nl - from), width, indent);
  }
  if (from < text.size()) out += wrap_paragraph(text.substr(from), width, indent);
  return out;
}

std::string json_text(const nlohmann::ordered_json& j) {
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

nlohmann::ordered_json seconds_json(double seconds) {
  return std::isfinite(seconds) ? nlohmann::ordered_json(seconds) : nlohmann::ordered_json(nullptr);
}

std::string seconds_text(double seconds) {
  return std::isfinite(seconds) ? sim::to_string(sim::Seconds(seconds)) : "failed";
}

std::string number_text(double v) { return fmt::format("{}", v); }

std::string count_text(std::size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

}  // namespace stowage::advisor::report
