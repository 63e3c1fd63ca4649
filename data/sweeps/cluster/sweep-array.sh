#!/bin/sh
# A sweep split over a Slurm job array: array task K (SLURM_ARRAY_TASK_ID, from 1 with
# --array=1-N, as `--shard K/N` counts) runs shard K of N = SLURM_ARRAY_TASK_COUNT on its CPUs,
# and writes its part to a shared directory; a merge job that depends on the whole array joins
# the parts.
# From a login node, in a directory every node sees:
#   data/sweeps/cluster/sweep-array.sh data/sweeps/nas-frontier.yaml 4
# Environment: STOWAGE (default: stowage on PATH; the container image of the repository's
# Dockerfile through Apptainer: STOWAGE="apptainer exec docker://REGISTRY/stowage:TAG stowage"),
# OUT (default: ./sweep-results), CPUS_PER_TASK (default: 2; each task runs that many sweep
# threads).
set -eu
sweep=${1:?usage: sweep-array.sh SWEEP.yaml [SHARDS]}
shards=${2:-4}
stowage=${STOWAGE:-stowage}
out=${OUT:-./sweep-results}
cpus=${CPUS_PER_TASK:-2}
name=$(basename "$sweep" .yaml)
mkdir -p "$out"
array=$(sbatch --parsable --job-name="sweep-$name" --array="1-$shards" \
  --cpus-per-task="$cpus" --output="$out/$name-%a.log" \
  --wrap="$stowage sweep '$sweep' --threads \$SLURM_CPUS_PER_TASK \
--shard \$SLURM_ARRAY_TASK_ID/\$SLURM_ARRAY_TASK_COUNT --out \"$out/$name-part-\$SLURM_ARRAY_TASK_ID.json\"")
sbatch --job-name="merge-$name" --dependency="afterok:$array" --output="$out/$name-merge.log" \
  --wrap="$stowage merge '$out'/$name-part-*.json --out '$out/$name.csv' \
--plot '$out/$name.svg' --frontier"
echo "submitted array $array ($shards shards) and its merge; results in $out"
