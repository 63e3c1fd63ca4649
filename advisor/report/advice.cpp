#include "advisor/report/advice.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "advisor/report/evidence.hpp"
#include "advisor/report/text.hpp"
#include "advisor/report/uncertainty.hpp"
#include "sim/update.hpp"

namespace stowage::advisor::report {
namespace {

using J = nlohmann::ordered_json;

std::string verdict(const Candidate& c, const Advice& a) {
  if (!c.feasible()) return "not feasible";
  const std::string sized = c.sized ? ", " + sized_text(*c.sized) : "";
  if (a.recommended && *a.recommended == c.storage) return "recommended" + sized;
  return (c.meets_slo ? "meets SLO" : "misses SLO") + sized;
}

// With `spread_column`, the p99's spread over the runs has its own column (for a narrow
// terminal: the p99 then never wraps inside its value).
TextTable advice_rows(const Advice& a, bool spread_column = false) {
  TextTable t;
  t.header = {"#",      "storage", "verdict",    "p50",       "p99",
              "load p50", "failed",  "cost/month", "bottleneck"};
  t.align = {Align::kRight, Align::kLeft,  Align::kLeft,  Align::kRight, Align::kRight,
             Align::kRight, Align::kRight, Align::kRight, Align::kLeft};
  if (spread_column) t.header.insert(t.header.begin() + 5, "p99 spread");
  if (spread_column) t.align.insert(t.align.begin() + 5, Align::kLeft);
  int rank = 0;
  for (const Candidate& c : a.ranked) {
    const bool sim = c.feasible();
    const std::string spread = fmt::format("{}", fmt::join(p99_spread(c), "; "));
    t.rows.push_back({std::to_string(++rank), c.storage, verdict(c, a),
                      sim ? seconds_text(c.summary.p50_s) : "-",
                      !sim ? "-" : spread_column ? seconds_text(c.judged_p99_s()) : p99_text(c),
                      sim ? seconds_text(c.summary.load_p50_s) : "-",
                      sim ? fmt::format("{} of {}", c.summary.failed, c.summary.loads) : "-",
                      cost_text(c),
                      sim && !c.summary.bottleneck.empty() ? c.summary.bottleneck : "-"});
    if (spread_column) {
      t.rows.back().insert(t.rows.back().begin() + 5, !sim || spread.empty() ? "-" : spread);
    }
  }
  add_evidence_column(t, a.ranked);
  add_worlds_columns(t, a.ranked);
  return t;
}

/// The explanations and the cost note, each wrapped to `width` (0: one line each) with the
/// lines after its first indented by two spaces.
std::string footer(const Advice& a, const std::string& bullet, int width = 0) {
  std::string out;
  for (const Candidate& c : a.ranked) out += wrap_paragraph(bullet + note_line(c), width, "  ");
  const std::string note = cost_note_text(a.cost_note);
  if (!note.empty()) out += "\n" + wrap_paragraph("note: " + note, width, "  ");
  const std::string evidence = evidence_paragraph(a.ranked);
  if (!evidence.empty()) out += "\n" + wrap_paragraph(evidence, width, "  ");
  return out;
}

std::string describe(const Candidate& c) {
  const sim::Summary& s = c.summary;
  std::string text = fmt::format("{}: {} loads x {} model", c.storage, s.loads, c.model_size);
  if (!s.bottleneck.empty()) {
    const auto peak = s.peak_rate_bps.find(s.bottleneck);
    double held = 0, all = 0;
    for (const auto& [limit, t] : s.bottleneck_time_s) {
      all += t;
      if (limit == s.bottleneck) held = t;
    }
    text += fmt::format("; bound by {}", s.bottleneck);
    if (peak != s.peak_rate_bps.end()) {
      text += fmt::format(" at {} peak", sim::BytesPerSecond(peak->second));
    }
    if (all > 0) text += fmt::format(" ({:.0f}% of read time)", 100 * held / all);
  }
  if (c.last_ready_s >= 0) {
    text += fmt::format("; the last is ready at {}", sim::Seconds(c.last_ready_s));
  }
  if (s.failed > 0) {
    text += fmt::format("; {} of {} miss the {} timeout", s.failed, s.loads, c.timeout);
  }
  return text;
}

std::string sizing_text(const SizingHint& h) {
  const char* what = h.by_stored ? "storing" : "a capacity of";
  const std::string rate = sim::to_string(h.rate);
  if (h.meets) {
    return fmt::format("{} {} (instead of {}) raises its throughput to {} and brings p99 to {}",
                       what, sim::size_text(h.to), sim::size_text(h.from), rate,
                       seconds_text(h.p99_s));
  }
  std::string text =
      h.failed > 0 ? fmt::format("even {} {} ({}) leaves {} of {} failed", what,
                                 sim::size_text(h.to), rate, h.failed, h.loads)
                   : fmt::format("even {} {} ({}) leaves p99 at {}", what, sim::size_text(h.to),
                                 rate, seconds_text(h.p99_s));
  if (!h.bottleneck.empty()) text += ", bound by " + h.bottleneck;
  return text;
}

/// `p99 load 50.1 s: sandbox 46.9 s, read_load 2.3 s, h2d 1 s` (`failed after` for a failure).
std::string p99_load_text(const LoadAttribution& load) {
  std::vector<std::string> parts;
  for (const PhaseSeconds& p : load.phases) {
    parts.push_back(fmt::format("{} {}", sim::phase_name(p.phase), seconds_text(p.seconds)));
  }
  return fmt::format("p99 load {}{}: {}", load.failed ? "failed after " : "",
                     seconds_text(load.time_s), fmt::join(parts, ", "));
}

/// What the loads spend where no storage helps, said first when it is more than half the p99
/// target; empty otherwise.
std::string storage_independent_text(const Advice& a) {
  if (!a.storage_independent) return {};
  const Advice::StorageIndependent& s = *a.storage_independent;
  if (!(s.p99_s > 0.5 * s.target_s)) return {};
  const std::string head =
      fmt::format("the loads' delivery, sandbox start and init alone ({} most) have a p99 of {}",
                  sim::phase_name(s.largest), seconds_text(s.p99_s));
  if (s.p99_s >= s.target_s) {
    return fmt::format("no storage can meet the p99 target: {}, at or above its {}", head,
                       seconds_text(s.target_s));
  }
  return fmt::format("{}, more than half the p99 target {}: storage decides only the rest", head,
                     seconds_text(s.target_s));
}

std::string explanation(const Candidate& c) {
  std::string text = describe(c);
  if (c.p99_load.instance >= 0) text += "; " + p99_load_text(c.p99_load);
  if (c.sized) {
    text += fmt::format("; {} ({} {} by default)", sized_text(*c.sized),
                        c.sized->by_stored ? "storing" : "a capacity of",
                        sim::size_text(c.sized->from));
  }
  if (!c.meets_slo) {
    std::vector<std::string> misses;
    for (const Miss& m : c.misses) misses.push_back(miss_text(m));
    text += fmt::format("; misses {}", fmt::join(misses, ", "));
    if (c.sizing) text += "; " + sizing_text(*c.sizing);
    if (c.sizing_cannot_help) {
      text += fmt::format(
          "; sizing does not help: delivery, sandbox start and init alone have a p99 of {}",
          seconds_text(c.storage_independent_p99_s));
    }
  }
  if (c.mention_update) {
    text += fmt::format("; a new model version is ready after {}", sim::update_text(c.update));
  }
  return text;
}

std::string csv_number(const Candidate& c, double v) {  // 4 significant digits, as sweep CSV
  return c.feasible() && std::isfinite(v) ? sim::format_significant(v, 4) : "";
}

}  // namespace

std::string miss_text(const Miss& m) {
  switch (m.target) {
    case Miss::Target::kFailed:
      return fmt::format("{} failed > {} allowed", static_cast<std::int64_t>(m.value),
                         static_cast<std::int64_t>(m.limit));
    case Miss::Target::kP50:
      return fmt::format("p50 {} > {}", seconds_text(m.value), sim::Seconds(m.limit));
    case Miss::Target::kP95:
      return fmt::format("p95 {} > {}", seconds_text(m.value), sim::Seconds(m.limit));
    case Miss::Target::kP99:
      return fmt::format("p99 {} > {}", seconds_text(m.value), sim::Seconds(m.limit));
    case Miss::Target::kMax:
      return fmt::format("max {} > {}", seconds_text(m.value), sim::Seconds(m.limit));
  }
  return "?";
}

std::string sized_text(const AutoSize& s) {
  return fmt::format("sized to {} to meet the SLO", sim::size_text(s.to));
}

std::string cost_text(const Candidate& c) {
  if (!c.feasible()) return "-";
  std::vector<std::string> parts;
  if (!c.cost.currency.empty() && !(c.cost.storage_unpriced && c.cost.total == 0)) {
    parts.push_back(fmt::format("{:.2f} {}", round_cost(c.cost.total), c.cost.currency));
  }
  if (c.cost.other_currency) {
    parts.push_back(fmt::format("{:.2f} {}", round_cost(c.cost.other_currency->total()),
                                c.cost.other_currency->currency));
  }
  if (c.cost.storage_unpriced) parts.push_back("storage unpriced");
  return parts.empty() ? "unpriced" : fmt::format("{}", fmt::join(parts, " + "));
}

std::vector<std::string> p99_spread(const Candidate& c) {
  std::vector<std::string> notes;
  const std::string low = seconds_text(c.p99_min_s), high = seconds_text(c.p99_max_s);
  if (c.replications > 1 && low != high) {
    notes.push_back(fmt::format("{}..{} over {} runs", low, high, c.replications));
  } else if (c.replications > 1) {
    notes.push_back(fmt::format("{} runs", c.replications));
  } else if (c.single_run()) {
    notes.emplace_back("1 run");
  }
  if (!c.unbounded.empty()) {
    notes.push_back(fmt::format("unbounded in this prediction: {}", fmt::join(c.unbounded, ", ")));
  }
  return notes;
}

std::string p99_text(const Candidate& c) {
  std::string text = seconds_text(c.judged_p99_s());
  for (const std::string& note : p99_spread(c)) text += " (" + note + ")";
  return text;
}

std::string note_line(const Candidate& c) {
  return c.feasible() ? explanation(c)
                      : fmt::format("{}: not feasible: {}", c.storage, *c.infeasible);
}

std::string cost_note_text(const CostNote& note) {
  std::vector<std::string> parts;
  if (!note.currencies.empty() && note.rates) {
    std::vector<std::string> rates;
    for (const std::string& c : note.currencies) {
      if (c == note.rates->reference) continue;
      rates.push_back(fmt::format("1 {} = {} {}", c, number_text(note.rates->to_reference(c, 1)),
                                  note.rates->reference));
    }
    parts.push_back(fmt::format("costs are ranked in {} at {} ({}, {})", note.reference,
                                fmt::join(rates, ", "), note.rates->date,
                                note.rates->source.to_string()));
  }
  for (const std::string& s : note.unpriced_storage) {
    parts.push_back(fmt::format("{}'s storage is unpriced: its cost counts only its priced terms "
                                "and may rank it above a dearer-looking choice",
                                s));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string advice_table(const Advice& a, bool colour, int width) {
  std::vector<std::string> colours;
  if (colour) {
    for (const Candidate& c : a.ranked) {
      colours.push_back(!c.feasible() ? "2" : c.meets_slo ? "32" : "31");
    }
  }
  std::string out = fmt::format("{}: recommended {}\n", a.workload,
                                a.recommended.value_or("none (no candidate meets the SLO)"));
  const std::string fixed = storage_independent_text(a);
  if (!fixed.empty()) out += wrap_paragraph(fixed, width, "  ");
  for (const QuotaRaise& q : a.quota_raises) out += quota_note(q) + "\n";
  TextTable rows = advice_rows(a);
  if (width > 0 && table_width(rows) > static_cast<std::size_t>(width)) rows = advice_rows(a, true);
  return out + "\n" + render_terminal(rows, colours, width) + "\n" + footer(a, "", width);
}

std::string advice_markdown(const Advice& a) {
  std::string out = fmt::format("**{}**: recommended **{}**\n", a.workload,
                                a.recommended.value_or("none (no candidate meets the SLO)"));
  const std::string fixed = storage_independent_text(a);
  if (!fixed.empty()) out += "\n" + fixed + "\n";
  for (const QuotaRaise& q : a.quota_raises) out += "\n" + quota_note(q) + "\n";
  return out + "\n" + render_markdown(advice_rows(a)) + "\n" + footer(a, "- ");
}

std::string advice_csv(const Advice& a) {
  const bool evidence = any_evidence(a.ranked);
  std::string out =
      "rank,storage,feasible,meets_slo,p50_s,p95_s,p99_s,max_s,load_p50_s,failed,cost_per_month,"
      "currency,unpriced,bottleneck,reason,explanation";
  out += evidence ? ",evidence\n" : "\n";
  int rank = 0;
  for (const Candidate& c : a.ranked) {
    const bool sim = c.feasible(), priced = c.cost.unpriced.empty();  // unpriced: no cost
    std::vector<std::string> cells{std::to_string(++rank), c.storage, sim ? "true" : "false",
                     c.meets_slo ? "true" : "false", csv_number(c, c.summary.p50_s),
                     csv_number(c, c.summary.p95_s), csv_number(c, c.judged_p99_s()),
                     csv_number(c, c.summary.max_s), csv_number(c, c.summary.load_p50_s),
                     sim ? std::to_string(c.summary.failed) : "",
                     priced ? csv_number(c, round_cost(c.cost.total)) : "",
                     sim ? c.cost.currency : "", !sim ? "" : priced ? "false" : "true",
                     sim ? c.summary.bottleneck : "",
                     sim ? "" : *c.infeasible, note_line(c)};
    if (evidence) cells.push_back(c.evidence ? evidence_cell(*c.evidence) : "");
    out += csv_line(cells);
  }
  return out;
}

nlohmann::ordered_json advice_json(const Advice& a) {
  J out;
  out["workload"] = a.workload;
  out["recommended"] = a.recommended ? J(*a.recommended) : J(nullptr);
  const std::string note = cost_note_text(a.cost_note);
  out["cost_note"] = note.empty() ? J(nullptr) : J(note);
  out["quota_raises"] = quota_json(a.quota_raises);
  const std::string fixed = storage_independent_text(a);
  out["storage_independent"] =
      a.storage_independent
          ? J({{"p99_s", a.storage_independent->p99_s},
               {"target_s", a.storage_independent->target_s},
               {"largest", sim::phase_name(a.storage_independent->largest)},
               {"text", fixed.empty() ? J(nullptr) : J(fixed)}})
          : J(nullptr);
  J list = J::array();
  int rank = 0;
  for (const Candidate& c : a.ranked) {
    const bool sim = c.feasible();
    const auto secs = [&](double v) { return sim ? seconds_json(v) : J(nullptr); };
    std::vector<std::string> misses;
    for (const Miss& m : c.misses) misses.push_back(miss_text(m));
    J j;
    j["rank"] = ++rank;
    j["storage"] = c.storage;
    j["kind"] = c.kind;
    j["feasible"] = sim;
    j["reason"] = sim ? J(nullptr) : J(*c.infeasible);
    j["meets_slo"] = c.meets_slo;
    j["misses"] = misses;
    j["p50_s"] = secs(c.summary.p50_s);
    j["p95_s"] = secs(c.summary.p95_s);
    j["p99_s"] = secs(c.judged_p99_s());
    j["max_s"] = secs(c.summary.max_s);
    j["load_p50_s"] = secs(c.summary.load_p50_s);
    j["load_p99_s"] = secs(c.summary.load_p99_s);
    j["p99_spread_s"] =
        sim ? J::array({seconds_json(c.p99_min_s), seconds_json(c.p99_max_s)}) : J(nullptr);
    if (!c.unbounded.empty()) j["unbounded"] = c.unbounded;  // PROFILE.KEY left unset
    j["replications"] = c.replications;
    j["judged_run"] = sim ? J(c.judged_run) : J(nullptr);
    if (sim && c.p99_load.instance >= 0) {
      J phases = J::object();
      for (const PhaseSeconds& p : c.p99_load.phases) {
        phases[std::string(sim::phase_name(p.phase))] = p.seconds;
      }
      j["p99_load"] = {{"instance", c.p99_load.instance},
                       {"failed", c.p99_load.failed},
                       {"time_s", c.p99_load.time_s},
                       {"phases", std::move(phases)}};
    } else {
      j["p99_load"] = nullptr;
    }
    j["storage_independent_p99_s"] = sim ? J(c.storage_independent_p99_s) : J(nullptr);
    j["sizing_cannot_help"] = sim ? J(c.sizing_cannot_help) : J(nullptr);
    j["random_delays"] = sim ? J(c.random_delays) : J(nullptr);
    j["failed"] = sim ? J(c.summary.failed) : J(nullptr);
    j["cost_per_month"] = sim ? J(round_cost(c.cost.total)) : J(nullptr);
    j["currency"] = sim ? J(c.cost.currency) : J(nullptr);
    j["cost_text"] = cost_text(c);
    j["cost_compared"] =
        sim ? J({{"amount", round_cost(c.cost.compared)}, {"currency", c.cost.reference}})
            : J(nullptr);
    if (sim) {
      J cost;
      cost["storage"] = c.cost.storage_unpriced ? J("unpriced") : J(round_cost(c.cost.storage));
      cost["replication"] = round_cost(c.cost.replication);
      cost["transfer"] = round_cost(c.cost.transfer);
      cost["gpu_wait"] = round_cost(c.cost.gpu_wait);
      cost["update"] = round_cost(c.cost.update);
      cost["other_currency"] = c.cost.other_currency
                                   ? J({{"currency", c.cost.other_currency->currency},
                                        {"gpu_wait", round_cost(c.cost.other_currency->gpu_wait)},
                                        {"update", round_cost(c.cost.other_currency->update)}})
                                   : J(nullptr);
      j["cost"] = std::move(cost);
    } else {
      j["cost"] = nullptr;
    }
    j["unpriced"] = c.cost.unpriced;
    j["bottleneck"] = sim && !c.summary.bottleneck.empty() ? J(c.summary.bottleneck) : J(nullptr);
    j["update_to_ready_s"] = sim && c.update.known() ? J(c.update.ready_s) : J(nullptr);
    j["update"] = sim ? J(sim::update_text(c.update)) : J(nullptr);
    j["sized"] = c.sized ? J({{"by", c.sized->by_stored ? "stored" : "capacity"},
                              {"from_bytes", c.sized->from.value()},
                              {"to_bytes", c.sized->to.value()},
                              {"text", sized_text(*c.sized)}})
                         : J(nullptr);
    j["explanation"] = note_line(c);
    if (c.evidence) j["evidence"] = evidence_json(*c.evidence);
    list.push_back(std::move(j));
  }
  out["candidates"] = std::move(list);
  return out;
}

}  // namespace stowage::advisor::report
