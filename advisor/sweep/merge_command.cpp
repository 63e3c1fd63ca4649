// `stowage merge PARTS... --out FILE [--format csv|json] [--frontier] [--plot FILE.svg]`: joins
// the parts that `stowage sweep --shard K/N --format json` wrote into the whole sweep's table,
// byte for byte what one unsharded run writes, streaming the rows (advisor/sweep/merge.hpp).
// Every part must come from the same sweep (same identity and number of points) and every point
// must be in exactly one part; otherwise the missing and duplicated points are named, exit 2,
// and nothing is written.
#include <memory>

#include "advisor/cli/commands.hpp"
#include "advisor/sweep/merge.hpp"

namespace stowage::advisor {
namespace {

struct MergeOptions {
  std::vector<std::string> parts;
  SweepOutputOptions output;
};

}  // namespace

void add_merge_command(CLI::App& app, CommandStatus& status) {
  auto options = std::make_shared<MergeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "Join the JSON parts of a sharded sweep into its whole table, checking that every point "
      "is present exactly once");
  cmd->add_option("parts", options->parts, "Parts written by `stowage sweep --shard K/N`")
      ->required();
  add_sweep_output_options(cmd, options->output);
  cmd->get_option("--out")->required();
  cmd->callback([options, &status] {
    (void)status;
    merge_sweep_files(options->parts, options->output);
  });
}

}  // namespace stowage::advisor
