#!/usr/bin/env bash
# Submits SHARDS khabar shards as a Slurm job array and the merge after them.
#   SHARDS=16 CONFIG=pipeline.toml WORK=/shared/work OUT=/shared/out examples/slurm/submit.sh
# KHABAR (the binary), CONFIG, WORK and OUT reach the jobs in their environment (sbatch's
# default --export=ALL). WORK and OUT must be on a filesystem every node sees. Prints the
# merge job's ID.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards=${SHARDS:-4}
array=$(sbatch --parsable --array="0-$((shards - 1))" "$here/shards.sbatch")
array=${array%%;*}
sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes "$here/merge.sbatch"
