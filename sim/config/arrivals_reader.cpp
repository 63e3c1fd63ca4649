#include "sim/config/arrivals_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "sim/config/input_text.hpp"
#include "sim/config/workload_fields.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {
namespace {

// "2/s", "30/min", "100/h", or a bare number per second.
double parse_rate_per_second(const YamlNode& node) {
  const std::string text = node.as_string();
  const std::string_view hint = "arrivals per second, or e.g. 30/min, 2/s, 100/h";
  const size_t slash = text.find('/');
  const std::string_view number_text = std::string_view(text).substr(0, slash);
  double number = 0.0;
  const auto [end, ec] =
      std::from_chars(number_text.data(), number_text.data() + number_text.size(), number);
  if (ec != std::errc() || end != number_text.data() + number_text.size() ||
      !std::isfinite(number)) {
    node.fail(fmt::format("'{}' is not a rate", text), std::string(hint));
  }
  double per = 1.0;
  if (slash != std::string::npos) {
    const std::string_view unit = std::string_view(text).substr(slash + 1);
    if (unit == "s") {
      per = 1.0;
    } else if (unit == "min") {
      per = 60.0;
    } else if (unit == "h") {
      per = 3600.0;
    } else {
      node.fail(fmt::format("unknown unit '/{}'", unit), std::string(hint));
    }
  }
  if (number <= 0.0) node.fail(fmt::format("'{}' is not positive", text), std::string(hint));
  return number / per;
}

std::vector<Seconds> read_trace(const YamlNode& where, const std::filesystem::path& path) {
  const std::string name = path.string();
  if (const auto problem = input_file_problem(path)) {
    where.fail(fmt::format("trace file {} {}", quoted_value(name), *problem),
               "a CSV file of arrival times");
  }
  std::istringstream in(read_input_file(path, "a CSV file of arrival times"));
  std::vector<Seconds> times;
  std::string line;
  int line_no = 0;
  bool header_seen = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string first = line.substr(0, line.find(','));
    const auto begin = first.find_first_not_of(" \t");
    if (begin == std::string::npos || first[begin] == '#') continue;
    const std::string cell = first.substr(begin, first.find_last_not_of(" \t") - begin + 1);
    // A header row may name the column before the first time.
    if (times.empty() && !header_seen && (cell == "time" || cell == "at" || cell == "t")) {
      header_seen = true;
      continue;
    }
    double seconds = 0.0;
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), seconds);
    Seconds t;
    try {
      t = (ec == std::errc() && end == cell.data() + cell.size()) ? Seconds(seconds)
                                                                  : parse_seconds(cell);
    } catch (const UnitError& e) {
      throw ConfigError(name, Mark{line_no, static_cast<int>(begin) + 1}, where.path(), e.what(),
                        "seconds per line, e.g. 12.5 or 250ms");
    }
    if (!std::isfinite(t.value()) || t.value() < 0.0) {
      throw ConfigError(name, Mark{line_no, static_cast<int>(begin) + 1}, where.path(),
                        fmt::format("'{}' is not a time >= 0", cell),
                        "seconds per line, e.g. 12.5 or 250ms");
    }
    times.push_back(t);
    if (static_cast<std::int64_t>(times.size()) > kMaxInstances) {
      throw ConfigError(name, Mark{line_no, 1}, where.path(),
                        fmt::format("more than {} arrivals", kMaxInstances), "a shorter trace");
    }
  }
  if (times.empty())
    where.fail(fmt::format("trace file '{}' has no arrivals", name), "one time per line");
  std::stable_sort(times.begin(), times.end());
  return times;
}

}  // namespace

Arrivals read_arrivals(const YamlNode& node, const std::filesystem::path& base_dir) {
  const YamlMap m = node.map({"burst", "schedule", "poisson", "trace", "switch"});
  if (m.entries().size() != 1) {
    node.fail(m.entries().empty() ? "no arrival pattern" : "more than one arrival pattern",
              "exactly one of: burst, schedule, poisson, trace, switch");
  }
  const auto& [kind, value] = m.entries().front();
  if (kind == "burst") {
    const YamlMap b = value.map({"count", "at", "spread"});
    BurstArrivals burst;
    burst.count =
        read_workload_int(b.required("count", "the number of instances"), "arrivals.count");
    if (auto at = b.get("at")) burst.at = at->as_seconds();
    if (auto spread = b.get("spread")) burst.spread = spread->as_seconds();
    return burst;
  }
  if (kind == "schedule") {
    ScheduleArrivals schedule;
    const auto steps = value.items("a list of {at, replicas}");
    if (steps.empty()) value.fail("an empty schedule", "a list of {at, replicas}");
    for (const YamlNode& s : steps) {
      const YamlMap sm = s.map({"at", "replicas"});
      ScheduleStep step;
      const YamlNode at = sm.required("at", "a time such as 9h or 0s");
      step.at = at.as_seconds();
      step.replicas = read_workload_int(sm.required("replicas"), "arrivals.replicas");
      if (!schedule.steps.empty() && step.at <= schedule.steps.back().at) {
        at.fail(fmt::format("{} is not after the previous step", step.at), "increasing times");
      }
      schedule.steps.push_back(step);
    }
    return schedule;
  }
  if (kind == "poisson") {
    const YamlMap p = value.map({"rate", "duration"});
    PoissonArrivals poisson;
    const YamlNode rate = p.required("rate", "e.g. 30/min");
    poisson.rate_per_s = parse_rate_per_second(rate);
    poisson.duration = read_positive_seconds(p.required("duration", "e.g. 1h"), "1h");
    if (poisson.rate_per_s * poisson.duration.value() > static_cast<double>(kMaxInstances)) {
      rate.fail(fmt::format("about {:.0f} arrivals expected, more than {}",
                            poisson.rate_per_s * poisson.duration.value(), kMaxInstances),
                "a lower rate or a shorter duration");
    }
    return poisson;
  }
  if (kind == "trace") {
    const YamlMap t = value.map({"file"});
    TraceArrivals trace;
    const YamlNode file = t.required("file", "a CSV file of arrival times");
    trace.file = file.as_string();
    const std::filesystem::path path = std::filesystem::path(trace.file).is_absolute()
                                           ? std::filesystem::path(trace.file)
                                           : base_dir / trace.file;
    trace.times = read_trace(file, path);
    return trace;
  }
  const YamlMap s = value.map({"instances", "times", "every"});
  SwitchArrivals sw;
  sw.instances = read_workload_int(s.required("instances", "the number of running instances"),
                                   "arrivals.instances");
  if (auto times = s.get("times")) sw.times = read_workload_int(*times, "arrivals.times");
  if (auto every = s.get("every")) sw.every = read_positive_seconds(*every, "10min");
  if (sw.times > 1 && !s.has("every")) {
    s.required("every", "the time between switches when `times` > 1");
  }
  if (sw.instances * sw.times > kMaxInstances) {
    value.fail(fmt::format("{} loads in all, more than {}", sw.instances * sw.times, kMaxInstances),
               "fewer instances or switches");
  }
  return sw;
}

}  // namespace stowage::sim::config
