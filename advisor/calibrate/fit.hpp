// CalibrateFit: the copy-cost model t(bytes) = alpha + bytes / beta, fitted to measured trials.
//
// `stowage calibrate` turns the loader's raw trials (bytes, seconds) into the CopyCost of a GPU
// profile (sim/profile.hpp). Per mode, the trials of each size are reduced to their median (robust
// to the odd slow trial), and the line through those medians is fitted by least squares on
// *relative* errors:
//
//   minimise  sum_i ((alpha + x_i * b - t_i) / t_i)^2    x_i bytes, t_i median seconds, b = 1/beta
//
// Plain least squares would let the largest copies (milliseconds) drown the smallest ones
// (microseconds), which are the only ones that say anything about alpha; dividing each row by t_i
// weighs every size equally. Solved with Eigen's column-pivoting Householder QR on the rows
// [1/t_i, x_i/t_i] = 1 (the x column scaled by 1/max x for conditioning). alpha cannot be
// negative: when the free fit puts it below zero, the constrained optimum lies on alpha = 0 (the
// problem is convex), so b is refitted alone, b = sum(x_i/t_i) / sum((x_i/t_i)^2), and
// `alpha_clamped` says so.
//
// Goodness: residuals r_i = (predicted_i - t_i) / t_i, and
// R^2 = 1 - sum r_i^2 / sum ((t_i - m) / t_i)^2 in the same relative metric, with
// m = sum(t_i / t_i^2) / sum(1 / t_i^2) the weighted mean. A fit is
// rejected (FitRejected, saying why) with fewer than kMinSizes sizes, a time that is not positive,
// a slope that is not positive (time does not grow with size, so no beta exists), or R^2 below
// kMinRSquared (the line explains the data badly).
//
// Worked example: alpha = 10 us, beta = 25 GB/s. 1 MB takes 10e-6 + 1e6/25e9 = 50 us; 100 MB
// takes 10e-6 + 4e-3 = 4.01 ms; 1 GB takes 40.01 ms. Fitting these three exact points gives back
// alpha = 10 us and beta = 25 GB/s with every residual 0 and R^2 = 1.
//
// Bands. Some copies are not one line: a pageable copy runs at memcpy speed while its buffers fit
// in the CPU caches and at host memory bandwidth beyond (the H100 record in
// tests/fixtures/calibration/: 14.4 GB/s at 4 to 16 MiB, 8.4 GB/s from 64 MiB up; one line
// explains it with R^2 0.905). fit_copy_bands() describes such a mode by one line per band of
// consecutive sizes: for k = 2 .. kMaxBands it tries every split of the sorted sizes into k bands
// of at least kMinBandSizes sizes each, keeps the splits whose every band has a line with a
// positive slope, R^2 >= kMinRSquared and every size within kMaxBandResidual of it, and returns
// the one with the least sum of squared relative residuals; the fewest bands win. Band i covers
// copies above band i-1's largest size up to its own largest size (so a copy between two
// measured sizes takes the line of the band above it, the slower one in the record above);
// copies beyond the last size take the last band's line.
//
// Worked example (the fixture's pageable medians): 64 KiB 18.5 us, 256 KiB 23.5 us | 1 MiB 77.4
// us, 4 MiB 291 us, 16 MiB 1.164 ms | 64 MiB 7.24 ms, 256 MiB 32.0 ms, 1 GiB 127.8 ms. Two bands
// leave a size more than 10% off its line whatever the split (after 16 MiB: 256 KiB is 20% off),
// so three: the middle line reaches 16 MiB at about 14.4 GB/s, the last 1 GiB at about 8.7 GB/s
// (its alpha clamped to 0, beta a relative least squares mean of 9.3, 8.4 and 8.4 GB/s);
// tests/calibrate_test.cpp pins both.
//
// Units: bytes, seconds, bytes per second. Pure and deterministic: the same samples give the same
// fit, bit for bit.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/units.hpp"

namespace stowage::advisor {

/// One timed trial: `bytes` moved in `seconds`.
struct Sample {
  double bytes = 0.0;
  double seconds = 0.0;
};

/// One size of a fit: the median of its trials and what the line predicts there.
struct FitPoint {
  double bytes = 0.0;
  double seconds = 0.0;            // median of the trials
  double predicted = 0.0;          // alpha + bytes / beta
  double relative_residual = 0.0;  // (predicted - seconds) / seconds
  int trials = 0;
};

/// The fitted copy cost and how well it explains the data.
struct CopyFit {
  sim::Seconds alpha;
  sim::BytesPerSecond beta;
  double r_squared = 0.0;
  bool alpha_clamped = false;    // the free fit's alpha was negative; alpha = 0 was fitted instead
  std::vector<FitPoint> points;  // one per size, smallest first

  /// The largest |relative residual| over the points.
  double max_relative_residual() const;
};

/// Sizes a fit needs: two parameters and at least one more point to judge them by.
inline constexpr int kMinSizes = 3;
/// R^2 (relative metric) below which a fit is rejected: the line leaves more than 5% of the
/// relative variation of the times unexplained.
inline constexpr double kMinRSquared = 0.95;

/// A fit that does not describe its data; `what()` says why, naming the mode.
class FitRejected : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Fits t = alpha + bytes / beta to `samples` of `mode` (named in messages); throws FitRejected.
CopyFit fit_copy_cost(std::string_view mode, const std::vector<Sample>& samples);

/// Most bands fit_copy_bands() tries: the small-copy regime (per-call overhead), the regime
/// while buffers fit in the CPU caches, and the one beyond; more would describe noise.
inline constexpr int kMaxBands = 3;
/// Least sizes of a band: two determine its line; the residual bound below judges the split.
inline constexpr int kMinBandSizes = 2;
/// The largest |relative residual| a band's line may leave at any of its sizes: a band is a
/// regime of the hardware, so its line must follow every size in it closely (one line over the
/// pinned copies of the fixture is within 0.7%; the split into two bands of the pageable copies
/// leaves 20%).
inline constexpr double kMaxBandResidual = 0.10;

/// One line per size band (see above); `up_to` is each band's largest size, in bytes.
struct BandedFit {
  std::vector<double> up_to;
  std::vector<CopyFit> bands;
  double sum_squared_residuals = 0.0;

  /// The largest |relative residual| over every band's points.
  double max_relative_residual() const;
};

/// Fits `samples` of `mode` band by band (see above); throws FitRejected when no split into at
/// most kMaxBands bands has every band's line accepted.
BandedFit fit_copy_bands(std::string_view mode, const std::vector<Sample>& samples);

}  // namespace stowage::advisor
