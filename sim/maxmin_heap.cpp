// IndexedMinHeap (sim/maxmin.hpp): a binary min-heap of ids keyed by doubles, with the
// position of every id kept so that a key can change or an id leave in O(log n).
#include <algorithm>

#include "sim/check.hpp"
#include "sim/maxmin.hpp"

namespace stowage::sim {

void IndexedMinHeap::clear() {
  for (const Id id : items_) pos_[id] = -1;
  items_.clear();
}

void IndexedMinHeap::grow(std::size_t n) {
  if (pos_.size() < n) {
    pos_.resize(n, -1);
    key_.resize(n, 0.0);
  }
}

void IndexedMinHeap::up(std::size_t i) {
  const Id id = items_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!lower(id, items_[parent])) break;
    items_[i] = items_[parent];
    pos_[items_[i]] = static_cast<std::int32_t>(i);
    i = parent;
  }
  items_[i] = id;
  pos_[id] = static_cast<std::int32_t>(i);
}

void IndexedMinHeap::down(std::size_t i) {
  const Id id = items_[i];
  const std::size_t n = items_.size();
  while (true) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && lower(items_[child + 1], items_[child])) ++child;
    if (!lower(items_[child], id)) break;
    items_[i] = items_[child];
    pos_[items_[i]] = static_cast<std::int32_t>(i);
    i = child;
  }
  items_[i] = id;
  pos_[id] = static_cast<std::int32_t>(i);
}

void IndexedMinHeap::set(Id id, double key) {
  key_[id] = key;
  if (pos_[id] < 0) {
    items_.push_back(id);
    pos_[id] = static_cast<std::int32_t>(items_.size() - 1);
  }
  const auto i = static_cast<std::size_t>(pos_[id]);
  up(i);
  down(static_cast<std::size_t>(pos_[id]));
}

void IndexedMinHeap::erase(Id id) {
  if (pos_[id] < 0) return;
  const auto i = static_cast<std::size_t>(pos_[id]);
  pos_[id] = -1;
  const Id last = items_.back();
  items_.pop_back();
  if (last == id) return;
  items_[i] = last;
  pos_[last] = static_cast<std::int32_t>(i);
  up(i);
  down(static_cast<std::size_t>(pos_[last]));
}

}  // namespace stowage::sim
