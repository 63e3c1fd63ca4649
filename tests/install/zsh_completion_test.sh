#!/usr/bin/env bash
# The zsh completion script that `stowage completion zsh` generates from the command definition,
# driven as a user drives it: an interactive zsh on a pseudo-terminal (zsh/zpty) with compinit,
# the script installed as _stowage on $fpath (as cmake --install puts it) and, in a second
# shell, sourced after compinit; each case types a line and TAB, and the line zsh completed to
# is compared with the expected one. Without zsh it is skipped (exit 77), except under
# STOWAGE_CI=1 (.ci/run, whose scripts/build.sh installs zsh), where it fails.
#   zsh_completion_test.sh STOWAGE_BINARY
set -euo pipefail
bin=$1
source "${BASH_SOURCE[0]%/*}/require_tools.sh"
require_tools zsh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stowage-zsh.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/fpath" "$tmp/work" "$tmp/bin"
"$bin" completion zsh -o "$tmp/fpath/_stowage"
zsh -n "$tmp/fpath/_stowage" || { echo "FAIL: zsh -n: the script does not parse" >&2; exit 1; }
ln -s "$(realpath "$bin")" "$tmp/bin/stowage"
touch "$tmp/work/workload-x.yaml"

# The cases: what is typed before TAB, then the line expected after it.
cat >"$tmp/cases" <<'CASES'
stowage ta|stowage table 
stowage profiles sh|stowage profiles show 
stowage table --for|stowage table --format 
stowage table --format c|stowage table --format csv 
stowage profiles list --kind g|stowage profiles list --kind gpu 
stowage advise --prof|stowage advise --profiles 
stowage advise wor|stowage advise workload-x.yaml 
stowage advise --out wor|stowage advise --out workload-x.yaml 
stowage comp|stowage comp
CASES

# One interactive zsh per way of loading the script; a key bound to a widget appends the
# edited line to a file after each TAB, which is read back in step (no sleeps on the output).
cat >"$tmp/drive.zsh" <<'DRIVE'
zmodload zsh/zpty
tmp=$1 mode=$2 out=$1/got.$2
: >$out
zpty z zsh -f -i
setup="cd $tmp/work; path=($tmp/bin \$path); autoload -Uz compinit; compinit -u -D"
[[ $mode == fpath ]] && setup="fpath=($tmp/fpath \$fpath); $setup"
[[ $mode == source ]] && setup="$setup; source $tmp/fpath/_stowage"
zpty -w z "$setup; PS1='> '"
zpty -w z "dump() { print -r -- \"\$BUFFER|\" >>$out; BUFFER=''; }; zle -N dump; bindkey '^X' dump"
n=0
while IFS='|' read -r typed want; do
  zpty -w -n z "$typed"$'\t'$'\x18'
  (( ++n ))
  for i in {1..200}; do
    while zpty -r -t z junk 2>/dev/null; do :; done
    (( $(wc -l <$out) >= n )) && break
    sleep 0.05
  done
done <$tmp/cases
zpty -d z
DRIVE
status=0
for mode in fpath source; do
  timeout 60 zsh -f "$tmp/drive.zsh" "$tmp" "$mode" || true
  n=0
  while IFS='|' read -r typed want; do
    n=$((n + 1))
    got=$(sed -n "${n}p" "$tmp/got.$mode")
    if [[ "$got" != "$want|" ]]; then
      echo "FAIL ($mode): '$typed' TAB gave '${got%|}', expected '$want'" >&2
      status=1
    fi
  done <"$tmp/cases"
done
((status == 0)) && echo "zsh completion: from fpath and sourced, $n lines completed as expected"
exit $status
