// Exchange-rates loader: reads `exchange-rates.yaml` (sim/exchange_rates.hpp) and checks that
// a set of profiles prices only in currencies it can convert.
//
// The file:
//   description: one line
//   reference: CNY                 # every cost is compared in this currency
//   date: 2025-11-26               # when the rates were published
//   source: URL or document        # where they were read (an assumption is not accepted)
//   rates: {USD: 7.0796}           # units of the reference per unit of each currency, > 0
// Unknown keys, a missing key, a rate for the reference itself or a rate <= 0 are ConfigErrors
// at their position. Deterministic: same text, same rates.
#pragma once

#include <string>

#include "sim/exchange_rates.hpp"
#include "sim/scenario.hpp"

namespace stowage::sim::config {

class YamlDocument;

/// The rates of one file (see above).
ExchangeRates load_exchange_rates(const YamlDocument& doc);

/// Throws a ConfigError at the first profile of `set` that prices in a currency `rates` cannot
/// convert, naming the currency and the rates file.
void check_currencies(const ProfileSet& set, const ExchangeRates& rates);

}  // namespace stowage::sim::config
