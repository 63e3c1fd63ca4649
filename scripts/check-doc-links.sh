#!/usr/bin/env bash
# Checks every relative link of the documentation (README.md, ARCHITECTURE.md, docs/*.md): the
# file it names exists, and a `#anchor` names a heading of the linked markdown file, with the
# anchor spelled as GitHub derives it (lower case; letters, digits, spaces, `-` and `_` kept;
# spaces become `-`; a repeated heading gets `-1`, `-2`). Links in code blocks are not links.
# Prints each broken link as FILE:LINE: TARGET and exits 1 if there is any (a test runs it).
# Usage: scripts/check-doc-links.sh [ROOT] (default: this repository).
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

# The anchors of one markdown file, one a line.
anchors() {
  awk '
    /^ *```/ { fence = !fence; next }
    fence || !/^#+ / { next }
    {
      h = tolower($0); sub(/^#+ +/, "", h); sub(/ +#* *$/, "", h)
      gsub(/[^a-z0-9 _-]/, "", h); gsub(/ /, "-", h)
      n = seen[h]++; print (n ? h "-" n : h)
    }' "$1"
}

status=0
for file in README.md ARCHITECTURE.md docs/*.md; do
  [[ -f "$file" ]] || continue
  dir=$(dirname "$file")
  # FILE-relative targets with the line they are on; external links are not checked.
  while IFS=$'\t' read -r line target; do
    path=${target%%#*}
    anchor=
    [[ "$target" == *"#"* ]] && anchor=${target#*#}
    resolved=$file
    [[ -n "$path" ]] && resolved="$dir/$path"
    if [[ ! -e "$resolved" ]]; then
      echo "$file:$line: $target: no such file" >&2; status=1; continue
    fi
    if [[ -n "$anchor" ]]; then
      if [[ "$resolved" != *.md ]] || ! anchors "$resolved" | grep -qxF -- "$anchor"; then
        echo "$file:$line: $target: no such heading" >&2; status=1
      fi
    fi
  done < <(awk '
    /^ *```/ { fence = !fence; next }
    fence { next }
    {
      rest = $0
      while (match(rest, /\]\([^) ]+\)/)) {
        t = substr(rest, RSTART + 2, RLENGTH - 3); rest = substr(rest, RSTART + RLENGTH)
        if (t !~ /^[a-z]+:/) print NR "\t" t
      }
    }' "$file")
done
exit $status
