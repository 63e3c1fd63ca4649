#!/usr/bin/env bash
# `stowage merge` at scale: sweep-100k.yaml here (100,000 points, 3 storages each, simulated)
# run once unsharded and once in SHARDS parts, then the merge of the parts under
# /usr/bin/time -v: wall time and peak memory (maximum resident set size), with a check that
# the merged table is byte-identical to the unsharded one. The parts' total size is printed
# too: the merge streams them, so its memory should stay near one part's, not the grid's.
# Usage: bench/merge_scale/run.sh [STOWAGE [MERGE_STOWAGE]]
#   STOWAGE runs the sweeps (default build/stowage); MERGE_STOWAGE runs the merge (default the
#   same), to compare another build's merge on the same parts.
# Environment: SHARDS (default 50), THREADS (default: all cores), WORK (default: a temp dir,
# removed at the end; a given one is kept and its parts reused).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
stowage=$(realpath "${1:-$root/build/stowage}")
merge=$(realpath "${2:-$stowage}")
shards=${SHARDS:-50}
threads=${THREADS:-$(nproc)}
if [[ -n "${WORK:-}" ]]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d /tmp/stowage-merge-scale.XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi
sweep=(sweep "$here/sweep-100k.yaml" --profiles "$root/tests/fixtures/sweep/profiles" --threads
       "$threads")

if [[ ! -f "$work/unsharded.csv" ]]; then
  start=$(date +%s%N)
  "$stowage" "${sweep[@]}" --out "$work/unsharded.csv"
  echo "unsharded sweep: $((($(date +%s%N) - start) / 1000000)) ms"
fi
parts=()
start=$(date +%s%N)
for ((k = 1; k <= shards; ++k)); do
  part="$work/part-$k.json"
  parts+=("$part")
  [[ -f "$part" ]] || "$stowage" "${sweep[@]}" --shard "$k/$shards" --out "$part"
done
echo "$shards shards: $((($(date +%s%N) - start) / 1000000)) ms (0 if reused)"
echo "parts: $(du -cb "${parts[@]}" | tail -1 | cut -f1) bytes in all," \
  "largest $(du -b "${parts[@]}" | sort -n | tail -1 | cut -f1)"
echo "unsharded table: $(wc -l <"$work/unsharded.csv") lines, $(wc -c <"$work/unsharded.csv") bytes"

for extra in "" "--frontier"; do
  rm -f "$work/merged.csv"
  /usr/bin/time -v "$merge" merge "${parts[@]}" --out "$work/merged.csv" $extra \
    >"$work/frontier.txt" 2>"$work/time.txt"
  echo "merge $shards parts${extra:+ $extra}:" \
    "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt") wall," \
    "$(sed -n 's/.*User time (seconds): //p' "$work/time.txt") s user," \
    "$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt") KiB peak RSS"
  cmp "$work/unsharded.csv" "$work/merged.csv"
  echo "  merged table byte-identical to the unsharded run" \
    "($(sha256sum <"$work/merged.csv" | cut -c1-16))"
done
