// Advice reports: one scenario's ranked candidates (advisor/judge/rank.hpp) as `stowage advise` and
// `stowage table` print them.
//
// Formats: a terminal table (colour per verdict when asked), markdown, CSV (one row per
// candidate) and JSON (the contract for scripts; times in seconds, null when infinite or not
// simulated):
//   {"workload": NAME, "recommended": STORAGE or null, "cost_note": TEXT,
//    "quota_raises": [{"quota": "instances" or "gpus", "gpu": NAME or null, "need", "limit",
//                      "note"}],
//    "storage_independent": null or {"p99_s", "target_s", "largest" (a phase name),
//                                    "text" (said first when over half the target, else null)},
//    "candidates": [{"rank", "storage", "kind", "feasible", "reason", "meets_slo", "misses",
//                    "p50_s", "p95_s", "p99_s", "max_s", "load_p50_s", "load_p99_s",
//                    "p99_spread_s": [MIN, MAX],
//                    "replications", "judged_run" (0: the workload's seed),
//                    "p99_load": null or {"instance", "failed", "time_s",
//                                         "phases": {PHASE: seconds, ...}},
//                    "storage_independent_p99_s", "sizing_cannot_help",
//                    "random_delays", "failed", "cost_per_month", "currency",
//                    "cost_text" (as the table shows it, see cost_text),
//                    "cost_compared": {"amount", "currency"} (every amount in the exchange
//                    rates' reference currency, as ranking compares it),
//                    "cost": {"storage" (a number, or "unpriced" when it has no price),
//                             "replication", "transfer", "gpu_wait", "update",
//                             "other_currency": null or {"currency", "gpu_wait", "update"}},
//                    "unpriced", "bottleneck", "update_to_ready_s", "update",
//                    "sized": null or {"by": "stored" or "capacity", "from_bytes", "to_bytes",
//                                      "text"},
//                    "explanation",
//                    "evidence" (`stowage advise` only; advisor/report/evidence.hpp)}]}
// in rank order, with costs rounded to hundredths of a currency unit (kCostScale). Every figure
// is the judged run's (the replication with the worst p99, advisor/judge/evaluate.hpp), but
// "p99_spread_s", which spans every run.
// The explanation of a candidate says, from its judged run: loads and the model size, the limit
// that held the reads back longest with its peak rate and share of read time, when the last load
// was ready, how many missed the timeout, where the p99 load spent its time (phase by phase;
// the GPU copy overlaps the load pass), which targets it misses, the sizing hint (or that sizing
// cannot help when the storage-independent time alone reaches the target), and the
// update-to-ready time when the workload ships updates. When the loads' storage-independent
// time (delivery, sandbox, init) has a p99 over half the p99 target, the advice says so first.
// When the candidates carry evidence (`stowage advise`), the table has an `evidence` column, CSV
// an `evidence` field, and a closing paragraph names each storage and loader profile with its
// check cases (advisor/report/evidence.hpp). Pure: same advice, same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "advisor/judge/advise.hpp"
#include "advisor/report/quota.hpp"

namespace stowage::advisor::report {

/// The terminal table; `width` > 0 fits it and wraps the explanations to that many columns.
std::string advice_table(const Advice& a, bool colour, int width = 0);
std::string advice_markdown(const Advice& a);
std::string advice_csv(const Advice& a);
nlohmann::ordered_json advice_json(const Advice& a);

/// `sized to 8 TiB to meet the SLO`.
std::string sized_text(const AutoSize& s);
/// `204.89 CNY`, `152.85 USD + 2480.57 CNY` (a GPU priced apart), `12.00 USD + storage
/// unpriced`, `unpriced` when nothing is priced, or `-` when infeasible.
std::string cost_text(const Candidate& c);
/// The judged p99 (worst over replications) with its spread when it varies:
/// `74.1 s (70.3 s..74.1 s over 5 runs)`; `32 s (3 runs)` when every run prints the same; `32 s (1
/// run)` when a random delay decided it in a single run; `32 s` when nothing is drawn.
std::string p99_text(const Candidate& c);
/// The notes p99_text puts in parentheses: `70.3 s..74.1 s over 5 runs`, `3 runs`, `1 run`, and
/// what was left unbounded.
std::vector<std::string> p99_spread(const Candidate& c);
/// `p99 367 s > 120 s`, `3 failed > 0 allowed`.
std::string miss_text(const Miss& m);
/// The explanation, or `NAME: not feasible: REASON`.
std::string note_line(const Candidate& c);
/// The cost note in words: the rates used when the SLO group mixes currencies, and each member
/// whose storage is unpriced; empty when neither.
std::string cost_note_text(const CostNote& note);

}  // namespace stowage::advisor::report
