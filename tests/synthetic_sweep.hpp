// A synthetic sweep table of any size, for merge tests and the merge benchmark: made-up rows
// (nothing is simulated) of the shape a real sweep gives. Three storages a point: a NAS whose
// p99 grows with the point and misses the SLO past a while, an object store with failed starts
// (infinite percentiles) at every seventh point, and an accelerator that is not feasible with a
// reason holding a comma (quoted in CSV). Two axes: arrivals.count (first, fastest) and
// storage.nas.capacity. The same sizes give the same table.
#pragma once

#include <fmt/format.h>

#include <limits>
#include <string>

#include "advisor/sweep/run.hpp"

namespace stowage::testing {

inline advisor::SweepTable synthetic_sweep(std::size_t counts, std::size_t capacities) {
  advisor::SweepTable t;
  advisor::SweepHeader& h = t.header;
  h.name = "synthetic";
  h.identity = "00c0ffee00c0ffee";
  h.seed = 7;
  h.points = counts * capacities;
  h.slo = "p99 <= 100 s, no failed start";
  h.slo_p99_s = 100;
  h.storages = {"nas-performance", "oss", "oss-accel"};
  sim::SweepAxis count;
  count.path = "arrivals.count";
  count.scale = sim::AxisScale::kLinear;
  for (std::size_t i = 0; i < counts; ++i) {
    count.values.push_back({static_cast<double>(i + 1), "", std::to_string(i + 1)});
  }
  sim::SweepAxis capacity;
  capacity.path = "storage.nas-performance.capacity";
  capacity.field = sim::SweepField::kStorageCapacity;
  capacity.storage = "nas-performance";
  capacity.unit = sim::AxisUnit::kBytes;
  capacity.scale = sim::AxisScale::kLog;
  for (std::size_t i = 0; i < capacities; ++i) {
    const double bytes = 1e12 * static_cast<double>(i + 1);
    capacity.values.push_back({bytes, "", fmt::format("{} TB", i + 1)});
  }
  h.axes = {count, capacity};
  const double inf = std::numeric_limits<double>::infinity();
  for (std::size_t p = 0; p < h.points; ++p) {
    const double x = static_cast<double>(p % counts + 1) / static_cast<double>(p / counts + 1);
    const auto row = [p](const char* storage, bool feasible) {
      advisor::SweepRow r;
      r.point = p;
      r.storage = storage;
      r.feasible = feasible;
      return r;
    };
    advisor::SweepRow nas = row("nas-performance", true);
    nas.p50_s = 10 + 0.5 * x;
    nas.p95_s = 10 + 0.9 * x;
    nas.p99_s = 10 + 1.1 * x;
    nas.max_s = 10 + 1.3 * x;
    nas.meets_slo = nas.p99_s <= 100;
    nas.cost_per_month = 120.5 + static_cast<double>(p / counts);
    nas.currency = "CNY";
    nas.bottleneck = "nas throughput";
    advisor::SweepRow oss = row("oss", true);
    oss.p50_s = 20 + 0.01 * x;
    oss.p95_s = 30 + 0.02 * x;
    oss.p99_s = p % 7 == 0 ? inf : 40 + 0.03 * x;
    oss.max_s = p % 7 == 0 ? inf : 45 + 0.03 * x;
    oss.failed = p % 7 == 0 ? 1 : 0;
    oss.meets_slo = p % 7 != 0;
    oss.cost_per_month = 60.94;
    oss.currency = "CNY";
    oss.bottleneck = "instance nic";
    advisor::SweepRow accel = row("oss-accel", false);
    accel.reason = "capacity 1 TiB, below the model's 2 TiB";
    (nas.meets_slo ? nas : oss).recommended = nas.meets_slo || oss.meets_slo;
    t.rows.insert(t.rows.end(), {nas, oss, accel});
  }
  return t;
}

/// The 0-based K-th of N shards of `t`: its rows whose point % N == K, as `stowage sweep --shard
/// K+1/N` writes them.
inline advisor::SweepTable synthetic_shard(const advisor::SweepTable& t, std::size_t k,
                                           std::size_t n) {
  advisor::SweepTable part{t.header, {}};
  part.header.shard_index = k + 1;
  part.header.shard_count = n;
  for (const advisor::SweepRow& r : t.rows) {
    if (r.point % n == k) part.rows.push_back(r);
  }
  return part;
}

}  // namespace stowage::testing
