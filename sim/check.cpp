#include "sim/check.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

namespace stowage::sim {

void check_failed(std::string_view file, int line, std::string_view condition,
                  std::string_view message) {
  fmt::print(stderr, "internal error: {}:{}: {}: {}\n", file, line, condition, message);
  std::fflush(stderr);
  std::abort();
}

}  // namespace stowage::sim
