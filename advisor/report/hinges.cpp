#include "advisor/report/hinges.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "advisor/report/advice.hpp"
#include "advisor/report/knob_text.hpp"
#include "advisor/report/text.hpp"

namespace stowage::advisor::report {
namespace {

using J = nlohmann::ordered_json;

/// Significant digits a flip value is shown with.
constexpr int kFlipDigits = 2;
/// Significant digits the ends of a searched range are shown with.
constexpr int kSearchedDigits = 3;

/// `assumption, unset`, `assumption, 300 MB/s used`, `published, 600 MB/s used`.
std::string provenance(const FigureKnob& k) {
  if (!k.value) return "assumption, unset";
  const std::string kind =
      k.source ? std::string(sim::source_kind_name(k.source->kind)) : std::string("default");
  return fmt::format("{}, {} used", kind, knob_value_text(k, k.value));
}

std::string flip_value(const FigureKnob& k, double v) {
  return knob_value_text(k, significant(v, kFlipDigits));
}

std::string holds_text(const FigureRange& f) {
  const auto end = [&](const std::optional<Flip>& flip, double searched) {
    return flip ? flip_value(f.knob, flip->at)
                : knob_value_text(f.knob, significant(searched, kSearchedDigits));
  };
  return fmt::format("{} .. {}", end(f.below, f.low),
                     f.knob.value ? end(f.above, f.high) : std::string("unbounded"));
}

}  // namespace

namespace {

/// `oss is recommended`, or `nothing meets the SLO (image: p99 312 s > 300 s)`.
std::string then_text(const Flip& flip) {
  if (flip.recommended) return fmt::format("{} is recommended", *flip.recommended);
  std::string text = "nothing meets the SLO";
  if (const auto& c = flip.was_recommended) {
    std::vector<std::string> misses;
    for (const Miss& m : c->misses) misses.push_back(miss_text(m));
    if (!c->feasible()) misses.push_back("not feasible: " + *c->infeasible);
    if (!misses.empty()) text += fmt::format(" ({}: {})", c->storage, fmt::join(misses, ", "));
  }
  return text;
}

std::string hinge_text(const FigureRange& f, const Flip& flip, bool below) {
  return fmt::format("holds while {} {} {} ({}); {}, {}", f.knob.figure(),
                     below ? ">=" : "<=", flip_value(f.knob, flip.at), provenance(f.knob),
                     below ? "below" : "above", then_text(flip));
}

}  // namespace

std::string hinge_lines(const Robustness& r) {
  std::string out;
  for (const FigureRange* f : hinges(r)) {
    if (f->below) out += hinge_text(*f, *f->below, true) + "\n";
    if (f->above) out += hinge_text(*f, *f->above, false) + "\n";
  }
  return out;
}

namespace {

/// The recommended choice stops meeting the SLO exactly where the recommendation flips: the
/// hinge line says it.
bool said_by_hinge(const FigureRange& f, const VerdictFlip& v, const Robustness& r) {
  const std::optional<Flip>& flip = v.below ? f.below : f.above;
  return flip && !v.meets_then && r.recommended == v.storage && flip->at == v.at;
}

std::string verdict_text(const FigureRange& f, const VerdictFlip& v) {
  // Meeting now, it meets while the figure stays on this side of the flip; missing now, it
  // would meet past it.
  const bool ge = v.below != v.meets_then;
  return fmt::format("{} {} {} {} {} ({})", v.storage,
                     v.meets_then ? "would meet the SLO if" : "meets the SLO while",
                     f.knob.figure(), ge ? ">=" : "<=", flip_value(f.knob, v.at),
                     provenance(f.knob));
}

J verdict_json(const FigureRange& f, const VerdictFlip& v) {
  J j;
  j["figure"] = f.knob.figure();
  j["value"] = f.knob.value ? J(*f.knob.value) : J(nullptr);
  j["unit"] = unit_name(f.knob);
  j["source"] = source_text(f.knob);
  j["storage"] = v.storage;
  j["flips_at"] = significant(v.at, kFlipDigits);
  j["direction"] = v.below ? "below" : "above";
  j["meets_then"] = v.meets_then;
  j["text"] = verdict_text(f, v);
  return j;
}

J side_json(const std::optional<Flip>& flip) {
  if (!flip) return nullptr;
  J j;
  j["flips_at"] = significant(flip->at, kFlipDigits);
  j["recommended"] = flip->recommended ? J(*flip->recommended) : J(nullptr);
  j["then"] = then_text(*flip);
  return j;
}

J figure_json(const FigureRange& f) {
  J j;
  j["figure"] = f.knob.figure();
  j["value"] = f.knob.value ? J(*f.knob.value) : J(nullptr);
  j["unit"] = unit_name(f.knob);
  j["source"] = source_text(f.knob);
  j["kind"] = !f.knob.value  ? "unset"
              : f.knob.source ? std::string(sim::source_kind_name(f.knob.source->kind))
                              : std::string("default");
  j["searched"] = {{"low", f.low}, {"high", f.high}};
  j["holds"] = {{"low", f.below ? significant(f.below->at, kFlipDigits) : f.low},
                {"high", !f.knob.value ? J(nullptr)
                         : f.above     ? J(significant(f.above->at, kFlipDigits))
                                       : J(f.high)}};
  j["moved"] = f.moved;
  j["below"] = side_json(f.below);
  j["above"] = side_json(f.above);
  j["verdict_flips"] = J::array();
  for (const VerdictFlip& v : f.verdicts) j["verdict_flips"].push_back(verdict_json(f, v));
  return j;
}

}  // namespace

std::string verdict_lines(const Robustness& r) {
  std::string out;
  for (const FigureRange& f : r.figures) {
    for (const VerdictFlip& v : f.verdicts) {
      if (!said_by_hinge(f, v, r)) out += verdict_text(f, v) + "\n";
    }
  }
  return out;
}

std::string nothing_flips_text(const Robustness& r) {
  return fmt::format("nothing flips within x{:g} of any {}figure", r.range,
                     r.every_figure ? "" : "assumed ");
}

std::string hinges_text(const Robustness& r) {
  if (!anything_flips(r)) return nothing_flips_text(r) + "\n";
  return hinge_lines(r) + verdict_lines(r);
}

void add_hinges_json(J& advice, const Robustness& r, bool full) {
  advice["hinges"] = hinges_json(r);
  J verdicts = J::array();
  for (const FigureRange& f : r.figures) {
    for (const VerdictFlip& v : f.verdicts) verdicts.push_back(verdict_json(f, v));
  }
  advice["verdict_flips"] = std::move(verdicts);
  advice["hinge_range"] = r.range;
  advice["nothing_flips"] = anything_flips(r) ? J(nullptr) : J(nothing_flips_text(r));
  if (!full) return;
  J rob;
  rob["range"] = r.range;
  rob["unset_span"] = kUnsetSpan;
  rob["every_figure"] = r.every_figure;
  rob["figures"] = J::array();
  for (const FigureRange& f : r.figures) rob["figures"].push_back(figure_json(f));
  advice["robustness"] = std::move(rob);
}

J flip_json(const FigureRange& f, bool below) {
  const Flip& flip = below ? *f.below : *f.above;
  J j;
  j["figure"] = f.knob.figure();
  j["value"] = f.knob.value ? J(*f.knob.value) : J(nullptr);
  j["unit"] = unit_name(f.knob);
  j["source"] = source_text(f.knob);
  j["flips_at"] = significant(flip.at, kFlipDigits);
  j["direction"] = below ? "below" : "above";
  j["then"] = then_text(flip);
  j["text"] = hinge_text(f, flip, below);
  return j;
}

std::string agree_condition(const FigureRange& f, bool below) {
  const Flip& flip = below ? *f.below : *f.above;
  return fmt::format("{} {} {} ({})", f.knob.figure(), below ? "below" : "above",
                     flip_value(f.knob, flip.at), provenance(f.knob));
}

J hinges_json(const Robustness& r) {
  J out = J::array();
  for (const FigureRange* f : hinges(r)) {
    if (f->below) out.push_back(flip_json(*f, true));
    if (f->above) out.push_back(flip_json(*f, false));
  }
  return out;
}

std::string robustness_table(const Robustness& r, const std::string& format) {
  TextTable t;
  t.header = {"figure", "value", "source", "advice holds", "below", "above"};
  t.align.assign(t.header.size(), Align::kLeft);
  for (const FigureRange& f : r.figures) {
    const std::string none = f.moved ? "holds" : "no effect";
    t.rows.push_back({f.knob.figure(), knob_value_text(f.knob, f.knob.value),
                      f.knob.value ? provenance(f.knob).substr(0, provenance(f.knob).find(','))
                                   : "assumption, unset",
                      holds_text(f), f.below ? then_text(*f.below) : none,
                      !f.knob.value ? "-"
                      : f.above     ? then_text(*f.above)
                                    : none});
  }
  if (format == "csv") return render_csv(t);
  const std::string note = fmt::format(
      "\nsearched from 1/{0:g} to {0:g} times each value (an unset limit from {1:g} "
      "times less than every instance's bandwidth together); `no effect`: the "
      "advice did not move at all\n",
      r.range, kUnsetSpan);
  return (format == "markdown" ? render_markdown(t) : render_terminal(t)) + note;
}

}  // namespace stowage::advisor::report
