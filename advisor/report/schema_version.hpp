// The version of stowage's JSON contract: every JSON document stowage writes (advise, table,
// simulate, sweep rows and parts, merge, accuracy, profiles list and show) carries it as its
// first key, "schema_version". docs/schema/*.schema.json describe the documents of this version
// and docs/json.md says what the contract promises: a key added keeps the version; a key
// removed or renamed, or a value whose type or meaning changes, raises it.
#pragma once

#include <nlohmann/json.hpp>

namespace stowage::advisor::report {

inline constexpr int kSchemaVersion = 1;

/// `doc` (an object) with "schema_version" put first, before its own keys.
nlohmann::ordered_json versioned(nlohmann::ordered_json doc);

}  // namespace stowage::advisor::report
