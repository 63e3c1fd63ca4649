#include "loader/measurement.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace stowage::loader {

namespace {

// Each chunk size is this many times the previous: 64 KiB to 1 GiB in 8 sizes, enough points
// for a two-parameter fit without making a calibration run long.
constexpr std::uint64_t kLadderFactor = 4;
// File modes read the file's 1/8, 1/4, 1/2 and all of it.
constexpr int kFilePrefixHalvings = 3;

}  // namespace

std::vector<std::uint64_t> chunk_ladder(std::uint64_t min, std::uint64_t max) {
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t s = min; s < max; s *= kLadderFactor) sizes.push_back(s);
  sizes.push_back(max);
  return sizes;
}

std::vector<std::uint64_t> file_prefixes(std::uint64_t file_size, std::uint64_t align) {
  std::vector<std::uint64_t> sizes;
  for (int k = kFilePrefixHalvings; k >= 0; --k) {
    const std::uint64_t s = (file_size >> k) / align * align;
    if (s > 0 && (sizes.empty() || sizes.back() != s)) sizes.push_back(s);
  }
  return sizes;
}

double median(std::vector<double> values) {
  const std::size_t n = values.size();
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(values.begin(), mid, values.end());
  if (n % 2 == 1) return *mid;
  const double upper = *mid;
  const double lower = *std::max_element(values.begin(), mid);
  return (lower + upper) / 2.0;
}

double median_seconds(const Mode& mode, std::uint64_t bytes) {
  std::vector<double> times;
  for (const Trial& t : mode.trials) {
    if (t.bytes == bytes) times.push_back(t.seconds);
  }
  if (times.empty()) {
    throw LoaderError(fmt::format("mode {} has no trial of {} bytes", mode.name, bytes));
  }
  return median(std::move(times));
}

}  // namespace stowage::loader
