#!/usr/bin/env bash
# The bash completion script that `stowage completion bash` generates from the command definition:
# it registers itself (`complete -p`) and completes subcommands, options and option values when
# driven as bash drives it (COMP_WORDS, COMP_CWORD, then COMPREPLY).
#   completion_test.sh STOWAGE_BINARY
set -euo pipefail
bin=$1
fail() { echo "FAIL: $*" >&2; exit 1; }

source <("$bin" completion bash)
# A here-string, not a pipe: grep -q may exit before the writer ends, which pipefail reports.
grep -q -- '-F _stowage stowage$' <<<"$(complete -p stowage)" || fail "complete -p: $(complete -p stowage)"

# complete WORDS...: runs the completion with the cursor on the last word; prints COMPREPLY.
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _stowage
  echo "${COMPREPLY[*]}"
}
expect() {
  local want=$1
  shift
  local got
  got=$(complete_words "$@")
  [[ "$got" == "$want" ]] || fail "'$*': got '$got', expected '$want'"
}

expect "advise accuracy" stowage a
expect "table" stowage ta
expect "list show" stowage profiles ""
expect "--format" stowage table --for
expect "table markdown csv json" stowage table --format ""
expect "csv" stowage table --format c
expect "gpu" stowage profiles list --kind g
expect "--profiles" stowage advise --prof
# A flag takes no value: the next word is a command or an option again.
expect "list show" stowage profiles -h ""
# A file is bash's default completion: an empty reply.
expect "" stowage advise --out ""
expect "" stowage advise ""
# `completion` itself is hidden.
[[ " $(complete_words stowage "") " != *" completion "* ]] || fail "completion is listed"
echo "bash completion: registered; subcommands, options and values complete"
