// Exchange rates: what one unit of each currency is worth in one reference currency, as data.
//
// Costs keep the currency each profile prices them in (advisor/judge/cost.hpp); ranking compares
// them after converting every amount into the reference currency with these rates, so a choice
// priced in USD and one priced in CNY are compared on one scale. The rates are read from
// `exchange-rates.yaml` at the top of a profiles directory (sim/config/catalog.hpp: the user's
// `--profiles DIR` first, then STOWAGE_PROFILES, the installed and the built-in catalog), with
// the date they were published and their source. A currency without a rate is a user error
// raised when the scenario is resolved, never a guess.
// Worked example: reference CNY, USD 7.0796: USD 10 + CNY 40 = 70.796 + 40 = CNY 110.80.
// Plain data; conversion is pure.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "sim/profile.hpp"

namespace stowage::sim {

struct ExchangeRates {
  std::string reference;  // the currency every cost is compared in, e.g. CNY; required
  /// Currency -> units of `reference` per unit of it; the reference itself is 1 implicitly.
  std::map<std::string, double, std::less<>> per_unit;
  std::string date;  // when the rates were published, YYYY-MM-DD; required
  Source source;     // where they were read; required
  std::string file;  // where they were read from, for messages

  /// Whether `currency` can be converted (the reference, or a currency with a rate).
  bool knows(const std::string& currency) const {
    return currency == reference || per_unit.contains(currency);
  }
  /// `amount` of `currency` in the reference currency; the currency must be known.
  double to_reference(const std::string& currency, double amount) const {
    if (currency == reference) return amount;
    return amount * per_unit.find(currency)->second;
  }
};

}  // namespace stowage::sim
