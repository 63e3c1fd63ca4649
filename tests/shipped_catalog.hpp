// The catalog compiled into the binary, as users get it (no installed or user profiles): the
// tests that work a figure of the shipped profiles by hand read it from here.
#pragma once

#include "sim/config/catalog.hpp"

namespace stowage::testing {

inline sim::config::Catalog built_in_catalog() {
  sim::config::Catalog::Options o;
  o.installed = false;
  return sim::config::Catalog(o);
}

}  // namespace stowage::testing
