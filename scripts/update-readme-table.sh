#!/usr/bin/env bash
# Rewrites the README's table of the shipped scenarios against the published guidance, between
# its two marker lines, from `stowage table --format json` (each scenario's recommendation, its
# p99 and cost, and what the advice hinges on), `stowage advise --uncertainty --format json` of
# each data/workloads/*.yaml (how often the recommendation holds over 200 plausible worlds, and
# the figure to measure first) and data/guidance.tsv (the guidance per scenario, and the storages
# it means). After the table: how many scenarios the guidance covers agree, and for each that does
# not, the assumed figure and value at which it would (`stowage table --guidance`). Nothing in the
# section is written by hand. With --check it rewrites nothing and exits
# 1 when the README differs from what it would write (a test runs it so).
set -euo pipefail
# Goldens never read a user's own ~/.config/stowage (advisor/cli/user_dir.hpp).
export XDG_CONFIG_HOME=/dev/null/no-user-config
cd "$(dirname "$0")/.."
stowage=${STOWAGE:-build/stowage}
begin='<!-- shipped-scenarios: written by scripts/update-readme-table.sh from stowage table -->'
end='<!-- /shipped-scenarios -->'
grep -qxF "$begin" README.md && grep -qxF "$end" README.md || {
  echo "update-readme-table: README.md lacks the marker lines" >&2
  exit 2
}

table=$("$stowage" table --format json --guidance data/guidance.tsv)
unc='{}'
for w in data/workloads/*.yaml; do
  u=$("$stowage" advise "$w" --uncertainty --format json | jq -c '{(.workload): (.uncertainty
    | {recommended, confidence, measure_first, candidates: [.candidates[] | {storage, holds}]})}')
  unc=$(jq -c --argjson u "$u" '. + $u' <<< "$unc")
done
section=$(jq -r --rawfile guidance data/guidance.tsv --argjson unc "$unc" '
  def cell: gsub("\\|"; "\\|");
  ($guidance | split("\n") | map(select(length > 0 and (startswith("#") | not)) | split("\t")
     | {(.[0]): .[1]}) | add) as $g
  | def pct: (. * 100 + 1e-9 | floor | tostring) + "%";
  "| scenario | published guidance | stowage recommends | p99 | cost/month | what the advice hinges on (within x3 of an assumed figure) | holds in (200 worlds) | measure first |",
    "|---|---|---|---|---|---|---|---|",
    (.scenarios[]
     | . as $s
     | ($s.candidates | map(select(.storage == $s.recommended)) | first) as $r
     | ($s.candidates[0]) as $best
     | [ $s.workload,
         ($g[$s.workload] // "-"),
         (if $r then $r.storage else "none (" + $best.storage + ": " + ($best.misses | join(", ")) + ")" end),
         (if $r then ($r.p99_s * 10 | round / 10 | tostring) + " s" else "-" end),
         (if $r then $r.cost_text else "-" end),
         (if ($s.hinges | length) == 0 then "nothing flips"
          else [$s.hinges[] | .text] | join("<br>") end),
         ($unc[$s.workload] as $u
          | (if $r then ($u.candidates | map(select(.storage == $r.storage)) | first | .holds | pct)
             else "-" end)
            + (if $u.recommended == null then "; none holds in " + ($u.confidence | pct)
               elif $r and $u.recommended == $r.storage then ""
               else "; " + $u.recommended + " holds in " + ($u.confidence | pct) end)),
         ($unc[$s.workload].measure_first[0] // "-")
       ]
     | map(cell) | "| " + join(" | ") + " |"),
    "",
    ([.scenarios[] | select(.guidance)] as $g
     | "Agreement with the published guidance: \($g | map(select(.guidance.agrees)) | length) of \($g | length) scenarios it covers."
       + ([$g[] | select(.guidance.agrees | not)
           | " \(.workload) (\(.guidance.text)): "
             + (if (.guidance.agree_at | length) == 0
                then "no single figure within x10 of its value makes them agree."
                else "agrees when " + ([.guidance.agree_at[] | .agrees_when] | join("; or ")) + "." end)]
          | if length > 0 then " Where they disagree, what would make them agree:" + join("") else "" end))
' <<< "$table")

new=$(BEGIN_LINE="$begin" END_LINE="$end" SECTION="$section" awk '
  $0 == ENVIRON["BEGIN_LINE"] { print; print ENVIRON["SECTION"]; skip = 1; next }
  $0 == ENVIRON["END_LINE"] { skip = 0 }
  !skip { print }
' README.md)

if [[ "${1:-}" == "--check" ]]; then
  if [[ "$new" != "$(cat README.md)" ]]; then
    echo "update-readme-table: README.md is out of date; run scripts/update-readme-table.sh" >&2
    diff <(cat README.md) <(printf '%s\n' "$new") >&2 || true
    exit 1
  fi
  exit 0
fi
printf '%s\n' "$new" > README.md.tmp && mv README.md.tmp README.md
echo "update-readme-table: rewrote the shipped scenarios table in README.md" >&2
