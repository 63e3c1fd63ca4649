// The NVIDIA driver's version from the text the driver publishes, without CUDA.
//
// The kernel module says it in /proc/driver/nvidia/version, in one of two shapes:
//   NVRM version: NVIDIA UNIX x86_64 Kernel Module  580.159.04  Thu Oct 30 ... UTC 2025
//   NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159.04  Release Build  (...)
// (the second, the open module, put "for" where the first has the version: the word after
// "Kernel Module" is not always the version). /sys/module/nvidia/version and
// `nvidia-smi --query-gpu=driver_version --format=csv,noheader` hold the bare version, and
// nvidia-smi's banner says "Driver Version: 580.159.04". The version is the first word, after
// "Driver Version:" or "Kernel Module" when the text has them, made only of digits and dots with
// at least one dot. Header-only and pure, so that tests can include it.
#pragma once

#include <cctype>
#include <sstream>
#include <string>
#include <string_view>

namespace stowage::loader {

/// Whether `word` is a version such as "580.159.04": digits in dot-separated groups, >= 2 groups.
inline bool is_version_word(std::string_view word) {
  if (word.empty() || word.front() == '.' || word.back() == '.') return false;
  bool dot = false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (c == '.') {
      if (word[i - 1] == '.') return false;
      dot = true;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dot;
}

/// The driver version in `text` (see above), "" if it has none.
inline std::string driver_version_from_text(std::string_view text) {
  for (std::string_view marker : {"Driver Version:", "Kernel Module"}) {
    const auto at = text.find(marker);
    if (at != std::string_view::npos) {
      text = text.substr(at + marker.size());
      break;
    }
  }
  std::istringstream words{std::string(text)};
  std::string word;
  while (words >> word) {
    if (is_version_word(word)) return word;
  }
  return {};
}

}  // namespace stowage::loader
