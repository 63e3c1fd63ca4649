#!/usr/bin/env bash
# The fish completion script that `stowage completion fish` generates from the command
# definition, run by fish itself: installed as cmake --install puts it
# (PREFIX/share/fish/vendor_completions.d/stowage.fish, PREFIX/share on $XDG_DATA_DIRS) and
# loaded by fish on its own for `stowage` on PATH, then `complete -C LINE` lists what fish
# offers for each line. Without
# fish it is skipped (exit 77), except under STOWAGE_CI=1 (.ci/run, whose scripts/build.sh
# installs fish), where it fails.
#   fish_completion_test.sh STOWAGE_BINARY
set -euo pipefail
bin=$1
source "${BASH_SOURCE[0]%/*}/require_tools.sh"
require_tools fish
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stowage-fish.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/share/fish/vendor_completions.d" "$tmp/work" "$tmp/bin" "$tmp/home"
"$bin" completion fish -o "$tmp/share/fish/vendor_completions.d/stowage.fish"
ln -s "$(realpath "$bin")" "$tmp/bin/stowage"
# fish with only this install added: its own configuration and data, no user's.
run_fish() {
  (cd "$tmp/work" && PATH="$tmp/bin:$PATH" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/config" \
    XDG_DATA_DIRS="$tmp/share:/usr/local/share:/usr/share" fish -c "$1")
}
touch "$tmp/work/workload-x.yaml"
status=0
# expect LINE WANT: the candidates fish offers for LINE (without descriptions), space-separated.
expect() {
  local got
  got=$(run_fish "complete -C '$1'" | cut -f1 | sort | tr '\n' ' ')
  if [[ "${got% }" != "$2" ]]; then
    echo "FAIL: '$1': got '${got% }', expected '$2'" >&2
    status=1
  fi
}
expect "stowage ta" "table"
expect "stowage profiles " "list show"
expect "stowage table --for" "--format"
expect "stowage table --format " "csv json markdown table"
expect "stowage profiles list --kind g" "gpu"
expect "stowage advise --prof" "--profiles"
expect "stowage advise wor" "workload-x.yaml"
expect "stowage comp" ""
# Every subcommand offered carries its description.
offered=$(run_fish "complete -C 'stowage '")
if ! grep -q $'^advise\t.' <<<"$offered"; then
  echo "FAIL: 'stowage ' offers advise without its description" >&2
  status=1
fi
((status == 0)) && echo "fish completion: subcommands, options, values and files complete"
exit $status
