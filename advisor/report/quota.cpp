#include "advisor/report/quota.hpp"

#include <fmt/format.h>

namespace stowage::advisor::report {

std::string quota_note(const QuotaRaise& q) {
  return q.quota == QuotaRaise::Quota::kInstances
             ? fmt::format("needs a quota raise ({} instances > {} per region by default)", q.need,
                           q.limit)
             : fmt::format(
                   "needs a quota raise ({} {} cards > {} per account and region by default)",
                   q.need, q.gpu, q.limit);
}

nlohmann::ordered_json quota_json(const std::vector<QuotaRaise>& raises) {
  using J = nlohmann::ordered_json;
  J out = J::array();
  for (const QuotaRaise& q : raises) {
    out.push_back({{"quota", q.quota == QuotaRaise::Quota::kInstances ? "instances" : "gpus"},
                   {"gpu", q.gpu.empty() ? J(nullptr) : J(q.gpu)},
                   {"need", q.need},
                   {"limit", q.limit},
                   {"note", quota_note(q)}});
  }
  return out;
}

}  // namespace stowage::advisor::report
