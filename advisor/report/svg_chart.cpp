#include "advisor/report/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "advisor/report/svg_plot.hpp"
#include "advisor/report/text.hpp"

namespace stowage::advisor::svg {

bool dark_text_on(std::size_t c) { return c == kPaletteSize || c == 1 || c == 4 || c == 6; }

std::string axis_title(const sim::SweepAxis& axis) {
  const std::string& p = axis.path;
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"arrivals.count", "instances per burst"},
      {"arrivals.spread", "burst spread"},
      {"arrivals.rate_per_s", "arrivals per second"},
      {"arrivals.duration", "arrival window"},
      {"arrivals.instances", "instances per model switch"},
      {"model.io.threads", "read threads per load"},
      {"instance.memory", "instance memory"},
      {"instance.vcpu", "vCPUs per instance"},
      {"timeout", "start timeout"},
      {"regions", "regions"},
      {"platform", "platform"},
      {"gpu", "GPU"},
      {"objective.p50", "p50 target"},
      {"objective.p95", "p95 target"},
      {"objective.p99", "p99 target"},
      {"objective.max", "longest start allowed"},
      {"objective.cost_weight", "cost weight"},
  };
  for (const auto& [path, words] : kWords) {
    if (p == path) return std::string(words);
  }
  if (p.starts_with("model.files[") && p.ends_with("].size")) {
    const std::string n = p.substr(12, p.size() - 12 - 6);
    return n == "0" ? "model file size" : fmt::format("size of model file {}", n);
  }
  if (p.starts_with("storage.")) {
    const std::size_t dot = p.rfind('.');
    const std::string name = p.substr(8, dot - 8), field = p.substr(dot + 1);
    if (field == "stored") return fmt::format("data stored on {}", name);
    if (field == "capacity") return fmt::format("{} capacity", name);
    if (field == "warm") return fmt::format("{} warmed", name);
  }
  return p;
}

std::string legend_entry(double& row, const Swatch& swatch, const std::string& label) {
  constexpr double kRowHeight = 22, kLabelFont = 12, kMinFont = 9;
  const double y = kTop + 10 + kRowHeight * row;
  const double x = kWidth - kRight + 20;
  const double room = kRight - 20 - 32 - 8;
  std::string out;
  if (!swatch.line_style.empty()) {
    out += line(x, y, x + 24, y, swatch.line_style.c_str());
  } else if (!swatch.fill.empty()) {
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"24\" height=\"12\" fill=\"{}\"/>\n",
                       x, y - 6, swatch.fill);
  }
  if (!swatch.mark.empty()) {
    out +=
        fmt::format("<g transform=\"translate({:.1f} {:.1f})\">{}</g>\n", x + 12, y, swatch.mark);
  }
  // The label's lines (split at '\n'), each wrapped at spaces when even kMinFont is too wide.
  std::vector<std::string> lines;
  for (std::size_t from = 0; from <= label.size();) {
    const std::size_t end = std::min(label.find('\n', from), label.size());
    lines.push_back(label.substr(from, end - from));
    from = end + 1;
  }
  double widest = 0;
  for (const std::string& l : lines) widest = std::max(widest, text_width(l, kLabelFont));
  const int font = std::max<int>(kMinFont, static_cast<int>(kLabelFont * room / widest));
  std::vector<std::string> fitted;
  for (const std::string& l : lines) {
    std::string rest = l;
    while (text_width(rest, std::min<int>(font, kLabelFont)) > room) {
      std::size_t cut = rest.rfind(' ');
      while (cut != std::string::npos && cut > 0 && text_width(rest.substr(0, cut), font) > room) {
        cut = rest.rfind(' ', cut - 1);
      }
      if (cut == std::string::npos || cut == 0) break;
      fitted.push_back(rest.substr(0, cut));
      rest = rest.substr(cut + 1);
    }
    fitted.push_back(rest);
  }
  const int size = std::min<int>(font, kLabelFont);
  for (std::size_t i = 0; i < fitted.size(); ++i) {
    out += text(x + 32, y + 4 + (size + 2) * static_cast<double>(i), fitted[i], "start", size);
  }
  row += 1 + 0.7 * static_cast<double>(fitted.size() - 1);
  return out;
}

}  // namespace stowage::advisor::svg
