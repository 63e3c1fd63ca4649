#include "advisor/cli/guidance_file.hpp"

#include <sstream>

#include "sim/config/config_error.hpp"
#include "sim/config/input_text.hpp"

namespace stowage::advisor {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) out.push_back(part);
  return out;
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

}  // namespace

std::vector<Guidance> load_guidance(const std::string& path) {
  const std::string text =
      sim::config::read_input_file(path, "a guidance file: WORKLOAD<TAB>GUIDANCE<TAB>STORAGES");
  std::vector<Guidance> out;
  int line_no = 0;
  for (const std::string& line : split(text, '\n')) {
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string> cols = split(line, '\t');
    if (cols.size() != 3 || cols[0].empty() || cols[1].empty()) {
      throw sim::config::ConfigError(path, {line_no, 1}, "",
                                     "a guidance line needs three tab-separated columns",
                                     "WORKLOAD<TAB>GUIDANCE<TAB>STORAGE[,STORAGE...]");
    }
    Guidance g{cols[0], cols[1], {}};
    for (const std::string& s : split(cols[2], ',')) {
      if (!trimmed(s).empty()) g.storages.push_back(trimmed(s));
    }
    if (g.storages.empty()) {
      const int col = static_cast<int>(cols[0].size() + cols[1].size()) + 3;
      throw sim::config::ConfigError(path, {line_no, col}, "", "no storage named",
                                     "storage profile names, comma-separated");
    }
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace stowage::advisor
