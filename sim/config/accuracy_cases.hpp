// Accuracy cases: the published, measured model loads that `stowage accuracy` predicts.
//
// A suite file (data/validation/cases.yaml) names a profiles directory (searched before the
// catalog) and lists cases. Each case is a workload (a path relative to the suite file) run on
// one storage choice with an optional override of the workload's loader, the load time that was
// measured, where it was published, and its role: `fit` when a figure in the profiles was fitted
// from this very measurement (named in `fits`), `check` when nothing was fitted from it. A fit
// case is reported but never counted as a check.
//
// Independent evidence. Every case names its `family`: the source, machine and configuration it
// shares with its neighbours (the rows of one published table that differ in one setting). A
// check that is no independent evidence says why in `dependent` (a near-copy of a fit case: same
// machine, size and streams; a figure it rests on was chosen after it was seen; another check
// of its family already stands for the family). The independent set is the checks without
// `dependent`, at most one per family (a second one is an error). Errors are ConfigErrors at the
// offending key.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/units.hpp"
#include "sim/workload.hpp"

namespace stowage::sim::config {

struct AccuracyCase {
  std::string id;                  // unique in the suite
  bool fit = false;                // role: fit (true) or check
  std::string fits;                // fit cases: the figure fitted from this measurement
  std::filesystem::path workload;  // resolved against the suite file's directory
  std::string storage;             // a storage profile name
  LoaderSpec loader;               // overrides of the workload's loader; empty fields keep it
  bool loader_given = false;       // the case sets `loader`
  Seconds measured;                // the published load time
  std::string source_url;
  std::string source_where;  // table, figure or row
  std::string note;          // optional
  std::string family;        // source, machine and configuration shared with other cases
  std::string dependent;     // check cases: why it is not independent evidence; empty if it is

  /// A check that counts in the independent set.
  bool independent() const { return !fit && dependent.empty(); }
};

struct AccuracySuite {
  std::string file;
  std::filesystem::path profiles;  // the suite's profiles directory (resolved)
  std::vector<AccuracyCase> cases;
};

class Catalog;
/// The catalog a suite's profile names are checked against, given the suite's profiles
/// directory (resolved); it must outlive the call.
using SuiteCatalog = std::function<const Catalog&(const std::filesystem::path& profiles)>;

/// Reads a suite file; throws ConfigError. With `catalog`, every storage and loader profile a
/// case names must be in it: a ConfigError at the case's key otherwise, with "did you mean" and
/// the list of names (as in workloads).
AccuracySuite load_accuracy_suite(const std::filesystem::path& path,
                                  const SuiteCatalog& catalog = nullptr);
/// Parses suite text; `name` stands for the file in messages (relative paths stay relative).
AccuracySuite load_accuracy_suite_text(std::string_view text, const std::string& name,
                                       const SuiteCatalog& catalog = nullptr);

}  // namespace stowage::sim::config
