#include "advisor/report/accuracy.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "advisor/report/band_text.hpp"
#include "advisor/report/schema_version.hpp"
#include "advisor/report/text.hpp"

namespace stowage::advisor::report {
namespace {

std::string role(const sim::config::AccuracyCase& c) {
  return c.fit ? "fit" : c.independent() ? "independent" : "dependent";
}

std::string percent(double error) {
  return std::isfinite(error) ? fmt::format("{:+.1f}%", 100 * error) : "failed";
}

std::string verdict_name(BandVerdict v) {
  switch (v) {
    case BandVerdict::kInside:
      return "inside";
    case BandVerdict::kBelow:
      return "below";
    case BandVerdict::kAbove:
      return "above";
  }
  return "above";
}

TextTable table_of(const AccuracyReport& r, bool with_urls) {
  TextTable t;
  t.header = {"case", "role", "measured", "predicted", "error", "bound by", "source"};
  t.align = {Align::kLeft,  Align::kLeft, Align::kRight, Align::kRight,
             Align::kRight, Align::kLeft, Align::kLeft};
  if (r.worlds > 0) {
    // The band and the measured load's place in it, before the bottleneck.
    t.header.insert(t.header.begin() + 5,
                    {"band p10 / p50 / p90", "measured is", "with model error", "measured is"});
    t.align.insert(t.align.begin() + 5, {Align::kRight, Align::kLeft, Align::kRight, Align::kLeft});
  }
  for (const AccuracyRow& row : r.rows) {
    const auto& c = *row.c;
    std::vector<std::string> cells{
        c.id,
        role(c),
        seconds_text(c.measured.value()),
        row.infeasible ? "infeasible" : seconds_text(row.predicted_s),
        row.infeasible ? "-" : percent(row.error),
        row.infeasible ? *row.infeasible : row.bottleneck,
        with_urls ? fmt::format("{} ({})", c.source_url, c.source_where) : c.source_where};
    if (r.worlds > 0) {
      const std::optional<Band>& widened = row.band ? row.band->with_error : std::nullopt;
      cells.insert(cells.begin() + 5, {row.band ? band_seconds(row.band->load_s) : "-",
                                       row.band ? verdict_name(row.band->verdict) : "-",
                                       widened ? band_seconds(*widened) : "-",
                                       widened ? verdict_name(row.band->verdict_with_error) : "-"});
    }
    t.rows.push_back(std::move(cells));
  }
  return t;
}

std::string band_line(const char* what, const BandStats& b) {
  return fmt::format(
      "{}: {} of {} inside their band, {} inside the span of every world; {} measured below the "
      "band (faster), {} above it (slower); {} bands narrower than {:.0f}% (no range on the "
      "figures that decide them); with model error, {} of {} inside.\n",
      what, b.inside, b.checks, b.within_span, b.below, b.above, b.narrow, 100 * (kNarrowBand - 1),
      b.inside_with_error, b.with_error);
}

std::string summary(const AccuracyReport& r) {
  const AccuracyStats& i = r.independent;
  const AccuracyStats& s = r.checks;
  return fmt::format(
      "{} independent checks from {} sources (one per source, machine and configuration; none a "
      "near-copy of a fit or resting on a figure chosen after it was seen): median |error| "
      "{:.1f}%, p90 {:.1f}%, largest {:.1f}%; {} off by more than 1.5x.\n"
      "All {} check cases from {} sources: median |error| {:.1f}%, p90 {:.1f}%, largest {:.1f}%; "
      "{} off by more than 2x. Fit cases are listed but not counted.\n",
      i.checks, i.sources, 100 * i.median_abs, 100 * i.p90_abs, 100 * i.max_abs, i.beyond_1_5x,
      s.checks, s.sources, 100 * s.median_abs, 100 * s.p90_abs, 100 * s.max_abs, s.beyond_2x);
}

/// The bands' lines: the independent checks first, then every check.
std::string band_summary(const AccuracyReport& r) {
  if (r.worlds <= 0) return "";
  return fmt::format(
             "Bands: p10 to p90 of each case's load time over {} worlds of the ranged figures "
             "that touch it, drawn as advise --uncertainty draws them.\n",
             r.worlds) +
         fmt::format(
             "Model error: measured / predicted over the {} independent checks from {} sources, "
             "p10 {:.2f}, p50 {:.2f}, p90 {:.2f}; a band with model error multiplies every world "
             "by every such ratio of the checks from other sources than the case's own.\n",
             r.error_checks, r.error_sources, r.error_ratio.p10, r.error_ratio.p50,
             r.error_ratio.p90) +
         band_line("Independent checks", r.independent_bands) +
         band_line("All checks", r.check_bands);
}

nlohmann::ordered_json stats_json(const AccuracyStats& s) {
  return {{"checks", s.checks},
          {"sources", s.sources},
          {"median_abs_error", s.median_abs},
          {"p90_abs_error", s.p90_abs},
          {"max_abs_error", s.max_abs},
          {"beyond_1_5x", s.beyond_1_5x},
          {"beyond_2x", s.beyond_2x}};
}

nlohmann::ordered_json band_stats_json(const BandStats& b) {
  return {{"checks", b.checks},
          {"inside", b.inside},
          {"within_span", b.within_span},
          {"below", b.below},
          {"above", b.above},
          {"narrow", b.narrow},
          {"with_model_error", b.with_error},
          {"inside_with_model_error", b.inside_with_error}};
}

nlohmann::ordered_json case_band_json(const CaseBand& b) {
  nlohmann::ordered_json j = band_seconds_json(b.load_s);
  j["lowest"] = seconds_json(b.lowest_s);
  j["highest"] = seconds_json(b.highest_s);
  j["verdict"] = verdict_name(b.verdict);
  j["narrow"] = b.narrow;
  j["figures"] = b.figures;
  if (b.with_error) {
    j["with_model_error"] = band_seconds_json(*b.with_error);
    j["with_model_error"]["verdict"] = verdict_name(b.verdict_with_error);
  } else {
    j["with_model_error"] = nullptr;
  }
  return j;
}

// Every case with the figures of the CSV, an unfinished or infeasible prediction as null.
nlohmann::ordered_json report_json(const AccuracyReport& r) {
  using J = nlohmann::ordered_json;
  J cases = J::array();
  for (const AccuracyRow& row : r.rows) {
    const auto& c = *row.c;
    const bool predicted = !row.infeasible;
    cases.push_back({{"id", c.id},
                     {"role", role(c)},
                     {"measured_s", c.measured.value()},
                     {"predicted_s", predicted ? seconds_json(row.predicted_s) : J(nullptr)},
                     {"error", predicted && std::isfinite(row.error) ? J(row.error) : J(nullptr)},
                     {"bound_by", predicted ? J(row.bottleneck) : J(nullptr)},
                     {"infeasible", predicted ? J(nullptr) : J(*row.infeasible)},
                     {"source_url", c.source_url},
                     {"source_where", c.source_where},
                     {"family", c.family},
                     {"dependent_because", c.dependent.empty() ? J(nullptr) : J(c.dependent)}});
    if (r.worlds > 0) cases.back()["band"] = row.band ? case_band_json(*row.band) : J(nullptr);
  }
  J out = {{"schema_version", kSchemaVersion},
           {"cases", std::move(cases)},
           {"independent", stats_json(r.independent)},
           {"checks", stats_json(r.checks)}};
  if (r.worlds > 0) {
    out["bands"] = {{"worlds", r.worlds},
                    {"independent", band_stats_json(r.independent_bands)},
                    {"checks", band_stats_json(r.check_bands)},
                    {"model_error",
                     {{"checks", r.error_checks},
                      {"sources", r.error_sources},
                      {"ratio_p10", r.error_ratio.p10},
                      {"ratio_p50", r.error_ratio.p50},
                      {"ratio_p90", r.error_ratio.p90}}}};
  }
  return out;
}

}  // namespace

std::string accuracy_report(const AccuracyReport& r, const std::string& format, int width) {
  if (format == "csv") {
    std::vector<std::string> header{
        "case",     "role",       "measured_s",   "predicted_s", "error",
        "bound_by", "source_url", "source_where", "family",      "dependent_because"};
    if (r.worlds > 0) {
      header.insert(header.end(),
                    {"band_p10_s", "band_p50_s", "band_p90_s", "band_verdict", "error_band_p10_s",
                     "error_band_p50_s", "error_band_p90_s", "error_band_verdict"});
    }
    std::string out = csv_line(header);
    for (const AccuracyRow& row : r.rows) {
      std::vector<std::string> cells{row.c->id,
                                     role(*row.c),
                                     number_text(row.c->measured.value()),
                                     row.infeasible ? "" : number_text(row.predicted_s),
                                     row.infeasible ? "" : number_text(row.error),
                                     row.infeasible ? *row.infeasible : row.bottleneck,
                                     row.c->source_url,
                                     row.c->source_where,
                                     row.c->family,
                                     row.c->dependent};
      if (r.worlds > 0) {
        // Four cells a band: its p10, p50 and p90 and the verdict; empty without one.
        const auto band_cells = [&](const Band* band, BandVerdict verdict) {
          if (band == nullptr) {
            cells.insert(cells.end(), {"", "", "", ""});
          } else {
            cells.insert(cells.end(), {number_text(band->p10), number_text(band->p50),
                                       number_text(band->p90), verdict_name(verdict)});
          }
        };
        const CaseBand* b = row.band ? &*row.band : nullptr;
        band_cells(b ? &b->load_s : nullptr, b ? b->verdict : BandVerdict::kInside);
        band_cells(b && b->with_error ? &*b->with_error : nullptr,
                   b ? b->verdict_with_error : BandVerdict::kInside);
      }
      out += csv_line(cells);
    }
    return out;
  }
  if (format == "json") return json_text(report_json(r)) + "\n";
  if (format == "markdown") {
    return render_markdown(table_of(r, true)) + "\n" + summary(r) + band_summary(r);
  }
  return render_terminal(table_of(r, false), {}, width) + "\n" + summary(r) + band_summary(r);
}

}  // namespace stowage::advisor::report
