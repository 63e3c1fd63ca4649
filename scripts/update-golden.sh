#!/usr/bin/env bash
# Regenerates tests/golden/: for every example workload under data/workloads/, then every workload
# kept for the goldens alone under tests/fixtures/golden-workloads/, and every storage it lists,
# the exact output of `stowage simulate WORKLOAD --storage NAME`, and `stowage advise` of each.
# And `stowage accuracy`, with and without --uncertainty.
# Run it after a model change, read the diff, and explain the change in the commit.
set -euo pipefail
# Goldens never read a user's own ~/.config/stowage (advisor/cli/user_dir.hpp).
export XDG_CONFIG_HOME=/dev/null/no-user-config
cd "$(dirname "$0")/.."
stowage=${STOWAGE:-build/stowage}
golden=tests/golden
rm -f "$golden"/*.txt "$golden"/cases.txt
workloads=(data/workloads/*.yaml tests/fixtures/golden-workloads/*.yaml)
for workload in "${workloads[@]}"; do
  base=$(basename "$workload" .yaml)
  # The storage names are the keys (or items) of the workload's `storage:`.
  names=$(awk '/^storage:/{on=1; next} on && /^[^ ]/{on=0} on && /^  [a-z0-9-]+:/{sub(/^  /,""); sub(/:.*/,""); print}' "$workload")
  for name in $names; do
    args="simulate $workload --storage $name"
    echo "$base-$name $args" >> "$golden/cases.txt"
    "$stowage" $args > "$golden/$base-$name.txt"
  done
done
echo "wrote $(wc -l < "$golden/cases.txt") golden outputs to $golden/" >&2

# `stowage advise` of every workload above, as JSON (the contract for scripts).
for workload in "${workloads[@]}"; do
  base=$(basename "$workload" .yaml)
  args="advise $workload --format json"
  echo "advise-$base $args" >> "$golden/advise-cases.txt"
  "$stowage" $args > "$golden/advise-$base.txt"
done
echo "wrote $(wc -l < "$golden/advise-cases.txt") advise golden outputs to $golden/" >&2

# `stowage accuracy`: the accuracy suite's table (data/validation/).
"$stowage" accuracy > "$golden/accuracy.txt"
echo "wrote the accuracy table to $golden/accuracy.txt" >&2
# `stowage accuracy --uncertainty`: its bands over the ranged figures and with the model error.
"$stowage" accuracy --uncertainty > "$golden/accuracy-bands.txt"
echo "wrote the accuracy bands to $golden/accuracy-bands.txt" >&2
