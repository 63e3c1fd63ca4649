#include "advisor/report/band_text.hpp"

#include <fmt/format.h>

#include "advisor/report/text.hpp"

namespace stowage::advisor::report {

std::string band_seconds(const Band& b) {
  return fmt::format("{} / {} / {}", seconds_text(b.p10), seconds_text(b.p50), seconds_text(b.p90));
}

nlohmann::ordered_json band_seconds_json(const Band& b) {
  return {{"p10", seconds_json(b.p10)}, {"p50", seconds_json(b.p50)}, {"p90", seconds_json(b.p90)}};
}

}  // namespace stowage::advisor::report
