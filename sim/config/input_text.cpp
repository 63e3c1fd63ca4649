#include "sim/config/input_text.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "sim/config/config_error.hpp"

namespace stowage::sim::config {
namespace {

// The length of the UTF-8 sequence that starts at `i` and its code point, or 0 when the bytes
// there are not one (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence(std::string_view s, std::size_t i, std::uint32_t& code) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    code = b0;
    return 1;
  }
  std::size_t n = 0;
  std::uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, code = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, code = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, code = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return n;
}

std::string size_text(std::uintmax_t bytes) {
  if (bytes % (std::uintmax_t{1} << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  return fmt::format("{} bytes", bytes);
}

}  // namespace

std::optional<std::string> input_file_problem(const std::filesystem::path& path,
                                              std::uintmax_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) return std::string("does not exist");
    if (err == ENOTDIR)
      return std::string("does not exist (a part of the path is not a directory)");
    return std::string(std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) return std::string("is a directory");
  if (!S_ISREG(st.st_mode)) return std::string("is not a regular file (a device, FIFO or socket)");
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    return fmt::format("is larger than the limit of {}", size_text(max_bytes));
  }
  return std::nullopt;
}

std::string read_input_file(const std::filesystem::path& path, std::string_view expected,
                            std::uintmax_t max_bytes) {
  const std::string name = path.string();
  if (auto problem = input_file_problem(path, max_bytes)) {
    throw ConfigError(name, Mark{}, "", "cannot read: " + *problem, std::string(expected));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw ConfigError(name, Mark{}, "", fmt::format("cannot read: {}", std::strerror(err)),
                      std::string(expected));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw ConfigError(name, Mark{}, "", "cannot read: I/O error", std::string(expected));
  std::string out = std::move(text).str();
  // The file may have grown between the check and the read.
  if (out.size() > max_bytes) {
    throw ConfigError(
        name, Mark{}, "",
        fmt::format("cannot read: is larger than the limit of {}", size_text(max_bytes)),
        std::string(expected));
  }
  return out;
}

std::optional<TextPlace> first_invalid_utf8(std::string_view text) {
  TextPlace at;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t code = 0;
    const std::size_t n = utf8_sequence(text, i, code);
    if (n == 0) {
      at.offset = i;
      at.column = static_cast<int>(i - line_start) + 1;
      return at;
    }
    if (code == '\n') {
      ++at.line;
      line_start = i + 1;
    }
    i += n;
  }
  return std::nullopt;
}

bool wide_text(std::string_view text) {
  return text.starts_with("\xff\xfe") || text.starts_with("\xfe\xff") ||
         text.find('\0') != std::string_view::npos;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t code = 0;
    const std::size_t n = utf8_sequence(text, i, code);
    if (n == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    switch (code) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\0':
        out += "\\0";
        break;
      default:
        if (code < 0x20 || code == 0x7F) {
          out += fmt::format("\\x{:02x}", code);
        } else if (code >= 0x80 && code < 0xA0) {
          out += fmt::format("\\u{:04x}", code);  // C1 controls: 0x9b is a terminal's CSI
        } else {
          out.append(text.substr(i, n));
        }
    }
    i += n;
  }
  return out;
}

std::string quoted_value(std::string_view text) { return "'" + printable(text) + "'"; }

}  // namespace stowage::sim::config
