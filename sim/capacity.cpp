#include "sim/capacity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "sim/check.hpp"

namespace stowage::sim {
namespace {

Bytes size_of(const Sizing& sizing, SizeBasis basis) {
  return basis == SizeBasis::kStored ? sizing.stored : sizing.provisioned;
}

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// Clang 14 (the fuzzing build) does not deduce aggregate template arguments without a guide.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

std::string_view size_basis_name(SizeBasis basis) {
  return basis == SizeBasis::kStored ? "stored" : "provisioned";
}

std::string size_text(Bytes b) {
  for (const auto& [unit, scale] :
       {std::pair{"TiB", kBytesPerTiB}, std::pair{"GiB", kBytesPerGiB}}) {
    const double n = b.value() / scale;
    if (n >= 1 && n == std::floor(n)) return fmt::format("{} {}", n, unit);
  }
  return to_string(b);
}

Capacity::Capacity(Form form) : form_(std::move(form)) {
  if (const auto* s = std::get_if<StepCapacity>(&form_)) {
    STOWAGE_CHECK(!s->steps.empty(), "a step capacity needs at least one step");
    for (size_t i = 1; i < s->steps.size(); ++i) {
      STOWAGE_CHECK(s->steps[i - 1].from < s->steps[i].from, "steps must increase");
    }
  }
}

BytesPerSecond Capacity::at(const Sizing& sizing) const {
  return std::visit(Overloaded{
                        [](const ConstantCapacity& c) { return c.rate; },
                        [&](const LinearCapacity& l) {
                          const double tib = size_of(sizing, l.of).value() / kBytesPerTiB;
                          BytesPerSecond rate = l.base + l.per_tib * tib;
                          if (l.floor) rate = std::max(rate, *l.floor);
                          return l.cap ? std::min(rate, *l.cap) : rate;
                        },
                        [&](const StepCapacity& s) {
                          const Bytes size = size_of(sizing, s.of);
                          BytesPerSecond rate = s.steps.front().rate;
                          for (const CapacityStep& step : s.steps) {
                            if (step.from <= size) rate = step.rate;
                          }
                          return rate;
                        },
                    },
                    form_);
}

std::string Capacity::to_string() const {
  return std::visit(Overloaded{
                        [](const ConstantCapacity& c) { return sim::to_string(c.rate); },
                        [](const LinearCapacity& l) {
                          std::string s =
                              l.base.value() == 0
                                  ? fmt::format("{} per TiB {}", l.per_tib, size_basis_name(l.of))
                                  : fmt::format("{} + {} per TiB {}", l.base, l.per_tib,
                                                size_basis_name(l.of));
                          if (l.floor) s += fmt::format(", floor {}", *l.floor);
                          if (l.cap) s += fmt::format(", cap {}", *l.cap);
                          return s;
                        },
                        [](const StepCapacity& st) {
                          std::string s = fmt::format("steps by {}:", size_basis_name(st.of));
                          for (const CapacityStep& step : st.steps) {
                            s += fmt::format(" from {} {}", size_text(step.from), step.rate);
                            if (&step != &st.steps.back()) s += ",";
                          }
                          return s;
                        },
                    },
                    form_);
}

}  // namespace stowage::sim
