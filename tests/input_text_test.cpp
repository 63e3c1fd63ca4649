#include "sim/config/input_text.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "cli_runner.hpp"
#include "sim/config/yaml_reader.hpp"

using namespace stowage::sim::config;
using stowage::testing::config_error_of;
using stowage::testing::TempDir;

TEST_CASE("input text: the first byte that is not UTF-8, with its line and column") {
  CHECK_FALSE(first_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80").has_value());
  // "caf\xe9" on line 2: Latin-1, not UTF-8; the column counts bytes.
  const auto at = first_invalid_utf8("name: x\nname: caf\xE9\n");
  REQUIRE(at.has_value());
  CHECK(at->offset == 17);
  CHECK(at->line == 2);
  CHECK(at->column == 10);
  CHECK(first_invalid_utf8("\xC0\xAF").has_value());          // an overlong '/'
  CHECK(first_invalid_utf8("\xED\xA0\x80").has_value());      // the surrogate U+D800
  CHECK(first_invalid_utf8("\xF4\x90\x80\x80").has_value());  // above U+10FFFF
  CHECK(first_invalid_utf8("\xE2\x82").has_value());          // cut short
}

TEST_CASE("input text: echoed text is one printable line") {
  CHECK(printable("plain caf\xC3\xA9") == "plain caf\xC3\xA9");
  CHECK(printable(std::string("a\nb\tc\rd\0e", 9)) == "a\\nb\\tc\\rd\\0e");
  CHECK(printable("\x1B[31mred") == "\\x1b[31mred");  // no escape sequence reaches a terminal
  CHECK(printable("\xC2\x9B"
                  "31m") == "\\u009b31m");  // nor the C1 form of CSI
  CHECK(printable("caf\xE9") == "caf\\xe9");
  CHECK(quoted_value("x\ny") == "'x\\ny'");
}

TEST_CASE("input text: only regular files of bounded size are read") {
  const TempDir temp("stowage-input-text");
  CHECK(input_file_problem(temp / "none.yaml") == "does not exist");
  CHECK(input_file_problem(temp.path()) == "is a directory");
  CHECK(input_file_problem("/dev/zero") == "is not a regular file (a device, FIFO or socket)");
  REQUIRE(::mkfifo((temp / "fifo").c_str(), 0600) == 0);
  CHECK(input_file_problem(temp / "fifo") == "is not a regular file (a device, FIFO or socket)");
  std::ofstream(temp / "small.yaml") << "name: x\n";
  CHECK_FALSE(input_file_problem(temp / "small.yaml").has_value());
  CHECK(input_file_problem(temp / "small.yaml", 4) == "is larger than the limit of 4 bytes");
  CHECK(read_input_file(temp / "small.yaml", "a YAML file") == "name: x\n");
  CHECK(config_error_of([&] { read_input_file(temp / "fifo", "a YAML file"); }) ==
        temp / "fifo" +
            ":1:1: error: cannot read: is not a regular file (a device, FIFO or socket) "
            "(expected a YAML file)");
}

TEST_CASE("input text: YAML that is not UTF-8 is refused where it is, and messages stay one line") {
  CHECK(config_error_of([] { YamlDocument::from_text("name: caf\xE9\n", "w.yaml"); }) ==
        "w.yaml:1:10: error: invalid UTF-8 (byte 0xe9) (expected UTF-8 text)");
  // An escape in a quoted scalar that names a lone surrogate is refused by the parser.
  CHECK(config_error_of([] { YamlDocument::from_text("name: \"a\\udc00\"\n", "w.yaml"); }) ==
        "w.yaml:1:15: error: invalid YAML: invalid unicode: 56320");
  // A newline, an escape sequence and a NUL in a value are shown escaped, on the one line.
  const YamlDocument bad = YamlDocument::from_text("v: \"x\\ny\\e[2J\\0z\"\n", "w.yaml");
  CHECK(config_error_of([&] { bad.root().map({"v"}).required("v").as_bool(); }) ==
        "w.yaml:1:4: error: v: 'x\\ny\\x1b[2J\\0z' is not a boolean (expected true or false)");
  // Nesting beyond yaml-cpp's depth limit is named as such.
  CHECK(config_error_of([] {
          YamlDocument::from_text(std::string(3000, '['), "w.yaml");
        }).find("error: mappings or sequences nested too deep") != std::string::npos);
}
