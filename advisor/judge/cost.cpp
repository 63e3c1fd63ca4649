#include "advisor/judge/cost.hpp"

#include <fmt/format.h>

#include "sim/storage/kind.hpp"

namespace stowage::advisor {

double starts_per_month(const sim::Arrivals& arrivals, std::size_t simulated_loads) {
  if (const auto* p = std::get_if<sim::PoissonArrivals>(&arrivals)) {
    return p->rate_per_s * kDaysPerMonth * kSecondsPerDay;
  }
  return static_cast<double>(simulated_loads) * kDaysPerMonth;
}

MonthlyUse monthly_use(const sim::Workload& workload, const sim::SimResult& result) {
  MonthlyUse use;
  use.starts = starts_per_month(workload.arrivals, result.loads.size());
  if (workload.model.update_interval) {
    use.updates = kDaysPerMonth * kSecondsPerDay / workload.model.update_interval->value();
  }
  for (const sim::UpdateStep& step : result.update.steps) {
    if (step.kind == sim::UpdateStepKind::kBuild || step.kind == sim::UpdateStepKind::kPush) {
      use.rebuild_s += step.seconds;
    }
  }
  if (result.loads.empty()) return use;
  double wait = 0;
  for (const sim::LoadResult& l : result.loads) {
    wait += l.failed() ? result.timeout.value() : l.time_to_ready_s();
  }
  const auto n = static_cast<double>(result.loads.size());
  use.mean_wait_s = wait / n;
  use.bytes_per_start = result.summary.bytes_billed / n;
  return use;
}

MonthlyCost monthly_cost(const sim::Workload& workload, const sim::StorageChoice& choice,
                         const sim::StorageProfile& storage, const sim::StorageProfile* backing,
                         const sim::PlatformProfile& platform, const MonthlyUse& use) {
  MonthlyCost c;
  c.currency = storage.cost.currency;
  // Every model a switch workload holds is stored (model.variants).
  const double model_gb = workload.model.stored_size().value() / kBytesPerGB;
  const double stored_gb = choice.stored ? choice.stored->value() / kBytesPerGB : model_gb;
  const sim::StorageCost& price = storage.cost;
  if (choice.capacity && price.per_gb_month_provisioned) {
    c.storage = *price.per_gb_month_provisioned * choice.capacity->value() / kBytesPerGB;
  } else if (price.per_gb_month_stored) {
    c.storage = *price.per_gb_month_stored * stored_gb;
  } else if (price.per_gb_month_provisioned) {
    c.unpriced.push_back("provisioned capacity (no `capacity` given)");
    c.storage_unpriced = true;
  } else {
    c.unpriced.push_back(fmt::format("storage on {}", storage.info.name));
    c.storage_unpriced = true;
  }
  if (backing != nullptr) {
    if (backing->cost.per_gb_month_stored && backing->cost.currency == c.currency) {
      c.storage += *backing->cost.per_gb_month_stored * model_gb;
    } else {
      c.unpriced.push_back(fmt::format("the bucket behind {}", storage.info.name));
    }
  }
  c.replication = c.storage * static_cast<double>(workload.regions - 1);

  const double gb_per_month = use.bytes_per_start * use.starts / kBytesPerGB;
  if (price.per_gb_read) c.transfer += *price.per_gb_read * gb_per_month;
  if (price.per_10k_requests) {
    if (storage.requests.size && storage.requests.size->value() > 0) {
      const double requests = use.bytes_per_start * use.starts / storage.requests.size->value();
      c.transfer += *price.per_10k_requests * requests / kRequestsPerPriceUnit;
    } else {
      c.unpriced.push_back("requests (the profile gives no request size)");
    }
  }

  // Puts `amount` in the storage's currency, or apart in the one other currency; false when
  // it would be a third currency.
  const auto charge = [&c](const std::string& currency, double amount, double MonthlyCost::*own,
                           double MonthlyCost::OtherCurrency::*other) {
    if (currency == c.currency || c.currency.empty()) {
      c.currency = currency;
      c.*own += amount;
      return true;
    }
    if (!c.other_currency) c.other_currency = MonthlyCost::OtherCurrency{currency};
    if (c.other_currency->currency != currency) return false;
    (*c.other_currency).*other += amount;
    return true;
  };
  const sim::GpuPricing& gpu = platform.gpu_pricing;
  const auto hourly = gpu.per_hour.find(workload.gpu);
  if (hourly == gpu.per_hour.end()) {
    c.unpriced.push_back(fmt::format("gpu {} on {}", workload.gpu, platform.info.name));
  } else {
    const double wait = use.starts * use.mean_wait_s / kSecondsPerHour * hourly->second;
    charge(gpu.currency, wait, &MonthlyCost::gpu_wait, &MonthlyCost::OtherCurrency::gpu_wait);
  }
  if (const auto update = storage.kind->update_charge(platform); update && use.updates > 0) {
    const double hours = use.updates * use.rebuild_s / kSecondsPerHour;
    if (!update->per_hour) {
      c.unpriced.push_back(
          fmt::format("{} on {} (no build price)", update->what, platform.info.name));
    } else if (!charge(update->currency, hours * *update->per_hour, &MonthlyCost::update,
                       &MonthlyCost::OtherCurrency::update)) {
      c.unpriced.push_back(
          fmt::format("{} (priced in {}, a third currency)", update->what, update->currency));
    }
    for (const std::string& item : update->unpriced) c.unpriced.push_back(item);
  }
  c.total = c.storage + c.replication + c.transfer + c.gpu_wait + c.update;
  return c;
}

void convert_cost(MonthlyCost& cost, const std::optional<sim::ExchangeRates>& rates) {
  if (!rates) {
    cost.reference = cost.currency;
    cost.compared = cost.total + (cost.other_currency ? cost.other_currency->total() : 0.0);
    return;
  }
  cost.reference = rates->reference;
  cost.compared = cost.currency.empty() ? 0.0 : rates->to_reference(cost.currency, cost.total);
  if (cost.other_currency) {
    cost.compared +=
        rates->to_reference(cost.other_currency->currency, cost.other_currency->total());
  }
}

}  // namespace stowage::advisor
