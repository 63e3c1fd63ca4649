// `stowage calibrate`: runs stowage-loader on this machine and turns its record into a measured
// profile, keeping the raw record and every fit beside it (calibrate/output_place.hpp: ./profiles
// and ./data/calibration, or the user's ~/.config/stowage when run from stowage's own tree), and
// says how to use it (the advise command).
//
//   GPU (default): host-to-device copies; each mode is fitted on its own, by one line
//     t = alpha + bytes / beta or, where one line does not describe it, by size bands
//     (calibrate/fit.hpp, calibrate/gpu.hpp); writes profiles/gpu/<gpu>-measured.yaml.
//   --storage: the storage mounted at --dir (calibrate/storage.hpp): cold reads at 1 to N
//     streams, a warm re-read, CPU time per byte; writes profiles/storage/<name>-measured.yaml
//     that `extends` the profile the user names.
//   --loader-profile NAME: the loader's parallel pipeline (calibrate/loader.hpp): its warm thread
//     sweep; writes profiles/loader/NAME-measured.yaml. Needs no GPU (a --cpu record gives a
//     partial profile: the reads without the GPU copy).
//
// The loader is a separate executable (loader/, built with CUDA when nvcc is found) and the only
// thing here that knows CUDA exists; this command reads the JSON it writes ("stowage-loader/1",
// loader/report.hpp) and nothing else. `--from FILE` uses a record made earlier instead of
// running the loader, so a calibration can be refitted or checked anywhere.
//
// Exit status: 0 complete: the profile is written and every figure in it was measured (modes the
// profile does not use are listed, described or not); 2 a user error (ConfigError: a bad --from
// record; a UsageError; options the loader refuses), nothing written; 3 no GPU found, with the loader's "no GPU found: <reason>" line, nothing written; 4
// partial: what was measured is written (the samples file with every fit always; the profile
// with the figures that were measured, where the profile can stand without the others) and
// stderr says what is missing and why; 5 the machine failed (EnvironmentError: a loader that
// cannot be run or fails, a record it wrote that stowage cannot read, a temporary directory),
// nothing written.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "advisor/calibrate/gpu.hpp"
#include "advisor/calibrate/loader.hpp"
#include "advisor/calibrate/loader_options.hpp"
#include "advisor/calibrate/output_place.hpp"
#include "advisor/calibrate/process.hpp"
#include "advisor/calibrate/samples.hpp"
#include "advisor/calibrate/storage.hpp"
#include "advisor/cli/catalog_option.hpp"
#include "advisor/cli/commands.hpp"
#include "advisor/cli/output_file.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/input_text.hpp"
#include "sim/environment_error.hpp"

namespace stowage::advisor {

namespace {

using sim::config::ConfigError;

// The loader's exit status and first words when it finds no GPU (loader/measurement.hpp).
constexpr int kExitNoGpu = 3;
constexpr std::string_view kNoGpuPrefix = "no GPU found: ";
// calibrate's own status for a partial calibration (see above).
constexpr int kExitPartial = 4;

struct Options {
  std::string out;
  std::string samples_out;
  std::string loader;
  std::string from;
  std::vector<std::string> loader_args;  // forwarded to the loader, e.g. --dir D --trials N
  GpuCalibrationOptions gpu;
  bool storage = false;
  std::string name;  // --storage: the measured profile is NAME-measured (default: --extends)
  std::string loader_profile;  // --loader-profile: the measured loader is NAME-measured
  bool name_given = false, loader_profile_given = false, extends_given = false;
  bool max_threads_given = false;
  StorageCalibrationOptions storage_options;
};

// The loader to run: --loader, else the one beside stowage or on PATH.
std::string loader_path(const Options& o) { return o.loader.empty() ? default_loader() : o.loader; }

// What messages call the record: the --from file, or the loader's output.
std::string record_name(const Options& o) {
  return o.from.empty() ? loader_path(o) + " output" : o.from;
}

// The loader's record: from --from, or from running the loader. Sets `status` and returns false
// when the loader found no GPU; a loader that fails for another reason than the user's command
// line is an EnvironmentError.
bool record_text(const Options& o, std::string& name, std::string& text, CommandStatus& status) {
  name = record_name(o);
  if (!o.from.empty()) {
    text = sim::config::read_input_file(o.from, "a samples file that stowage-loader wrote");
    return true;
  }
  const TempFile json;
  const std::string loader = loader_path(o);
  const LoaderExit r = run_loader(loader, o.loader_args, json.path());
  // A loader profile needs no GPU: the loader then still writes its host measurements.
  const bool no_gpu_is_fine = !o.loader_profile.empty() && std::filesystem::exists(json.path()) &&
                              std::filesystem::file_size(json.path()) > 0;
  if (r.code == kExitNoGpu && !no_gpu_is_fine) {
    fmt::print(stderr, "{}\n", line_starting(r.err, kNoGpuPrefix));
    status.code = kExitNoGpu;
    return false;
  }
  if (r.code == sim::config::kExitUserError) {
    // The loader refused the options passed on to it: the user's command line.
    fmt::print(stderr, "stowage calibrate: {} failed (exit {}):\n{}", loader, r.code, r.err);
    status.code = sim::config::kExitUserError;
    return false;
  }
  if (r.code != 0 && !(r.code == kExitNoGpu && no_gpu_is_fine)) {
    fmt::print(stderr, "{}", r.err);  // the loader's own account, then the one line
    throw sim::EnvironmentError(fmt::format("{} failed (exit {})", loader, r.code));
  }
  text = read_whole(json.path());
  return true;
}

OutputPaths paths_of(const Options& o, std::string_view kind, const std::string& stem) {
  return output_paths(o.out, o.samples_out, kind, stem);
}

// Writes what a calibration produced and sets the exit status.
void finish(const CalibrationOutputs& out, std::string_view kind,
            const std::filesystem::path& profile_path, const std::filesystem::path& samples_path,
            CommandStatus& status) {
  write_creating_parent(samples_path, out.samples_text);
  if (!out.profile_text.empty()) write_creating_parent(profile_path, out.profile_text);
  write_stdout(out.profile_text.empty() ? out.summary
                                        : out.summary + usage_hint(profile_path, kind));
  if (!out.complete) {
    fmt::print(stderr, "{}stowage calibrate: partial calibration (exit {})\n", out.problems,
               kExitPartial);
    status.code = kExitPartial;
  }
}

void run_storage(const Options& o, CommandStatus& status) {
  if (o.storage_options.extends.empty()) {
    throw UsageError("--extends", "--storage needs the profile the storage is measured against",
                     "e.g. --extends nas-performance");
  }
  std::string samples_name;
  std::string text;
  if (!record_text(o, samples_name, text, status)) return;
  SamplesFile samples = parse_samples(samples_name, text);
  const OutputPaths paths = paths_of(
      o, "storage", (o.name.empty() ? o.storage_options.extends : o.name) + "-measured");
  const CalibrationOutputs out = calibrate_storage(
      o.storage_options, samples_name, std::move(samples.doc), paths.profile, paths.samples);
  finish(out, "storage", paths.profile, paths.samples, status);
}

void run_loader_profile(const Options& o, CommandStatus& status) {
  std::string samples_name;
  std::string text;
  if (!record_text(o, samples_name, text, status)) return;
  SamplesFile samples = parse_samples(samples_name, text);
  const OutputPaths paths = paths_of(o, "loader", o.loader_profile + "-measured");
  const CalibrationOutputs out =
      calibrate_loader(samples_name, std::move(samples.doc), paths.profile, paths.samples);
  finish(out, "loader", paths.profile, paths.samples, status);
}

void run_gpu(const Options& o, CommandStatus& status) {
  std::string samples_name;
  std::string text;
  if (!record_text(o, samples_name, text, status)) return;
  SamplesFile samples = parse_samples(samples_name, text);
  if (samples.doc.value("settings", CalibrationJson::object()).value("storage", false)) {
    throw ConfigError(samples_name, sim::config::kNoPosition, "settings.storage",
                      "a storage record (stowage-loader --storage), not a GPU record",
                      "stowage calibrate --storage --extends PROFILE --from FILE to read it");
  }
  if (!samples.doc["gpu"]["found"].get<bool>()) {
    fmt::print(stderr, "{}{}\n", kNoGpuPrefix, samples.doc["gpu"].value("reason", std::string()));
    status.code = kExitNoGpu;
    return;
  }
  OutputPaths paths;
  CalibrationOutputs out;
  try {
    paths = paths_of(
        o, "gpu", slug(samples.doc["gpu"].value("name", std::string()), "gpu") + "-measured");
    out = calibrate_gpu(o.gpu, samples_name, std::move(samples), paths.profile, paths.samples);
  } catch (const CalibrationJson::exception& e) {
    // A field of the right name but the wrong type, e.g. "name": 5.
    throw ConfigError(samples_name, {}, "", fmt::format("unexpected content: {}", e.what()),
                      "the JSON that stowage-loader writes");
  }
  finish(out, "gpu", paths.profile, paths.samples, status);
}

// A record that the loader wrote in this run and stowage cannot read is not the user's mistake:
// the loader and stowage disagree (another version, a broken build), so it is an EnvironmentError.
// A --from record stays a ConfigError: the user chose that file.
void run(Options o, CommandStatus& status) {
  for (const auto& [flag, name, given] :
       {std::tuple{"--name", &o.name, o.name_given},
        std::tuple{"--loader-profile", &o.loader_profile, o.loader_profile_given},
        std::tuple{"--extends", &o.storage_options.extends, o.extends_given}}) {
    if (!given) continue;
    if (const std::string problem = plain_name_problem(*name); !problem.empty()) {
      throw UsageError(flag, problem, "a plain profile name, e.g. nas-performance");
    }
  }
  if (o.from.empty() && (o.storage || o.loader_profile_given) && !o.max_threads_given) {
    // A sweep needs threads to show where reads stop scaling.
    o.loader_args.push_back("--max-threads");
    o.loader_args.push_back(
        std::to_string(default_max_threads(std::thread::hardware_concurrency())));
  }
  if (o.out.empty() || o.samples_out.empty()) (void)default_output_place();  // before measuring
  if (o.from.empty()) check_loader_options(o.loader_args);
  try {
    if (o.storage) return run_storage(o, status);
    if (o.loader_profile_given) return run_loader_profile(o, status);
    run_gpu(o, status);
  } catch (const ConfigError& e) {
    if (!o.from.empty() || e.file() != record_name(o)) throw;
    throw sim::EnvironmentError(fmt::format(
        "the record {} wrote is not one stowage reads: {}{}{} (expected the stowage-loader built "
        "with this stowage)",
        sim::config::printable(loader_path(o)), e.key_path(), e.key_path().empty() ? "" : ": ",
        e.problem()));
  }
}

}  // namespace

void add_calibrate_command(CLI::App& app, CommandStatus& status) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate",
      "Measure host-to-GPU copies on this machine with stowage-loader and write a measured GPU "
      "profile, or with --storage a mounted storage and write a measured storage profile; exit "
      "0 complete, 4 partial (written, with what is missing listed), 3 no GPU found");
  cmd->add_option("-o,--out", o->out,
                  "the profile to write (default profiles/gpu/<gpu name>-measured.yaml of the "
                  "current directory; in stowage's own tree, gpu/<gpu name>-measured.yaml of "
                  "$XDG_CONFIG_HOME/stowage, default ~/.config/stowage, which every command "
                  "reads as a profiles directory)");
  cmd->add_option("--samples-out", o->samples_out,
                  "the raw trials and fits (default data/calibration/<profile name>.json; in "
                  "stowage's own tree, calibration/<profile name>.json of the user directory)");
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
  for (const char* flag : {"--dir", "--file-size", "--io-chunk", "--max-chunk", "--warmup",
                           "--trials", "--max-threads", "--copy-streams"}) {
    if (std::string_view(flag) == "--max-threads") continue;
    cmd->add_option_function<std::string>(flag, forward(flag),
                                          "passed to stowage-loader (see stowage-loader --help)");
  }
  cmd->add_option_function<std::string>(
      "--max-threads",
      [o, forward](const std::string& value) {
        o->max_threads_given = true;
        forward("--max-threads")(value);
      },
      "reader threads of a --storage or --loader-profile sweep, passed to stowage-loader "
      "(default 16, at most twice this machine's logical CPUs)");
  cmd->add_option_function<std::vector<std::string>>(
      "--read",
      [o](const std::vector<std::string>& files) {
        for (const std::string& f : files) {
          o->loader_args.push_back("--read");
          o->loader_args.push_back(f);
        }
      },
      "with --storage: read these existing files (read-only) instead of writing a test file");
  cmd->add_flag_callback(
      "--direct", [o] { o->loader_args.push_back("--direct"); },
      "cold reads with O_DIRECT (passed to stowage-loader)");
  cmd->add_flag_callback(
      "--storage",
      [o] {
        o->storage = true;
        o->loader_args.push_back("--storage");
      },
      "measure the storage mounted at --dir instead of the GPU and write "
      "profiles/storage/<name>-measured.yaml extending --extends");
  CLI::Option* loader_profile =
      cmd->add_option("--loader-profile", o->loader_profile,
                      "describe the loader's parallel pipeline (its warm thread sweep) as "
                      "profiles/loader/<NAME>-measured.yaml")
          ->excludes("--storage")
          ->each([o](const std::string&) { o->loader_profile_given = true; });
  cmd->add_flag_callback(
         "--cpu", [o] { o->loader_args.push_back("--cpu"); },
         "measure without a GPU (passed to stowage-loader)")
      ->needs(loader_profile);
  cmd->add_option("--extends", o->storage_options.extends,
                  "with --storage: the storage profile measured against, e.g. nas-performance")
      ->each([o](const std::string&) { o->extends_given = true; });
  cmd->add_option("--name", o->name,
                  "with --storage: the measured profile is <name>-measured (default: --extends)")
      ->each([o](const std::string&) { o->name_given = true; });
  add_profiles_option(cmd, o->storage_options.profile_dirs);
  cmd->add_option("--pcie-gen", o->gpu.pcie_gen, "PCIe generation, when sysfs does not tell")
      ->check(CLI::Range(1, 7));
  cmd->add_option("--lanes", o->gpu.lanes, "PCIe lanes, when sysfs does not tell")
      ->check(CLI::Range(1, 32));
  cmd->callback([o, &status] { run(*o, status); });
}

}  // namespace stowage::advisor
