#include "sim/config/exchange_rates_loader.hpp"

#include <fmt/format.h>

#include <limits>

#include "sim/config/config_error.hpp"
#include "sim/config/profile_fields.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {

ExchangeRates load_exchange_rates(const YamlDocument& doc) {
  const YamlNode root = doc.root();
  const YamlMap top = root.map({"description", "reference", "date", "source", "rates"});
  ExchangeRates r;
  r.file = doc.name();
  (void)top.required("description", "one line").as_string();
  r.reference = top.required("reference", "a currency code, e.g. CNY").as_string();
  r.date = top.required("date", "the publication date, e.g. 2025-11-26").as_string();
  const YamlNode source = top.required("source", "where the rates were published");
  r.source = profile_fields::parse_source(source);
  if (r.source.is_assumption()) {
    source.fail("exchange rates must be published figures",
                "the URL or document the rates were read in");
  }
  const YamlNode rates = top.required("rates", "e.g. {USD: 7.0796}");
  for (const auto& [currency, value] : rates.entries()) {
    if (currency == r.reference) {
      value.fail("a rate for the reference currency itself", "rates of other currencies only");
    }
    r.per_unit[currency] =
        value.as_double(std::numeric_limits<double>::min(), std::numeric_limits<double>::max());
  }
  return r;
}

void check_currencies(const ProfileSet& set, const ExchangeRates& rates) {
  const auto check = [&rates](const std::string& currency, const ProfileInfo& info,
                              const char* key) {
    if (currency.empty() || rates.knows(currency)) return;
    throw ConfigError(
        info.file, Mark{}, key,
        fmt::format("no exchange rate from {} to {} in {}", currency, rates.reference, rates.file),
        fmt::format("`rates: {{{}: N}}` in an exchange-rates.yaml of a --profiles directory",
                    currency));
  };
  for (const auto& [name, p] : set.storage) check(p.cost.currency, p.info, "cost.currency");
  for (const auto& [name, p] : set.platform) {
    check(p.gpu_pricing.currency, p.info, "gpu_pricing.currency");
    check(p.image.build_currency, p.info, "image.build_currency");
  }
}

}  // namespace stowage::sim::config
