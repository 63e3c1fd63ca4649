#include "advisor/report/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "sim/units.hpp"

namespace stowage::advisor::report {

std::string render_terminal(const TextTable& t, const std::vector<std::string>& row_colour) {
  std::vector<std::size_t> w(t.header.size(), 0);
  for (std::size_t i = 0; i < t.header.size(); ++i) w[i] = t.header[i].size();
  for (const auto& r : t.rows) {
    for (std::size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], r[i].size());
  }
  std::string out;
  const auto line_of = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      line += t.align[i] == Align::kRight ? fmt::format("{:>{}}  ", cells[i], w[i])
                                          : fmt::format("{:<{}}  ", cells[i], w[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
  };
  out += line_of(t.header) + "\n";
  for (std::size_t k = 0; k < t.rows.size(); ++k) {
    std::string line = line_of(t.rows[k]);
    if (k < row_colour.size() && !row_colour[k].empty()) {
      line = fmt::format("\x1b[{}m{}\x1b[0m", row_colour[k], line);
    }
    out += line + "\n";
  }
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

nlohmann::ordered_json seconds_json(double seconds) {
  return std::isfinite(seconds) ? nlohmann::ordered_json(seconds) : nlohmann::ordered_json(nullptr);
}

std::string seconds_text(double seconds) {
  return std::isfinite(seconds) ? sim::to_string(sim::Seconds(seconds)) : "failed";
}

std::string number_text(double v) { return fmt::format("{}", v); }

}  // namespace stowage::advisor::report
