#!/usr/bin/env bash
# A sharded sweep on a real single-node Slurm cluster: starts munged, slurmctld and slurmd with a
# private configuration under a temporary directory (one node, this machine's cores, ports that
# are free), submits data/sweeps/cluster/sweep-array.sh for SWEEP in SHARDS shards and its
# dependent merge job, waits for both, and checks that the merged table is byte-identical to an
# unsharded run. It stops the daemons by their process ids and removes the directory on every
# path out.
#
# Usage: slurm_sweep_test.sh STOWAGE SOURCE_DIR [SWEEP [SHARDS]]
# Exit 0: passed; 1: failed; 77: skipped (not root, or Slurm and munge not installed) unless
# STOWAGE_CLUSTER_TEST=1 (CI, which installs them), where a missing prerequisite is a failure.
set -euo pipefail

stowage=$(realpath "${1:?usage: slurm_sweep_test.sh STOWAGE SOURCE_DIR [SWEEP [SHARDS]]}")
source_dir=$(realpath "${2:?usage: slurm_sweep_test.sh STOWAGE SOURCE_DIR [SWEEP [SHARDS]]}")
sweep=$(realpath "${3:-$source_dir/tests/fixtures/sweep/small.yaml}")
shards=${4:-4}
# Seconds allowed for each wait: daemons up, node idle, jobs done, daemons down.
start_timeout=30
jobs_timeout=240
stop_timeout=20

say() { echo "slurm-test: $*"; }

skip() {
  if [[ "${STOWAGE_CLUSTER_TEST:-}" == 1 ]]; then
    say "FAILED: $* (STOWAGE_CLUSTER_TEST=1: CI installs the packages and runs as root)"
    exit 1
  fi
  say "SKIPPED: $*"
  exit 77
}

[[ $(id -u) -eq 0 ]] || skip "needs root (slurmd runs jobs as their user; SlurmUser=root)"
missing=()
for tool in munged slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
((${#missing[@]} == 0)) ||
  skip "not installed: ${missing[*]} (apt-get install slurmctld slurmd slurm-client munge)"

# Seconds since `since` (a `date +%s%N`), to the tenth.
seconds_since() {
  local ms=$((($(date +%s%N) - $1) / 1000000))
  printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}
started=$(date +%s%N)
dir=$(mktemp -d /tmp/stowage-slurm.XXXXXX)
chmod 755 "$dir"
munge_pid="" ctld_pid="" slurmd_pid=""
host=$(hostname -s)
export SLURM_CONF="$dir/slurm.conf"

# Stops a daemon by its process id: SIGTERM, then SIGKILL after stop_timeout seconds.
stop() {
  local name=$1 pid=$2
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < stop_timeout * 10; ++i)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name ($pid) did not stop on SIGTERM: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  set +e
  if [[ -n "$ctld_pid" ]] && kill -0 "$ctld_pid" 2>/dev/null; then
    # Jobs first, so that no job step outlives its slurmd.
    scancel --quiet --user=root 2>/dev/null
    for ((i = 0; i < stop_timeout * 10; ++i)); do
      [[ -z "$(squeue -h -o %i 2>/dev/null)" ]] && break
      sleep 0.1
    done
  fi
  # Each job step's slurmstepd keeps a socket in the spool directory until it has exited.
  for ((i = 0; i < stop_timeout * 10; ++i)); do
    compgen -G "$dir/spool/${host}_[0-9]*.[0-9]*" >/dev/null || break
    sleep 0.1
  done
  stop slurmd "$slurmd_pid"
  stop slurmctld "$ctld_pid"
  stop munged "$munge_pid"
  if ((rc != 0)) && [[ -d "$dir/log" ]]; then
    for f in "$dir"/log/*.log; do
      say "---- last lines of $(basename "$f")"
      tail -n 30 "$f"
    done
  fi
  rm -rf "$dir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Waits up to $1 seconds for the command "${@:2}" to succeed.
wait_for() {
  local timeout=$1
  shift
  local deadline=$(($(date +%s) + timeout))
  until "$@" >/dev/null 2>&1; do
    (($(date +%s) < deadline)) || return 1
    sleep 0.5
  done
}

# A TCP port no socket uses (per /proc/net/tcp and tcp6), from $1 up, other than $2.
free_port() {
  local port=$1 used=" " line fields
  for table in /proc/net/tcp /proc/net/tcp6; do
    [[ -r $table ]] || continue
    while read -r line; do
      read -ra fields <<<"$line"
      [[ ${fields[1]:-} == *:* ]] && used+="$((16#${fields[1]##*:})) "
    done <"$table"
  done
  while [[ "$used" == *" $port "* ]] || ((port == ${2:-0})); do port=$((port + 1)); done
  echo "$port"
}

mkdir -p "$dir"/{munge,state,spool,log,out}
chmod 700 "$dir/munge"

# munge: a private key, socket, pid, log and seed file; root runs it (--force).
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge/munge.key"
socket="$dir/munge/munge.socket"
munged --foreground --force --key-file="$dir/munge/munge.key" --socket="$socket" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" \
  --seed-file="$dir/munge/munged.seed" >>"$dir/log/munged.log" 2>&1 &
munge_pid=$!
wait_for "$start_timeout" test -S "$socket" || { say "munged did not start"; exit 1; }

# Ports from a start that differs between runs, so that two tests at once do not collide.
base=$((20000 + (RANDOM % 20000)))
ctld_port=$(free_port "$base")
slurmd_port=$(free_port $((ctld_port + 1)) "$ctld_port")
cpus=$(nproc)
cat >"$SLURM_CONF" <<EOF
ClusterName=stowage-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,bf_interval=1
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
say "cluster: $host, $cpus CPUs, slurmctld port $ctld_port, slurmd port $slurmd_port, in $dir"

slurmctld -D -i -f "$SLURM_CONF" >>"$dir/log/slurmctld.log" 2>&1 &
ctld_pid=$!
wait_for "$start_timeout" scontrol ping || { say "slurmctld did not answer"; exit 1; }
slurmd -D -f "$SLURM_CONF" -N "$host" >>"$dir/log/slurmd.log" 2>&1 &
slurmd_pid=$!
node_idle() { [[ $(sinfo -h -n "$host" -o %T) == idle ]]; }
wait_for "$start_timeout" node_idle || { say "node not idle: $(sinfo -h -o '%N %T %E')"; exit 1; }
say "slurmctld ($ctld_pid), slurmd ($slurmd_pid) and munged ($munge_pid) up after" \
  "$(seconds_since "$started") s"

# The reference: the same sweep unsharded, outside Slurm.
"$stowage" sweep "$sweep" --threads "$cpus" --out "$dir/unsharded.csv"

# The shipped script, as a user runs it from a directory every node sees.
cd "$dir"
submit_time=$(date +%s%N)
submitted=$(CPUS_PER_TASK=1 STOWAGE="$stowage" OUT="$dir/out" \
  "$source_dir/data/sweeps/cluster/sweep-array.sh" "$sweep" "$shards")
echo "$submitted"
array=$(sed -n 's/^submitted array \([0-9]*\) .*/\1/p' <<<"$submitted")
merge=$(sed -n 's/^Submitted batch job \([0-9]*\)$/\1/p' <<<"$submitted")
[[ -n "$array" && -n "$merge" ]] || { say "could not read the job ids"; exit 1; }
say "array job $array ($shards tasks), merge job $merge (afterok:$array)"
squeue -o '%.10i %.14j %.9T %.20E %R'

jobs_done() { [[ -z "$(squeue -h -j "$array,$merge" -o %i 2>/dev/null)" ]]; }
if ! wait_for "$jobs_timeout" jobs_done; then
  say "jobs not done after $jobs_timeout s:"
  squeue -o '%.10i %.14j %.9T %R'
  exit 1
fi
jobs_seconds=$(seconds_since "$submit_time")
say "array and merge done $jobs_seconds s after submission"

name=$(basename "$sweep" .yaml)
# Every array task and the merge completed (exit 0:0), each on the node, with its times.
# One job of `scontrol -o show job` as `STATE exit CODE on NODE, START to END (RUNTIME)`.
describe() {
  local line=$1 f
  declare -A v
  for f in $line; do [[ $f == *=* ]] && v[${f%%=*}]=${f#*=}; done
  echo "${v[JobState]} exit ${v[ExitCode]} on ${v[NodeList]}," \
    "${v[StartTime]#*T} to ${v[EndTime]#*T} (${v[RunTime]})"
}
states=""
while read -r line; do
  task=$(grep -o 'ArrayTaskId=[0-9]*' <<<"$line" | cut -d= -f2)
  job=$(grep -o '^JobId=[0-9]*' <<<"$line" | cut -d= -f2)
  states+="array task $task (job $job): $(describe "$line")"$'\n'
done < <(scontrol -o show job "$array")
states=$(sort -k3n <<<"$states")
echo "$states"
merge_state=$(describe "$(scontrol -o show job "$merge")")
echo "merge (job $merge): $merge_state"
[[ $(grep -c 'COMPLETED exit 0:0' <<<"$states") -eq "$shards" ]] ||
  { say "not every array task completed"; cat "$dir"/out/*.log; exit 1; }
[[ "$merge_state" == "COMPLETED exit 0:0 "* ]] ||
  { say "the merge did not complete"; cat "$dir/out/$name-merge.log"; exit 1; }
say "parts: $(cd "$dir/out" && ls "$name"-part-*.json | tr '\n' ' ')"
say "merge job's output (the frontier):"
cat "$dir/out/$name-merge.log"

# The merged table is the unsharded one, byte for byte.
wc -c "$dir/unsharded.csv" "$dir/out/$name.csv"
sha256sum "$dir/unsharded.csv" "$dir/out/$name.csv"
if ! cmp "$dir/unsharded.csv" "$dir/out/$name.csv"; then
  diff "$dir/unsharded.csv" "$dir/out/$name.csv" | head -20
  say "FAILED: the merged table differs from the unsharded run"
  exit 1
fi
say "PASSED: merged table identical to the unsharded run ($(wc -l <"$dir/unsharded.csv") lines);" \
  "$shards shards and their merge took $jobs_seconds s from submission," \
  "$(seconds_since "$started") s with the cluster's start"
