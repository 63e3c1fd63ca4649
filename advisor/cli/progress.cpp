#include "advisor/cli/progress.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

#include "sim/units.hpp"

namespace stowage::advisor {
namespace {

/// Width of the bar in characters.
constexpr int kBarWidth = 30;

}  // namespace

std::string progress_line(const std::string& name, std::size_t done, std::size_t total,
                          double elapsed_s, int width) {
  const double rate = elapsed_s > 0 ? static_cast<double>(done) / elapsed_s : 0;
  const int filled = total ? static_cast<int>(kBarWidth * done / total) : kBarWidth;
  const std::string left =
      rate > 0 ? sim::to_string(sim::Seconds(static_cast<double>(total - done) / rate)) : "?";
  const std::string bar = fmt::format("[{:#<{}}{:.<{}}]", "", filled, "", kBarWidth - filled);
  const std::string count = fmt::format("{}/{} points", done, total);
  const std::string speed = fmt::format("{:.1f}/s", rate);
  // From the fullest to the barest; the first that fits is drawn.
  const std::string lines[] = {
      fmt::format("{} {} {}  {}  {} left", name, bar, count, speed, left),
      fmt::format("{} {}  {}  {} left", name, count, speed, left),
      fmt::format("{}  {} left", count, left),
      fmt::format("{}/{}", done, total),
  };
  for (const std::string& line : lines) {
    if (width <= 0 || static_cast<int>(line.size()) < width) return line;
  }
  return lines[3].substr(0, static_cast<std::size_t>(width > 1 ? width - 1 : 0));
}

void draw_progress(const std::string& name, std::size_t done, std::size_t total,
                   std::chrono::steady_clock::time_point start) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  winsize size{};
  const int width = ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
  // \r to the line's start, the line, ESC [K to clear what a longer line left.
  fmt::print(stderr, "\r{}\x1b[K", progress_line(name, done, total, elapsed, width));
  if (done == total) fmt::print(stderr, "\n");
  std::fflush(stderr);
}

}  // namespace stowage::advisor
