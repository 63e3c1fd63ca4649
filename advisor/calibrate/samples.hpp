// Calibrate's reading of a loader record: the JSON that stowage-loader writes
// ("stowage-loader/1", loader/report.hpp), split into the trials of each mode, and each mode's
// description by a line or by size bands (calibrate/fit.hpp) or the reason it has none.
//
// Every mode is fitted on its own: a mode that neither one line nor a few bands describe is
// listed with its reason and does not stop the others. Sizes in bytes, times in seconds. Pure
// apart from the JSON it is given: the same record gives the same fits.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "advisor/calibrate/fit.hpp"
#include "sim/units.hpp"

namespace stowage::advisor {

using CalibrationJson = nlohmann::ordered_json;

/// The document format the loader writes (loader/report.hpp).
inline constexpr std::string_view kSamplesFormat = "stowage-loader/1";

/// The trials of one mode, in document order.
struct ModeSamples {
  std::string name;
  int streams = 1;
  std::vector<Sample> samples;
  double resident_after_drop = 0.0;  // cold modes: the page cache the drops could not empty
};

/// A loader record: the document and the trials of every mode (a pipelined mode's read and copy
/// stages as modes of their own, e.g. file_to_gpu_cold.read).
struct SamplesFile {
  CalibrationJson doc;
  std::vector<ModeSamples> modes;
};

/// Parses the loader's JSON; `file` names it in errors. Throws ConfigError.
SamplesFile parse_samples(const std::string& file, const std::string& text);

/// How one mode is described: one line, or size bands when no line fits, or neither.
struct ModeFit {
  std::string mode;
  std::optional<CopyFit> line;
  std::optional<BandedFit> bands;
  std::string line_rejection;  // why one line does not describe it (also when bands do)
  std::string rejection;       // why nothing describes it; empty when described

  bool described() const { return line || bands; }
};

/// Fits `m` by one line, else by bands.
ModeFit fit_mode(const ModeSamples& m);

/// The fit as the samples file keeps it: parameters, R^2 and every point, or the rejection.
CalibrationJson fit_json(const ModeFit& f);

/// The summary table's rows for `f`: one per line (a banded mode one per band); `used` marks
/// the modes a profile is made of.
std::string fit_rows(const ModeFit& f, bool used);

/// The summary table's header row.
std::string fit_header();

/// One thread count of a thread sweep (modes named PREFIX + N with a "threads" field).
struct SweepPoint {
  int threads = 0;
  double rate_bps = 0.0;  // median over the trials used of bytes / seconds
  double bytes = 0.0;     // summed over the trials used
  double cpu_s = 0.0;     // this process, summed
  double busy_s = 0.0;    // the whole machine, summed
  double resident = 0.0;  // the mode's `resident_key` (page cache residency, 0 to 1)
};

/// The points of every mode whose name starts with `prefix`, by thread count; with
/// `largest_only`, only the trials of each mode's largest size count (a sweep over file prefixes,
/// whose small sizes pay fixed costs). Modes without a timed trial are left out. Throws
/// CalibrationJson::exception for a mode without the fields.
std::vector<SweepPoint> sweep_points(const CalibrationJson& doc, std::string_view prefix,
                                     const char* resident_key, bool largest_only);

/// `rate_bps` rounded to the digits a calibrated figure keeps: more would claim a precision not
/// measured.
sim::BytesPerSecond rounded_rate(double rate_bps);

/// "NVIDIA H100 80GB HBM3" -> "nvidia-h100-80gb-hbm3"; "gpu" if nothing is left.
std::string slug(std::string_view name, std::string_view fallback);

}  // namespace stowage::advisor
