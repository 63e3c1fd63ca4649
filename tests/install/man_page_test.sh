#!/usr/bin/env bash
# The manual page `stowage man` generates from the command definition: groff renders it without a
# warning, and it holds every command with its options, the examples and the exit status.
# Skipped (77) where groff is not installed.
#   man_page_test.sh STOWAGE_BINARY
set -euo pipefail
bin=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v groff >/dev/null || { echo "groff is not installed: skipped"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stowage-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$bin" man -o "$tmp/stowage.1"
groff -man -Tutf8 -ww -z "$tmp/stowage.1" 2>"$tmp/warnings" || fail "groff failed"
[[ ! -s "$tmp/warnings" ]] || fail "groff warns: $(cat "$tmp/warnings")"
groff -man -Tascii -P-cbou "$tmp/stowage.1" 2>/dev/null >"$tmp/page.txt"
for want in "stowage advise" "stowage profiles list" "stowage sweep" "--format" \
            "Examples:" "EXIT STATUS" "STOWAGE_PROFILES" "no GPU found"; do
  grep -qF -- "$want" "$tmp/page.txt" || fail "the page lacks '$want'"
done
! grep -q "stowage completion\|stowage man" "$tmp/page.txt" || fail "a hidden command is listed"
echo "man page: renders without warnings, lists every command, examples and exit status"
