// Reading sweep parts: the JSON a sharded `stowage sweep --format json` writes, streamed row by
// row (read_sweep_part) or whole (sweep_from_json), checked against the header it carries. A part
// that is not one is the user's mistake: a ConfigError naming the part and the key (the user
// chose the files to merge). Merging the parts is advisor/sweep/merge.cpp.
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
#include "advisor/judge/uncertainty.hpp"
#include "advisor/report/schema_version.hpp"
#include "advisor/report/svg_plot.hpp"
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

// A count of the part: a whole number (not 3.5, not -1) up to `most`.
std::uint64_t whole(const J& v, const std::string& file, const std::string& key,
                    std::uint64_t most = std::numeric_limits<std::uint64_t>::max()) {
  if (!v.is_number_unsigned()) {
    bad_part(file, key, fmt::format("{} is not a whole number from 0 up", v.dump()));
  }
  if (v.get<std::uint64_t>() > most) {
    bad_part(file, key, fmt::format("{} is more than {}", v.dump(), most));
  }
  return v.get<std::uint64_t>();
}

SweepHeader header_from_json(const J& j, const std::string& file) {
  SweepHeader h;
  // A part another version of the contract wrote may mean other things by the same keys.
  if (const auto v = j.find("schema_version"); v != j.end() && *v != report::kSchemaVersion) {
    bad_part(file, "schema_version",
             fmt::format("{}: this stowage reads version {} (merge the parts with the stowage "
                         "that wrote them)",
                         v->dump(), report::kSchemaVersion));
  }
  h.name = j.at("sweep").get<std::string>();
  h.identity = j.at("identity").get<std::string>();
  h.seed = whole(j.at("seed"), file, "seed");
  h.replications = static_cast<int>(
      whole(j.at("replications"), file, "replications", std::numeric_limits<int>::max()));
  if (const auto w = j.find("worlds"); w != j.end()) {
    h.worlds = static_cast<int>(whole(*w, file, "worlds", kMaxWorlds));
    h.confidence = j.at("confidence").get<double>();
  }
  h.points = whole(j.at("points"), file, "points");
  h.shard_index = whole(j.at("shard").at("index"), file, "shard.index");
  h.shard_count = whole(j.at("shard").at("count"), file, "shard.count");
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
    if (labels.size() != values.size()) {
      bad_part(file, "axes",
               fmt::format("axis `{}` has {} values but {} labels", axis.path, values.size(),
                           labels.size()));
    }
    h.axes.push_back(std::move(axis));
  }
  double grid = 1;  // a double: a product of edited sizes may not fit an integer
  for (const sim::SweepAxis& a : h.axes) grid *= static_cast<double>(a.values.size());
  if (static_cast<double>(h.points) != grid) {
    bad_part(file, "points",
             fmt::format("{} points, but the axes make a grid of {:.0f}", h.points, grid));
  }
  if (h.points > sim::config::kMaxSweepPoints) {
    bad_part(file, "points",
             fmt::format("{} points, more than a sweep has ({})", h.points,
                         sim::config::kMaxSweepPoints));
  }
  return h;
}

SweepRow row_from_json(const J& r, const std::string& file) {
  // A figure of a row: a number from 0 up (a time: or null, for no p99 reached).
  const auto figure = [&](const char* key, bool time) {
    const J& v = r.at(key);
    if (time && v.is_null()) return std::numeric_limits<double>::infinity();
    const double x = v.get<double>();
    if (!(x >= 0.0)) {  // a sweep's times and costs are never negative
      bad_part(file, fmt::format("rows.{}", key), fmt::format("{} is negative", v.dump()));
    }
    return x;
  };
  SweepRow row;
  row.point = whole(r.at("point"), file, "rows.point");
  row.storage = r.at("storage").get<std::string>();
  row.feasible = r.at("feasible").get<bool>();
  row.meets_slo = r.at("meets_slo").get<bool>();
  row.recommended = r.at("recommended").get<bool>();
  row.single_run = r.at("single_run").get<bool>();
  if (row.feasible) {
    row.p50_s = figure("p50_s", true);
    row.p95_s = figure("p95_s", true);
    row.p99_s = figure("p99_s", true);
    row.max_s = figure("max_s", true);
    row.failed = static_cast<std::int64_t>(
        whole(r.at("failed"), file, "rows.failed", std::numeric_limits<std::int64_t>::max()));
    row.cost_per_month = figure("cost_per_month", false);
    row.currency = r.at("currency").get<std::string>();
    row.unpriced = r.value("unpriced", false);  // a part written before the key was added
    if (!r.at("bottleneck").is_null()) row.bottleneck = r.at("bottleneck").get<std::string>();
    row.runs = static_cast<int>(
        whole(r.at("runs"), file, "rows.runs", std::numeric_limits<int>::max()));
  } else {
    row.reason = r.at("reason").get<std::string>();
  }
  // With --uncertainty: the band over the worlds (null for an infeasible row).
  if (const auto h = r.find("holds_in"); h != r.end() && !h->is_null()) {
    row.p99_band = Band{figure("p99_p10_s", true), figure("p99_p50_s", true),
                        figure("p99_p90_s", true)};
    row.holds_in = h->get<double>();
    if (!(row.holds_in >= 0 && row.holds_in <= 1)) {
      bad_part(file, "rows.holds_in", fmt::format("{} is not a share from 0 to 1", h->dump()));
    }
  }
  return row;
}

// A row's `values` (of point `point`) must be its point's values in the grid of `axes`.
void check_row_values(const J& values, std::size_t point, const J& axes, const std::string& file) {
  if (!axes.is_array()) return;  // the header's own check says what is wrong
  if (!values.is_object() || values.size() != axes.size()) {
    bad_part(file, "rows.values",
             fmt::format("{} where the sweep has {} axes", values.dump(), axes.size()));
  }
  std::size_t index = point;
  for (const J& a : axes) {
    const J& grid = a.at("values");
    if (!grid.is_array() || grid.empty()) return;  // the header's own check says what is wrong
    const J& expected = grid.at(index % grid.size());
    index /= grid.size();
    const std::string path = a.at("path").get<std::string>();
    const auto it = values.find(path);
    if (it == values.end() || *it != expected) {
      bad_part(file, "rows.values",
               fmt::format("point {} has {} = {}, where the grid has {}", point, path,
                           it == values.end() ? std::string("nothing") : it->dump(),
                           expected.dump()));
    }
  }
}

}  // namespace

SweepHeader read_sweep_part(std::istream& in, const std::string& file,
                            const std::function<void(SweepRow&&)>& on_row) {
  std::string top_key;                // the key of the top-level value being read
  std::optional<std::size_t> points;  // "points", once read
  // A row's point must be below "points": the first that is not, or, for rows read before
  // "points" (not in a part `stowage sweep` wrote), the largest.
  std::optional<std::size_t> bad_point, largest_early;
  const auto check_point = [&](std::size_t p) {
    if (!points) {
      largest_early = std::max(largest_early.value_or(0), p);
    } else if (p >= *points && !bad_point) {
      bad_point = p;
    }
  };
  // The keys of each object being read, outermost first: a key twice is refused (nlohmann keeps
  // the last silently).
  std::vector<std::vector<std::string>> keys;
  std::optional<J> axes;  // "axes", once read: each row's values are checked against it
  // Rows read before "axes" (not in a part `stowage sweep` wrote): their point and values, checked
  // once the header is read.
  std::vector<std::pair<std::size_t, J>> early_values;
  const J::parser_callback_t callback = [&](int depth, J::parse_event_t event, J& parsed) {
    if (event == J::parse_event_t::object_start) keys.emplace_back();
    if (event == J::parse_event_t::object_end && !keys.empty()) keys.pop_back();
    if (event == J::parse_event_t::key && !keys.empty()) {
      std::string k = parsed.get<std::string>();
      if (std::find(keys.back().begin(), keys.back().end(), k) != keys.back().end()) {
        bad_part(file, depth == 1 ? k : top_key + "." + k, fmt::format("key `{}` twice", k));
      }
      keys.back().push_back(std::move(k));
    }
    if (depth == 1 && event == J::parse_event_t::key) {
      top_key = parsed.get<std::string>();
    } else if (depth == 1 && event == J::parse_event_t::value && top_key == "points" &&
               parsed.is_number_unsigned()) {
      points = parsed.get<std::size_t>();
    } else if (depth == 1 && top_key == "axes" &&
               (event == J::parse_event_t::array_end || event == J::parse_event_t::value)) {
      axes = parsed;
    } else if (depth == 2 && top_key == "rows" &&
               (event == J::parse_event_t::object_end || event == J::parse_event_t::value)) {
      SweepRow row;
      try {
        row = row_from_json(parsed, file);
        if (axes) {
          check_row_values(parsed.at("values"), row.point, *axes, file);
        } else {
          early_values.emplace_back(row.point, parsed.at("values"));
        }
      } catch (const nlohmann::json::exception& e) {
        bad_part(file, "rows", fmt::format("malformed part: {}", e.what()));
      }
      check_point(row.point);
      on_row(std::move(row));
      return false;  // handed over: the parser keeps nothing of it
    }
    return true;
  };
  const J j = J::parse(in, callback, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) bad_part(file, "", "not a JSON object");
  SweepHeader h;
  try {
    h = header_from_json(j, file);
    // Every row was handed over; anything left in "rows" is not a row.
    if (!j.at("rows").is_array() || !j.at("rows").empty()) {
      bad_part(file, "rows", "malformed part: rows must be an array of objects");
    }
  } catch (const nlohmann::json::exception& e) {
    bad_part(file, "", fmt::format("malformed part: {}", e.what()));
  }
  try {
    for (const auto& [point, values] : early_values) {
      check_row_values(values, point, j.at("axes"), file);
    }
  } catch (const nlohmann::json::exception& e) {
    bad_part(file, "", fmt::format("malformed part: {}", e.what()));
  }
  if (!bad_point && largest_early >= h.points) bad_point = largest_early;
  if (bad_point) {
    bad_part(file, "rows", fmt::format("point {} of a sweep of {}", *bad_point, h.points));
  }
  return h;
}

SweepTable sweep_from_json(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  SweepTable t;
  t.header = read_sweep_part(in, file, [&](SweepRow&& r) { t.rows.push_back(std::move(r)); });
  return t;
}

}  // namespace stowage::advisor
