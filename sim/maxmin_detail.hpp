// Internal to the incremental solver's implementation files (maxmin_*.cpp): the order of
// (bound level, id) entries, shared by the groups' bound order and the filling's heap of groups.
// Nothing else includes it.
#pragma once

#include <cstdint>

namespace stowage::sim::maxmin_detail {

// Entries order by level, then by id, so that equal levels still give one order.
inline bool entry_before(double level_a, std::int32_t a, double level_b, std::int32_t b) {
  return level_a != level_b ? level_a < level_b : a < b;
}

// std heap functions build max-heaps: "later" is "less", so the lowest entry is on top.
struct LaterEntry {
  template <class E>
  bool operator()(const E& a, const E& b) const {
    return entry_before(b.level, b.v, a.level, a.v);
  }
};

}  // namespace stowage::sim::maxmin_detail
