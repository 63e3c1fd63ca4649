#!/usr/bin/env bash
# Prints the accuracy table: every published load time of data/validation/cases.yaml against
# stowage's prediction, with the check cases' median and p90 |error|. Builds first if needed.
# Usage: scripts/accuracy.sh [--format table|markdown|csv]
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x build/stowage ]] || scripts/build.sh
exec build/stowage accuracy "$@"
