#include "advisor/sweep_run.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "advisor/evaluate.hpp"
#include "advisor/rank.hpp"
#include "advisor/report/text.hpp"
#include "sim/check.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/resolve.hpp"

namespace stowage::advisor {
namespace {

using sim::config::ConfigError;
using J = nlohmann::ordered_json;
using report::csv_field;
using report::seconds_json;

/// How often the progress callback runs while points are being simulated.
constexpr auto kProgressPeriod = std::chrono::milliseconds(200);

/// Every profile the sweep names, read once; read-only while threads run.
std::shared_ptr<const sim::ProfileSet> sweep_profiles(const sim::SweepSpec& spec,
                                                      const sim::config::Catalog& catalog) {
  std::vector<std::string> platforms{spec.base.platform}, gpus{spec.base.gpu}, storages;
  for (const sim::SweepAxis& a : spec.axes) {
    for (const sim::AxisValue& v : a.values) {
      if (a.field == sim::SweepField::kPlatform) platforms.push_back(v.name);
      if (a.field == sim::SweepField::kGpu) gpus.push_back(v.name);
    }
  }
  for (const sim::StorageChoice& c : spec.base.storage) storages.push_back(c.profile);
  std::vector<std::string> loaders;
  if (!spec.base.loader.profile.empty()) loaders.push_back(spec.base.loader.profile);
  return sim::config::resolve_profiles(catalog, storages, platforms, gpus, loaders);
}

/// The rows of one point, in the sweep's storage order.
std::vector<SweepRow> evaluate_point(const sim::SweepSpec& spec, std::size_t index,
                                     const std::shared_ptr<const sim::ProfileSet>& profiles) {
  sim::Scenario scenario;
  scenario.workload = spec.workload_at(index);
  scenario.candidates = scenario.workload.storage;
  scenario.profiles = profiles;
  const sim::Workload& w = scenario.workload;
  std::vector<Candidate> ranked;
  for (const sim::StorageChoice& choice : w.storage) {
    ranked.push_back(evaluate(scenario, choice, EvaluateOptions{spec.replications, false}));
  }
  rank_candidates(w.objective, ranked);
  const std::optional<std::string> best = recommended(ranked);
  std::vector<SweepRow> rows;
  for (const sim::StorageChoice& choice : w.storage) {
    const Candidate& c = *std::find_if(ranked.begin(), ranked.end(), [&](const Candidate& k) {
      return k.storage == choice.profile;
    });
    SweepRow r;
    r.point = index;
    r.storage = c.storage;
    r.feasible = c.feasible();
    r.reason = c.infeasible.value_or("");
    r.meets_slo = c.meets_slo;
    if (r.feasible) {
      r.p50_s = c.summary.p50_s;
      r.p95_s = c.summary.p95_s;
      r.p99_s = c.summary.p99_s;
      r.max_s = c.summary.max_s;
      r.failed = c.summary.failed;
      r.cost_per_month = round_cost(c.cost.total);
      r.currency = c.cost.currency;
      r.bottleneck = c.summary.bottleneck;
    }
    r.recommended = best && *best == c.storage;
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string slo_text(const sim::Objective& o) {
  std::vector<std::string> parts;
  const auto add = [&](const char* name, const std::optional<sim::Seconds>& t) {
    if (t) parts.push_back(fmt::format("{} <= {}", name, *t));
  };
  add("p50", o.p50);
  add("p95", o.p95);
  add("p99", o.p99);
  add("max", o.max);
  parts.push_back(o.max_failed == 0 ? std::string("no failed start")
                                    : fmt::format("at most {} failed", o.max_failed));
  return fmt::format("{}", fmt::join(parts, ", "));
}

/// The CSV text of an axis value: the number in the axis's unit, `true`/`false`, or the name.
std::string value_text(const sim::AxisValue& v, sim::AxisUnit unit) {
  if (unit == sim::AxisUnit::kName) return v.name;
  if (unit == sim::AxisUnit::kBool) return v.label;
  return fmt::format("{}", v.number);
}

std::string number_or_empty(bool shown, double v) {
  return shown && std::isfinite(v) ? fmt::format("{}", v) : "";
}

J number_or_null(bool shown, double v) { return shown ? seconds_json(v) : J(nullptr); }

[[noreturn]] void bad_part(const std::string& file, const std::string& key,
                           const std::string& problem) {
  throw ConfigError(file, {}, key, problem, "a part written by `stowage sweep --format json`");
}

template <class Names, class T>
T enum_from_name(const std::string& file, const std::string& key, const std::string& name,
                 Names names, std::initializer_list<T> all) {
  for (T v : all) {
    if (names(v) == name) return v;
  }
  bad_part(file, key, fmt::format("unknown value '{}'", name));
}

}  // namespace

std::vector<std::size_t> SweepHeader::coords(std::size_t point) const {
  return sim::grid_coords(axes, point);
}

SweepHeader sweep_header(const sim::SweepSpec& spec, Shard shard) {
  SweepHeader h;
  h.name = spec.name;
  h.identity = spec.identity;
  h.seed = spec.seed;
  h.replications = spec.replications;
  h.points = spec.point_count();
  h.shard_index = shard.index;
  h.shard_count = shard.count;
  h.slo = slo_text(spec.base.objective);
  for (const sim::SweepAxis& a : spec.axes) {
    if (a.path.starts_with("objective.")) h.slo += fmt::format("; {} along its axis", a.path);
  }
  const bool p99_varies = std::any_of(
      spec.axes.begin(), spec.axes.end(),
      [](const sim::SweepAxis& a) { return a.field == sim::SweepField::kObjectiveP99; });
  if (spec.base.objective.p99 && !p99_varies) h.slo_p99_s = spec.base.objective.p99->value();
  for (const sim::StorageChoice& c : spec.base.storage) h.storages.push_back(c.profile);
  h.axes = spec.axes;
  return h;
}

SweepTable run_sweep(const sim::SweepSpec& spec, const sim::config::Catalog& catalog,
                     const SweepRunOptions& options) {
  STOWAGE_CHECK(
      options.threads >= 1 && options.shard.count >= 1 && options.shard.index < options.shard.count,
      "run_sweep: threads >= 1 and a shard K/N with K < N");
  const std::shared_ptr<const sim::ProfileSet> profiles = sweep_profiles(spec, catalog);
  std::vector<std::size_t> points;
  for (std::size_t i = options.shard.index; i < spec.point_count(); i += options.shard.count) {
    points.push_back(i);
  }
  std::vector<std::vector<SweepRow>> slots(points.size());
  std::atomic<std::size_t> next{0}, done{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  const auto work = [&] {
    for (std::size_t k = next++; k < points.size(); k = next++) {
      try {
        slots[k] = evaluate_point(spec, points[k], profiles);
      } catch (...) {
        const std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        next = points.size();
      }
      ++done;
    }
  };
  const unsigned threads = static_cast<unsigned>(
      std::min<std::size_t>(options.threads, std::max<std::size_t>(1, points.size())));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  if (options.progress) {
    // The calling thread reports progress while the pool works, then joins in.
    std::thread last(work);
    while (done < points.size() && !error) {
      options.progress(done, points.size());
      std::this_thread::sleep_for(kProgressPeriod);
    }
    last.join();
    options.progress(done, points.size());
  } else {
    work();
  }
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  SweepTable table{sweep_header(spec, options.shard), {}};
  for (auto& slot : slots) {
    for (SweepRow& r : slot) table.rows.push_back(std::move(r));
  }
  return table;
}

std::string sweep_csv(const SweepTable& table) {
  const SweepHeader& h = table.header;
  std::vector<std::string> head{"point"};
  for (const sim::SweepAxis& a : h.axes) head.push_back(csv_field(a.path));
  for (const char* col :
       {"storage", "feasible", "meets_slo", "p50_s", "p95_s", "p99_s", "max_s", "failed",
        "cost_per_month", "currency", "bottleneck", "recommended", "reason"}) {
    head.emplace_back(col);
  }
  std::string out = fmt::format("{}\n", fmt::join(head, ","));
  for (const SweepRow& r : table.rows) {
    std::vector<std::string> f{std::to_string(r.point)};
    const std::vector<std::size_t> c = h.coords(r.point);
    for (std::size_t i = 0; i < h.axes.size(); ++i) {
      f.push_back(csv_field(value_text(h.axes[i].values[c[i]], h.axes[i].unit)));
    }
    const bool sim = r.feasible;
    f.insert(f.end(), {csv_field(r.storage), sim ? "true" : "false", r.meets_slo ? "true" : "false",
                       number_or_empty(sim, r.p50_s), number_or_empty(sim, r.p95_s),
                       number_or_empty(sim, r.p99_s), number_or_empty(sim, r.max_s),
                       sim ? std::to_string(r.failed) : "", number_or_empty(sim, r.cost_per_month),
                       csv_field(r.currency), csv_field(r.bottleneck),
                       r.recommended ? "true" : "false", csv_field(r.reason)});
    out += fmt::format("{}\n", fmt::join(f, ","));
  }
  return out;
}

J sweep_json(const SweepTable& table) {
  const SweepHeader& h = table.header;
  J out;
  out["sweep"] = h.name;
  out["identity"] = h.identity;
  out["seed"] = h.seed;
  out["replications"] = h.replications;
  out["points"] = h.points;
  out["shard"] = {{"index", h.shard_index}, {"count", h.shard_count}};
  out["slo"] = h.slo;
  out["slo_p99_s"] = h.slo_p99_s ? J(*h.slo_p99_s) : J(nullptr);
  out["storages"] = h.storages;
  J axes = J::array();
  for (const sim::SweepAxis& a : h.axes) {
    J values = J::array(), labels = J::array();
    for (const sim::AxisValue& v : a.values) {
      values.push_back(a.unit == sim::AxisUnit::kName   ? J(v.name)
                       : a.unit == sim::AxisUnit::kBool ? J(v.number != 0)
                                                        : J(v.number));
      labels.push_back(v.label);
    }
    axes.push_back({{"path", a.path},
                    {"unit", sim::axis_unit_name(a.unit)},
                    {"scale", sim::axis_scale_name(a.scale)},
                    {"values", std::move(values)},
                    {"labels", std::move(labels)}});
  }
  out["axes"] = std::move(axes);
  J rows = J::array();
  for (const SweepRow& r : table.rows) {
    J values;
    const std::vector<std::size_t> c = h.coords(r.point);
    for (std::size_t i = 0; i < h.axes.size(); ++i) {
      values[h.axes[i].path] = out["axes"][i]["values"][c[i]];
    }
    const bool sim = r.feasible;
    rows.push_back({{"point", r.point},
                    {"values", std::move(values)},
                    {"storage", r.storage},
                    {"feasible", sim},
                    {"reason", sim ? J(nullptr) : J(r.reason)},
                    {"meets_slo", r.meets_slo},
                    {"p50_s", number_or_null(sim, r.p50_s)},
                    {"p95_s", number_or_null(sim, r.p95_s)},
                    {"p99_s", number_or_null(sim, r.p99_s)},
                    {"max_s", number_or_null(sim, r.max_s)},
                    {"failed", sim ? J(r.failed) : J(nullptr)},
                    {"cost_per_month", sim ? J(r.cost_per_month) : J(nullptr)},
                    {"currency", sim ? J(r.currency) : J(nullptr)},
                    {"bottleneck", sim && !r.bottleneck.empty() ? J(r.bottleneck) : J(nullptr)},
                    {"recommended", r.recommended}});
  }
  out["rows"] = std::move(rows);
  return out;
}

SweepTable sweep_from_json(const std::string& text, const std::string& file) {
  const J j = J::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) bad_part(file, "", "not a JSON object");
  SweepTable t;
  SweepHeader& h = t.header;
  try {
    h.name = j.at("sweep").get<std::string>();
    h.identity = j.at("identity").get<std::string>();
    h.seed = j.at("seed").get<std::uint64_t>();
    h.replications = j.at("replications").get<int>();
    h.points = j.at("points").get<std::size_t>();
    h.shard_index = j.at("shard").at("index").get<std::size_t>();
    h.shard_count = j.at("shard").at("count").get<std::size_t>();
    h.slo = j.at("slo").get<std::string>();
    if (!j.at("slo_p99_s").is_null()) h.slo_p99_s = j.at("slo_p99_s").get<double>();
    h.storages = j.at("storages").get<std::vector<std::string>>();
    for (const J& a : j.at("axes")) {
      sim::SweepAxis axis;
      axis.path = a.at("path").get<std::string>();
      axis.unit =
          enum_from_name(file, "axes.unit", a.at("unit").get<std::string>(), sim::axis_unit_name,
                         {sim::AxisUnit::kCount, sim::AxisUnit::kBytes, sim::AxisUnit::kSeconds,
                          sim::AxisUnit::kPerSecond, sim::AxisUnit::kNumber, sim::AxisUnit::kBool,
                          sim::AxisUnit::kName});
      axis.scale =
          enum_from_name(file, "axes.scale", a.at("scale").get<std::string>(), sim::axis_scale_name,
                         {sim::AxisScale::kList, sim::AxisScale::kLinear, sim::AxisScale::kLog});
      const J& values = a.at("values");
      const J& labels = a.at("labels");
      for (std::size_t i = 0; i < values.size(); ++i) {
        sim::AxisValue v;
        if (axis.unit == sim::AxisUnit::kName) {
          v.name = values.at(i).get<std::string>();
        } else if (axis.unit == sim::AxisUnit::kBool) {
          v.number = values.at(i).get<bool>() ? 1 : 0;
        } else {
          v.number = values.at(i).get<double>();
        }
        v.label = labels.at(i).get<std::string>();
        axis.values.push_back(std::move(v));
      }
      if (axis.values.empty()) bad_part(file, "axes", "an axis without values");
      h.axes.push_back(std::move(axis));
    }
    const auto secs = [](const J& v) {
      return v.is_null() ? std::numeric_limits<double>::infinity() : v.get<double>();
    };
    for (const J& r : j.at("rows")) {
      SweepRow row;
      row.point = r.at("point").get<std::size_t>();
      row.storage = r.at("storage").get<std::string>();
      row.feasible = r.at("feasible").get<bool>();
      row.meets_slo = r.at("meets_slo").get<bool>();
      row.recommended = r.at("recommended").get<bool>();
      if (row.feasible) {
        row.p50_s = secs(r.at("p50_s"));
        row.p95_s = secs(r.at("p95_s"));
        row.p99_s = secs(r.at("p99_s"));
        row.max_s = secs(r.at("max_s"));
        row.failed = r.at("failed").get<std::int64_t>();
        row.cost_per_month = r.at("cost_per_month").get<double>();
        row.currency = r.at("currency").get<std::string>();
        if (!r.at("bottleneck").is_null()) row.bottleneck = r.at("bottleneck").get<std::string>();
      } else {
        row.reason = r.at("reason").get<std::string>();
      }
      if (row.point >= h.points) {
        bad_part(file, "rows", fmt::format("point {} of a sweep of {}", row.point, h.points));
      }
      t.rows.push_back(std::move(row));
    }
  } catch (const nlohmann::json::exception& e) {
    bad_part(file, "", fmt::format("malformed part: {}", e.what()));
  }
  return t;
}

SweepTable merge_sweep_tables(const std::vector<SweepTable>& parts,
                              const std::vector<std::string>& files) {
  STOWAGE_CHECK(!parts.empty() && parts.size() == files.size(), "merge: one file name per part");
  const SweepHeader& first = parts.front().header;
  std::map<std::size_t, std::size_t> owner;  // point -> part that holds it
  std::vector<std::string> duplicates;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const SweepHeader& h = parts[p].header;
    if (h.identity != first.identity || h.points != first.points) {
      throw ConfigError(files[p], {}, "identity",
                        fmt::format("a part of sweep `{}` ({}, {} points), not of `{}` ({}, {} "
                                    "points) like {}",
                                    h.name, h.identity, h.points, first.name, first.identity,
                                    first.points, files.front()),
                        "parts of one sweep");
    }
    std::size_t last = SIZE_MAX;
    for (const SweepRow& r : parts[p].rows) {
      if (r.point == last) continue;  // the point's next storage
      last = r.point;
      const auto [it, fresh] = owner.try_emplace(r.point, p);
      if (!fresh) {
        duplicates.push_back(
            fmt::format("{} (in {} and {})", r.point, files[it->second], files[p]));
      }
    }
  }
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < first.points; ++i) {
    if (!owner.contains(i)) missing.push_back(i);
  }
  if (!missing.empty() || !duplicates.empty()) {
    constexpr std::size_t kListed = 20;  // enough to see the pattern (a lost shard)
    std::vector<std::string> problems;
    if (!missing.empty()) {
      const std::vector<std::size_t> shown(missing.begin(),
                                           missing.begin() + std::min(kListed, missing.size()));
      problems.push_back(fmt::format("{} point{} missing: {}{}", missing.size(),
                                     missing.size() == 1 ? "" : "s", fmt::join(shown, ", "),
                                     missing.size() > kListed ? ", ..." : ""));
    }
    if (!duplicates.empty()) {
      const std::vector<std::string> shown(
          duplicates.begin(), duplicates.begin() + std::min(kListed, duplicates.size()));
      problems.push_back(fmt::format("{} point{} duplicated: {}{}", duplicates.size(),
                                     duplicates.size() == 1 ? "" : "s", fmt::join(shown, ", "),
                                     duplicates.size() > kListed ? ", ..." : ""));
    }
    throw ConfigError(
        files.front(), {}, "points", fmt::format("{}", fmt::join(problems, "; ")),
        fmt::format("every point from 0 to {} in exactly one part", first.points - 1));
  }
  SweepTable merged{first, {}};
  merged.header.shard_index = 0;
  merged.header.shard_count = 1;
  std::vector<const SweepRow*> rows;
  for (const SweepTable& t : parts) {
    for (const SweepRow& r : t.rows) rows.push_back(&r);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const SweepRow* a, const SweepRow* b) { return a->point < b->point; });
  for (const SweepRow* r : rows) merged.rows.push_back(*r);
  return merged;
}

}  // namespace stowage::advisor
