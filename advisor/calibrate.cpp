// `stowage calibrate`: runs stowage-loader on this machine, fits t = alpha + bytes / beta to each
// mode it measured (calibrate_fit.hpp) and writes a GPU profile with a `measured` source, plus the
// loader's raw trials and every fit next to it under data/calibration/.
//
// The loader is a separate executable (loader/, built with CUDA when nvcc is found) and the only
// thing here that knows CUDA exists; this command reads the JSON it writes ("stowage-loader/1",
// loader/report.hpp) and nothing else. `--from FILE` fits a samples file recorded earlier
// instead of running the loader, so a calibration can be refitted or checked anywhere.
//
// Exit status: 0 written; 1 the loader failed or a needed fit was rejected; 2 a user error
// (ConfigError: a bad samples file, a loader that cannot be run); 3 no GPU found, with the
// loader's "no GPU found: <reason>" line. Nothing is written unless everything succeeded.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "advisor/calibrate_fit.hpp"
#include "advisor/commands.hpp"
#include "sim/check.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/profile_loader.hpp"
#include "sim/config/profile_writer.hpp"
#include "sim/profile.hpp"

extern char** environ;

namespace stowage::advisor {

namespace {

using Json = nlohmann::ordered_json;
using sim::config::ConfigError;

// The loader's exit status and first words when it finds no GPU (loader/measurement.hpp).
constexpr int kExitNoGpu = 3;
constexpr std::string_view kNoGpuPrefix = "no GPU found: ";
// The document format the loader writes (loader/report.hpp).
constexpr std::string_view kSamplesFormat = "stowage-loader/1";
// The modes the profile is made of: single-stream host-to-device copies.
constexpr std::string_view kPinnedMode = "h2d_pinned";
constexpr std::string_view kPageableMode = "h2d_pageable";
// Significant digits of the figures written to the profile: a timing is not repeatable to one
// part in 10^4, so more digits would claim a precision the measurement does not have (the samples
// file keeps the fit's full precision, and its residuals show the actual scatter).
constexpr int kProfileDigits = 4;

struct Options {
  std::string out;
  std::string samples_out;
  std::string loader;
  std::string from;
  std::vector<std::string> loader_args;  // forwarded to the loader, e.g. --dir D --trials N
  int pcie_gen = 0;                      // 0: from the loader's sysfs reading
  int lanes = 0;
};

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A unique empty file in the temporary directory, removed when the owner goes.
class TempFile {
 public:
  TempFile() {
    std::string p = (std::filesystem::temp_directory_path() / "stowage-calibrate-XXXXXX").string();
    const int fd = ::mkstemp(p.data());
    if (fd < 0) {
      throw ConfigError(p, {}, "", fmt::format("cannot create: {}", std::strerror(errno)),
                        "a writable temporary directory");
    }
    ::close(fd);
    path_ = p;
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The loader next to this `stowage` (where the build puts it), else `stowage-loader` on PATH.
std::string default_loader() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto beside = self.parent_path() / "stowage-loader";
    if (std::filesystem::exists(beside, ec)) return beside.string();
  }
  return "stowage-loader";
}

struct LoaderExit {
  int code = 0;
  std::string err;
};

// Runs `loader args... --out json_path` with stdout discarded and stderr captured.
LoaderExit run_loader(const std::string& loader, const std::vector<std::string>& args,
                      const std::filesystem::path& json_path) {
  const TempFile err_file;
  std::vector<std::string> argv_text{loader};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  argv_text.push_back("--out");
  argv_text.push_back(json_path.string());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.path().c_str(),
                                   O_WRONLY | O_TRUNC, 0);
  pid_t pid = 0;
  const int rc = loader.find('/') == std::string::npos
                     ? ::posix_spawnp(&pid, loader.c_str(), &actions, nullptr, argv.data(), environ)
                     : ::posix_spawn(&pid, loader.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw ConfigError(loader, {}, "", fmt::format("cannot run: {}", std::strerror(rc)),
                      "the stowage-loader executable (pass --loader PATH)");
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  LoaderExit r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.err = read_whole(err_file.path());
  return r;
}

// The lines of `text` that start with `prefix`, or all of it.
std::string line_starting(const std::string& text, std::string_view prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(prefix)) return line;
  }
  return text;
}

// The trials of every mode, in document order.
struct ModeSamples {
  std::string name;
  std::vector<Sample> samples;
  double resident_after_drop = 0.0;  // cold modes: the page cache the drops could not empty
};

struct SamplesFile {
  Json doc;
  std::vector<ModeSamples> modes;
};

SamplesFile parse_samples(const std::string& file, const std::string& text) {
  SamplesFile s;
  const auto bad = [&](std::string problem) {
    return ConfigError(file, {}, "", std::move(problem), "the JSON that stowage-loader writes");
  };
  try {
    s.doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw bad(fmt::format("not JSON: {}", e.what()));
  }
  try {
    if (s.doc.at("format").get<std::string>() != kSamplesFormat) {
      throw bad(fmt::format("format is '{}', not '{}'", s.doc.at("format").get<std::string>(),
                            kSamplesFormat));
    }
    for (const Json& m : s.doc.at("modes")) {
      // A pipelined mode's stages are fitted as modes of their own, e.g. file_to_gpu_cold.read.
      const std::string name = m.at("name").get<std::string>();
      ModeSamples total{name, {}, m.value("resident_after_drop", 0.0)};
      ModeSamples read{name + ".read", {}, total.resident_after_drop};
      ModeSamples copy{name + ".copy", {}, total.resident_after_drop};
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

// "NVIDIA H100 80GB HBM3" -> "nvidia-h100-80gb-hbm3".
std::string slug(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "gpu" : out;
}

struct ModeFit {
  std::string mode;
  std::optional<CopyFit> fit;
  std::string rejection;
};

Json fit_json(const ModeFit& f) {
  Json j{{"mode", f.mode}};
  if (!f.fit) {
    j["rejected"] = f.rejection;
    return j;
  }
  j["alpha_seconds"] = f.fit->alpha.value();
  j["beta_bytes_per_second"] = f.fit->beta.value();
  j["r_squared"] = f.fit->r_squared;
  j["alpha_clamped"] = f.fit->alpha_clamped;
  Json points = Json::array();
  for (const FitPoint& p : f.fit->points) {
    points.push_back({{"bytes", p.bytes},
                      {"median_seconds", p.seconds},
                      {"predicted_seconds", p.predicted},
                      {"relative_residual", p.relative_residual},
                      {"trials", p.trials}});
  }
  j["points"] = std::move(points);
  return j;
}

// The fit of a mode the profile needs; throws FitRejected when it failed or is missing.
const CopyFit& required_fit(const std::vector<ModeFit>& fits, std::string_view mode) {
  for (const ModeFit& f : fits) {
    if (f.mode != mode) continue;
    if (f.fit) return *f.fit;
    throw FitRejected(f.rejection);
  }
  throw FitRejected(fmt::format("{}: the samples have no such mode", mode));
}

std::string pcie_text(const Json& gpu) {
  if (!gpu.contains("pcie")) return "PCIe link unknown";
  const Json& l = gpu["pcie"];
  return fmt::format("PCIe gen {} x{} (max gen {} x{})", l.value("generation", 0),
                     l.value("width", 0), l.value("max_generation", 0), l.value("max_width", 0));
}

struct Outputs {
  std::string profile_text;
  std::string samples_text;
  std::string summary;
};

// Builds every output from a samples file, or throws: FitRejected for a needed mode that does
// not fit, ConfigError for a file that lacks what a profile needs.
Outputs calibrate(const Options& o, const std::string& samples_name, SamplesFile s,
                  const std::filesystem::path& profile_path,
                  const std::filesystem::path& samples_path) {
  const Json& gpu = s.doc["gpu"];
  std::vector<ModeFit> fits;
  for (const ModeSamples& m : s.modes) {
    ModeFit f{m.name, std::nullopt, {}};
    try {
      f.fit = fit_copy_cost(m.name, m.samples);
    } catch (const FitRejected& e) {
      f.rejection = e.what();
    }
    fits.push_back(std::move(f));
  }
  const CopyFit& pinned = required_fit(fits, kPinnedMode);
  const CopyFit& pageable = required_fit(fits, kPageableMode);

  const std::string gpu_name = gpu.value("name", std::string("unknown GPU"));
  const std::string date = s.doc.value("started_at", std::string());
  sim::GpuProfile p;
  p.info.name = profile_path.stem().string();
  p.info.description =
      fmt::format("{} measured by stowage calibrate on {} (driver {}, CUDA {}, {})", gpu_name,
                  date.substr(0, date.find('T')), gpu.value("driver_version", std::string("?")),
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
  const auto rounded = [](const CopyFit& f) {
    return sim::CopyCost{
        sim::Seconds(sim::round_significant(f.alpha.value(), kProfileDigits)),
        sim::BytesPerSecond(sim::round_significant(f.beta.value(), kProfileDigits))};
  };
  p.h2d_pinned = rounded(pinned);
  p.h2d_pageable = rounded(pageable);

  Outputs out;
  out.profile_text = fmt::format(
      "# Measured by `stowage calibrate` from {} (stowage-loader {}, started {}).\n"
      "# GPU: {} (compute {}, {}), driver {}, CUDA driver {} / runtime {}, {}.\n"
      "# Host: {}, {} logical CPUs.\n"
      "# Fits of t = alpha + bytes/beta to per-size medians: h2d.pinned R^2 {:.4f}, worst size "
      "off by {:.1f}%;\n# h2d.pageable R^2 {:.4f}, worst size off by {:.1f}%. Every mode's fit is "
      "in the samples file.\n",
      samples_path.generic_string(), s.doc.value("loader_version", std::string("?")), date,
      gpu_name, gpu.value("compute_capability", std::string("?")),
      gpu.value("pci_bus_id", std::string("?")), gpu.value("driver_version", std::string("?")),
      gpu.value("cuda_driver_version", std::string("?")),
      gpu.value("cuda_runtime_version", std::string("?")), pcie_text(gpu),
      s.doc["host"].value("cpu_model", std::string("?")), s.doc["host"].value("logical_cpus", 0),
      pinned.r_squared, 100.0 * pinned.max_relative_residual(), pageable.r_squared,
      100.0 * pageable.max_relative_residual());
  out.profile_text += sim::config::write_gpu_profile_yaml(p);
  // What is written must load back through the catalog's own loader, to the same figures.
  const sim::GpuProfile back =
      sim::config::load_gpu_profile_text(out.profile_text, profile_path.string(), p.info.name);
  STOWAGE_CHECK(
      back.h2d_pinned.beta == p.h2d_pinned.beta && back.h2d_pageable.alpha == p.h2d_pageable.alpha,
      "a calibrated profile does not read back to its own figures");

  Json calibration{{"profile", profile_path.generic_string()}, {"fits", Json::array()}};
  for (const ModeFit& f : fits) calibration["fits"].push_back(fit_json(f));
  s.doc["calibration"] = std::move(calibration);
  out.samples_text = s.doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";

  out.summary = fmt::format("calibrated {} ({}):\n", gpu_name, pcie_text(gpu));
  out.summary +=
      fmt::format("  {:<22} {:>10} {:>11} {:>8} {:>7}\n", "mode", "alpha", "beta", "R^2", "worst");
  for (const ModeFit& f : fits) {
    if (!f.fit) {
      const std::string_view why = "fit rejected: ";
      out.summary += fmt::format("  {:<22} not fitted: {}\n", f.mode,
                                 f.rejection.substr(f.rejection.find(why) + why.size()));
      continue;
    }
    const bool used = f.mode == kPinnedMode || f.mode == kPageableMode;
    out.summary +=
        fmt::format("  {:<22} {:>10} {:>11} {:>8.4f} {:>6.1f}%{}\n", f.mode,
                    sim::to_string(f.fit->alpha), sim::to_string(f.fit->beta), f.fit->r_squared,
                    100.0 * f.fit->max_relative_residual(), used ? "  -> profile" : "");
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
  out.summary += fmt::format("wrote {}\nwrote {}\n", profile_path.generic_string(),
                             samples_path.generic_string());
  return out;
}

void write_creating_parent(const std::filesystem::path& path, std::string_view text) {
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
  }
  write_file_atomically(path, text);
}

void run(const Options& o, CommandStatus& status) {
  std::string samples_name;
  std::string text;
  if (!o.from.empty()) {
    samples_name = o.from;
    std::ifstream in(o.from, std::ios::binary);
    if (!in) {
      throw ConfigError(o.from, {}, "", "cannot read", "a samples file that stowage-loader wrote");
    }
    text = read_whole(o.from);
  } else {
    const TempFile json;
    const std::string loader = o.loader.empty() ? default_loader() : o.loader;
    const LoaderExit r = run_loader(loader, o.loader_args, json.path());
    if (r.code == kExitNoGpu) {
      fmt::print(stderr, "{}\n", line_starting(r.err, kNoGpuPrefix));
      status.code = kExitNoGpu;
      return;
    }
    if (r.code != 0) {
      fmt::print(stderr, "stowage calibrate: {} failed (exit {}):\n{}", loader, r.code, r.err);
      status.code = r.code == sim::config::kExitUserError ? sim::config::kExitUserError : 1;
      return;
    }
    samples_name = loader + " output";
    text = read_whole(json.path());
  }
  SamplesFile samples = parse_samples(samples_name, text);
  if (!samples.doc["gpu"]["found"].get<bool>()) {
    fmt::print(stderr, "{}{}\n", kNoGpuPrefix, samples.doc["gpu"].value("reason", std::string()));
    status.code = kExitNoGpu;
    return;
  }
  const std::string stem = o.out.empty()
                               ? slug(samples.doc["gpu"].value("name", std::string())) + "-measured"
                               : std::filesystem::path(o.out).stem().string();
  const std::filesystem::path profile_path =
      o.out.empty() ? std::filesystem::path("profiles/gpu") / (stem + ".yaml")
                    : std::filesystem::path(o.out);
  const std::filesystem::path samples_path =
      o.samples_out.empty() ? std::filesystem::path("data/calibration") / (stem + ".json")
                            : std::filesystem::path(o.samples_out);
  Outputs out;
  try {
    out = calibrate(o, samples_name, std::move(samples), profile_path, samples_path);
  } catch (const FitRejected& e) {
    fmt::print(stderr, "stowage calibrate: {}; nothing written\n", e.what());
    status.code = 1;
    return;
  } catch (const Json::exception& e) {
    // A field of the right name but the wrong type, e.g. "name": 5.
    throw ConfigError(samples_name, {}, "", fmt::format("unexpected content: {}", e.what()),
                      "the JSON that stowage-loader writes");
  }
  write_creating_parent(samples_path, out.samples_text);
  write_creating_parent(profile_path, out.profile_text);
  fmt::print("{}", out.summary);
}

}  // namespace

void add_calibrate_command(CLI::App& app, CommandStatus& status) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate",
      "Measure host-to-GPU copies on this machine with stowage-loader, fit t = alpha + "
      "bytes/beta and write a measured GPU profile; exit 3 if no GPU is found");
  cmd->add_option("--out", o->out,
                  "the profile to write (default profiles/gpu/<gpu name>-measured.yaml)");
  cmd->add_option("--samples-out", o->samples_out,
                  "the raw trials and fits (default data/calibration/<profile name>.json)");
  cmd->add_option("--loader", o->loader,
                  "the stowage-loader executable (default: next to stowage, else on PATH)");
  cmd->add_option("--from", o->from, "fit a samples file recorded earlier instead of measuring")
      ->excludes("--loader");
  auto forward = [o](const std::string& flag) {
    return [o, flag](const std::string& value) {
      o->loader_args.push_back(flag);
      o->loader_args.push_back(value);
    };
  };
  for (const char* flag :
       {"--dir", "--file-size", "--io-chunk", "--max-chunk", "--warmup", "--trials"}) {
    cmd->add_option_function<std::string>(flag, forward(flag),
                                          "passed to stowage-loader (see stowage-loader --help)");
  }
  cmd->add_option("--pcie-gen", o->pcie_gen, "PCIe generation, when sysfs does not tell")
      ->check(CLI::Range(1, 7));
  cmd->add_option("--lanes", o->lanes, "PCIe lanes, when sysfs does not tell")
      ->check(CLI::Range(1, 32));
  cmd->callback([o, &status] { run(*o, status); });
}

}  // namespace stowage::advisor
