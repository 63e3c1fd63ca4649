// Internal to the flow network's implementation files (flow_network*.cpp): heap orderings
// shared by them. Nothing else includes it.
#pragma once

#include <cstddef>

namespace stowage::sim::flow_detail {

// std heap functions build max-heaps; these put the earliest entry on top.
struct LaterDue {
  template <class D>
  bool operator()(const D& a, const D& b) const {
    return a.t_s != b.t_s ? a.t_s > b.t_s : a.cls > b.cls;
  }
};
struct LaterGroupEntry {
  template <class E>
  bool operator()(const E& a, const E& b) const {
    return a.u_finish != b.u_finish ? a.u_finish > b.u_finish : a.cls > b.cls;
  }
};
struct LaterFinish {
  template <class M>
  bool operator()(const M& a, const M& b) const {
    return a.finish_vclock != b.finish_vclock ? a.finish_vclock > b.finish_vclock : a.flow > b.flow;
  }
};

// A heap holding more than this many entries beyond twice its live ones is rebuilt.
constexpr std::size_t kHeapSlack = 64;


}  // namespace stowage::sim::flow_detail
