#include "sim/config/flows_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/check.hpp"
#include "sim/config/input_text.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/engine_range.hpp"

namespace stowage::sim::config {
namespace {

// Constraint names in file order, for lookups and "did you mean".
class ConstraintNames {
 public:
  void add(const YamlNode& node, const std::string& name, ConstraintId id) {
    const auto [it, inserted] = ids_.emplace(name, Entry{id, node.mark().line});
    if (!inserted) {
      node.fail(fmt::format("duplicate constraint name `{}` (first defined at line {})", name,
                            it->second.line),
                "each name once");
    }
    names_.push_back(name);
  }

  ConstraintId find(const YamlNode& node) const {
    return find(node.as_string(), [&](std::string problem, std::string expected) {
      node.fail(std::move(problem), std::move(expected));
    });
  }

  /// The constraint called `name`; else `fail(problem, expected)`, which must throw.
  template <class Fail>
  ConstraintId find(const std::string& name, Fail&& fail) const {
    if (auto it = ids_.find(name); it != ids_.end()) return it->second.id;
    std::vector<std::string_view> candidates(names_.begin(), names_.end());
    const std::string suggestion = closest_match(name, candidates);
    fail(suggestion.empty()
             ? fmt::format("unknown constraint `{}`", name)
             : fmt::format("unknown constraint `{}`, did you mean `{}`?", name, suggestion),
         "a name from `constraints`");
    STOWAGE_CHECK(false, "fail() throws");
  }

 private:
  struct Entry {
    ConstraintId id;
    int line;
  };
  std::unordered_map<std::string, Entry> ids_;
  std::vector<std::string> names_;
};

/// A flow figure outside the engine's range (sim/engine_range.hpp): the problem and the expected,
/// or nothing.
struct RangeProblem {
  std::string problem, expected;
};
std::optional<RangeProblem> size_problem(Bytes size) {
  if (size.value() <= kMaxFlowBytes) return std::nullopt;
  return RangeProblem{"larger than the simulation counts exactly",
                      "at most 2^53 bytes (about 9PB)"};
}
std::optional<RangeProblem> time_problem(Seconds at) {
  if (at.value() <= kMaxInputTimeS) return std::nullopt;
  return RangeProblem{fmt::format("{:g} s is beyond the range of the simulation", at.value()),
                      fmt::format("a time up to {} s", kMaxInputTimeS)};
}
std::optional<RangeProblem> weight_problem(double weight) {
  if (weight == 0) return RangeProblem{"a weight of 0 would never move a byte", "a weight > 0"};
  if (weight >= kMinWeight && weight <= kMaxWeight) return std::nullopt;
  return RangeProblem{fmt::format("{} is out of range", weight),
                      fmt::format("a weight from {} to {}", kMinWeight, kMaxWeight)};
}

std::vector<YamlNode> non_empty_items(const YamlNode& node, std::string_view what) {
  std::vector<YamlNode> items = node.items();
  if (items.empty()) node.fail("the list is empty", fmt::format("at least one {}", what));
  if (static_cast<std::int64_t>(items.size()) > kMaxScenarioItems) {
    node.fail(fmt::format("{} items are too many", items.size()),
              fmt::format("at most {}", kMaxScenarioItems));
  }
  return items;
}

ConstraintSpec load_constraint(const YamlNode& node, ConstraintId id, ConstraintNames& names) {
  const YamlMap m = node.map({"name", "capacity", "sharing", "concurrency"});
  ConstraintSpec spec;
  const YamlNode name = m.required("name", "a name such as nas or nic-0");
  spec.name = name.as_string();
  if (spec.name == "bound") {
    name.fail("the name `bound` is reserved for a flow's own bound", "another name");
  }
  names.add(name, spec.name, id);
  spec.capacity = m.required("capacity", "a rate such as 600MB/s").as_rate();
  if (auto sharing = m.get("sharing")) {
    spec.sharing =
        sharing->as_choice({"shared", "fatpipe"}) == 0 ? Sharing::kShared : Sharing::kFatpipe;
  }
  if (auto concurrency = m.get("concurrency")) {
    spec.concurrency = static_cast<std::uint32_t>(concurrency->as_int(1, kMaxConcurrency));
  }
  return spec;
}

FlowScenario::Flow load_flow(const YamlNode& node, const ConstraintNames& names,
                             std::unordered_map<std::string, int>& ids) {
  const YamlMap m = node.map({"id", "size", "start", "via", "bound", "weight"});
  FlowScenario::Flow flow;
  const YamlNode id = m.required("id", "a name such as load-0");
  flow.id = id.as_string();
  if (const auto [it, inserted] = ids.emplace(flow.id, id.mark().line); !inserted) {
    id.fail(fmt::format("duplicate flow id `{}` (first defined at line {})", flow.id, it->second),
            "each id once");
  }
  const YamlNode size = m.required("size", "a size such as 4.27GB");
  flow.spec.size = size.as_bytes();
  if (const auto p = size_problem(flow.spec.size)) size.fail(p->problem, p->expected);
  if (auto start = m.get("start")) {
    flow.start = start->as_seconds();
    if (const auto p = time_problem(flow.start)) start->fail(p->problem, p->expected);
  }
  if (auto bound = m.get("bound")) flow.spec.bound = bound->as_rate();
  if (auto weight = m.get("weight")) {
    flow.spec.weight = weight->as_double(0, kMaxWeight);
    if (const auto p = weight_problem(flow.spec.weight)) weight->fail(p->problem, p->expected);
  }
  const YamlNode via = m.required("via", "a list of constraint names such as [nas, nic-0]");
  for (const YamlNode& item : via.items()) {
    const ConstraintId c = names.find(item);
    for (const ConstraintId seen : flow.spec.via) {
      if (seen == c)
        item.fail(fmt::format("constraint `{}` is listed twice", item.as_string()),
                  "each constraint once per flow");
    }
    flow.spec.via.push_back(c);
  }
  if (flow.spec.via.empty() && !m.has("bound")) {
    via.fail("a flow that crosses no constraint needs a `bound`",
             "a constraint name or a `bound` on the flow");
  }
  return flow;
}

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

  template <class Quantity, class Parse>
  Quantity quantity(Column c, Parse parse) const {
    const std::string_view text = fields_[column_[c]];
    try {
      const Quantity v = parse(text);
      if (v < Quantity(0)) fail(c, fmt::format("'{}' is below the minimum", text), "at least 0");
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
      auto fail_item = [&](std::string problem, std::string expected) {
        fail_at(mark, fmt::format("flows[{}].via[{}]", index, k), std::move(problem),
                std::move(expected));
      };
      const ConstraintId c = names.find(name, fail_item);
      for (const ConstraintId seen : flow.spec.via) {
        if (seen == c) {
          fail_item(fmt::format("constraint `{}` is listed twice", name),
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

FlowScenario load_flow_scenario(const YamlDocument& doc) {
  const YamlNode root = doc.root();
  if (!root.is_map()) {
    root.fail(fmt::format("found {}", root.kind_name()),
              "a mapping with `constraints` and `flows`");
  }
  const YamlMap top = root.map({"constraints", "flows", "changes"});
  FlowScenario scenario;
  ConstraintNames names;
  const YamlNode constraints = top.required("constraints", "a list of {name, capacity}");
  for (const YamlNode& item : non_empty_items(constraints, "constraint")) {
    const auto id = static_cast<ConstraintId>(scenario.constraints.size());
    scenario.constraints.push_back(load_constraint(item, id, names));
  }
  const YamlNode flows = top.required("flows", "a list of {id, size, via}, or a CSV file name");
  if (flows.is_scalar()) {
    // A CSV file beside the document (a path relative to the document's directory).
    const std::filesystem::path csv = doc.base_dir() / flows.as_string();
    FlowsCsv(csv.string(), read_text(csv, flows)).load(names, scenario.flows);
  } else {
    const std::vector<YamlNode> items = non_empty_items(flows, "flow");
    std::unordered_map<std::string, int> ids;
    ids.reserve(items.size());
    scenario.flows.reserve(items.size());
    for (const YamlNode& item : items) scenario.flows.push_back(load_flow(item, names, ids));
  }
  if (auto changes = top.get("changes")) {
    for (const YamlNode& item : changes->items()) {
      const YamlMap m = item.map({"at", "constraint", "capacity"});
      FlowScenario::CapacityChange change;
      const YamlNode at = m.required("at", "a time such as 30s");
      change.at = at.as_seconds();
      if (const auto p = time_problem(change.at)) at.fail(p->problem, p->expected);
      change.constraint = names.find(m.required("constraint", "a constraint name"));
      change.capacity = m.required("capacity", "a rate such as 1.2GB/s").as_rate();
      scenario.changes.push_back(change);
    }
  }
  return scenario;
}

FlowScenario load_flow_scenario_file(const std::filesystem::path& path) {
  // A large flow file is a long list of small flow mappings: the fast parse reads it.
  return load_flow_scenario(YamlDocument::from_file(path, YamlParser::kFast));
}

}  // namespace stowage::sim::config
