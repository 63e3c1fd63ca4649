#include "sim/coldstart/vpc_attach.hpp"

#include <algorithm>

namespace stowage::sim {

void VpcAttachment::busy(double now_s) {
  // Reclaimed when it was idle longer than the platform keeps it (never while being created:
  // a creation is a start in progress, so the network was busy).
  if (ready_s_ && idle_since_s_ && now_s - *idle_since_s_ > vpc_.idle.value()) ready_s_.reset();
  idle_since_s_.reset();
}

void VpcAttachment::idle(double now_s) { idle_since_s_ = now_s; }

double VpcAttachment::attach(double now_s) {
  if (!ready_s_) {
    ready_s_ = now_s + vpc_.attach.value();
    return vpc_.attach.value();
  }
  if (*ready_s_ > now_s) return *ready_s_ - now_s;
  return vpc_.warm_attach.value();
}

}  // namespace stowage::sim
