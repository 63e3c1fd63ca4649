// Merge throughput: `stowage merge` (advisor::merge_sweep_files) of a synthetic sweep
// (tests/synthetic_sweep.hpp: 3 rows a point) split in 50 parts, written once as
// `stowage sweep --shard K/50 --format json` writes them, merged into CSV. The argument is the
// number of points (10,000 and 100,000). Reported: rows merged per second. Target: a
// 100,000-point sweep in 50 parts in a few seconds. Peak memory is measured on the command
// (bench/merge_scale/run.sh, /usr/bin/time -v), not here.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <filesystem>
#include <string>
#include <vector>

#include "advisor/cli/commands.hpp"
#include "advisor/sweep/merge.hpp"
#include "synthetic_sweep.hpp"

namespace {

using namespace stowage;

constexpr std::size_t kParts = 50;
/// Points on the first axis; the second makes up the rest.
constexpr std::size_t kCounts = 400;

void BM_MergeParts(benchmark::State& state) {
  const auto points = static_cast<std::size_t>(state.range(0));
  const std::string dir =
      std::filesystem::temp_directory_path() / fmt::format("stowage-merge-bench-{}", points);
  std::filesystem::create_directories(dir);
  std::vector<std::string> files;
  {
    const advisor::SweepTable whole = testing::synthetic_sweep(kCounts, points / kCounts);
    for (std::size_t k = 0; k < kParts; ++k) {
      files.push_back(fmt::format("{}/part-{}.json", dir, k));
      advisor::write_file_atomically(
          files.back(), advisor::sweep_json(testing::synthetic_shard(whole, k, kParts)).dump(2));
    }
  }
  advisor::SweepOutputOptions output;
  output.out = dir + "/all.csv";
  for (auto _ : state) advisor::merge_sweep_files(files, output);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(3 * points));
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_MergeParts)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
