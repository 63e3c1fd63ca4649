#include "sim/config/yaml_reader.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace stowage::sim::config;

namespace {
std::string read_fixture(const std::string& path) {
  std::ifstream in(std::string(STOWAGE_TEST_DIR) + "/../" + path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string error_of(const std::string& text, auto&& read) {
  try {
    read(YamlDocument::from_text(text, "t.yaml").root());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("yaml reader: edit distance counts a transposition as one edit") {
  CHECK(edit_distance("spread", "spread") == 0);
  CHECK(edit_distance("sprad", "spread") == 1);   // one deletion
  CHECK(edit_distance("sperad", "spread") == 1);  // one transposition
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);  // the textbook example
}

TEST_CASE("yaml reader: did-you-mean only for plausible typos") {
  CHECK(closest_match("sprad", {"count", "at", "spread"}) == "spread");
  CHECK(closest_match("colour", {"count", "at", "spread"}).empty());
  // A third of "stord" (5 letters) rounds to 1 edit: "stored" qualifies, "capacity" does not.
  CHECK(closest_match("stord", {"capacity", "stored"}) == "stored");
}

TEST_CASE("yaml reader: positions are 1-based and point at the value or the key") {
  const std::string text = "a:\n  b: 12x\n  c: 3\n";
  CHECK(error_of(text, [](const YamlNode& r) {
          r.map({"a"}).required("a").map({"b", "c"}).required("b").as_int(0, 10);
        }) == "t.yaml:2:6: error: a.b: '12x' is not an integer (expected an integer from 0 to 10)");
  CHECK(error_of(text, [](const YamlNode& r) { r.map({"a"}).required("a").map({"b"}); }) ==
        "t.yaml:3:3: error: a.c: unknown key (expected one of: b)");
  // A missing key is reported where its parent mapping starts.
  CHECK(error_of(text, [](const YamlNode& r) {
          r.map({"a"}).required("a").map({"b", "c", "d"}).required("d");
        }) == "t.yaml:2:3: error: a: missing required key `d`");
}

TEST_CASE("yaml reader: sequences give indexed paths") {
  const std::string text = "xs: [1, 2, -3]\n";
  CHECK(error_of(text, [](const YamlNode& r) {
          for (const YamlNode& x : r.map({"xs"}).required("xs").items()) x.as_int(0, 9);
        }) == "t.yaml:1:12: error: xs[2]: -3 is out of range (expected an integer from 0 to 9)");
}

TEST_CASE("yaml reader: numbers reject words, NaN and infinity") {
  CHECK(error_of("x: .nan\n", [](const YamlNode& r) {
          r.map({"x"}).required("x").as_double(0, 1);
        }) == "t.yaml:1:4: error: x: '.nan' is not a number (expected a number from 0 to 1)");
  CHECK(error_of("x: nan\n", [](const YamlNode& r) {
          r.map({"x"}).required("x").as_double(0, 1);
        }) == "t.yaml:1:4: error: x: 'nan' is not a number (expected a number from 0 to 1)");
  CHECK(error_of("x: 1e999\n", [](const YamlNode& r) {
          r.map({"x"}).required("x").as_double(0, 1);
        }) == "t.yaml:1:4: error: x: 1e999 is out of range (expected a number from 0 to 1)");
}

TEST_CASE("yaml reader: more than one document is refused, at the second one's start") {
  CHECK(error_of("a: 1\n---\nb: 2\n", [](const YamlNode&) {}) ==
        "t.yaml:2:1: error: more than one YAML document in the file (expected a single document)");
}

TEST_CASE("yaml reader: a file is parsed once, and every second document is still found") {
  // A block mapping at column 0 with no line opening with `---`, `...` or `%` can hold nothing
  // else: it is parsed once. Every other shape takes the document count as before; these are
  // the ways yaml-cpp starts a second document (messages as before the single parse).
  const auto second_at = [](const char* where) {
    return std::string("t.yaml:") + where +
           ": error: more than one YAML document in the file (expected a single document)";
  };
  const auto none = [](const YamlNode&) {};
  CHECK(error_of("  a: 1\nb: 2\n", none) == second_at("2:1"));  // root indented, then not
  CHECK(error_of("a: 1\r\n---\r\nb: 2\r\n", none) == second_at("2:1"));
  CHECK(error_of("a: 1\n...\nb: 2\n", none) == second_at("3:1"));
  CHECK(error_of("a: 1\n%YAML 1.2\n---\nb: 2\n", none) == second_at("3:1"));
  CHECK(error_of("a: |\n  x\n---\n", none) == second_at("3:1"));
  CHECK(error_of("\xEF\xBB\xBF---\na: 1\n---\nb: 1\n", none) == second_at("3:1"));
  CHECK(error_of("{a: 1}\nb: 2\n", none) == second_at("2:1"));  // a flow mapping ends early
  // One document: a document end, a marker inside a string, a stray token (an error in it).
  const auto a_is_1 = [](const YamlNode& root) {
    CHECK(root.map({"a", "b"}).required("a").as_string() == "1");
  };
  CHECK(error_of("a: 1\n...\n", a_is_1) == "no error");
  CHECK(error_of("a: 1\nb: '---'\n", a_is_1) == "no error");
  CHECK(error_of("a: 1\n}\n", none) == "t.yaml:2:1: error: invalid YAML: illegal flow end");
}

TEST_CASE("yaml reader: a tab in the indentation is named as such, at the tab") {
  const auto none = [](const YamlNode&) {};
  const std::string tab =
      ": error: a tab in the indentation: YAML forbids tabs for indentation (expected spaces)";
  CHECK(error_of("a:\n  b: 1\n\tc: 2\n", none) == "t.yaml:3:1" + tab);
  CHECK(error_of("a:\n  b: 1\n  \tc: 2\n", none) == "t.yaml:3:3" + tab);
  CHECK(error_of("a:\n\t- 1\n", none) == "t.yaml:2:1" + tab);
  // Tabs elsewhere are text: inside a value, after a key, on a blank or comment line.
  const auto a_is = [](std::string value) {
    return [value](const YamlNode& root) {
      CHECK(root.map({"a"}).required("a").as_string() == value);
    };
  };
  CHECK(error_of("a: x\ty\n", a_is("x\ty")) == "no error");
  CHECK(error_of("a:\t1\n", a_is("1")) == "no error");
  CHECK(error_of("\t\n# \tx\na: 1\n", a_is("1")) == "no error");
  // An error with no tab before it keeps yaml-cpp's message.
  CHECK(error_of("a: 1\n}\nb:\tc\n", none) == "t.yaml:2:1: error: invalid YAML: illegal flow end");
}

TEST_CASE("yaml reader: an input that makes yaml-cpp report endless documents ends in an error") {
  // Found by the fuzzer: YAML::LoadAll never returns on this text.
  const std::string text = read_fixture("tests/fixtures/fuzz/endless_documents.yaml");
  REQUIRE_FALSE(text.empty());
  CHECK(error_of(text, [](const YamlNode&) {}).find("more than one YAML document") !=
        std::string::npos);
}
