#!/usr/bin/env bash
# Every chart stowage ships, rendered to PNG: the plot of each shipped sweep (a heat map each,
# data/sweeps/*.yaml), the line chart of a one-axis sweep of the default workload and again with
# each storage's p99 band over 8 plausible worlds (`sweep --uncertainty`), the tornado chart of
# `advise --robustness --plot`, the p99 bands of `advise --uncertainty --band-plot` and the
# accuracy suite's bands (`accuracy --uncertainty --band-plot`). Each SVG
# must be well-formed XML (xmllint) and
# render with rsvg-convert without a message, to a PNG of the SVG's own size, so that a broken
# SVG fails here. Without rsvg-convert (Debian librsvg2-bin) or xmllint (libxml2-utils) it is
# skipped (exit 77), except under STOWAGE_CI=1 (.ci/run, whose scripts/build.sh installs both),
# where it fails. With STOWAGE_PLOTS_DIR set, the SVGs and PNGs are kept there.
#   plots_render_test.sh STOWAGE_BINARY SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
source "${BASH_SOURCE[0]%/*}/require_tools.sh"
require_tools rsvg-convert xmllint
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stowage-plots.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
out=${STOWAGE_PLOTS_DIR:-$tmp/plots}
mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

for sweep in "$src"/data/sweeps/*.yaml; do
  name=$(basename "$sweep" .yaml)
  "$bin" sweep "$sweep" --out "$tmp/$name.csv" --plot "$out/$name.svg" >/dev/null ||
    fail "sweep $name exited $?"
done
cat >"$tmp/burst-line.yaml" <<YAML
version: 1
name: burst-line
base: $src/data/workloads/default.yaml
axes:
  arrivals.count: {from: 1, to: 1000, steps: 13, scale: log}
YAML
"$bin" sweep "$tmp/burst-line.yaml" --out "$tmp/burst-line.csv" --plot "$out/burst-line.svg" \
  >/dev/null || fail "the one-axis sweep exited $?"
"$bin" sweep "$tmp/burst-line.yaml" --uncertainty --worlds 8 --out "$tmp/burst-band.csv" \
  --plot "$out/burst-band.svg" >/dev/null || fail "the one-axis sweep --uncertainty exited $?"
"$bin" advise --robustness --plot "$out/tornado.svg" >/dev/null || fail "advise --plot exited $?"
"$bin" advise --uncertainty --band-plot "$out/p99-band.svg" >/dev/null ||
  fail "advise --band-plot exited $?"
"$bin" accuracy --uncertainty --worlds 8 --band-plot "$out/accuracy-band.svg" >/dev/null ||
  fail "accuracy --band-plot exited $?"

n=0
for svg in "$out"/*.svg; do
  png=${svg%.svg}.png
  xmllint --noout "$svg" 2>"$tmp/xml.err" || fail "$svg is not well-formed XML: $(<"$tmp/xml.err")"
  rsvg-convert -o "$png" "$svg" 2>"$tmp/rsvg.err" || fail "rsvg-convert $svg: $(<"$tmp/rsvg.err")"
  [[ ! -s "$tmp/rsvg.err" ]] || fail "rsvg-convert $svg said: $(<"$tmp/rsvg.err")"
  magic=$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')
  [[ "$magic" == 89504e470d0a1a0a ]] || fail "$png is no PNG"
  # The PNG's width and height (big-endian at bytes 16 and 20) are the SVG's.
  size=$(od -An -tu1 -j16 -N8 "$png" |
    awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
  want=$(sed -n 's/^<svg [^>]* width="\([0-9]*\)" height="\([0-9.]*\)".*/\1 \2/p' "$svg" | head -1)
  [[ "$size" == "${want%.*}" || "$size" == "$want" ]] || fail "$png is $size, the SVG says $want"
  n=$((n + 1))
done
((n >= 7)) || fail "only $n plots rendered"
echo "plots: $n SVGs well-formed and rendered to PNG ($(cd "$out" && ls ./*.png | tr '\n' ' '))"
