#include "advisor/calibrate/samples.hpp"

#include <fmt/format.h>

#include "advisor/calibrate/record_check.hpp"

#include <algorithm>
#include <cctype>

#include "sim/capacity.hpp"
#include "sim/config/config_error.hpp"
#include "sim/units.hpp"

namespace stowage::advisor {

using sim::config::ConfigError;

SamplesFile parse_samples(const std::string& file, const std::string& text) {
  using Json = CalibrationJson;
  SamplesFile s;
  const auto bad = [&](std::string problem) {
    return ConfigError(file, sim::config::kNoPosition, "", std::move(problem),
                       "the JSON that stowage-loader writes");
  };
  try {
    s.doc = Json::parse(text);
  } catch (const Json::out_of_range&) {
    // A number beyond a double's range, e.g. 1e999.
    throw ConfigError(file, sim::config::kNoPosition, parse_error_path(text),
                      "a number beyond the range of a double", "a finite number");
  } catch (const Json::exception& e) {
    throw bad(fmt::format("not JSON: {}", e.what()));
  }
  try {
    if (s.doc.is_object() && s.doc.contains("format") && s.doc["format"].is_string() &&
        s.doc["format"].get<std::string>() != kSamplesFormat) {
      throw bad(fmt::format("format is '{}', not '{}'", s.doc.at("format").get<std::string>(),
                            kSamplesFormat));
    }
    check_record(file, s.doc);
    for (const Json& m : s.doc.at("modes")) {
      const std::string name = m.at("name").get<std::string>();
      const int streams = m.value("streams", 1);
      const double resident = m.value("resident_after_drop", 0.0);
      ModeSamples total{name, streams, {}, resident};
      ModeSamples read{name + ".read", streams, {}, resident};
      ModeSamples copy{name + ".copy", streams, {}, resident};
      for (const Json& t : m.at("trials")) {
        const double bytes = t.at("bytes").get<double>();
        total.samples.push_back({bytes, t.at("seconds").get<double>()});
        if (t.contains("read_seconds")) read.samples.push_back({bytes, t["read_seconds"]});
        if (t.contains("copy_seconds")) copy.samples.push_back({bytes, t["copy_seconds"]});
      }
      s.modes.push_back(std::move(total));
      if (!read.samples.empty()) s.modes.push_back(std::move(read));
      if (!copy.samples.empty()) s.modes.push_back(std::move(copy));
    }
    s.doc.at("gpu").at("found").get<bool>();
    if (!s.doc.at("host").is_object()) throw bad("`host` is not an object");
  } catch (const Json::exception& e) {
    throw bad(fmt::format("unexpected content: {}", e.what()));
  }
  return s;
}

ModeFit fit_mode(const ModeSamples& m) {
  ModeFit f;
  f.mode = m.name;
  try {
    f.line = fit_copy_cost(f.mode, m.samples);
    return f;
  } catch (const FitRejected& e) {
    f.line_rejection = e.what();
  }
  try {
    f.bands = fit_copy_bands(f.mode, m.samples);
  } catch (const FitRejected& e) {
    // "MODE: fit rejected: <why no line>; and <why no bands>", the mode named once.
    const std::string bands = e.what();
    const std::string prefix = f.mode + ": fit rejected: ";
    f.rejection = f.line_rejection + "; and " +
                  (bands.starts_with(prefix) ? bands.substr(prefix.size()) : bands);
  }
  return f;
}

namespace {

CalibrationJson line_json(const CopyFit& fit) {
  using Json = CalibrationJson;
  Json j{{"alpha_seconds", fit.alpha.value()},
         {"beta_bytes_per_second", fit.beta.value()},
         {"r_squared", fit.r_squared},
         {"alpha_clamped", fit.alpha_clamped}};
  Json points = Json::array();
  for (const FitPoint& p : fit.points) {
    points.push_back({{"bytes", p.bytes},
                      {"median_seconds", p.seconds},
                      {"predicted_seconds", p.predicted},
                      {"relative_residual", p.relative_residual},
                      {"trials", p.trials}});
  }
  j["points"] = std::move(points);
  return j;
}

std::string row(std::string_view label, const CopyFit& fit, bool used) {
  return fmt::format("  {:<30} {:>10} {:>11} {:>8.4f} {:>6.1f}%{}\n", label,
                     sim::to_string(fit.alpha), sim::to_string(fit.beta), fit.r_squared,
                     100.0 * fit.max_relative_residual(), used ? "  -> profile" : "");
}

}  // namespace

CalibrationJson fit_json(const ModeFit& f) {
  using Json = CalibrationJson;
  Json j{{"mode", f.mode}};
  if (f.line) {
    j.update(line_json(*f.line));
    return j;
  }
  j["line_rejected"] = f.line_rejection;
  if (!f.bands) {
    j["rejected"] = f.rejection;
    return j;
  }
  Json bands = Json::array();
  for (std::size_t i = 0; i < f.bands->bands.size(); ++i) {
    Json b{{"up_to_bytes", f.bands->up_to[i]}};
    b.update(line_json(f.bands->bands[i]));
    bands.push_back(std::move(b));
  }
  j["bands"] = std::move(bands);
  return j;
}

std::string fit_header() {
  return fmt::format("  {:<30} {:>10} {:>11} {:>8} {:>7}\n", "mode", "alpha", "beta", "R^2",
                     "worst");
}

std::string fit_rows(const ModeFit& f, bool used) {
  if (f.line) return row(f.mode, *f.line, used);
  if (f.bands) {
    std::string out;
    for (std::size_t i = 0; i < f.bands->bands.size(); ++i) {
      const std::string label =
          fmt::format("{} <= {}", f.mode, sim::size_text(sim::Bytes(f.bands->up_to[i])));
      out += row(label, f.bands->bands[i], used);
    }
    return out;
  }
  const std::string_view why = "; and ";
  const auto at = f.rejection.rfind(why);
  return fmt::format("  {:<30} not fitted: {}\n", f.mode,
                     at == std::string::npos ? f.rejection : f.rejection.substr(at + why.size()));
}

std::string slug(std::string_view name, std::string_view fallback) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? std::string(fallback) : out;
}

std::vector<SweepPoint> sweep_points(const CalibrationJson& doc, std::string_view prefix,
                                     const char* resident_key, bool largest_only) {
  std::vector<SweepPoint> out;
  for (const CalibrationJson& m : doc.at("modes")) {
    if (!m.at("name").get<std::string>().starts_with(prefix)) continue;
    SweepPoint p;
    p.threads = m.at("threads").get<int>();
    p.resident = m.value(resident_key, 0.0);
    double largest = 0.0;
    for (const CalibrationJson& t : m.at("trials")) {
      largest = std::max(largest, t.at("bytes").get<double>());
    }
    std::vector<double> rates;
    for (const CalibrationJson& t : m.at("trials")) {
      const double bytes = t.at("bytes").get<double>();
      const double seconds = t.at("seconds").get<double>();
      if (!(seconds > 0.0) || (largest_only && bytes < largest)) continue;
      rates.push_back(bytes / seconds);
      p.bytes += bytes;
      p.cpu_s += t.value("cpu_seconds", 0.0);
      p.busy_s += t.value("busy_cpu_seconds", 0.0);
    }
    if (rates.empty()) continue;
    std::sort(rates.begin(), rates.end());
    const std::size_t n = rates.size();
    p.rate_bps = n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2.0;
    out.push_back(p);
  }
  std::sort(out.begin(), out.end(),
            [](const SweepPoint& a, const SweepPoint& b) { return a.threads < b.threads; });
  return out;
}

sim::BytesPerSecond rounded_rate(double rate_bps) {
  constexpr int kDigits = 4;  // as for GPU profiles
  return sim::BytesPerSecond(sim::round_significant(rate_bps, kDigits));
}

}  // namespace stowage::advisor
