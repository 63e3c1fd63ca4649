// IncrementalMaxMin (sim/maxmin.hpp): each group's variables in bound order. A group keeps its
// variables sorted by (bound level, id) in blocks of kBlock .. 2 * kBlock entries, each with the
// sums of count * bound and count * weight over its entries, so that the filling fixes whole
// blocks by their sums and an event moves one entry, never re-sorting a group.
#include <algorithm>

#include "sim/check.hpp"
#include "sim/maxmin.hpp"
#include "sim/maxmin_detail.hpp"

namespace stowage::sim {

using maxmin_detail::entry_before;

void IncrementalMaxMin::resum(Block& b) const {
  b.sum_e = 0;
  b.sum_w = 0;
  for (const Entry& e : b.entries) {
    const Var& x = vars_[e.v];
    b.sum_e += x.count * x.bound_bps;
    b.sum_w += x.count * x.weight;
  }
}

std::size_t IncrementalMaxMin::find_block(const Group& g, double level, Id v) const {
  // The first block whose last entry is not before (level, v); the last block if none.
  const auto it = std::partition_point(g.blocks.begin(), g.blocks.end(), [&](const Block& b) {
    return entry_before(b.entries.back().level, b.entries.back().v, level, v);
  });
  return it == g.blocks.end() ? g.blocks.size() - 1
                              : static_cast<std::size_t>(it - g.blocks.begin());
}

void IncrementalMaxMin::insert_entry(Id v) {
  const Var& x = vars_[v];
  Group& g = groups_[x.group];
  ++g.size;
  g.reordered = true;
  mark_group(x.group);
  count_bounds(x, x.count, 1);
  if (g.blocks.empty()) g.blocks.emplace_back();
  const std::size_t bi = g.blocks.front().entries.empty() ? 0 : find_block(g, x.level, v);
  Block& b = g.blocks[bi];
  const auto at = std::partition_point(b.entries.begin(), b.entries.end(), [&](const Entry& e) {
    return entry_before(e.level, e.v, x.level, v);
  });
  b.entries.insert(at, Entry{x.level, v});
  if (b.entries.size() <= 2 * kBlock) {
    resum(b);
    return;
  }
  // Split a full block in two halves.
  Block upper;
  upper.entries.assign(b.entries.begin() + static_cast<std::ptrdiff_t>(kBlock), b.entries.end());
  b.entries.resize(kBlock);
  resum(b);
  resum(upper);
  g.blocks.insert(g.blocks.begin() + static_cast<std::ptrdiff_t>(bi + 1), std::move(upper));
}

void IncrementalMaxMin::erase_entry(Id v) {
  const Var& x = vars_[v];
  Group& g = groups_[x.group];
  const std::size_t bi = find_block(g, x.level, v);
  Block& b = g.blocks[bi];
  const auto at = std::partition_point(b.entries.begin(), b.entries.end(), [&](const Entry& e) {
    return entry_before(e.level, e.v, x.level, v);
  });
  STOWAGE_CHECK(at != b.entries.end() && at->v == v, "a variable is in its group's order");
  b.entries.erase(at);
  count_bounds(x, -x.count, -1);
  --g.size;
  g.reordered = true;
  mark_group(x.group);
  if (b.entries.empty()) {
    g.blocks.erase(g.blocks.begin() + static_cast<std::ptrdiff_t>(bi));
    return;
  }
  // Merge a small block into its successor when both fit in one.
  if (bi + 1 < g.blocks.size() && b.entries.size() + g.blocks[bi + 1].entries.size() <= kBlock) {
    Block& next = g.blocks[bi + 1];
    b.entries.insert(b.entries.end(), next.entries.begin(), next.entries.end());
    g.blocks.erase(g.blocks.begin() + static_cast<std::ptrdiff_t>(bi + 1));
  }
  resum(g.blocks[bi]);
}

void IncrementalMaxMin::variables_between(Id g, double lo, double hi, std::vector<Id>& out) const {
  const Group& x = groups_[g];
  if (!(lo < hi) || x.blocks.empty()) return;
  if (x.blocks.front().entries.front().level >= hi || x.blocks.back().entries.back().level < lo) {
    return;
  }
  auto it = std::partition_point(x.blocks.begin(), x.blocks.end(),
                                 [&](const Block& b) { return b.entries.back().level < lo; });
  for (; it != x.blocks.end(); ++it) {
    for (const Entry& e : it->entries) {
      if (e.level >= hi) return;
      if (e.level >= lo) out.push_back(e.v);
    }
  }
}

}  // namespace stowage::sim
