#include "advisor/report/uncertainty.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "advisor/judge/rank.hpp"
#include "advisor/report/band_text.hpp"
#include "advisor/report/knob_text.hpp"
#include "advisor/report/text.hpp"

namespace stowage::advisor::report {
namespace {

using J = nlohmann::ordered_json;

/// Significant digits of a figure's drawn range and of an influence.
constexpr int kDigits = 3;

std::string percent(double share) {
  return fmt::format("{}%", static_cast<int>(std::floor(share * 100.0 + 1e-9)));
}

std::string band_cost(const Band& b, const std::string& currency) {
  return fmt::format("{:.2f} / {:.2f} / {:.2f} {}", round_cost(b.p10), round_cost(b.p50),
                     round_cost(b.p90), currency);
}

J band_cost_json(const Band& b) {
  return J{{"p10", round_cost(b.p10)}, {"p50", round_cost(b.p50)}, {"p90", round_cost(b.p90)}};
}

std::string recommendation_line(const Uncertainty& u) {
  if (u.recommended) {
    for (const CandidateWorlds& c : u.candidates) {
      if (c.storage == *u.recommended) {
        return fmt::format("recommended under uncertainty: {}, {}", c.storage, holds_text(c.holds));
      }
    }
  }
  return fmt::format(
      "recommended under uncertainty: none; no candidate meets the SLO in {} of "
      "plausible worlds",
      percent(u.confidence));
}

std::string influence_line(std::size_t rank, const DrawnFigure& f) {
  const sim::ValueRange& r = *f.knob.range;
  return fmt::format("{}. {} ({} .. {}; rank correlation {:+.2f} with {} meeting the SLO): {}",
                     rank, f.knob.figure(), knob_value_text(f.knob, significant(r.low, kDigits)),
                     knob_value_text(f.knob, significant(r.high, kDigits)), f.rho, f.decides,
                     measure_text(f.knob));
}

/// A figure at an end of its range, as the point note names it.
std::string at_end_text(const FigureKnob& k) {
  const sim::ValueRange& r = *k.range;
  return fmt::format("{} {} ({} .. {})", k.figure(), knob_value_text(k, k.value),
                     knob_value_text(k, significant(r.low, kDigits)),
                     knob_value_text(k, significant(r.high, kDigits)));
}

/// When the advice's p99 lies outside the candidate's band, a line that says so and names the
/// figures at an end of their ranges; empty otherwise.
std::string point_note(const Uncertainty& u, const CandidateWorlds& c) {
  if (c.infeasible || !std::isfinite(c.point_p99_s) || c.point_p99_s <= 0) return "";
  const bool below = c.point_p99_s < c.p99_s.p10;
  if (!below && !(c.point_p99_s > c.p99_s.p90)) return "";
  std::string out = fmt::format(
      "note: {}'s p99 with every figure at its value, {}, lies {} the {} of its worlds ({})",
      c.storage, seconds_text(c.point_p99_s), below ? "below" : "above", below ? "p10" : "p90",
      seconds_text(below ? c.p99_s.p10 : c.p99_s.p90));
  if (c.at_range_end.empty()) {
    return out +
           "; no figure of it sits at an end of its range: ranged limits met together move "
           "it\n";
  }
  out += "; its figures at an end of their range, which most worlds draw away from:";
  for (std::size_t i = 0; i < c.at_range_end.size(); ++i) {
    out += (i == 0 ? " " : ", ") + at_end_text(u.figures[c.at_range_end[i]].knob);
  }
  return out + "\n";
}

}  // namespace

std::string holds_text(double share) {
  return fmt::format("holds in {} of plausible worlds", percent(share));
}

std::string measure_text(const FigureKnob& k) {
  if (k.unit == FigureKnob::Unit::kPrice) {
    return fmt::format("ask the provider for {}'s price ({})", k.profile, k.path);
  }
  switch (k.kind) {
    case sim::ProfileKind::kStorage:
      return fmt::format(
          "`stowage calibrate --storage --dir MOUNT --extends {}` on a host that "
          "mounts it",
          k.profile);
    case sim::ProfileKind::kGpu:
      return fmt::format("`stowage calibrate` on a host with the {} GPU", k.profile);
    case sim::ProfileKind::kLoader:
      return fmt::format("`stowage calibrate --loader-profile {}` on a host with the GPU",
                         k.profile);
    case sim::ProfileKind::kPlatform:
      break;
  }
  return fmt::format("ask {}'s provider for {}", k.profile, k.path);
}

namespace {

/// What the model error says and how the bands held on the suite's independent checks.
/// With `target_share`, what the P99 TARGET HOLDS column is.
std::string model_error_line(const AdviceModelError& m, bool target_share) {
  const ModelError& e = m.error;
  const char* target =
      target_share ? " P99 TARGET HOLDS is the share of those values within the p99 target (the "
                     "p99 alone: failures and the other targets are not widened)."
                   : "";
  return fmt::format(
      "Model error: these worlds move only the ranged figures. On the accuracy suite's {} "
      "independent published loads ({} sources) measured / predicted ran {:.2f} (p10) to {:.2f} "
      "(p90); their own bands over the worlds held {} of {}, and {} of {} once widened by the "
      "other sources' ratios (`stowage accuracy --uncertainty`). P99 WITH MODEL ERROR multiplies "
      "the reading and copying of each world's p99 load by each ratio and leaves its other "
      "phases (delivery, image pull, sandbox, VPC attach, mount, init) as they are: no published "
      "check covers them.{}\n",
      e.ratios.size(), e.sources, e.ratio.p10, e.ratio.p90, m.inside, m.banded, m.inside_with_error,
      m.banded, target);
}

}  // namespace

std::string uncertainty_text(const Uncertainty& u, const std::string& format, int width) {
  std::string out = fmt::format(
      "Under uncertainty: {} plausible worlds of {} ranged figures (log-uniform within each "
      "range, Latin hypercube), confidence {}\n",
      u.worlds, u.figures.size(), percent(u.confidence));
  out += recommendation_line(u) + "\n\n";
  TextTable t{{"STORAGE", "HOLDS IN", "P99 p10 / p50 / p90", "COST p10 / p50 / p90"},
              {Align::kLeft, Align::kRight, Align::kRight, Align::kRight},
              {}};
  const bool target_share = std::any_of(
      u.candidates.begin(), u.candidates.end(),
      [](const CandidateWorlds& c) { return c.p99_target_share_with_error.has_value(); });
  if (u.model_error) {
    t.header.insert(t.header.begin() + 3, "P99 WITH MODEL ERROR");
    t.align.insert(t.align.begin() + 3, Align::kRight);
  }
  if (target_share) {
    t.header.insert(t.header.begin() + 4, "P99 TARGET HOLDS");
    t.align.insert(t.align.begin() + 4, Align::kRight);
  }
  for (const CandidateWorlds& c : u.candidates) {
    if (c.infeasible) {
      t.rows.push_back({c.storage, "-", "-", "infeasible"});
    } else {
      t.rows.push_back(
          {c.storage, percent(c.holds), band_seconds(c.p99_s), band_cost(c.cost, c.reference)});
    }
    if (u.model_error) {
      t.rows.back().insert(t.rows.back().begin() + 3,
                           c.p99_with_error ? band_seconds(*c.p99_with_error) : "-");
    }
    if (target_share) {
      const auto& share = c.p99_target_share_with_error;
      t.rows.back().insert(t.rows.back().begin() + 4, share ? percent(*share) : "-");
    }
  }
  out += format == "markdown" ? render_markdown(t) : render_terminal(t, {}, width);
  if (u.model_error) {
    out += "\n" + wrap_text(model_error_line(*u.model_error, target_share), width, "  ");
  }
  std::string notes;
  for (const CandidateWorlds& c : u.candidates) notes += point_note(u, c);
  if (!notes.empty()) out += "\n" + wrap_text(notes, width, "  ");
  if (u.measure_first.empty()) {
    out += "\nMeasure first: nothing; no drawn figure changes a verdict between worlds\n";
    return out;
  }
  out += "\nMeasure first (the figures that decide most verdicts):\n";
  std::string lines;
  std::size_t rank = 1;
  for (const std::size_t i : u.measure_first) {
    lines += influence_line(rank++, u.figures[i]) + "\n";
  }
  return out + wrap_text(lines, width, "  ");
}

J uncertainty_json(const Uncertainty& u) {
  J j;
  j["worlds"] = u.worlds;
  j["confidence"] = u.confidence;
  j["recommended"] = u.recommended ? J(*u.recommended) : J();
  j["text"] = recommendation_line(u);
  j["candidates"] = J::array();
  for (const CandidateWorlds& c : u.candidates) {
    J x{{"storage", c.storage}, {"feasible", !c.infeasible}};
    x["reason"] = c.infeasible ? J(*c.infeasible) : J();
    x["holds"] = c.holds;
    x["meets"] = c.meets;
    x["p99_s"] = band_seconds_json(c.p99_s);
    x["p99_s_point"] = c.infeasible ? J() : seconds_json(c.point_p99_s);
    if (u.model_error) {
      x["p99_s_with_model_error"] = c.p99_with_error ? band_seconds_json(*c.p99_with_error) : J();
      const auto& share = c.p99_target_share_with_error;
      x["p99_target_holds_with_model_error"] = share ? J(*share) : J();
    }
    x["figures_at_range_end"] = J::array();
    for (const std::size_t i : c.at_range_end) {
      x["figures_at_range_end"].push_back(u.figures[i].knob.figure());
    }
    x["cost"] = band_cost_json(c.cost);
    x["cost"]["currency"] = c.reference;
    x["p99_s_per_world"] = J::array();
    for (const double p : c.world_p99_s) x["p99_s_per_world"].push_back(seconds_json(p));
    x["meets_per_world"] = J::array();
    for (const bool m : c.world_meets) x["meets_per_world"].push_back(m);
    j["candidates"].push_back(std::move(x));
  }
  j["figures"] = J::array();
  for (const DrawnFigure& f : u.figures) {
    J x{{"figure", f.knob.figure()},    {"unit", unit_name(f.knob)},  {"value", *f.knob.value},
        {"low", f.knob.range->low},     {"high", f.knob.range->high}, {"range", f.knob.range->text},
        {"source", source_text(f.knob)}};
    x["influence"] = f.influence;
    x["rho"] = f.rho;
    x["decides"] = f.decides.empty() ? J() : J(f.decides);
    x["measure"] = measure_text(f.knob);
    x["values"] = f.values;
    j["figures"].push_back(std::move(x));
  }
  j["measure_first"] = J::array();
  for (const std::size_t i : u.measure_first)
    j["measure_first"].push_back(u.figures[i].knob.figure());
  if (u.model_error) {
    const AdviceModelError& m = *u.model_error;
    j["model_error"] = {{"checks", m.error.ratios.size()},
                        {"sources", m.error.sources},
                        {"ratio_p10", m.error.ratio.p10},
                        {"ratio_p50", m.error.ratio.p50},
                        {"ratio_p90", m.error.ratio.p90},
                        {"banded", m.banded},
                        {"inside", m.inside},
                        {"inside_with_model_error", m.inside_with_error}};
  }
  return j;
}

void add_worlds_columns(TextTable& t, const std::vector<Candidate>& candidates) {
  if (std::none_of(candidates.begin(), candidates.end(),
                   [](const Candidate& c) { return c.worlds.has_value(); })) {
    return;
  }
  t.header.insert(t.header.end(), {"holds in", "p99 p10 / p50 / p90"});
  t.align.insert(t.align.end(), {Align::kRight, Align::kRight});
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& w = candidates[i].worlds;
    t.rows[i].push_back(w ? percent(w->holds) : "-");
    t.rows[i].push_back(w ? band_seconds(w->p99_s) : "-");
  }
}

double verdict_share(const Candidate& c) {
  if (!c.worlds) return 1;
  return c.meets_slo ? c.worlds->holds : 1 - c.worlds->holds;
}

}  // namespace stowage::advisor::report
