// Where `stowage calibrate` writes what it measured, and how the user then uses it.
//
// Default place: ./profiles/KIND/ and ./data/calibration/ of the current directory, unless the
// current directory is in stowage's own tree (a checkout, the tree this program was built from,
// its data directory: advisor/cli/user_dir.hpp), where a measured profile would become part of
// every later default run and show up as untracked files. There the default is the user's
// directory, $XDG_CONFIG_HOME/stowage (~/.config/stowage): profiles under KIND/, records under
// calibration/; every command reads that directory as a profiles directory. `-o` and
// `--samples-out` replace either path; with neither place known (the tree, and no HOME or
// XDG_CONFIG_HOME) calibrate asks for `-o` and `--samples-out` before running anything.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace stowage::advisor {

/// The directories written to by default, and whether every command reads `profiles`.
struct OutputPlace {
  std::filesystem::path profiles;  // holds KIND/NAME.yaml
  std::filesystem::path records;   // holds NAME.json
  bool read_by_default = false;    // `profiles` is the user's directory
};

/// The default place when run from `cwd` with the user directory `user_dir` (empty: unknown).
/// Throws UsageError naming `--out` when `cwd` is in stowage's tree and `user_dir` is empty.
OutputPlace default_output_place(const std::filesystem::path& cwd,
                                 const std::filesystem::path& user_dir);

/// The default place for this process: its current directory and environment.
OutputPlace default_output_place();

/// The profile and record paths: `out` (else the place's KIND/STEM.yaml) and `samples_out`
/// (else the place's records/<profile stem>.json). The place is looked up only when needed.
struct OutputPaths {
  std::filesystem::path profile;
  std::filesystem::path samples;
};
OutputPaths output_paths(const std::string& out, const std::string& samples_out,
                         std::string_view kind, const std::string& stem);

/// What to run to use the profile written at `profile` (of kind `kind`: storage, gpu, loader):
/// a storage's exact `stowage advise` command, a GPU's or loader's workload key and command,
/// with `--profiles DIR` unless DIR is read by default; for a profile not under a KIND/
/// directory, where to put it. Lines ending in '\n'.
std::string usage_hint(const std::filesystem::path& profile, std::string_view kind);

/// Reader threads of a storage or loader sweep when --max-threads is not given: 16, at most
/// twice `cores` (at least 1), enough to show where a storage stops scaling.
int default_max_threads(unsigned cores);

}  // namespace stowage::advisor
