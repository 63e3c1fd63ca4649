// STOWAGE_CHECK: an always-on assertion for programmer mistakes.
//
// A failed check prints "internal error: <file>:<line>: <condition>: <message>" to stderr and
// aborts. It is never compiled out (unlike assert) and never used for user input, which goes
// through ConfigError instead.
#pragma once

#include <string_view>

namespace stowage::sim {

/// Prints the internal-error line and aborts.
[[noreturn]] void check_failed(std::string_view file, int line, std::string_view condition,
                               std::string_view message);

}  // namespace stowage::sim

#define STOWAGE_CHECK(cond, msg)                                                 \
  do {                                                                           \
    if (!(cond)) ::stowage::sim::check_failed(__FILE__, __LINE__, #cond, (msg)); \
  } while (false)
