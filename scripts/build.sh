#!/usr/bin/env bash
# Usage: scripts/build.sh [--programs] [PRESET...]   (default preset: default)
# Installs the Debian 12 packages stowage needs (only those missing) and builds each preset of
# CMakePresets.json named (default into build/, asan into build-asan/, fuzz into build-fuzz/, which
# needs clang and libFuzzer's runtime, installed then). Safe to run again: it installs nothing
# twice and rebuilds incrementally.
# With STOWAGE_CLUSTER_TEST=1 (CI) it also installs what the Slurm cluster test needs (Slurm's
# controller, node daemon and client, and munge; tests/cluster/slurm_sweep_test.sh), which
# then runs instead of being skipped. With --programs it builds only the programs (`stowage`
# and `stowage-loader`), not the tests (nor the packages only the tests use). apt's own output
# goes to build/apt.log.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=()
if [[ "${1:-}" == --programs ]]; then
  targets=(--target stowage stowage-loader)
  shift
fi
presets=("$@")
((${#presets[@]})) || presets=(default)

packages=(cmake g++ ninja-build pkg-config libyaml-cpp-dev libfyaml-dev libjemalloc-dev libfmt-dev libeigen3-dev
          libcli11-dev nlohmann-json3-dev doctest-dev libbenchmark-dev jq dpkg-dev)
# What only the tests use: the JSON output is validated against docs/schema/
# (tests/schema/json_contract_test.py); the zsh and fish completions run in zsh and fish.
((${#targets[@]})) || packages+=(python3-jsonschema zsh fish)
# Every shipped chart is checked by xmllint and rendered by rsvg-convert in the charts' font
# (tests/install/plots_render_test.sh).
((${#targets[@]})) || packages+=(librsvg2-bin libxml2-utils fonts-dejavu-core)
for preset in "${presets[@]}"; do
  if [[ "$preset" == fuzz ]]; then packages+=(clang libclang-rt-dev); fi  # libFuzzer's runtime
done
if [[ "${STOWAGE_CLUSTER_TEST:-}" == 1 ]]; then
  packages+=(slurmctld slurmd slurm-client munge)
fi
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  mkdir -p build
  log=build/apt.log
  apt_failed() { echo "error: $1 failed; the end of $log:" >&2; tail -n 20 "$log" >&2; exit 1; }
  echo "apt-get update (output in $log)" >&2
  "${sudo[@]}" apt-get update -qq >"$log" 2>&1 || apt_failed "apt-get update"
  echo "apt-get install ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >>"$log" 2>&1 || apt_failed "apt-get install"
fi

# nvcc is optional: the loader's CUDA part is built when it is found.
if ! command -v nvcc >/dev/null; then
  for d in /usr/local/cuda/bin /usr/local/cuda-*/bin; do
    if [[ -x "$d/nvcc" ]]; then export PATH="$PATH:$d"; break; fi
  done
fi

for preset in "${presets[@]}"; do
  cmake --preset "$preset" >&2
  cmake --build --preset "$preset" -j"$(nproc)" "${targets[@]}" >&2
done
