// SVG primitives every chart shares (advisor/report/svg_plot.hpp, namespace svg): escaping, text
// and lines, and the document start with a title fitted to its width. The sweep's charts are
// svg_plot.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "advisor/report/svg_plot.hpp"
#include "advisor/report/text.hpp"

namespace stowage::advisor {
namespace svg {

std::string escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '&') {
      out += "&amp;";
    } else if (ch == '<') {
      out += "&lt;";
    } else if (ch == '>') {
      out += "&gt;";
    } else if (ch == '"') {
      out += "&quot;";
    } else {
      out += ch;
    }
  }
  return out;
}

std::string text(double x, double y, const std::string& s, const char* anchor, int size,
                 const char* extra) {
  return fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" text-anchor=\"{}\"{}>{}</text>\n", x, y,
      size, anchor, extra, escape(s));
}

std::string line(double x1, double y1, double x2, double y2, const char* style) {
  return fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" {}/>\n", x1, y1,
                     x2, y2, style);
}

std::string whisker(double x0, double x1, double top, double bottom, bool dashed) {
  const std::string style =
      fmt::format("stroke=\"#555555\"{}", dashed ? " stroke-dasharray=\"4 3\"" : "");
  std::string out = line(x0, (top + bottom) / 2, x1, (top + bottom) / 2, style.c_str());
  for (const double x : {x0, x1}) out += line(x, top, x, bottom, "stroke=\"#555555\"");
  return out;
}

double text_width(std::string_view s, double size) {
  // Upper bounds of DejaVu Sans's advance widths (in em), the widest font a viewer is likely to
  // substitute: digits 0.64, most lower case 0.62, upper case up to 0.79, m and W 1.0.
  double em = 0;
  for (unsigned char ch : s) {
    if ((ch & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte: counted with its lead
    if (std::string_view("ijl.,:;'|!() ").find(static_cast<char>(ch)) != std::string_view::npos) {
      em += 0.4;
    } else if (ch == 'm' || ch == 'w' || ch == 'M' || ch == 'W' || ch >= 0x80) {
      em += 1.0;
    } else if (ch >= 'A' && ch <= 'Z') {
      em += 0.8;
    } else {
      em += 0.66;
    }
  }
  return em * size;
}

int fitting_font(std::string_view s, double width, int size, int min_size) {
  while (size > min_size && text_width(s, size) > width) --size;
  return size;
}

namespace {

/// About how wide a character of the bold title is, as a share of the font size (a shipped
/// sweep's title in DejaVu Sans Bold measures 0.58; the margin keeps long titles inside).
constexpr double kCharWidth = 0.62;
// The title's font size (on one line, on two), and the smallest a long title or subtitle
// shrinks to.
constexpr int kTitleFont = 16, kTwoLineTitleFont = 14, kMinTitleFont = 11, kSubtitleFont = 12,
              kMinSubtitleFont = 8;

/// The characters that fit `width` units at font size `size`.
std::size_t chars_fitting(double width, int size) {
  return static_cast<std::size_t>(width / (kCharWidth * size));
}

}  // namespace

std::string start(double width, double height, double left, const std::string& title,
                  const std::string& subtitle) {
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n",
      width, height);
  // A title too long for one line wraps onto a second, smaller, and shrinks further if two lines
  // do not hold it; the subtitle shrinks to fit its line.
  const double room = width - left - 20;
  int size = kTitleFont;
  std::vector<std::string> lines = report::wrap_words(title, chars_fitting(room, size));
  if (lines.size() == 1) {
    out += text(left, 28, title, "start", size, " font-weight=\"bold\"");
  } else {
    size = kTwoLineTitleFont;
    lines = report::wrap_words(title, chars_fitting(room, size));
    while (lines.size() > 2 && size > kMinTitleFont) {
      lines = report::wrap_words(title, chars_fitting(room, --size));
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out += text(left, 18 + 16 * static_cast<double>(i), lines[i], "start", size,
                  " font-weight=\"bold\"");
    }
  }
  const double sub_y = lines.size() == 1 ? 48 : 18 + 16 * static_cast<double>(lines.size()) + 2;
  out += text(left, sub_y, subtitle, "start",
              fitting_font(subtitle, room, kSubtitleFont, kMinSubtitleFont), " fill=\"#444444\"");
  return out;
}

}  // namespace svg
}  // namespace stowage::advisor
