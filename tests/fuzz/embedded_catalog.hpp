// The catalog the harnesses check names against: the embedded profiles only, so that a run
// finds the same profiles wherever it runs. Built once per process, on first use.
#pragma once

#include "sim/config/catalog.hpp"

namespace stowage::fuzz {

inline const sim::config::Catalog& embedded_catalog() {
  static const sim::config::Catalog c = [] {
    sim::config::Catalog::Options options;
    options.installed = false;
    return sim::config::Catalog(options);
  }();
  return c;
}

}  // namespace stowage::fuzz
