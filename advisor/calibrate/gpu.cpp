#include "advisor/calibrate/gpu.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "sim/check.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/profile_loader.hpp"
#include "sim/config/profile_writer.hpp"
#include "sim/profile.hpp"

namespace stowage::advisor {

namespace {

using Json = CalibrationJson;
using sim::config::ConfigError;

// The modes the profile is made of: single-stream host-to-device copies.
constexpr std::string_view kPinnedMode = "h2d_pinned";
constexpr std::string_view kPageableMode = "h2d_pageable";
// Significant digits of the figures written to the profile: a timing is not repeatable to one
// part in 10^4, so more digits would claim a precision the measurement does not have (the samples
// file keeps the fit's full precision, and its residuals show the actual scatter).
constexpr int kProfileDigits = 4;

std::string pcie_text(const Json& gpu) {
  if (!gpu.contains("pcie")) return "PCIe link unknown";
  const Json& l = gpu["pcie"];
  return fmt::format("PCIe gen {} x{} (max gen {} x{})", l.value("generation", 0),
                     l.value("width", 0), l.value("max_generation", 0), l.value("max_width", 0));
}

const ModeFit* find_fit(const std::vector<ModeFit>& fits, std::string_view mode) {
  for (const ModeFit& f : fits) {
    if (f.mode == mode) return &f;
  }
  return nullptr;
}

sim::Seconds round_seconds(sim::Seconds s) {
  return sim::Seconds(sim::round_significant(s.value(), kProfileDigits));
}
sim::BytesPerSecond round_rate(sim::BytesPerSecond r) {
  return sim::BytesPerSecond(sim::round_significant(r.value(), kProfileDigits));
}

// The copy cost a described mode gives: its line, or its bands with the last band's line on top.
sim::CopyCost copy_cost(const ModeFit& f) {
  if (f.line) return sim::CopyCost{round_seconds(f.line->alpha), round_rate(f.line->beta), {}};
  sim::CopyCost c;
  for (std::size_t i = 0; i < f.bands->bands.size(); ++i) {
    const CopyFit& b = f.bands->bands[i];
    c.bands.push_back({sim::Bytes(f.bands->up_to[i]), round_seconds(b.alpha), round_rate(b.beta)});
  }
  c.alpha = c.bands.back().alpha;
  c.beta = c.bands.back().beta;
  return c;
}

// One comment line on how a profile mode was described.
std::string fit_comment(const ModeFit& f, std::string_view key) {
  if (f.line) {
    return fmt::format("# {}: one line, R^2 {:.4f}, worst size off by {:.1f}%.\n", key,
                       f.line->r_squared, 100.0 * f.line->max_relative_residual());
  }
  // "... explains the trials badly (R^2 = 0.905 < 0.95, worst point off by 34%); ...": the
  // figures in parentheses, else the whole reason.
  const auto open = f.line_rejection.find("(R^2");
  const auto close = f.line_rejection.find(')', open);
  const std::string why = open != std::string::npos && close != std::string::npos
                              ? f.line_rejection.substr(open + 1, close - open - 1)
                              : f.line_rejection;
  std::string out = fmt::format(
      "# {}: one line does not describe it ({}),\n#   so one line per size band:", key, why);
  for (std::size_t i = 0; i < f.bands->bands.size(); ++i) {
    out += fmt::format(" up to {} R^2 {:.4f}{}", sim::size_text(sim::Bytes(f.bands->up_to[i])),
                       f.bands->bands[i].r_squared, i + 1 < f.bands->bands.size() ? ";" : ".");
  }
  return out + fmt::format("\n#   Worst size off by {:.1f}%.\n",
                           100.0 * f.bands->max_relative_residual());
}

}  // namespace

bool plausible_driver_version(std::string_view version) {
  return !version.empty() && std::isdigit(static_cast<unsigned char>(version.front())) &&
         version.find('.') != std::string_view::npos;
}

CalibrationOutputs calibrate_gpu(const GpuCalibrationOptions& o, const std::string& samples_name,
                                 SamplesFile s, const std::filesystem::path& profile_path,
                                 const std::filesystem::path& samples_path) {
  const Json& gpu = s.doc["gpu"];
  std::vector<ModeFit> fits;
  for (const ModeSamples& m : s.modes) fits.push_back(fit_mode(m));

  CalibrationOutputs out;
  out.complete = true;
  std::string rejected_comment;
  for (const ModeFit& f : fits) {
    if (!f.described()) rejected_comment += fmt::format("#   {}\n", f.rejection);
  }
  const ModeFit* pinned = find_fit(fits, kPinnedMode);
  const ModeFit* pageable = find_fit(fits, kPageableMode);
  std::string missing;
  for (const auto& [name, f] :
       {std::pair{kPinnedMode, pinned}, std::pair{kPageableMode, pageable}}) {
    if (f == nullptr)
      missing += fmt::format(" {} (not in the record)", name);
    else if (!f->described())
      missing += fmt::format(" {} (not described)", name);
  }

  const std::string gpu_name = gpu.value("name", std::string("unknown GPU"));
  const std::string date = s.doc.value("started_at", std::string());
  std::string driver = gpu.value("driver_version", std::string("?"));
  if (!plausible_driver_version(driver)) driver = fmt::format("unknown (record says '{}')", driver);

  if (missing.empty()) {
    sim::GpuProfile p;
    p.info.name = profile_path.stem().string();
    p.info.description =
        fmt::format("{} measured by stowage calibrate on {} (driver {}, CUDA {}, {})", gpu_name,
                    date.substr(0, date.find('T')), driver,
                    gpu.value("cuda_runtime_version", std::string("?")), pcie_text(gpu));
    p.origin = sim::Source{sim::Source::Kind::kMeasured, samples_path.generic_string()};
    p.memory = sim::Bytes(gpu.value("memory_bytes", 0.0));
    const Json link = gpu.value("pcie", Json::object());
    p.host_link.pcie_generation = o.pcie_gen > 0 ? o.pcie_gen : link.value("generation", 0);
    p.host_link.lanes = o.lanes > 0 ? o.lanes : link.value("width", 0);
    if (p.host_link.pcie_generation <= 0 || p.host_link.lanes <= 0) {
      throw ConfigError(samples_name, {}, "gpu.pcie",
                        "the PCIe link of the GPU was not readable from sysfs",
                        "--pcie-gen N and --lanes N given to stowage calibrate");
    }
    p.h2d_pinned = copy_cost(*pinned);
    p.h2d_pageable = copy_cost(*pageable);
    out.profile_text = fmt::format(
        "# Measured by `stowage calibrate` from {} (stowage-loader {}, started {}).\n"
        "# GPU: {} (compute {}, {}), driver {}, CUDA driver {} / runtime {}, {}.\n"
        "# Host: {}, {} logical CPUs.\n"
        "# Fits of t = alpha + bytes/beta to per-size medians (every fit is in the samples "
        "file):\n",
        samples_path.generic_string(), s.doc.value("loader_version", std::string("?")), date,
        gpu_name, gpu.value("compute_capability", std::string("?")),
        gpu.value("pci_bus_id", std::string("?")), driver,
        gpu.value("cuda_driver_version", std::string("?")),
        gpu.value("cuda_runtime_version", std::string("?")), pcie_text(gpu),
        s.doc["host"].value("cpu_model", std::string("?")), s.doc["host"].value("logical_cpus", 0));
    out.profile_text += fit_comment(*pinned, "h2d.pinned") + fit_comment(*pageable, "h2d.pageable");
    if (!rejected_comment.empty()) {
      out.profile_text += "# Modes of the record that nothing describes (not used here):\n";
      out.profile_text += rejected_comment;
    }
    out.profile_text += sim::config::write_gpu_profile_yaml(p);
    // What is written must load back through the catalog's own loader, to the same figures.
    const sim::GpuProfile back =
        sim::config::load_gpu_profile_text(out.profile_text, profile_path.string(), p.info.name);
    STOWAGE_CHECK(back.h2d_pinned.beta == p.h2d_pinned.beta &&
                      back.h2d_pageable.alpha == p.h2d_pageable.alpha &&
                      back.h2d_pageable.bands.size() == p.h2d_pageable.bands.size(),
                  "a calibrated profile does not read back to its own figures");
  } else {
    out.complete = false;
    out.problems += fmt::format(
        "stowage calibrate: no GPU profile written: the profile needs{}; the samples file keeps "
        "every fit\n",
        missing);
  }

  Json calibration{
      {"profile", out.profile_text.empty() ? Json() : Json(profile_path.generic_string())},
      {"complete", out.complete},
      {"fits", Json::array()}};
  for (const ModeFit& f : fits) calibration["fits"].push_back(fit_json(f));
  s.doc["calibration"] = std::move(calibration);
  out.samples_text = s.doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";

  out.summary = fmt::format("calibrated {} ({}):\n", gpu_name, pcie_text(gpu));
  out.summary += fit_header();
  for (const ModeFit& f : fits) {
    out.summary += fit_rows(f, f.mode == kPinnedMode || f.mode == kPageableMode);
  }
  for (const ModeSamples& m : s.modes) {
    if (m.resident_after_drop > 0.0 && !m.name.ends_with(".read") && !m.name.ends_with(".copy")) {
      out.summary += fmt::format(
          "note: {}: up to {:.0f}% of the test file stayed in the page cache after a drop (file "
          "system {}), so its trials were not cold; pass --dir on a disk\n",
          m.name, 100.0 * m.resident_after_drop,
          s.doc["host"].value("file_system", std::string("?")));
    }
  }
  if (!plausible_driver_version(gpu.value("driver_version", std::string()))) {
    out.summary += fmt::format(
        "note: the record's driver version '{}' is not a version (a loader before the fix of the "
        "driver version parser); the profile says unknown\n",
        gpu.value("driver_version", std::string()));
  }
  if (!out.profile_text.empty())
    out.summary += fmt::format("wrote {}\n", profile_path.generic_string());
  out.summary += fmt::format("wrote {}\n", samples_path.generic_string());
  return out;
}

}  // namespace stowage::advisor
