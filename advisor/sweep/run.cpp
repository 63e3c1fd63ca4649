#include "advisor/sweep/run.hpp"

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
#include <system_error>
#include <thread>

#include "advisor/judge/evaluate.hpp"
#include "advisor/judge/rank.hpp"
#include "advisor/judge/uncertainty.hpp"
#include "advisor/report/schema_version.hpp"
#include "advisor/report/text.hpp"
#include "sim/check.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/resolve.hpp"
#include "sim/config/sweep_loader.hpp"

namespace stowage::advisor {

// The sweep loader counts a sweep's work with the replications a sweep runs when it names none.
static_assert(sim::config::kDefaultSweepReplications == kDefaultReplications);

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
  std::vector<std::string> platforms{spec.base.platform}, gpus{spec.base.gpu}, storages, loaders;
  if (!spec.base.loader.profile.empty()) loaders.push_back(spec.base.loader.profile);
  for (const sim::SweepAxis& a : spec.axes) {
    for (const sim::AxisValue& v : a.values) {
      if (a.field == sim::SweepField::kPlatform) platforms.push_back(v.name);
      if (a.field == sim::SweepField::kGpu) gpus.push_back(v.name);
      if (a.field == sim::SweepField::kLoaderProfile) loaders.push_back(v.name);
    }
  }
  for (const sim::StorageChoice& c : spec.base.storage) storages.push_back(c.profile);
  return sim::config::resolve_profiles(catalog, storages, platforms, gpus, loaders);
}

/// The sweep's identity extended with the text of every profile it resolved (through their
/// `extends` chains): parts computed with different profiles never merge.
std::string identity_with_profiles(const std::string& identity, const sim::ProfileSet& set,
                                   const sim::config::Catalog& catalog) {
  std::string text = identity;
  const auto add = [&](sim::ProfileKind kind, const auto& profiles) {
    for (const auto& entry : profiles) text += '\0' + catalog.profile_text(kind, entry.first);
  };
  add(sim::ProfileKind::kStorage, set.storage);
  add(sim::ProfileKind::kPlatform, set.platform);
  add(sim::ProfileKind::kGpu, set.gpu);
  add(sim::ProfileKind::kLoader, set.loader);
  return sim::sweep_identity(text);
}

/// The rows of one point, in the sweep's storage order.
std::vector<SweepRow> evaluate_point(const sim::SweepSpec& spec, std::size_t index,
                                     const std::shared_ptr<const sim::ProfileSet>& profiles,
                                     int worlds) {
  sim::Scenario scenario;
  scenario.workload = spec.workload_at(index);
  scenario.candidates = scenario.workload.storage;
  scenario.profiles = profiles;
  const sim::Workload& w = scenario.workload;
  const EvaluateOptions options{spec.replications.value_or(kDefaultReplications), false};
  std::vector<Candidate> ranked;
  for (const sim::StorageChoice& choice : w.storage) {
    ranked.push_back(evaluate(scenario, choice, options));
  }
  rank_candidates(w.objective, ranked);
  const std::optional<std::string> best = recommended(ranked);
  std::optional<Uncertainty> u;
  if (worlds > 0) {
    Advice advice;
    advice.ranked = ranked;
    u = uncertainty(scenario, advice, options, UncertaintyOptions{worlds});
  }
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
      r.p99_s = c.judged_p99_s();
      r.max_s = c.summary.max_s;
      r.failed = c.summary.failed;
      r.cost_per_month = round_cost(c.cost.total);
      r.unpriced = !c.cost.unpriced.empty();
      r.currency = c.cost.currency;
      r.bottleneck = c.summary.bottleneck;
      r.runs = c.replications;
      r.single_run = c.single_run();
    }
    r.recommended = best && *best == c.storage;
    for (std::size_t k = 0; u && r.feasible && k < u->candidates.size(); ++k) {
      if (u->candidates[k].storage == c.storage) {
        r.p99_band = u->candidates[k].p99_s;
        r.holds_in = u->candidates[k].holds;
      }
    }
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

// CSV numbers have 4 significant digits (JSON keeps every digit).
std::string number_or_empty(bool shown, double v) {
  return shown && std::isfinite(v) ? sim::format_significant(v, 4) : "";
}

J number_or_null(bool shown, double v) { return shown ? seconds_json(v) : J(nullptr); }

}  // namespace

std::vector<std::size_t> SweepHeader::coords(std::size_t point) const {
  return sim::grid_coords(axes, point);
}

double sweep_work_in_worlds(const sim::SweepSpec& spec, int worlds) {
  return spec.work_loads * (static_cast<double>(worlds) + 1);
}

SweepHeader sweep_header(const sim::SweepSpec& spec, Shard shard, int worlds) {
  SweepHeader h;
  h.worlds = worlds;
  h.confidence = spec.base.objective.confidence;
  h.name = spec.name;
  h.identity = spec.identity;
  h.seed = spec.seed;
  h.replications = spec.replications.value_or(kDefaultReplications);
  h.points = spec.point_count();
  h.shard_index = shard.index + 1;
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
        slots[k] = evaluate_point(spec, points[k], profiles, options.worlds);
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
  for (unsigned t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // the system makes no more threads: the ones made share the points
    }
  }
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
  SweepTable table{sweep_header(spec, options.shard, options.worlds), {}};
  table.header.identity = identity_with_profiles(spec.identity, *profiles, catalog);
  for (auto& slot : slots) {
    for (SweepRow& r : slot) table.rows.push_back(std::move(r));
  }
  return table;
}

std::string sweep_csv_head(const SweepHeader& h) {
  std::vector<std::string> head{"point"};
  for (const sim::SweepAxis& a : h.axes) head.push_back(csv_field(a.path));
  for (const char* col :
       {"storage", "feasible", "meets_slo", "p50_s", "p95_s", "p99_s", "max_s", "failed",
        "cost_per_month", "currency", "unpriced", "bottleneck", "recommended", "reason"}) {
    head.emplace_back(col);
  }
  if (h.worlds > 0) head.insert(head.end(), {"p99_p10_s", "p99_p50_s", "p99_p90_s", "holds_in"});
  return fmt::format("{}\n", fmt::join(head, ","));
}

std::string sweep_csv_row(const SweepHeader& h, const SweepRow& r) {
  std::vector<std::string> f{std::to_string(r.point)};
  const std::vector<std::size_t> c = h.coords(r.point);
  for (std::size_t i = 0; i < h.axes.size(); ++i) {
    f.push_back(csv_field(value_text(h.axes[i].values[c[i]], h.axes[i].unit)));
  }
  const bool sim = r.feasible;
  f.insert(f.end(), {csv_field(r.storage), sim ? "true" : "false", r.meets_slo ? "true" : "false",
                     number_or_empty(sim, r.p50_s), number_or_empty(sim, r.p95_s),
                     number_or_empty(sim, r.p99_s), number_or_empty(sim, r.max_s),
                     sim ? std::to_string(r.failed) : "",
                     number_or_empty(sim && !r.unpriced, r.cost_per_month), csv_field(r.currency),
                     sim ? (r.unpriced ? "true" : "false") : "", csv_field(r.bottleneck),
                     r.recommended ? "true" : "false", csv_field(r.reason)});
  if (h.worlds > 0) {
    const bool band = r.p99_band.has_value();
    const Band b = r.p99_band.value_or(Band{});
    f.insert(f.end(), {number_or_empty(band, b.p10), number_or_empty(band, b.p50),
                       number_or_empty(band, b.p90), number_or_empty(band, r.holds_in)});
  }
  return fmt::format("{}\n", fmt::join(f, ","));
}

std::string sweep_csv(const SweepTable& table) {
  std::string out = sweep_csv_head(table.header);
  for (const SweepRow& r : table.rows) out += sweep_csv_row(table.header, r);
  return out;
}

J sweep_json_head(const SweepHeader& h) {
  J out;
  out["schema_version"] = report::kSchemaVersion;
  out["sweep"] = h.name;
  out["identity"] = h.identity;
  out["seed"] = h.seed;
  out["replications"] = h.replications;
  if (h.worlds > 0) {
    out["worlds"] = h.worlds;
    out["confidence"] = h.confidence;
  }
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
  return out;
}

J sweep_json_row(const SweepHeader& h, const J& head, const SweepRow& r) {
  J values;
  const std::vector<std::size_t> c = h.coords(r.point);
  for (std::size_t i = 0; i < h.axes.size(); ++i) {
    values[h.axes[i].path] = head["axes"][i]["values"][c[i]];
  }
  const bool sim = r.feasible;
  J row = {{"point", r.point},
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
          {"unpriced", r.unpriced},
          {"bottleneck", sim && !r.bottleneck.empty() ? J(r.bottleneck) : J(nullptr)},
          {"recommended", r.recommended},
          {"runs", sim ? J(r.runs) : J(nullptr)},
          {"single_run", r.single_run}};
  if (h.worlds > 0) {
    const bool band = r.p99_band.has_value();
    const Band b = r.p99_band.value_or(Band{});
    row["p99_p10_s"] = number_or_null(band, b.p10);
    row["p99_p50_s"] = number_or_null(band, b.p50);
    row["p99_p90_s"] = number_or_null(band, b.p90);
    row["holds_in"] = band ? J(r.holds_in) : J(nullptr);
  }
  return row;
}

J sweep_json(const SweepTable& table) {
  J out = sweep_json_head(table.header);
  J rows = J::array();
  for (const SweepRow& r : table.rows) rows.push_back(sweep_json_row(table.header, out, r));
  out["rows"] = std::move(rows);
  return out;
}

}  // namespace stowage::advisor
