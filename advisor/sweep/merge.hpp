// Sweep merge: the parts of a sharded sweep (`stowage sweep --shard K/N --format json`) joined
// into the table one unsharded run writes, byte for byte.
//
// Checks (ConfigError, exit 2, nothing written): every part comes from the first part's sweep
// (same identity, which hashes the sweep file, its base and the text of every profile resolved,
// and the same header: name, seed, replications, worlds and confidence (--uncertainty),
// objective, storages, axes and their values);
// its number of points is the product of its axes' sizes; every point of a part has exactly one
// row per storage of the sweep, and at most one of them recommended; every point from 0 to P - 1
// is in exactly one part (the missing and the duplicated points are named, the first 20 of
// each, with the parts that repeat them); a part is well-formed JSON of the shape
// advisor/sweep/run.hpp gives, with points below P. A part edited consistently in all of this
// (an axis value changed alike in every part) is beyond what the parts alone can tell.
//
// Memory (merge_sweep_files): bounded by about one part, not the whole grid. Parts are read one
// at a time, and nlohmann's parser hands each row over as it completes and keeps none
// (read_sweep_part). A part's rows are checked, put in point order and rendered in the output's
// format into a temporary file in TMPDIR (else /tmp), unlinked at once so that nothing is left
// even if the process dies; the disk it takes is about the output's size. Then the output is
// written point by point, each point's text read from the temporary file of the part that holds
// it, through an AtomicFile. What stays in memory: one part's rows, the owning part of every
// point (4 bytes a point), and one stdio buffer a part (and one open file a part: the open-file
// limit, often 1,024, bounds the number of parts). With --frontier or --plot the whole table is
// kept as well: both read every point.
//
// Determinism: the output depends only on the rows, never on the parts' order or number.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "advisor/report/sweep.hpp"
#include "advisor/sweep/run.hpp"

namespace stowage::advisor {

/// Reads a table written by sweep_json from `in`, handing each row to `on_row` in the file's
/// order as soon as it is read (none is kept), and returns the header; ConfigError naming
/// `file` when it is malformed.
SweepHeader read_sweep_part(std::istream& in, const std::string& file,
                            const std::function<void(SweepRow&&)>& on_row);

/// Reads a whole table written by sweep_json; `file` names it in errors (ConfigError).
SweepTable sweep_from_json(const std::string& text, const std::string& file);

/// The merge's checks, one part at a time: which part holds each point.
class MergeCheck {
 public:
  /// Part numbers are 32-bit; no sweep has this many parts.
  static constexpr std::uint32_t kNoPart = UINT32_MAX;

  /// The sweep of `first` (the first part's header, read from `first_file`) is the one merged.
  MergeCheck(const SweepHeader& first, std::string first_file);

  /// Records part `file` (its header, and its rows in the file's order): ConfigError at once if
  /// it is a part of another sweep or a point lacks a storage's row, has one twice, has one of a
  /// storage the sweep does not have or two recommended rows; a point already held by a part
  /// (this one included, when its rows are apart) is noted as duplicated.
  void add(const SweepHeader& header, const std::vector<SweepRow>& rows, const std::string& file);

  /// ConfigError naming the missing and duplicated points, if any.
  void finish() const;

  /// The part (in add order) that holds `point`, or kNoPart.
  std::uint32_t owner(std::size_t point) const { return owner_[point]; }

 private:
  /// ConfigError when `h` (of part `file`) is not the first part's sweep.
  void check_same_sweep(const SweepHeader& h, const std::string& file) const;

  SweepHeader first_;
  std::string first_file_;
  std::size_t points_;
  std::vector<std::string> files_;
  std::vector<std::uint32_t> owner_;
  std::vector<std::string> duplicates_;  // the first kListed, as `POINT (in A and B)`
  std::size_t duplicate_count_ = 0;
};

/// Joins tables of one sweep held in memory (MergeCheck, then the rows by point). `files` name
/// the parts in errors.
SweepTable merge_sweep_tables(const std::vector<SweepTable>& parts,
                              const std::vector<std::string>& files);

/// `stowage merge`: joins the part files and writes the table (`output.out` is required), its
/// frontier and its plot as emit_sweep does, streaming the rows (see the memory note above).
void merge_sweep_files(const std::vector<std::string>& files, const SweepOutputOptions& output);

}  // namespace stowage::advisor
