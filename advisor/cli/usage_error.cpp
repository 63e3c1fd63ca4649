#include <fmt/format.h>
#include <fmt/ranges.h>

#include "advisor/cli/commands.hpp"
#include "advisor/judge/uncertainty.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/input_text.hpp"

namespace stowage::advisor {

UsageError::UsageError(std::string option, std::string problem, std::string expected)
    : std::runtime_error(problem), option_(std::move(option)) {
  text_ = option_.empty() ? problem : option_ + ": " + problem;
  if (!expected.empty()) text_ += fmt::format(" (expected {})", expected);
  text_ = sim::config::printable(text_);  // echoed arguments stay on one line, inert
}

UsageError unknown_name(std::string option, std::string_view what, std::string_view name,
                        const std::vector<std::string>& names) {
  const std::string guess = sim::config::Catalog::suggest(name, names);
  if (!guess.empty() && guess != name) {
    return UsageError(std::move(option),
                      fmt::format("unknown {} '{}' (did you mean '{}'?)", what, name, guess));
  }
  return UsageError(std::move(option), fmt::format("unknown {} '{}'", what, name),
                    fmt::format("one of: {}", fmt::join(names, ", ")));
}

void check_worlds_option(bool uncertainty, int worlds, const std::string& band_plot) {
  if (worlds != kDefaultWorlds && !uncertainty) {
    throw UsageError("--worlds", "given without --uncertainty", "--uncertainty --worlds N");
  }
  if (worlds < 1 || worlds > kMaxWorlds) {
    throw UsageError("--worlds", fmt::format("{} worlds", worlds),
                     fmt::format("from 1 to {}", kMaxWorlds));
  }
  if (!band_plot.empty() && !uncertainty) {
    throw UsageError("--band-plot", "given without --uncertainty",
                     "--uncertainty --band-plot FILE.svg");
  }
}

}  // namespace stowage::advisor
