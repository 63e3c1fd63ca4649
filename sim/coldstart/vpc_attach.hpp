// VPC attach: one function's attachment to the VPC its storage lives in, over simulated time.
//
// The platform attaches a function, not an instance (PlatformVpc in sim/profile.hpp): the first
// start after the function's network went idle creates the attachment and takes `attach`; a
// start that reaches its attach while the attachment is being created waits until it is ready;
// a start while the attachment is kept takes `warm_attach`. The network is busy while at least
// one load of the function is in progress (requested and neither ready nor failed) and idle
// otherwise; an attachment idle for longer than `idle` is reclaimed, so the next start creates
// it again. A run begins idle, with no attachment.
// Worked example (attach 10 s, warm 0.5 s, idle 300 s): busy(0); attach(5) = 10 (ready at 15);
// attach(7) = 8 (waits for 15); attach(20) = 0.5; idle(40); busy(200); attach(205) = 0.5 (idle
// 160 s <= 300 s); idle(230); busy(600); attach(605) = 10 (idle 370 s > 300 s: reclaimed).
// Units: seconds of simulated time. Deterministic: no draws; the answer depends only on the
// calls, which the cold-start run makes in event order.
#pragma once

#include <optional>

#include "sim/profile.hpp"

namespace stowage::sim {

class VpcAttachment {
 public:
  explicit VpcAttachment(const PlatformVpc& vpc) : vpc_(vpc) {}

  /// A load of the function began at `now_s` while none was in progress.
  void busy(double now_s);
  /// The last load in progress ended (ready or failed) at `now_s`.
  void idle(double now_s);
  /// A start reaches its attach at `now_s`: how long its attach phase lasts.
  double attach(double now_s);

 private:
  PlatformVpc vpc_;
  std::optional<double> ready_s_;  // when the attachment is (or will be) ready; none: no attachment
  std::optional<double> idle_since_s_;  // when the network went idle; none while busy
};

}  // namespace stowage::sim
