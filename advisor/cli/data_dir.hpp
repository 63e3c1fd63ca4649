// Where the shipped data lives: the catalog (profiles/) and data/workloads, data/sweeps and
// data/validation, which `table` and `accuracy` read by default. Found at run time, so that an
// installed tree works wherever it is moved. The first of these that holds profiles/:
//   1. beside the program: DIR/../share/stowage, DIR the directory of /proc/self/exe (an
//      installed tree, however it was moved);
//   2. the source tree the program was built from (STOWAGE_SOURCE_DIR: run from the build tree);
//   3. the data directory of the install prefix given when it was configured
//      (STOWAGE_INSTALL_DATADIR, e.g. /usr/local/share/stowage).
// When none does, the source tree, so that a message names where the data was expected.
// ARCHITECTURE.md: the installed layout (cmake/install.cmake) is bin/stowage, bin/stowage-loader
// and share/stowage/{profiles,data/workloads,data/sweeps,data/validation}.
#pragma once

#include <filesystem>
#include <vector>

namespace stowage::advisor {

/// The first of `candidates` that holds a profiles/ directory, else an empty path.
std::filesystem::path first_data_dir(const std::vector<std::filesystem::path>& candidates);

/// The three candidates above, in order, for a program at `exe` (empty: unknown).
std::vector<std::filesystem::path> data_dir_candidates(const std::filesystem::path& exe);

/// The data directory of this program (reads /proc/self/exe).
std::filesystem::path data_dir();

}  // namespace stowage::advisor
