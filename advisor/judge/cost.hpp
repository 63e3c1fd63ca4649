// Cost: what one storage choice costs per month for a workload, in the profiles' currency.
//
// Terms, each priced from a profile (a price a profile does not give is not charged, and the
// breakdown says so in `unpriced`):
//   storage      the storage's per_gb_month_provisioned x provisioned GB when it is sized by
//                capacity (an accelerator cache, Extreme NAS, CPFS), else per_gb_month_stored x
//                stored GB (the choice's `stored`, or the model's size when none is given); an
//                accelerator adds its bucket's per_gb_month_stored x the model's size;
//   replication  the storage term again for every region beyond the first ((regions - 1) x
//                storage): each region holds its own copy;
//   transfer     per_gb_read x GB the storage served per start x starts per month, plus
//                per_10k_requests x (those bytes / the profile's request size) / 10,000;
//   gpu_wait     starts per month x mean wait per start / 3600 s x the platform's per-hour
//                price of the workload's GPU: GPU time billed while the model is not yet ready.
//                A start's wait is its time to ready, or the timeout for a failed start;
//   update       image only, with `model.update_interval`: updates per month (30 days /
//                interval) x the rebuild's build and push time (sim/update.hpp) / 3600 s x the
//                platform's `image.build_price` per hour. The platform's preprocessing has no
//                price in the profiles and is listed as unpriced.
// Starts per month: a Poisson pattern runs continuously, rate x 30 days of seconds; every other
// pattern (burst, schedule, trace, switch) is taken to happen once a day: its loads x 30 days.
// A month is 30 days by this convention (kDaysPerMonth), the way cloud price lists bill.
// 1 GB = 10^9 bytes, as cloud price lists count.
// Currencies are never added in a breakdown: when the GPU price (or the image build price) is in
// another currency than the storage's, that term is kept apart (other_currency) and `total`
// holds only the storage currency's terms. A third currency is not charged and is listed as
// unpriced. For ranking, `compared` converts every amount into the exchange rates' reference
// currency (convert_cost): USD 10 + CNY 40 at 7.0796 CNY per USD is CNY 110.80.
// A storage with no storage price is `storage_unpriced` (reported as `unpriced`, not 0.00).
// Worked example: OSS at CNY 0.12 per GB-month storing 4.605 GB, 1 region, burst of 50 a day
// (1500 starts a month), mean wait 60 s, A10 at CNY 19.9584 per hour: storage 0.5526,
// gpu_wait 1500 x 60 / 3600 x 19.9584 = 498.96, total 499.51 CNY.
// Pure functions of their inputs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/exchange_rates.hpp"
#include "sim/profile.hpp"
#include "sim/result.hpp"
#include "sim/workload.hpp"

namespace stowage::advisor {

/// Days in a billing month (convention).
inline constexpr double kDaysPerMonth = 30.0;
inline constexpr double kSecondsPerDay = 86400.0;
inline constexpr double kSecondsPerHour = 3600.0;
/// Bytes per GB as price lists count them.
inline constexpr double kBytesPerGB = 1e9;
/// Requests per request price unit.
inline constexpr double kRequestsPerPriceUnit = 10000.0;

struct MonthlyCost {
  std::string currency;  // the storage profile's currency
  double storage = 0;    // per month, in `currency`
  double replication = 0;
  double transfer = 0;
  double gpu_wait = 0;  // 0 when in another currency (see other_currency)
  double update = 0;    // image rebuilds; 0 when in another currency
  double total = 0;     // storage + replication + transfer + gpu_wait + update
  /// Terms priced in another currency than the storage's.
  struct OtherCurrency {
    std::string currency;
    double gpu_wait = 0;
    double update = 0;
    double total() const { return gpu_wait + update; }
  };
  std::optional<OtherCurrency> other_currency;
  std::vector<std::string> unpriced;  // terms no profile prices, e.g. "gpu a10 on k8s-hpa"
  /// The storage term itself has no price: `storage` is 0 only because it is not counted, and
  /// reports show it as `unpriced`, never as 0.00.
  bool storage_unpriced = false;
  /// Every priced term in the reference currency of the exchange rates (sim/exchange_rates.hpp),
  /// the amount ranking compares; `reference` is that currency (the storage's without rates).
  double compared = 0;
  std::string reference;
};

/// Sets `compared` and `reference` of a cost: every amount converted with `rates`, or, without
/// rates (all prices in one currency), the amounts added as they are.
void convert_cost(MonthlyCost& cost, const std::optional<sim::ExchangeRates>& rates);

/// What a month of the workload uses, from one simulation.
struct MonthlyUse {
  double starts = 0;           // loads per month
  double mean_wait_s = 0;      // mean time to ready per load (timeout for a failed load)
  double bytes_per_start = 0;  // bytes the storage itself served per load
  double updates = 0;          // model updates per month (none without update_interval)
  double rebuild_s = 0;        // an image's build and push time per update; 0 for other kinds
};

/// Loads per month of the workload's arrival pattern, given the loads simulated in one run.
double starts_per_month(const sim::Arrivals& arrivals, std::size_t simulated_loads);

/// The month's use from one simulation of `storage_name`.
MonthlyUse monthly_use(const sim::Workload& workload, const sim::SimResult& result);

/// The monthly cost of `choice` on `storage` (with `backing` for an accelerator, else null).
MonthlyCost monthly_cost(const sim::Workload& workload, const sim::StorageChoice& choice,
                         const sim::StorageProfile& storage, const sim::StorageProfile* backing,
                         const sim::PlatformProfile& platform, const MonthlyUse& use);

}  // namespace stowage::advisor
