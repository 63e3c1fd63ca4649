// The progress line of a long command (`stowage sweep`) on a terminal's stderr:
// `NAME [#####.....] 120/400 points  35.2/s  8 s left`, redrawn in place. Each redraw returns to
// the line's start and clears to its end, so a shorter line leaves no stale text, and the line
// is cut to fit the terminal (the bar goes first, then the name and the rate), so a narrow pane
// never wraps it onto a new line per update.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace stowage::advisor {

/// The line for `done` of `total` points after `elapsed_s` seconds, at most `width - 1`
/// characters (`width` 0: no limit), without the carriage return and the clearing.
std::string progress_line(const std::string& name, std::size_t done, std::size_t total,
                          double elapsed_s, int width);

/// Redraws the progress line on stderr (fitted to stderr's terminal), ending it with a newline
/// when `done == total`.
void draw_progress(const std::string& name, std::size_t done, std::size_t total,
                   std::chrono::steady_clock::time_point start);

}  // namespace stowage::advisor
