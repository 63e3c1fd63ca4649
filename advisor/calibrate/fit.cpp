#include "advisor/calibrate/fit.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace stowage::advisor {

namespace {

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

}  // namespace

double CopyFit::max_relative_residual() const {
  double worst = 0.0;
  for (const FitPoint& p : points) worst = std::max(worst, std::abs(p.relative_residual));
  return worst;
}

namespace {

// fit_copy_cost with the least number of sizes as a parameter (bands may hold two).
CopyFit fit_line(std::string_view mode, const std::vector<Sample>& samples, int min_sizes) {
  std::map<double, std::vector<double>> by_size;
  for (const Sample& s : samples) {
    if (!(s.seconds > 0.0) || !std::isfinite(s.seconds)) {
      throw FitRejected(
          fmt::format("{}: fit rejected: a trial of {} bytes took {} s (expected a "
                      "positive time)",
                      mode, s.bytes, s.seconds));
    }
    by_size[s.bytes].push_back(s.seconds);
  }
  const auto n = static_cast<Eigen::Index>(by_size.size());
  if (n < min_sizes) {
    throw FitRejected(
        fmt::format("{}: fit rejected: trials of {} size(s) (expected at least {} "
                    "different sizes)",
                    mode, n, min_sizes));
  }

  CopyFit fit;
  Eigen::VectorXd x(n), t(n);
  Eigen::Index i = 0;
  for (const auto& [bytes, times] : by_size) {
    x(i) = bytes;
    t(i) = median_of(times);
    fit.points.push_back({bytes, t(i), 0.0, 0.0, static_cast<int>(times.size())});
    ++i;
  }

  // Rows [1/t_i, (x_i/scale)/t_i] . [alpha, b*scale] = 1: least squares on relative errors.
  const double scale = x.maxCoeff();
  Eigen::MatrixXd a(n, 2);
  a.col(0) = t.cwiseInverse();
  a.col(1) = (x / scale).cwiseQuotient(t);
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
  const Eigen::Vector2d solution = a.colPivHouseholderQr().solve(ones);
  double alpha = solution(0);
  double b = solution(1) / scale;
  if (alpha < 0.0) {
    // The constrained optimum lies on alpha = 0: one column, b = sum(x/t) / sum((x/t)^2).
    const Eigen::VectorXd xt = x.cwiseQuotient(t);
    alpha = 0.0;
    b = xt.sum() / xt.squaredNorm();
    fit.alpha_clamped = true;
  }
  if (!(b > 0.0)) {
    throw FitRejected(
        fmt::format("{}: fit rejected: time does not grow with size (slope {:.3g} "
                    "s/byte), so no throughput can be derived",
                    mode, b));
  }

  const Eigen::VectorXd w = t.cwiseInverse().cwiseAbs2();
  const double mean = w.dot(t) / w.sum();
  double ss_res = 0.0;
  double ss_tot = 0.0;
  for (Eigen::Index k = 0; k < n; ++k) {
    FitPoint& p = fit.points[static_cast<std::size_t>(k)];
    p.predicted = alpha + x(k) * b;
    p.relative_residual = (p.predicted - t(k)) / t(k);
    ss_res += p.relative_residual * p.relative_residual;
    ss_tot += ((t(k) - mean) / t(k)) * ((t(k) - mean) / t(k));
  }
  fit.r_squared = ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : 0.0;
  fit.alpha = sim::Seconds(alpha);
  fit.beta = sim::BytesPerSecond(1.0 / b);
  if (fit.r_squared < kMinRSquared) {
    throw FitRejected(fmt::format(
        "{}: fit rejected: t = alpha + bytes/beta explains the trials badly (R^2 = {:.3f} < {}, "
        "worst point off by {:.0f}%); the timings are too noisy or do not follow a line",
        mode, fit.r_squared, kMinRSquared, 100.0 * fit.max_relative_residual()));
  }
  return fit;
}

}  // namespace

CopyFit fit_copy_cost(std::string_view mode, const std::vector<Sample>& samples) {
  return fit_line(mode, samples, kMinSizes);
}

double BandedFit::max_relative_residual() const {
  double worst = 0.0;
  for (const CopyFit& b : bands) worst = std::max(worst, b.max_relative_residual());
  return worst;
}

BandedFit fit_copy_bands(std::string_view mode, const std::vector<Sample>& samples) {
  std::vector<double> sizes;
  for (const Sample& s : samples) sizes.push_back(s.bytes);
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  const int n = static_cast<int>(sizes.size());

  // The samples whose size lies in sizes[first, last).
  const auto band_samples = [&](int first, int last) {
    std::vector<Sample> out;
    for (const Sample& s : samples) {
      if (s.bytes >= sizes[static_cast<std::size_t>(first)] &&
          s.bytes <= sizes[static_cast<std::size_t>(last - 1)]) {
        out.push_back(s);
      }
    }
    return out;
  };
  for (int k = 2; k <= kMaxBands; ++k) {
    std::optional<BandedFit> best;
    // cuts[i]: index of the first size of band i + 1; every band has >= kMinSizes sizes.
    std::vector<int> cuts(static_cast<std::size_t>(k - 1));
    const auto search = [&](auto&& self, int band, int first) -> void {
      if (band == k - 1) {
        if (n - first < kMinBandSizes) return;
        BandedFit candidate;
        int begin = 0;
        try {
          for (int i = 0; i < k; ++i) {
            const int end = i + 1 < k ? cuts[static_cast<std::size_t>(i)] : n;
            CopyFit f = fit_line(mode, band_samples(begin, end), kMinBandSizes);
            if (f.max_relative_residual() > kMaxBandResidual) return;
            for (const FitPoint& p : f.points) {
              candidate.sum_squared_residuals += p.relative_residual * p.relative_residual;
            }
            candidate.up_to.push_back(sizes[static_cast<std::size_t>(end - 1)]);
            candidate.bands.push_back(std::move(f));
            begin = end;
          }
        } catch (const FitRejected&) {
          return;
        }
        if (!best || candidate.sum_squared_residuals < best->sum_squared_residuals) {
          best = std::move(candidate);
        }
        return;
      }
      for (int cut = first + kMinBandSizes; cut + kMinBandSizes <= n; ++cut) {
        cuts[static_cast<std::size_t>(band)] = cut;
        self(self, band + 1, cut);
      }
    };
    search(search, 0, 0);
    if (best) return *best;
  }
  throw FitRejected(fmt::format(
      "{}: fit rejected: no split of its {} sizes into 2 to {} bands has every size within "
      "{:.0f}% of its band's line",
      mode, n, kMaxBands, 100.0 * kMaxBandResidual));
}

}  // namespace stowage::advisor
