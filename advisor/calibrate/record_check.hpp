// The check of a loader record before calibrate reads anything from it: every field the loader
// writes (loader/report.hpp), where present, has its type, sign and range, and every mode is one
// the loader produces (a thread sweep's N from 1 to its thread limit). A record is a user's file
// (`calibrate --from`) or the loader's output of this run; either way a field out of range would
// otherwise reach a profile (a chunk of 1e300 bytes, a rate of 0) or the fits.
//
// A bad field is a ConfigError without a position (JSON gives none):
//   FILE: error: modes[3].trials[0].seconds: -1 is negative (expected a time in seconds, > 0)
#pragma once

#include <string>

#include "advisor/calibrate/samples.hpp"

namespace stowage::advisor {

/// Throws ConfigError at the first field of `doc` out of type or range; `file` names the record.
void check_record(const std::string& file, const CalibrationJson& doc);

/// The key path at which `text` stops being JSON (e.g. modes[0].trials[2].bytes for a number
/// beyond a double's range); empty at the top or when it parses.
std::string parse_error_path(const std::string& text);

/// True when `name` is a mode that stowage-loader writes (e.g. h2d_pinned, storage_cold_t8).
bool loader_mode_name(std::string_view name);

}  // namespace stowage::advisor
