#include "advisor/calibrate/output_place.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "advisor/cli/commands.hpp"
#include "advisor/cli/user_dir.hpp"

namespace stowage::advisor {

namespace {

namespace fs = std::filesystem;

constexpr int kMaxThreadsWanted = 16;

bool same_directory(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return !a.empty() && !b.empty() && fs::equivalent(a, b, ec) && !ec;
}

fs::path current_directory() {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  return ec ? fs::path(".") : cwd;
}

}  // namespace

OutputPlace default_output_place(const fs::path& cwd, const fs::path& user_dir) {
  if (stowage_tree_around(cwd).empty()) return {"profiles", "data/calibration", false};
  if (user_dir.empty()) {
    throw UsageError("--out",
                     "the current directory is in stowage's own tree, and neither "
                     "XDG_CONFIG_HOME nor HOME names a directory for what calibrate writes",
                     "-o FILE and --samples-out FILE, or run from another directory");
  }
  return {user_dir, user_dir / "calibration", true};
}

OutputPlace default_output_place() {
  return default_output_place(current_directory(), user_config_dir());
}

OutputPaths output_paths(const std::string& out, const std::string& samples_out,
                         std::string_view kind, const std::string& stem) {
  OutputPaths p;
  const auto place = [] { return default_output_place(); };
  p.profile = out.empty() ? place().profiles / kind / (stem + ".yaml") : fs::path(out);
  p.samples = samples_out.empty() ? place().records / (p.profile.stem().string() + ".json")
                                  : fs::path(samples_out);
  return p;
}

std::string usage_hint(const fs::path& profile, std::string_view kind) {
  const std::string name = profile.stem().string();
  if (profile.parent_path().filename() != kind) {
    return fmt::format(
        "to use it: move it to DIR/{}/{}.yaml of a profiles directory DIR, then pass "
        "--profiles DIR\n",
        kind, name);
  }
  const fs::path dir = profile.parent_path().parent_path();
  const std::string profiles =
      same_directory(dir, user_config_dir())
          ? std::string()
          : fmt::format(" --profiles {}", dir.empty() ? "." : dir.generic_string());
  if (kind == "storage") {
    return fmt::format("to use it: stowage advise{} --storage {} WORKLOAD.yaml\n", profiles, name);
  }
  return fmt::format("to use it: set `{}: {}` in a workload, then: stowage advise{} WORKLOAD.yaml\n",
                     kind == "gpu" ? "gpu" : "loader", name, profiles);
}

int default_max_threads(unsigned cores) {
  return std::clamp(2 * static_cast<int>(std::max(1u, cores)), 1, kMaxThreadsWanted);
}

}  // namespace stowage::advisor
