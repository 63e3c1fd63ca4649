#include "advisor/report/decision_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "advisor/report/advice.hpp"
#include "advisor/report/hinges.hpp"
#include "advisor/report/text.hpp"

namespace stowage::advisor::report {
namespace {

std::string cell(const Advice& a, const std::string& storage) {
  for (const Candidate& c : a.ranked) {
    if (c.storage != storage) continue;
    if (!c.feasible()) return "x";
    const std::string mark = a.recommended && *a.recommended == c.storage ? "*"
                             : c.meets_slo                                ? ""
                                                                          : "!";
    return seconds_text(c.judged_p99_s()) + mark;
  }
  return "-";
}

TextTable table_of(const std::vector<Advice>& all) {
  std::vector<std::string> storages;
  for (const Advice& a : all) {
    for (const Candidate& c : a.ranked) storages.push_back(c.storage);
  }
  std::sort(storages.begin(), storages.end());
  storages.erase(std::unique(storages.begin(), storages.end()), storages.end());
  TextTable t;
  t.header = {"scenario"};
  t.header.insert(t.header.end(), storages.begin(), storages.end());
  t.header.push_back("recommended");
  t.header.push_back("cost/month");
  t.align.assign(t.header.size(), Align::kRight);
  t.align.front() = Align::kLeft;
  t.align[t.align.size() - 2] = Align::kLeft;
  for (const Advice& a : all) {
    std::vector<std::string> row = {a.workload};
    for (const std::string& s : storages) row.push_back(cell(a, s));
    row.push_back(a.recommended.value_or("none"));
    row.push_back(a.recommended ? cost_text(a.ranked.front()) : "-");
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string reasons(const std::vector<Advice>& all) {
  std::string out = "\n* recommended, ! misses the SLO, x not feasible, - not a candidate\n";
  for (const Advice& a : all) {
    for (const Candidate& c : a.ranked) {
      if (!c.feasible()) {
        out += fmt::format("x {} / {}: {}\n", a.workload, c.storage, *c.infeasible);
      }
    }
  }
  for (const Advice& a : all) {
    for (const QuotaRaise& q : a.quota_raises) {
      out += fmt::format("{}: {}\n", a.workload, quota_note(q));
    }
  }
  return out;
}

}  // namespace

std::string decision_table(const std::vector<Advice>& all,
                           const std::vector<Robustness>& robustness, const std::string& format,
                           int width) {
  if (format == "json") {
    nlohmann::ordered_json out;
    out["scenarios"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < all.size(); ++i) {
      nlohmann::ordered_json a = advice_json(all[i]);
      a["hinges"] = hinges_json(robustness[i]);
      out["scenarios"].push_back(std::move(a));
    }
    return json_text(out) + "\n";
  }
  const TextTable t = table_of(all);
  if (format == "csv") return render_csv(t);
  std::string hinges;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::string lines = hinge_lines(robustness[i]);
    std::size_t start = 0;
    for (std::size_t end = lines.find('\n'); end != std::string::npos;
         start = end + 1, end = lines.find('\n', start)) {
      hinges += fmt::format("{}{}: {}\n", format == "markdown" ? "- " : "", all[i].workload,
                            lines.substr(start, end - start));
    }
  }
  if (!hinges.empty()) hinges = "\nwhat the advice hinges on:\n" + hinges;
  if (format == "markdown") return render_markdown(t) + reasons(all) + hinges;
  return render_terminal(t, {}, width) + wrap_text(reasons(all) + hinges, width, "  ");
}

}  // namespace stowage::advisor::report
