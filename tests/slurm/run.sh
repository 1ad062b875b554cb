#!/usr/bin/env bash
# The Slurm example on a real single-node Slurm: starts munged, slurmctld and slurmd (Debian's
# packages) with a config in a temporary folder, submits examples/slurm/submit.sh over a small
# corpus (the seeds and the SGML fixtures, 3 shards), waits for the merge job, and compares
# every file of the merged dataset with a single `khabar run`. Stops the daemons it started.
# Needs root (SlurmUser=root) and the packages slurmctld slurmd slurm-client munge.
#   tests/slurm/run.sh [KHABAR_BINARY]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
khabar=$(realpath "${1:-$root/target/debug/khabar}")
[ "$(id -u)" = 0 ] || { echo "tests/slurm/run.sh: needs root (Slurm runs as root here)" >&2; exit 1; }
for tool in munged slurmctld slurmd sbatch scontrol; do
    command -v "$tool" >/dev/null || { echo "tests/slurm/run.sh: $tool not found (apt-get install slurmctld slurmd slurm-client munge)" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/khabar-slurm.XXXXXX)
chmod 0755 "$tmp" # the munge user reaches its folder inside
pids=()
cleanup() {
    local rc=$?
    [ -n "${SLURM_CONF:-}" ] && scontrol shutdown >/dev/null 2>&1 || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for f in "$tmp/slurmctld.pid" "$tmp/slurmd.pid" "$tmp/munge/munged.pid"; do
        [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
    done
    sleep 1
    for f in "$tmp/slurmctld.pid" "$tmp/slurmd.pid" "$tmp/munge/munged.pid"; do
        [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true
    done
    if [ "$rc" != 0 ]; then
        echo "--- slurmctld.log" >&2; tail -n 30 "$tmp/slurmctld.log" >&2 2>/dev/null || true
        echo "--- slurmd.log" >&2; tail -n 30 "$tmp/slurmd.log" >&2 2>/dev/null || true
        for log in "$tmp"/corpus/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; cat "$log" >&2; }; done
    fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT

# munge: a key made on the spot, the daemon as the munge user, its socket in $tmp.
mkdir -p "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chown -R munge:munge "$tmp/munge"
chmod 0700 "$tmp/munge"
chmod 0400 "$tmp/munge/munge.key"
socket="$tmp/munge/munge.socket"
runuser -u munge -- munged --force --key-file="$tmp/munge/munge.key" --socket="$socket" \
    --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed"

# Slurm: one node, this machine, as slurmd -C describes it.
host=$(hostname -s)
node=$(slurmd -C | head -n 1)
mkdir -p "$tmp/state" "$tmp/spool"
cat > "$tmp/slurm.conf" <<CONF
ClusterName=khabar-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
$node State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
    state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)
    [ "$state" = idle ] && break
    sleep 1
done
[ "$state" = idle ] || { echo "tests/slurm/run.sh: the node did not come up (state: ${state:-none})" >&2; exit 1; }

# The corpus, and the array job with its merge, submitted as a user would.
corpus="$tmp/corpus"
mkdir -p "$corpus/in"
cp -r "$root/data" "$corpus/in/seeds"
cp -r "$root/tests/fixtures/sgml" "$corpus/in/sgml"
printf '[run]\ninputs = ["in/seeds", "in/sgml"]\nbatch-docs = 2\n' > "$corpus/pipeline.toml"
cd "$corpus"
merge_job=$(SHARDS=3 KHABAR="$khabar" CONFIG="$corpus/pipeline.toml" WORK="$corpus/work" OUT="$corpus/merged" \
    "$root/examples/slurm/submit.sh")
merge_job=${merge_job%%;*}
echo "tests/slurm/run.sh: submitted the array and merge job $merge_job"
for _ in $(seq 300); do
    job_state=$(scontrol show job "$merge_job" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1)
    case "$job_state" in
        COMPLETED) break ;;
        FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE) 
            echo "tests/slurm/run.sh: the merge job ended $job_state" >&2; exit 1 ;;
    esac
    sleep 1
done
[ "$job_state" = COMPLETED ] || { echo "tests/slurm/run.sh: the merge job is $job_state after 300 s" >&2; exit 1; }
shards=$(ls "$corpus/work")
[ "$(echo "$shards" | wc -l)" = 3 ] || { echo "tests/slurm/run.sh: WORK holds $shards" >&2; exit 1; }

"$khabar" run --config "$corpus/pipeline.toml" --output "$corpus/one" 2>/dev/null
diff -r "$corpus/one" "$corpus/merged"
echo "tests/slurm/run.sh: 3 Slurm array tasks + merge job = one khabar run, byte for byte ($(find "$corpus/one" -type f | wc -l) files)"
