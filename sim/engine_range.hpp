// Engine range: the values inside which the engine's arithmetic holds (sim/engine.hpp), which
// the loaders keep every input inside (sim/config/: workloads, sweeps, flow scenarios).
//
// Times: the engine takes two times closer than kTimeToleranceS (1 ns) for the same instant,
// which means something only while a double's spacing is finer than that, i.e. below 2^23 s
// (about 97 days; the spacing just below is 2^-30 s, 0.93 ns). What an input schedules
// (arrivals and timeouts, flow starts and capacity changes) must end by kMaxInputTimeS, half of
// that, which leaves the other half for the loads that follow.
// Bytes: flows count their remaining bytes in doubles and a remainder below one byte is done, so
// sizes must be exact to the byte: at most 2^53 bytes (about 9 PB).
#pragma once

namespace stowage::sim {

inline constexpr double kMaxTimeS = 8'388'608.0;  // 2^23 s
inline constexpr double kMaxInputTimeS = kMaxTimeS / 2;
inline constexpr double kMaxFlowBytes = 9'007'199'254'740'992.0;  // 2^53

}  // namespace stowage::sim
