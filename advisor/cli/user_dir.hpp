// Where a user's own profiles and calibration records live, and whether a directory belongs to
// stowage's own tree (its source tree, a checkout of it, or its data directory), which calibrate
// never writes into by default.
//
// The user directory is $XDG_CONFIG_HOME/stowage, else $HOME/.config/stowage (an XDG_CONFIG_HOME
// that is not an absolute path is ignored, as the XDG base directory specification says). Every
// command reads it as a profiles directory after --profiles and STOWAGE_PROFILES and before the
// installed catalog (catalog_option.hpp); `calibrate` writes its profiles there
// (storage/, gpu/, loader/) and its records under calibration/ when run from stowage's tree.
#pragma once

#include <filesystem>
#include <string_view>

namespace stowage::advisor {

/// The user directory for these values of XDG_CONFIG_HOME and HOME (either may be null or
/// empty); empty when neither gives an absolute path.
std::filesystem::path user_config_dir(const char* xdg_config_home, const char* home);

/// The user directory of this process's environment.
std::filesystem::path user_config_dir();

/// `dir` or its nearest ancestor that is stowage's tree: the source tree this program was built
/// from, its data directory (advisor/cli/data_dir.hpp), or any directory with a CMakeLists.txt
/// that declares `project(stowage` beside a profiles/ directory (a checkout or worktree, built
/// or not); empty when none is.
std::filesystem::path stowage_tree_around(const std::filesystem::path& dir);

}  // namespace stowage::advisor
