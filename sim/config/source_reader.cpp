#include "sim/config/source_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace stowage::sim::config {
namespace {

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

/// `CASE-ID why`: a case id (letters, digits, `.`, `_`, `-`) and, after a space, why.
void check_fitted(const YamlNode& node, const std::string& text) {
  const std::string expected = "fitted: CASE-ID why (a fit case of the accuracy suite)";
  const auto space = text.find(' ');
  const std::string_view id = std::string_view(text).substr(0, space);
  const bool id_ok = !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (!id_ok) node.fail("a fitted figure must name its fit case first", expected);
  if (space == std::string::npos || trim(std::string_view(text).substr(space)).empty())
    node.fail(fmt::format("a fitted figure must say what was fitted from case {}", id), expected);
}

Source parse_source_map(const YamlNode& node) {
  Source source;
  const YamlMap m = node.map({"kind", "url", "document", "calibration", "case", "why"});
  const std::size_t kind = m.required("kind", "published, measured, fitted or assumption")
                               .as_choice({"published", "measured", "fitted", "assumption"});
  static constexpr Source::Kind kKinds[] = {Source::Kind::kPublished, Source::Kind::kMeasured,
                                            Source::Kind::kFitted, Source::Kind::kAssumption};
  source.kind = kKinds[kind];
  const std::vector<std::string_view> keys =
      kind == 0   ? std::vector<std::string_view>{"url", "document"}
      : kind == 1 ? std::vector<std::string_view>{"calibration"}
      : kind == 2 ? std::vector<std::string_view>{"case", "why"}
                  : std::vector<std::string_view>{"why"};
  const std::string wanted = kind == 0   ? "`url` or `document`"
                             : kind == 2 ? "`case` and `why`"
                                         : fmt::format("`{}`", keys[0]);
  std::vector<std::string> parts;
  for (const auto& [key, value] : m.entries()) {
    if (key == "kind") continue;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      value.fail(
          fmt::format("`{}` does not apply to a {} source", key, m.required("kind").as_string()),
          wanted);
    }
    if (kind != 2 && !parts.empty()) value.fail("a source has one text", wanted);
    parts.push_back(trim(value.as_string()));
  }
  if (kind == 2) {
    // The case first, then why, whatever order they were written in.
    const std::string id = trim(m.required("case", wanted).as_string());
    source.text = fmt::format("{} {}", id, trim(m.required("why", wanted).as_string()));
    check_fitted(m.node(), source.text);
    return source;
  }
  if (parts.empty()) m.node().fail(fmt::format("missing {}", wanted), wanted);
  source.text = parts.front();
  return source;
}

}  // namespace

Source parse_source(const YamlNode& node) {
  if (node.is_map()) return parse_source_map(node);
  Source source;
  const std::string s = node.as_string();
  const auto after = [&](std::string_view prefix) { return trim(s.substr(prefix.size())); };
  if (s.starts_with(kAssumptionPrefix)) {
    source.kind = Source::Kind::kAssumption;
    source.text = after(kAssumptionPrefix);
    if (source.text.empty())
      node.fail("an assumption must say why", "assumption: <why this value>");
  } else if (s.starts_with(kMeasuredPrefix)) {
    source.kind = Source::Kind::kMeasured;
    source.text = after(kMeasuredPrefix);
    if (source.text.empty()) node.fail("a measurement must name its file", "measured: FILE");
  } else if (s.starts_with(kFittedPrefix)) {
    source.kind = Source::Kind::kFitted;
    source.text = after(kFittedPrefix);
    check_fitted(node, source.text);
  } else {
    source.text = trim(s);
  }
  return source;
}

}  // namespace stowage::sim::config
