// The CSV form of a scenario's flows (sim/config/flows_csv.hpp): a header naming the columns,
// then one flow a line, read in one pass over the text without a node tree. Mistakes are
// ConfigErrors at the CSV's own line and column, with the key paths and messages of the YAML form.
#include "sim/config/flows_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sim/config/flow_checks.hpp"
#include "sim/config/flows_loader.hpp"
#include "sim/config/input_text.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {
namespace {

// The CSV of flows: a header naming its columns, then one flow a line (see the header file).
class FlowsCsv {
 public:
  FlowsCsv(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {}

  void load(const ConstraintNames& names, std::vector<FlowScenario::Flow>& flows) {
    std::unordered_map<std::string, int> ids;
    const auto lines = static_cast<std::size_t>(std::count(text_.begin(), text_.end(), '\n'));
    ids.reserve(lines);
    flows.reserve(lines);
    bool header = true;
    while (next_line()) {
      if (line_.empty() || line_.front() == '#') continue;
      split();
      if (header) {
        read_header();
        header = false;
        continue;
      }
      if (static_cast<std::int64_t>(flows.size()) >= kMaxScenarioItems) {
        fail(0, "", fmt::format("more than {} flows", kMaxScenarioItems),
             fmt::format("at most {}", kMaxScenarioItems));
      }
      flows.push_back(read_flow(names, ids, flows.size()));
    }
    if (header) fail_at(Mark{1, 1}, "", "no header line", header_hint());
    if (flows.empty()) fail_at(Mark{line_no_, 1}, "", "no flow after the header", "a flow a line");
  }

 private:
  enum Column : std::uint8_t { kId, kSize, kStart, kVia, kBound, kWeight, kColumns };
  static constexpr std::array<std::string_view, kColumns> kNames = {"id",  "size",  "start",
                                                                    "via", "bound", "weight"};
  static constexpr std::size_t kAbsent = ~std::size_t{0};

  static std::string header_hint() { return "a header such as id,size,start,via,bound,weight"; }

  [[noreturn]] void fail_at(Mark mark, std::string path, std::string problem,
                            std::string expected = {}) const {
    throw ConfigError(file_, mark, std::move(path), std::move(problem), std::move(expected));
  }
  // At field `i` of the current line.
  [[noreturn]] void fail(std::size_t i, std::string path, std::string problem,
                         std::string expected = {}) const {
    const std::size_t offset = i < fields_.size() ? fields_[i].data() - line_.data() : 0;
    fail_at(Mark{line_no_, static_cast<int>(offset) + 1}, std::move(path), std::move(problem),
            std::move(expected));
  }

  bool next_line() {
    if (pos_ >= text_.size()) return false;
    const std::size_t end = text_.find('\n', pos_);
    const std::size_t stop = end == std::string::npos ? text_.size() : end;
    line_ = std::string_view(text_).substr(pos_, stop - pos_);
    if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
    pos_ = stop + 1;
    ++line_no_;
    return true;
  }

  void split() {
    fields_.clear();
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = line_.find(',', start);
      fields_.push_back(trim(line_.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }

  static std::string_view trim(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
  }

  void read_header() {
    column_.fill(kAbsent);
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const auto it = std::find(kNames.begin(), kNames.end(), fields_[i]);
      if (it == kNames.end()) {
        const std::vector<std::string_view> candidates(kNames.begin(), kNames.end());
        const std::string suggestion = closest_match(fields_[i], candidates);
        fail(i, "",
             suggestion.empty()
                 ? fmt::format("unknown column `{}`", fields_[i])
                 : fmt::format("unknown column `{}`, did you mean `{}`?", fields_[i], suggestion),
             "columns among: id, size, start, via, bound, weight");
      }
      const auto c = static_cast<std::size_t>(it - kNames.begin());
      if (column_[c] != kAbsent) fail(i, "", fmt::format("column `{}` twice", *it), "each once");
      column_[c] = i;
    }
    for (const Column c : {kId, kSize, kVia}) {
      if (column_[c] == kAbsent) {
        fail(0, "", fmt::format("no column `{}`", kNames[c]), header_hint());
      }
    }
    columns_ = fields_.size();
  }

  // At column c of the current flow, with its key path (made only when it fails).
  [[noreturn]] void fail(Column c, std::string problem, std::string expected = {}) const {
    fail(column_[c], fmt::format("flows[{}].{}", index_, kNames[c]), std::move(problem),
         std::move(expected));
  }

  template <class Q, class Parse>
  Q quantity(Column c, Parse parse) const {
    const std::string_view text = fields_[column_[c]];
    try {
      const Q v = parse(text);
      if (v < Q(0)) fail(c, fmt::format("'{}' is below the minimum", text), "at least 0");
      return v;
    } catch (const UnitError& e) {
      fail(c, e.what(), e.expected());
    }
  }

  FlowScenario::Flow read_flow(const ConstraintNames& names,
                               std::unordered_map<std::string, int>& ids, std::size_t index) {
    index_ = index;
    if (fields_.size() != columns_) {
      fail(std::min(fields_.size(), columns_) - 1, fmt::format("flows[{}]", index),
           fmt::format("{} fields where the header has {}", fields_.size(), columns_),
           "one value per column, an optional one left empty");
    }
    auto field = [&](Column c) {
      return column_[c] == kAbsent ? std::string_view() : fields_[column_[c]];
    };
    FlowScenario::Flow flow;
    if (field(kId).empty()) fail(kId, "an empty id", "a name such as load-0");
    flow.id = std::string(field(kId));
    if (const auto [it, inserted] = ids.emplace(flow.id, line_no_); !inserted) {
      fail(kId,
           fmt::format("duplicate flow id `{}` (first defined at line {})", flow.id, it->second),
           "each id once");
    }
    if (field(kSize).empty()) fail(kSize, "no size", "a size such as 4.27GB");
    flow.spec.size = quantity<Bytes>(kSize, parse_bytes);
    if (const auto p = size_problem(flow.spec.size)) fail(kSize, p->problem, p->expected);
    if (!field(kStart).empty()) {
      flow.start = quantity<Seconds>(kStart, parse_seconds);
      if (const auto p = time_problem(flow.start)) fail(kStart, p->problem, p->expected);
    }
    if (!field(kBound).empty()) flow.spec.bound = quantity<BytesPerSecond>(kBound, parse_rate);
    if (!field(kWeight).empty()) {
      const std::string_view w = field(kWeight);
      double v = 0;
      const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
      if (ec != std::errc() || end != w.data() + w.size() || !std::isfinite(v) || v < 0 ||
          v > kMaxWeight) {
        fail(kWeight, fmt::format("'{}' is not a weight", w),
             fmt::format("a number from 0 to {}", kMaxWeight));
      }
      if (const auto p = weight_problem(v)) fail(kWeight, p->problem, p->expected);
      flow.spec.weight = v;
    }
    // Names separated by ';' (a field holds no comma).
    const std::string_view via = field(kVia);
    std::size_t start = 0;
    for (std::size_t k = 0; !via.empty(); ++k) {
      const std::size_t semi = via.find(';', start);
      const std::string_view raw =
          via.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start);
      const std::string name(trim(raw));
      const Mark mark{line_no_, static_cast<int>(raw.data() - line_.data()) + 1};
      // Made only when the item fails.
      const auto item_path = [&] { return fmt::format("flows[{}].via[{}]", index, k); };
      const std::optional<ConstraintId> found = names.lookup(name);
      if (!found) {
        fail_at(mark, item_path(), names.unknown(name), std::string(ConstraintNames::kExpected));
      }
      const ConstraintId c = *found;
      for (const ConstraintId seen : flow.spec.via) {
        if (seen == c) {
          fail_at(mark, item_path(), fmt::format("constraint `{}` is listed twice", name),
                  "each constraint once per flow");
        }
      }
      flow.spec.via.push_back(c);
      if (semi == std::string_view::npos) break;
      start = semi + 1;
    }
    if (flow.spec.via.empty() && field(kBound).empty()) {
      fail(kVia, "a flow that crosses no constraint needs a `bound`",
           "a constraint name or a `bound` on the flow");
    }
    flow.spec.via.shrink_to_fit();
    return flow;
  }

  std::string file_;
  std::string text_;
  std::size_t pos_ = 0;
  int line_no_ = 0;
  std::string_view line_;
  std::vector<std::string_view> fields_;
  std::array<std::size_t, kColumns> column_{};
  std::size_t columns_ = 0;
  std::size_t index_ = 0;  // of the flow being read
};

std::string read_text(const std::filesystem::path& path, const YamlNode& at) {
  if (const auto problem = input_file_problem(path)) {
    at.fail(fmt::format("cannot read {}: {}", quoted_value(path.string()), *problem),
            "a readable CSV file");
  }
  std::string text = read_input_file(path, "a readable CSV file");
  if (wide_text(text)) {
    throw ConfigError(path.string(), Mark{}, "", std::string(kWideTextProblem), "UTF-8 text");
  }
  // Flow ids reach JSON output, which must be UTF-8.
  if (const auto bad = first_invalid_utf8(text)) {
    throw ConfigError(
        path.string(), Mark{bad->line, bad->column}, "",
        fmt::format("invalid UTF-8 (byte 0x{:02x})", static_cast<unsigned char>(text[bad->offset])),
        "UTF-8 text");
  }
  return text;
}

}  // namespace

void load_flows_csv(const std::filesystem::path& csv, const YamlNode& at,
                    const ConstraintNames& names, std::vector<FlowScenario::Flow>& flows) {
  FlowsCsv(csv.string(), read_text(csv, at)).load(names, flows);
}

}  // namespace stowage::sim::config
