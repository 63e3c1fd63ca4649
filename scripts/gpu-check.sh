#!/usr/bin/env bash
# GPU check: on a machine with an NVIDIA GPU, builds stowage and stowage-loader (with CUDA), runs
# the loader's benchmark, its thread sweep of the parallel file-to-GPU pipeline, `stowage
# calibrate` on that record (a GPU profile and a loader profile) and a storage calibration of the test disk, and writes everything
# under data/calibration/gpu-check-<UTC date>-<gpu>/ together with a description of the machine
# (nvidia-smi, driver, CPU, memory, disk). Finishes in under 8 minutes: every step has its own
# time limit, cut to what is left of the whole budget; a step that fails or runs out of time is
# recorded and the next one still runs. Not yet run on a GPU machine (written without one).
#
# Usage: scripts/gpu-check.sh [DIR]
#   DIR: a directory on the disk the file modes read (default build/gpu-check-tmp; not tmpfs,
#        whose pages cannot be dropped, so cold reads would not be cold).
# Environment: GPU_CHECK_THREADS (most reader threads of the sweep, default 32),
#   GPU_CHECK_FILE_SIZE (test file of the sweep, default 2GiB), GPU_CHECK_BUDGET (seconds for
#   the whole check, default 470).
# Exit status: 0 every step ran; 1 a step failed or timed out (see steps.txt); 3 no NVIDIA GPU.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

budget=${GPU_CHECK_BUDGET:-470}  # seconds for the whole check, under 8 minutes
threads=${GPU_CHECK_THREADS:-32}
file_size=${GPU_CHECK_FILE_SIZE:-2GiB}
work=${1:-build/gpu-check-tmp}

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu-check: no NVIDIA GPU found (nvidia-smi missing or failing)" >&2
  exit 3
fi

gpu_name=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1)
slug=$(printf '%s' "$gpu_name" | tr '[:upper:]' '[:lower:]' | tr -cs 'a-z0-9' '-' | sed 's/^-//;s/-$//')
out="data/calibration/gpu-check-$(date -u +%Y-%m-%dT%H%M)-${slug:-gpu}"
mkdir -p "$out" "$work"
steps="$out/steps.txt"
: >"$steps"
failed=0

# step NAME LIMIT_SECONDS COMMAND...: runs COMMAND with stdout and stderr in $out/NAME.txt,
# records its exit status and wall time in steps.txt. Statuses the command documents as
# findings rather than failures are passed in OK_CODES (space-separated, default "0").
# No step runs past the whole check's budget: its limit is cut to what is left of it.
step() {
  local name=$1 limit=$2
  shift 2
  local left=$((budget - SECONDS))
  if ((left < 10)); then
    printf '%-16s skipped: the %ss budget is spent\n' "$name" "$budget" >>"$steps"
    failed=1
    return 0
  fi
  ((limit > left)) && limit=$left
  local start=$SECONDS rc=0
  echo "gpu-check: $name (limit ${limit}s)" >&2
  timeout --kill-after=10 "$limit" "$@" >"$out/$name.txt" 2>&1 || rc=$?
  local ok=0 code
  for code in ${OK_CODES:-0}; do [[ $rc -eq $code ]] && ok=1; done
  printf '%-16s exit %-3s %4ss  %s\n' "$name" "$rc" "$((SECONDS - start))" "$*" >>"$steps"
  if [[ $ok -eq 0 ]]; then
    failed=1
    echo "gpu-check: $name: exit $rc (see $out/$name.txt)" >&2
  fi
  return 0
}

machine() {
  echo "## date (UTC)"; date -u +%Y-%m-%dT%H:%M:%SZ
  echo "## source"; git rev-parse HEAD 2>/dev/null; git status --short 2>/dev/null | head -n 20
  echo "## nvidia-smi"; nvidia-smi
  echo "## nvidia-smi --query-gpu"
  nvidia-smi --query-gpu=name,driver_version,pci.bus_id,pcie.link.gen.current,pcie.link.width.current,pcie.link.gen.max,pcie.link.width.max,memory.total,clocks.max.memory --format=csv
  echo "## /proc/driver/nvidia/version"; cat /proc/driver/nvidia/version 2>/dev/null
  echo "## nvcc"; (command -v nvcc >/dev/null && nvcc --version) || /usr/local/cuda/bin/nvcc --version 2>/dev/null
  echo "## lscpu"; lscpu
  echo "## numactl -H"; numactl -H 2>/dev/null || echo "numactl not installed"
  echo "## free -g"; free -g
  echo "## df -T $work"; df -T "$work"
  echo "## uname -a"; uname -a
}
machine >"$out/machine.txt" 2>&1

# 1. Build the two programs only (the tests are for CI machines).
export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-}
if ! command -v nvcc >/dev/null 2>&1 && [[ -x /usr/local/cuda/bin/nvcc ]]; then
  export PATH="$PATH:/usr/local/cuda/bin"
fi
step configure 90 cmake --preset default
step build 200 cmake --build build -j "$(nproc)" --target stowage stowage-loader
if [[ ! -x build/stowage-loader || ! -x build/stowage ]]; then
  echo "gpu-check: the build failed; see $out/build.txt" >&2
  exit 1
fi
grep -q "CUDA path ON" "$out/configure.txt" || echo "warning: the loader was built without CUDA" >>"$steps"

# 2. The loader's benchmark: pinned copy against a plain cudaMemcpyAsync loop, and file to GPU
#    against its slower stage, and the parallel pipeline at $threads readers beside it. Exit 4
#    means a target was missed: a finding, not a failure.
OK_CODES="0 4" step bench 90 build/stowage-loader --bench --dir "$work" --out "$out/bench.json" \
  --max-threads "$threads" --copy-streams 2

# 3. Every mode once, with the thread sweep of the parallel pipeline (1, 2, 4, ... $threads
#    readers, 2 copy streams, cold and warm) and the host modes (--cpu).
step sweep 240 build/stowage-loader --cpu --dir "$work" --out "$out/loader.json" \
  --file-size "$file_size" --max-threads "$threads" --copy-streams 2 --warmup 1 --trials 3

# 4. Calibrate on that record (no second measurement): the GPU profile and every fit.
#    Exit 4 is a partial calibration: recorded, and counted as a failure of the check.
if [[ -s "$out/loader.json" ]]; then
  step calibrate 60 build/stowage calibrate --from "$out/loader.json" \
    --out "$out/profile-gpu.yaml" --samples-out "$out/calibration-gpu.json"
  [[ -s "$out/profile-gpu.yaml" ]] && step validate 30 build/stowage validate "$out/profile-gpu.yaml"
  # The same record's warm thread sweep of the pipeline as a loader profile.
  step loader-profile 30 build/stowage calibrate --from "$out/loader.json" \
    --loader-profile gpu-check-pipeline --out "$out/loader/gpu-check-pipeline-measured.yaml" \
    --samples-out "$out/calibration-loader.json"
fi

# 5. The test disk as a storage: cold reads by 1 to 16 threads, a warm re-read, CPU time.
OK_CODES="0 4" step storage 90 build/stowage calibrate --storage --dir "$work" \
  --extends local-nvme --name gpu-check-disk --file-size 1GiB --max-threads 16 --warmup 0 \
  --trials 2 --out "$out/storage/gpu-check-disk-measured.yaml" \
  --samples-out "$out/calibration-storage.json"

# The loader removes its own test files; the default directory goes too if it is empty.
[[ $# -eq 0 ]] && rmdir "$work" 2>/dev/null
echo "gpu-check: results in $out (steps.txt lists each step's exit status and time)" >&2
cat "$steps" >&2
exit "$failed"
