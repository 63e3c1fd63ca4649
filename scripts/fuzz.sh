#!/usr/bin/env bash
# Usage: scripts/fuzz.sh [--seconds N] [--jobs J] [HARNESS...]
# Runs the libFuzzer harnesses of build-fuzz/ (build them first: scripts/build.sh fuzz), each on a
# corpus seeded from the repository's own inputs of its kind (workloads, profiles, flow scenarios,
# calibration records, accuracy suites, exchange rates, sweep parts), for N seconds each (default
# 300), J harnesses at a time (default 1). With --seconds 0 each harness only replays its seeds
# once, which is what CI does so that the harnesses cannot rot. Every harness runs with
# ASan + UBSan; a crash, a sanitizer report, a leak, a hang (an input over 10 s) or more than 2 GiB
# of memory stops it and fails the script. Corpora grow under build-fuzz/corpus/HARNESS; crash
# inputs are written to build-fuzz/crashes/. The last line per harness gives its runs.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=300
jobs=1
harnesses=()
while (($#)); do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "error: unknown option $1 (expected --seconds N, --jobs J or harness names)" >&2; exit 2 ;;
    *) harnesses+=("$1"); shift ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "error: --seconds: '$seconds' is not a whole number" >&2; exit 2; }
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "error: --jobs: '$jobs' is not a positive whole number" >&2; exit 2; }
all=(workload_fuzz workload_sim_fuzz profile_fuzz flows_fuzz calibration_record_fuzz
     accuracy_suite_fuzz exchange_rates_fuzz merge_part_fuzz)
((${#harnesses[@]})) || harnesses=("${all[@]}")

# The seeds of each harness: the repository's files of the kind it reads.
seeds() {
  case "$1" in
    workload_fuzz|workload_sim_fuzz)
      ls data/workloads/*.yaml data/validation/workloads/*.yaml tests/fixtures/workloads/*.yaml \
         tests/fixtures/golden-workloads/*.yaml tests/fixtures/fuzz/*.yaml
      ls tests/fixtures/bad/*.yaml | grep -v '/flows_' ;;
    profile_fuzz) find profiles data/validation/profiles -name '*.yaml' ! -name 'exchange-rates.yaml' ;;
    flows_fuzz) ls tests/fixtures/flows/*.yaml tests/fixtures/bad/flows_*.yaml ;;
    calibration_record_fuzz) find data/calibration tests/fixtures/calibration -name '*.json' ;;
    accuracy_suite_fuzz) ls data/validation/cases.yaml tests/fixtures/fuzz/*.yaml ;;
    exchange_rates_fuzz) ls profiles/exchange-rates.yaml tests/fixtures/fuzz/*.yaml ;;
    merge_part_fuzz) ls tests/fixtures/fuzz/merge_part/*.json ;;
    *) echo "error: unknown harness '$1' (expected one of: ${all[*]})" >&2; return 2 ;;
  esac
}

run_one() {
  local h=$1 bin=build-fuzz/tests/fuzz/$1 corpus=build-fuzz/corpus/$1 log=build-fuzz/fuzz-$1.log
  [[ -x "$bin" ]] || { echo "error: $bin is not built (run scripts/build.sh fuzz)" >&2; return 1; }
  mkdir -p "$corpus" build-fuzz/crashes
  seeds "$h" | xargs -r cp -t "$corpus"
  local dict=()
  [[ "$h" == workload_fuzz || "$h" == workload_sim_fuzz ]] && dict=(-dict=tests/fuzz/workload.dict)
  local limit=(-max_total_time="$seconds")
  ((seconds > 0)) || limit=(-runs=0)
  if "$bin" "${dict[@]}" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix=build-fuzz/crashes/"$h"- "$corpus" >"$log" 2>&1; then
    local runs
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "$h: clean, $runs runs in ${seconds} s, corpus $(ls "$corpus" | wc -l) inputs"
  else
    echo "$h: FAILED (see $log; inputs in build-fuzz/crashes/)" >&2
    grep -m3 -E 'ERROR|runtime error|Timeout|out-of-memory' "$log" >&2 || tail -n 5 "$log" >&2
    return 1
  fi
}

failed=0
running=0
for h in "${harnesses[@]}"; do
  seeds "$h" >/dev/null || exit 2
  run_one "$h" &
  running=$((running + 1))
  if ((running >= jobs)); then wait -n || failed=1; running=$((running - 1)); fi
done
while ((running > 0)); do wait -n || failed=1; running=$((running - 1)); done
exit "$failed"
