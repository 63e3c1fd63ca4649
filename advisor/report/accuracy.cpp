#include "advisor/report/accuracy.hpp"

#include <fmt/format.h>

#include <cmath>

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

TextTable table_of(const AccuracyReport& r, bool with_urls) {
  TextTable t;
  t.header = {"case", "role", "measured", "predicted", "error", "bound by", "source"};
  t.align = {Align::kLeft,  Align::kLeft, Align::kRight, Align::kRight,
             Align::kRight, Align::kLeft, Align::kLeft};
  for (const AccuracyRow& row : r.rows) {
    const auto& c = *row.c;
    t.rows.push_back({c.id, role(c), seconds_text(c.measured.value()),
                      row.infeasible ? "infeasible" : seconds_text(row.predicted_s),
                      row.infeasible ? "-" : percent(row.error),
                      row.infeasible ? *row.infeasible : row.bottleneck,
                      with_urls ? fmt::format("{} ({})", c.source_url, c.source_where)
                                : c.source_where});
  }
  return t;
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

nlohmann::ordered_json stats_json(const AccuracyStats& s) {
  return {{"checks", s.checks},
          {"sources", s.sources},
          {"median_abs_error", s.median_abs},
          {"p90_abs_error", s.p90_abs},
          {"max_abs_error", s.max_abs},
          {"beyond_1_5x", s.beyond_1_5x},
          {"beyond_2x", s.beyond_2x}};
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
  }
  return {{"schema_version", kSchemaVersion},
          {"cases", std::move(cases)},
          {"independent", stats_json(r.independent)},
          {"checks", stats_json(r.checks)}};
}

}  // namespace

std::string accuracy_report(const AccuracyReport& r, const std::string& format, int width) {
  if (format == "csv") {
    std::string out = csv_line({"case", "role", "measured_s", "predicted_s", "error", "bound_by",
                                "source_url", "source_where", "family", "dependent_because"});
    for (const AccuracyRow& row : r.rows) {
      out += csv_line({row.c->id, role(*row.c),
                       number_text(row.c->measured.value()),
                       row.infeasible ? "" : number_text(row.predicted_s),
                       row.infeasible ? "" : number_text(row.error),
                       row.infeasible ? *row.infeasible : row.bottleneck, row.c->source_url,
                       row.c->source_where, row.c->family, row.c->dependent});
    }
    return out;
  }
  if (format == "json") return json_text(report_json(r)) + "\n";
  if (format == "markdown") return render_markdown(table_of(r, true)) + "\n" + summary(r);
  return render_terminal(table_of(r, false), {}, width) + "\n" + summary(r);
}

}  // namespace stowage::advisor::report
