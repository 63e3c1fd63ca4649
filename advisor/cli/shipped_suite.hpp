// The shipped accuracy suite (data/validation/cases.yaml), read as `stowage accuracy` reads it:
// its profiles directory first, then the catalog. `advise` takes its evidence and its model error
// from it (advisor/judge/evidence.hpp, advisor/judge/model_error.hpp), `table --uncertainty` its
// model error.
#pragma once

#include <memory>

#include "sim/config/accuracy_cases.hpp"
#include "sim/config/catalog.hpp"

namespace stowage::advisor {

struct ShippedSuite {
  sim::config::AccuracySuite suite;
  sim::config::Catalog catalog;  // the suite's profiles directory first, then the catalog
};

/// The shipped suite, or null when it is not where the source tree keeps it (an installed
/// `stowage` without its data).
std::unique_ptr<const ShippedSuite> shipped_suite();

}  // namespace stowage::advisor
