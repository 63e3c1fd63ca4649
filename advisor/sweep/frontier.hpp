// Sweep frontier: where along the first axis each storage stops meeting the SLO.
//
// For every combination of the other axes' values (a "slice"), each storage's SLO verdicts
// along the first axis, in the axis's order, are read as runs of values where it meets the SLO
// (an infeasible point does not meet it):
//   every value          "meets across the whole range (A to B)"
//   none                 "never meets (A to B)", or "not feasible: REASON" when it never could
//   a leading run        "meets up to V (misses from W)": V the last value before it stops
//   a trailing run       "meets from W (misses up to V)": larger is better (a capacity axis)
//   anything else        "meets at A to B, C": the runs
// A storage whose verdicts a drawn delay decided in a single run (`replications: 1`) gets the
// values where that happened: "(a single run of drawn delays decided at 1 to 37: more
// replications may move it)".
// The slice's recommendation is read the same way: "recommended: nas-performance for 1 to
// 37, oss-accel for 52 to 1000". Worked example: along arrivals.count [10, 20, 40, 80] a NAS
// with p99 30, 60, 120, 240 s against p99 <= 100 s meets at 10 and 20 only: "meets up to 20
// (misses from 40)". The text depends only on the table: the same rows give the same bytes.
#pragma once

#include <string>

#include "advisor/sweep/run.hpp"

namespace stowage::advisor {

/// The frontier report of a whole sweep (not a shard: every point must be present).
std::string sweep_frontier(const SweepTable& table);

}  // namespace stowage::advisor
