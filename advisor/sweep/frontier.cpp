#include "advisor/sweep/frontier.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace stowage::advisor {
namespace {

struct Run {
  std::size_t first = 0, last = 0;  // value indices on the first axis, inclusive
};

std::vector<Run> runs_of(const std::vector<bool>& meets) {
  std::vector<Run> out;
  for (std::size_t i = 0; i < meets.size(); ++i) {
    if (!meets[i]) continue;
    if (!out.empty() && out.back().last + 1 == i) {
      out.back().last = i;
    } else {
      out.push_back({i, i});
    }
  }
  return out;
}

std::string span_text(const std::vector<std::string>& labels, std::size_t a, std::size_t b) {
  return a == b ? labels[a] : fmt::format("{} to {}", labels[a], labels[b]);
}

std::string spans_text(const std::vector<Run>& runs, const std::vector<std::string>& labels) {
  std::vector<std::string> parts;
  for (const Run& r : runs) parts.push_back(span_text(labels, r.first, r.last));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string verdict(const std::vector<bool>& meets, const std::vector<std::string>& labels,
                    const std::string& never_reason) {
  const std::size_t n = meets.size();
  const std::vector<Run> runs = runs_of(meets);
  const std::string whole = span_text(labels, 0, n - 1);
  if (runs.empty()) {
    return never_reason.empty() ? fmt::format("never meets ({})", whole)
                                : fmt::format("not feasible: {}", never_reason);
  }
  if (runs.size() == 1 && runs[0].first == 0 && runs[0].last == n - 1) {
    return fmt::format("meets across the whole range ({})", whole);
  }
  if (runs.size() == 1 && runs[0].first == 0) {
    return fmt::format("meets up to {} (misses from {})", labels[runs[0].last],
                       labels[runs[0].last + 1]);
  }
  if (runs.size() == 1 && runs[0].last == n - 1) {
    return fmt::format("meets from {} (misses up to {})", labels[runs[0].first],
                       labels[runs[0].first - 1]);
  }
  return fmt::format("meets at {}", spans_text(runs, labels));
}

/// The values where a drawn delay decided the verdict in a single run, or nothing.
std::string single_run_text(const std::vector<bool>& single, const std::vector<std::string>& labels) {
  const std::vector<Run> runs = runs_of(single);
  if (runs.empty()) return "";
  return fmt::format(" (a single run of drawn delays decided at {}: more replications may move it)",
                     spans_text(runs, labels));
}

/// The percentage of a share, as `90` or `12.5`.
std::string percent(double share) { return fmt::format("{:g}", share * 100); }

/// With --uncertainty: the storage's frontier in the median world and its band (see the header).
std::string band_lines(const std::vector<double>& holds, const std::vector<std::string>& labels,
                       const std::string& never_reason, double confidence,
                       const std::string& indent) {
  const auto at_least = [&](double share) {
    std::vector<bool> meets(holds.size());
    for (std::size_t i = 0; i < holds.size(); ++i) meets[i] = holds[i] > 0 && holds[i] >= share;
    return verdict(meets, labels, never_reason);
  };
  const double low = std::min(confidence, 1 - confidence), high = std::max(confidence, 1 - confidence);
  return fmt::format("{0}  in the median world: {1}\n{0}  in >= {2}% of worlds: {3}\n"
                     "{0}  in >= {4}% of worlds: {5}\n",
                     indent, at_least(0.5), percent(high), at_least(high), percent(low),
                     at_least(low));
}

}  // namespace

std::string sweep_frontier(const SweepTable& table) {
  const SweepHeader& h = table.header;
  const sim::SweepAxis& along = h.axes.front();
  const std::size_t n = along.values.size();
  std::vector<std::string> labels;
  for (const sim::AxisValue& v : along.values) labels.push_back(v.label);
  std::map<std::pair<std::size_t, std::string>, const SweepRow*> at;
  for (const SweepRow& r : table.rows) at[{r.point, r.storage}] = &r;
  std::size_t width = 0;
  for (const std::string& s : h.storages) width = std::max(width, s.size());

  std::string out = fmt::format("{}: where each storage meets the SLO ({}) along {}\n", h.name,
                                h.slo, along.path);
  if (h.worlds > 0) {
    out += fmt::format("over {} plausible worlds of the ranged figures (confidence {}%)\n",
                       h.worlds, percent(h.confidence));
  }
  for (std::size_t slice = 0; slice < h.points / n; ++slice) {
    const std::vector<std::size_t> c = h.coords(slice * n);
    std::vector<std::string> fixed;
    for (std::size_t i = 1; i < h.axes.size(); ++i) {
      fixed.push_back(fmt::format("{} = {}", h.axes[i].path, h.axes[i].values[c[i]].label));
    }
    std::string indent;
    if (!fixed.empty()) {
      out += fmt::format("\nat {}:\n", fmt::join(fixed, ", "));
      indent = "  ";
    }
    std::vector<std::string> best(n, "none");
    for (const std::string& storage : h.storages) {
      std::vector<bool> meets(n, false), single(n, false);
      std::vector<double> holds(n, 0);
      std::string reason;
      bool ever_feasible = false;
      for (std::size_t i = 0; i < n; ++i) {
        const auto it = at.find({slice * n + i, storage});
        if (it == at.end()) continue;
        const SweepRow& r = *it->second;
        meets[i] = r.meets_slo;
        single[i] = r.single_run;
        holds[i] = r.p99_band ? r.holds_in : 0;
        ever_feasible = ever_feasible || r.feasible;
        if (!r.feasible && reason.empty()) reason = r.reason;
        if (r.recommended) best[i] = storage;
      }
      out += fmt::format("{}{:<{}}  {}{}\n", indent, storage, width,
                         verdict(meets, labels, ever_feasible ? std::string() : reason),
                         single_run_text(single, labels));
      if (h.worlds > 0 && ever_feasible) {
        out += band_lines(holds, labels, std::string(), h.confidence, indent);
      }
    }
    std::vector<std::string> recs;
    for (std::size_t i = 0; i < n;) {
      std::size_t j = i;
      while (j + 1 < n && best[j + 1] == best[i]) ++j;
      recs.push_back(fmt::format("{} for {}", best[i], span_text(labels, i, j)));
      i = j + 1;
    }
    out += fmt::format("{}recommended: {}\n", indent, fmt::join(recs, ", "));
  }
  return out;
}

}  // namespace stowage::advisor
