# Sourced by the tests that need a tool scripts/build.sh installs. `require_tools TOOL...` skips
# the test (exit 77, which ctest shows as skipped) when one is not on PATH, except under
# STOWAGE_CI=1 (.ci/run, on a machine build.sh prepared), where a missing tool fails it.
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null && continue
    if [[ "${STOWAGE_CI:-}" == 1 ]]; then
      echo "FAIL: $tool is not installed (STOWAGE_CI=1)" >&2
      exit 1
    fi
    echo "skipped: $tool is not installed" >&2
    exit 77
  done
}
