#include "advisor/sweep/merge.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <system_error>

#include "advisor/cli/commands.hpp"
#include "advisor/cli/output_file.hpp"
#include "advisor/report/svg_plot.hpp"
#include "advisor/report/text.hpp"
#include "advisor/sweep/frontier.hpp"
#include "sim/check.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/input_text.hpp"
#include "sim/config/sweep_loader.hpp"
#include "sim/environment_error.hpp"

namespace stowage::advisor {
namespace {

using sim::config::ConfigError;
using J = nlohmann::ordered_json;

/// How many missing or duplicated points an error names: enough to see the pattern (a lost
/// shard).
constexpr std::size_t kListed = 20;

/// `N point(s) WHAT: a, b, ...` with the first kListed of `items`, of `count` in all.
template <class T>
std::string listed(std::size_t count, const char* what, const std::vector<T>& items) {
  return fmt::format("{} {}: {}{}", report::count_text(count, "point"), what,
                     fmt::join(items, ", "), count > kListed ? ", ..." : "");
}

/// A part that was checked as a readable regular file and then failed to open or read: the
/// machine's failure, not the part's content.
[[noreturn]] void cannot_read(const std::string& file) {
  throw sim::EnvironmentError(fmt::format("cannot read {}: {}", sim::config::printable(file),
                                          std::generic_category().message(errno)));
}

/// A new file in the temporary directory (TMPDIR, else /tmp) that has no name: it is gone when
/// closed, even if the process dies. Null (errno set) if it cannot be made.
std::FILE* unnamed_temp_file() {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return nullptr;
  std::string path = (dir / "stowage-merge-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return nullptr;
  ::unlink(path.c_str());
  std::FILE* f = ::fdopen(fd, "w+b");
  if (!f) ::close(fd);
  return f;
}

/// The rows' text of one part, point by point, in an unnamed temporary file: put() each point's
/// text in point order, then rewind() and take() them back in the same order.
class PointTextSpill {
 public:
  explicit PointTextSpill(const std::string& part) : part_(part), file_(unnamed_temp_file()) {
    if (!file_) fail();
  }

  void put(std::size_t point, std::string_view text) {
    const std::uint64_t head[2] = {point, text.size()};
    if (std::fwrite(head, sizeof head, 1, file_.get()) != 1 ||
        std::fwrite(text.data(), 1, text.size(), file_.get()) != text.size()) {
      fail();
    }
  }

  void rewind() {
    if (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0) fail();
  }

  /// The text of `point`, which must be the next one put.
  const std::string& take(std::size_t point) {
    std::uint64_t head[2];
    if (std::fread(head, sizeof head, 1, file_.get()) != 1) fail();
    STOWAGE_CHECK(head[0] == point, "merge: a part's points come back in the order put");
    text_.resize(head[1]);
    if (std::fread(text_.data(), 1, text_.size(), file_.get()) != text_.size()) fail();
    return text_;
  }

 private:
  struct Close {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };

  [[noreturn]] void fail() const {
    throw sim::EnvironmentError(
        fmt::format("cannot use a temporary file for the rows of {}: {} (expected room in the "
                    "temporary directory, TMPDIR, else /tmp)",
                    sim::config::printable(part_), std::generic_category().message(errno)));
  }

  std::string part_;
  std::unique_ptr<std::FILE, Close> file_;
  std::string text_;
};

}  // namespace

MergeCheck::MergeCheck(const SweepHeader& first, std::string first_file)
    : first_(first),
      first_file_(std::move(first_file)),
      points_(first.points),
      owner_(first.points, kNoPart) {}

namespace {

bool same_axis(const sim::SweepAxis& a, const sim::SweepAxis& b) {
  if (a.path != b.path || a.unit != b.unit || a.scale != b.scale) return false;
  if (a.values.size() != b.values.size()) return false;
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    const sim::AxisValue &x = a.values[i], &y = b.values[i];
    if (x.number != y.number || x.name != y.name || x.label != y.label) return false;
  }
  return true;
}

/// The first field of the header in which `a` and `b` differ, or empty.
std::string header_difference(const SweepHeader& a, const SweepHeader& b) {
  if (a.name != b.name) return "sweep";
  if (a.seed != b.seed) return "seed";
  if (a.replications != b.replications) return "replications";
  if (a.worlds != b.worlds) return "worlds";
  if (a.confidence != b.confidence) return "confidence";
  if (a.slo != b.slo || a.slo_p99_s != b.slo_p99_s) return "slo";
  if (a.storages != b.storages) return "storages";
  if (a.axes.size() != b.axes.size()) return "axes";
  for (std::size_t i = 0; i < a.axes.size(); ++i) {
    if (!same_axis(a.axes[i], b.axes[i])) return fmt::format("axes[{}]", i);
  }
  return {};
}

}  // namespace

void MergeCheck::check_same_sweep(const SweepHeader& h, const std::string& file) const {
  if (h.identity != first_.identity || h.points != points_) {
    throw ConfigError(file, {}, "identity",
                      fmt::format("a part of sweep `{}` ({}, {} points), not of `{}` ({}, {} "
                                  "points) like {}",
                                  h.name, h.identity, h.points, first_.name, first_.identity,
                                  points_, first_file_),
                      "parts of one sweep");
  }
  if (const std::string field = header_difference(h, first_); !field.empty()) {
    throw ConfigError(file, {}, field,
                      fmt::format("differs from {}, although the identity is the same (an edited "
                                  "part?)",
                                  first_file_),
                      "parts of one sweep, as `stowage sweep` wrote them");
  }
}

void MergeCheck::add(const SweepHeader& h, const std::vector<SweepRow>& rows,
                     const std::string& file) {
  check_same_sweep(h, file);
  STOWAGE_CHECK(files_.size() < kNoPart, "merge: fewer parts than a 32-bit number counts");
  const auto part = static_cast<std::uint32_t>(files_.size());
  files_.push_back(file);
  const std::vector<std::string>& storages = first_.storages;
  const auto bad_point = [&](std::size_t point, const std::string& problem) {
    throw ConfigError(file, {}, "rows", fmt::format("point {}: {}", point, problem),
                      "one row per point and storage, at most one recommended, as `stowage "
                      "sweep` wrote them");
  };
  // Each row's storage, by point: one row per storage of the sweep, at most one recommended.
  struct Keyed {
    std::size_t point, storage;
    bool recommended;
    bool operator<(const Keyed& o) const {
      return point != o.point ? point < o.point : storage < o.storage;
    }
  };
  std::vector<Keyed> keyed;
  keyed.reserve(rows.size());
  for (const SweepRow& r : rows) {
    const auto it = std::find(storages.begin(), storages.end(), r.storage);
    if (it == storages.end()) {
      bad_point(r.point, fmt::format("storage `{}` is not one of the sweep's ({})", r.storage,
                                     fmt::join(storages, ", ")));
    }
    keyed.push_back({r.point, static_cast<std::size_t>(it - storages.begin()), r.recommended});
  }
  std::sort(keyed.begin(), keyed.end());
  for (std::size_t i = 0; i < keyed.size();) {
    const std::size_t point = keyed[i].point;
    std::size_t next_storage = 0;
    int recommended = 0;
    for (; i < keyed.size() && keyed[i].point == point; ++i) {
      const std::size_t k = keyed[i].storage;
      if (k < next_storage) bad_point(point, fmt::format("two rows for storage `{}`", storages[k]));
      if (k > next_storage) {
        bad_point(point, fmt::format("no row for storage `{}`", storages[next_storage]));
      }
      next_storage = k + 1;
      recommended += keyed[i].recommended ? 1 : 0;
    }
    if (next_storage < storages.size()) {
      bad_point(point, fmt::format("no row for storage `{}`", storages[next_storage]));
    }
    if (recommended > 1) bad_point(point, fmt::format("{} rows recommended", recommended));
  }
  // Which part holds each point: a point's rows together, once in all the parts.
  std::size_t last = SIZE_MAX;
  for (const SweepRow& r : rows) {
    if (r.point == last) continue;  // the point's next storage
    last = r.point;
    STOWAGE_CHECK(r.point < points_, "merge: read_sweep_part keeps points below the sweep's");
    std::uint32_t& owner = owner_[r.point];
    if (owner == kNoPart) {
      owner = part;
    } else if (++duplicate_count_ <= kListed) {
      duplicates_.push_back(fmt::format("{} (in {} and {})", r.point, files_[owner], file));
    }
  }
}

void MergeCheck::finish() const {
  std::vector<std::size_t> missing;
  std::size_t missing_count = 0;
  for (std::size_t i = 0; i < points_; ++i) {
    if (owner_[i] == kNoPart && ++missing_count <= kListed) missing.push_back(i);
  }
  if (missing_count == 0 && duplicate_count_ == 0) return;
  std::vector<std::string> problems;
  if (missing_count > 0) problems.push_back(listed(missing_count, "missing", missing));
  if (duplicate_count_ > 0) problems.push_back(listed(duplicate_count_, "duplicated", duplicates_));
  throw ConfigError(first_file_, {}, "points", fmt::format("{}", fmt::join(problems, "; ")),
                    fmt::format("every point from 0 to {} in exactly one part", points_ - 1));
}

namespace {

/// The merged table's header: the first part's, as one unsharded run.
SweepHeader whole(SweepHeader h) {
  h.shard_index = 1;
  h.shard_count = 1;
  return h;
}

void sort_by_point(std::vector<SweepRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const SweepRow& a, const SweepRow& b) { return a.point < b.point; });
}

}  // namespace

SweepTable merge_sweep_tables(const std::vector<SweepTable>& parts,
                              const std::vector<std::string>& files) {
  STOWAGE_CHECK(!parts.empty() && parts.size() == files.size(), "merge: one file name per part");
  MergeCheck check(parts.front().header, files.front());
  for (std::size_t p = 0; p < parts.size(); ++p)
    check.add(parts[p].header, parts[p].rows, files[p]);
  check.finish();
  SweepTable merged{whole(parts.front().header), {}};
  for (const SweepTable& t : parts) {
    merged.rows.insert(merged.rows.end(), t.rows.begin(), t.rows.end());
  }
  sort_by_point(merged.rows);
  return merged;
}

void merge_sweep_files(const std::vector<std::string>& files, const SweepOutputOptions& output) {
  STOWAGE_CHECK(!files.empty() && !output.out.empty(), "merge: parts and --out");
  const bool keep_rows = output.frontier || !output.plot.empty();
  std::optional<MergeCheck> check;
  std::optional<SweepRowsText> text;
  SweepTable table;  // with --frontier or --plot only: every row
  std::vector<PointTextSpill> spills;
  spills.reserve(files.size());
  std::vector<SweepRow> rows;
  std::size_t merged_rows = 0;
  std::string point_text;
  for (const std::string& file : files) {
    // Parts are streamed, so any size will do; a directory or a FIFO will not.
    if (const auto problem =
            sim::config::input_file_problem(file, std::numeric_limits<std::uintmax_t>::max())) {
      throw ConfigError(file, {}, "", "cannot read: " + *problem,
                        "a part written by `stowage sweep --shard K/N --format json`");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) cannot_read(file);
    rows.clear();
    const SweepHeader h =
        read_sweep_part(in, file, [&](SweepRow&& r) { rows.push_back(std::move(r)); });
    if (!check) {
      check.emplace(h, file);
      table.header = whole(h);
      text.emplace(table.header, sweep_rows_format(output));
    }
    check->add(h, rows, file);
    merged_rows += rows.size();
    sort_by_point(rows);
    PointTextSpill& spill = spills.emplace_back(file);
    for (std::size_t i = 0; i < rows.size();) {
      // The point's rows, joined as they stand in the output.
      const std::size_t point = rows[i].point;
      point_text = text->row(rows[i]);
      for (++i; i < rows.size() && rows[i].point == point; ++i) {
        point_text += text->separator();
        point_text += text->row(rows[i]);
      }
      spill.put(point, point_text);
    }
    if (keep_rows) std::move(rows.begin(), rows.end(), std::back_inserter(table.rows));
  }
  check->finish();

  // Everything checked: the rows, point by point, from the part that holds each.
  AtomicFile out(output.out);
  out.write(text->head());
  for (PointTextSpill& spill : spills) spill.rewind();
  const std::size_t points = table.header.points;
  for (std::size_t point = 0; point < points; ++point) {
    if (point > 0) out.write(text->separator());
    out.write(spills[check->owner(point)].take(point));
  }
  out.write(text->tail(points > 0));
  sort_by_point(table.rows);
  const std::string frontier = output.frontier ? sweep_frontier(table) : std::string();
  const std::string plot = output.plot.empty() ? std::string() : sweep_svg(table);
  out.commit();
  if (!output.plot.empty()) write_file_atomically(output.plot, plot);
  if (output.frontier) write_stdout(frontier);
  fmt::print(stderr, "{}",
             sweep_summary(merged_rows, points, table.header.storages.size(), output.out));
}

}  // namespace stowage::advisor
