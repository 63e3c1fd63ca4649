// The fast parse (sim/config/yaml_fast.hpp) against yaml-cpp: on every text either parser gives
// the same nodes, or the same error; flow files read through it keep their messages, positions
// and results.
#include "sim/config/yaml_fast.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "advisor/report/flows.hpp"
#include "sim/config/flows_loader.hpp"
#include "sim/config/input_text.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/rng.hpp"

using namespace stowage::sim;
using namespace stowage::sim::config;

namespace {

// What a parser makes of a text: its nodes, or its error message.
struct Outcome {
  std::optional<YamlTree> tree;
  std::string error;
  bool operator==(const Outcome&) const = default;
};

Outcome parse(std::string_view text, YamlParser parser) {
  try {
    return Outcome{YamlDocument::from_text(text, "t.yaml", parser).tree(), ""};
  } catch (const ConfigError& e) {
    return Outcome{std::nullopt, e.what()};
  }
}

// The scenario's error, or "no error" with the flows read.
std::string load_error(std::string_view text, YamlParser parser) {
  try {
    load_flow_scenario(YamlDocument::from_text(text, "f.yaml", parser));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

// The JSON `simulate --flows` prints for the scenario the text holds.
std::string result_json(std::string_view text, YamlParser parser) {
  const FlowScenario scenario = load_flow_scenario(YamlDocument::from_text(text, "f.yaml", parser));
  std::string json;
  stowage::advisor::report::JsonStream out([&](std::string_view t) { json.append(t); });
  stowage::advisor::report::flows_json(scenario, run_flow_scenario(scenario), out);
  out.finish();
  return json;
}

// A random flow scenario in the shapes people and scripts write: flow and block mappings,
// plain and quoted values, comments, optional keys left out.
std::string random_scenario(Rng& rng) {
  const std::uint64_t constraints = 1 + rng.below(6);
  std::string text = "# generated\nconstraints:\n";
  for (std::uint64_t c = 0; c < constraints; ++c) {
    text += fmt::format("  - {{name: c-{}, capacity: {}MB/s{}}}\n", c, 100 + rng.below(9000),
                        rng.below(3) == 0 ? ", sharing: fatpipe" : "");
  }
  text += "flows:\n";
  const std::uint64_t flows = 1 + rng.below(40);
  for (std::uint64_t f = 0; f < flows; ++f) {
    const std::uint64_t a = rng.below(constraints);
    const std::uint64_t b = (a + 1 + rng.below(constraints)) % constraints;
    const std::string via = a == b ? fmt::format("c-{}", a) : fmt::format("c-{}, c-{}", a, b);
    const std::string size = fmt::format("{}.{}GB", 1 + rng.below(9), rng.below(100));
    switch (rng.below(3)) {
      case 0:
        text += fmt::format("  - {{id: load-{}, size: {}, start: {}s, via: [{}]}}\n", f, size,
                            rng.below(600), via);
        break;
      case 1:
        text += fmt::format(
            "  - {{id: 'load-{}', size: \"{}\", via: [{}], bound: {}MB/s, "
            "weight: {}}}  # quoted\n",
            f, size, via, 10 + rng.below(500), 1 + rng.below(4));
        break;
      default:
        text += fmt::format("  - id: load-{}\n    size: {}\n    via:\n      - c-{}\n", f, size, a);
        if (rng.below(2) == 0) text += fmt::format("    start: {}ms\n", rng.below(100000));
        break;
    }
  }
  if (rng.below(2) == 0) text += "changes:\n  - {at: 30s, constraint: c-0, capacity: 1GB/s}\n";
  return text;
}

}  // namespace

TEST_CASE("yaml fast: random flow scenarios give yaml-cpp's nodes and the same results") {
  Rng rng(1717);
  for (int n = 0; n < 40; ++n) {
    const std::string text = random_scenario(rng);
    CAPTURE(text);
    // Every one keeps to the plain subset: the fast parse reads it.
    const std::optional<YamlTree> fast = fast_yaml_tree(text);
    REQUIRE(fast.has_value());
    const Outcome reference = parse(text, YamlParser::kYamlCpp);
    REQUIRE(reference.tree.has_value());
    CHECK(*fast == *reference.tree);
    CHECK(result_json(text, YamlParser::kFast) == result_json(text, YamlParser::kYamlCpp));
  }
}

TEST_CASE("yaml fast: every flow fixture, good or bad, reads as with yaml-cpp alone") {
  int fast = 0;
  // Every YAML file of the flow fixtures, and the bad ones named flows_*.
  const std::vector<std::pair<std::string, std::string>> dirs = {{"tests/fixtures/flows", ""},
                                                                 {"tests/fixtures/bad", "flows_"}};
  for (const auto& [dir, prefix] : dirs) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() != ".yaml" || !name.starts_with(prefix)) continue;
      CAPTURE(name);
      const std::string text = read_input_file(entry.path(), "a fixture");
      CHECK(parse(text, YamlParser::kFast) == parse(text, YamlParser::kYamlCpp));
      CHECK(load_error(text, YamlParser::kFast) == load_error(text, YamlParser::kYamlCpp));
      if (fast_yaml_tree(text)) ++fast;
    }
  }
  CHECK(fast >= 20);  // most fixtures are plain: the comparison above is not all fallback
}

TEST_CASE("yaml fast: a bad flow file written as YAML gives its message at its line and column") {
  const std::string head = "constraints:\n  - {name: nas, capacity: 600MB/s}\nflows:\n";
  struct Case {
    std::string flows, message;
    bool fast;  // read by the fast parse; else by yaml-cpp, whose errors are reported as before
  };
  const std::vector<Case> cases = {
      {"  - {id: a, size: 1GB, via: [nas]}\n  - {id: b, size: 1GB, vai: [nas]}\n",
       "f.yaml:5:24: error: flows[1].vai: unknown key, did you mean `via`? (expected one of: id, "
       "size, start, via, bound, weight)",
       true},
      {"  - id: a\n    size: 1GB\n    via: [nas]\n    size: 2GB\n",
       "f.yaml:7:5: error: flows[0].size: duplicate key (first defined at line 5) (expected each "
       "key once)",
       true},
      {"  - {id: a, size: [1GB], via: [nas]}\n",
       "f.yaml:4:19: error: flows[0].size: found a sequence (expected a value)", true},
      {"  - {id: a, size: '1 GBs', via: [nas]}\n",
       "f.yaml:4:19: error: flows[0].size: unknown unit 'GBs' (expected e.g. 20GiB, 4.27GB, "
       "335MB)",
       true},
      {"  - {id: a, size: 1GB}\n",
       "f.yaml:4:5: error: flows[0]: missing required key `via` (expected a list of constraint "
       "names such as [nas, nic-0])",
       true},
      {"  - {id: a, size: 1GB, via: [nas]}\n  - {id: \"a\", size: 1GB, via: [nas]}\n",
       "f.yaml:5:10: error: flows[1].id: duplicate flow id `a` (first defined at line 4) "
       "(expected each id once)",
       true},
      {"  - {id: a, size: 1GB, via: [nsa], start: 1s}\n",
       "f.yaml:4:30: error: flows[0].via[0]: unknown constraint `nsa`, did you mean `nas`? "
       "(expected a name from `constraints`)",
       true},
      {"  - {id: a, size: 1GB, via: nas}\n",
       "f.yaml:4:29: error: flows[0].via: found 'nas' (expected a sequence)", true},
      {"  - {id: a, size: 1GB, via: [nas]\n",
       "f.yaml:5:1: error: invalid YAML: end of map flow not found", false},
      {"  - {id: a, size:, via: [nas]}\n",
       "f.yaml:4:18: error: flows[0].size: found nothing (expected a value)", false},
      {"  - {id: a, size: 1GB, via: [nas]}\n---\n",
       "f.yaml:5:1: error: more than one YAML document in the file (expected a single document)",
       false},
  };
  for (const Case& c : cases) {
    const std::string text = head + c.flows;
    CAPTURE(text);
    CHECK(fast_yaml_tree(text).has_value() == c.fast);
    CHECK(load_error(text, YamlParser::kFast) == c.message);
    CHECK(load_error(text, YamlParser::kYamlCpp) == c.message);
  }
}

TEST_CASE("yaml fast: thousands of mangled flow files read as with yaml-cpp alone") {
  // Random edits with the characters YAML gives meaning to; each text is read both ways and
  // must give the same nodes or the same message.
  const std::string base =
      "constraints:\n  - {name: nas, capacity: 600MB/s}\n  - name: nic\n    capacity: 5Gbps\n"
      "flows:\n  - {id: 'a', size: \"4GB\", via: [nas, nic], bound: 200MB/s}\n"
      "  - id: b\n    size: 1GB\n    via:\n      - nas\n";
  const std::string alphabet = " \n:-,[]{}#'\"&*!|>?%~.@`aZ0\t\\";
  Rng rng(99);
  int fast = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string text = base;
    for (std::uint64_t edits = 1 + rng.below(3); edits > 0; --edits) {
      const std::size_t at = rng.below(text.size());
      const char c = alphabet[rng.below(alphabet.size())];
      switch (rng.below(3)) {
        case 0:
          text.insert(at, 1, c);
          break;
        case 1:
          text.erase(at, 1);
          break;
        default:
          text[at] = c;
      }
    }
    CAPTURE(text);
    if (fast_yaml_tree(text)) ++fast;
    REQUIRE(parse(text, YamlParser::kFast) == parse(text, YamlParser::kYamlCpp));
  }
  CHECK(fast > 300);  // a good share stayed in the subset (447 of 3,000)
}
