// GPU calibration: a loader record (calibrate/samples.hpp) to a measured GPU profile
// (sim/profile.hpp GpuProfile, written by sim/config/profile_writer.hpp) and the samples file
// that keeps the record with every fit.
//
// Every mode is fitted on its own. The profile is made of h2d_pinned and h2d_pageable, each
// described by one line or, where one line does not describe it, by size bands
// (calibrate/fit.hpp); the profile's comment header lists every mode that nothing describes,
// with its reason, and the samples file keeps every fit and rejection. A profile is written
// whenever both of its modes are described (`complete`); otherwise only the samples file is, and
// `problems` says which mode the profile lacks. Other modes of the record (memcpy, pinning, file
// to GPU) are diagnostics: each is fitted and listed, described or not, and never stops the
// profile. Figures are rounded to kProfileDigits significant digits. Pure: the same record and
// paths give the same bytes.
#pragma once

#include <filesystem>
#include <string>

#include "advisor/calibrate/samples.hpp"

namespace stowage::advisor {

/// What the command line adds to a GPU record.
struct GpuCalibrationOptions {
  int pcie_gen = 0;  // 0: from the loader's sysfs reading
  int lanes = 0;
};

/// Everything a calibration writes and prints.
struct CalibrationOutputs {
  std::string profile_text;  // empty when no profile can be written
  std::string samples_text;
  std::string summary;    // stdout
  std::string problems;   // stderr: why the calibration is partial, one line each
  bool complete = false;  // the profile written, every figure of it measured
};

/// The profile at `profile_path` (naming `samples_path` as its source) and the samples file;
/// throws ConfigError for a record that lacks what a profile needs.
CalibrationOutputs calibrate_gpu(const GpuCalibrationOptions& o, const std::string& samples_name,
                                 SamplesFile s, const std::filesystem::path& profile_path,
                                 const std::filesystem::path& samples_path);

/// Whether a driver version as a record states it looks like one ("580.159.04"; a record written
/// before the parser was fixed says "for").
bool plausible_driver_version(std::string_view version);

}  // namespace stowage::advisor
