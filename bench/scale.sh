#!/usr/bin/env bash
# Scale benchmark (issue 13): N pools in N/50 Batch accounts against the embedded emulator, each command timed as a
# whole process (user + system CPU of the process and its children, wall, peak RSS) beside `java -version` in the
# same run. For each N: the first apply of a fresh state (APPLY_RUNS times, a fresh directory each), then a no-op
# plan of that state (PLAN_RUNS times); medians.
#
#   bench/scale.sh                  # N = 10 100 1000 5000
#   SIZES="10 100" PLAN_RUNS=3 bench/scale.sh
#   BATCHFORM=path/to/bin/batchform bench/scale.sh   # another launcher (default: ./batchform of this checkout)
#   JAVA_OPTS_EXTRA=... is not read; to profile, run the printed command lines by hand with JDK_JAVA_OPTIONS.
#   STATE=blob bench/scale.sh       # the state in a blob (--state-url) of an Azurite started for the run
#
# With STATE=blob, Azurite (providers/azure/node_modules, installed by the build or `npm ci` there) listens on
# 127.0.0.1:${AZURITE_PORT:-10077} in memory; each apply starts from no state blob (bench/StateBlobs.java deletes it
# with its backup and journal), and Azurite's own CPU during each row is printed under it (not in the row: the row
# times batchform's process tree, as for local state).
#
# Accounts are spread two per region (the emulator, like Azure, allows 3 Batch accounts per region and
# subscription); every other pool is fixed at one node, the others carry a 6-statement autoscale formula.
# Work files go to ${BENCH_DIR:-/tmp/batchform-bench}; the result table is printed and kept in results.txt there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
batchform="${BATCHFORM:-$root/batchform}"
sizes="${SIZES:-10 100 1000 5000}"
state="${STATE:-file}"
work="${BENCH_DIR:-/tmp/batchform-bench}"
mkdir -p "$work"
results="$work/results.txt"

# The first regions of the catalogue, in a fixed order (the emulator knows every Azure region).
regions=(westeurope northeurope eastus eastus2 westus westus2 westus3 centralus northcentralus southcentralus
  westcentralus canadacentral canadaeast brazilsouth uksouth ukwest francecentral germanywestcentral
  norwayeast swedencentral switzerlandnorth polandcentral italynorth spaincentral australiaeast australiasoutheast
  australiacentral japaneast japanwest koreacentral koreasouth southeastasia eastasia centralindia southindia
  westindia uaenorth southafricanorth qatarcentral israelcentral mexicocentral newzealandnorth austriaeast
  belgiumcentral chilecentral indonesiacentral malaysiawest denmarkeast jioindiawest francesouth)

spec() { # N -> spec text
  local n=$1 accounts=$(( ($1 + 49) / 50 ))
  printf 'resourceGroup: rg-bench\nlocation: westeurope\nbatchAccounts:\n'
  for ((a = 0; a < accounts; a++)); do
    printf '  acct%d:\n    name: bfbench%d\n    location: %s\n' "$a" "$a" "${regions[$((a / 2))]}"
  done
  printf 'pools:\n'
  for ((p = 0; p < n; p++)); do
    printf '  pool%d:\n    account: acct%d\n    vmSize: Standard_D2s_v3\n' "$p" "$((p / 50))"
    printf '    image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}\n'
    printf '    nodeAgentSkuId: batch.node.ubuntu 22.04\n'
    if ((p % 2 == 0)); then
      printf '    fixedScale: {targetDedicatedNodes: 1}\n'
    else
      cat <<'POOL'
    autoScale:
      evaluationInterval: 5m
      formula: |
        startingNumberOfVMs = 1;
        maxNumberOfVMs = 2;
        pendingTaskSamplePercent = $PendingTasks.GetSamplePercent(180 * TimeInterval_Second);
        pendingTaskSamples = pendingTaskSamplePercent < 70 ? startingNumberOfVMs : avg($PendingTasks.GetSample(180 * TimeInterval_Second));
        $TargetDedicatedNodes = min(maxNumberOfVMs, pendingTaskSamples);
        $NodeDeallocationOption = taskcompletion;
POOL
    fi
  done
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure LABEL RUNS SETUP -- COMMAND...: runs SETUP (untimed) then COMMAND, RUNS times; prints one table row.
measure() {
  local label=$1 runs=$2 setup=$3; shift 4
  local cpu=() wall=() rss=() status
  for ((i = 0; i < runs; i++)); do
    eval "$setup"
    status=0
    /usr/bin/time -f '%U %S %e %M' -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1 || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
      echo "bench: '$label' exited $status; its output:" >&2
      tail -20 "$work/out.txt" >&2
    fi
    read -r u s e m < <(tail -1 "$work/time.txt")
    cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')"); wall+=("$e"); rss+=("$((m / 1024))")
  done
  printf '| %-34s | %4d | %8s s | %8s s | %6s MB | %s |\n' "$label" "$runs" \
    "$(printf '%s\n' "${cpu[@]}" | median)" "$(printf '%s\n' "${wall[@]}" | median)" \
    "$(printf '%s\n' "${rss[@]}" | median)" "exit $status" | tee -a "$results"
}

# Outside the timings: build the jar when stale, and let the launcher train its class-data archive (once per jar).
mkdir -p "$work/warm-up"
spec 10 >"$work/warm-up/batchform.yaml"
(cd "$work/warm-up" && "$batchform" validate >/dev/null)
azurite_pid=
if [ "$state" = blob ]; then
  azurite="$root/providers/azure/node_modules/.bin/azurite-blob"
  [ -x "$azurite" ] || { echo "bench: $azurite is missing: run npm ci in providers/azure" >&2; exit 1; }
  port="${AZURITE_PORT:-10077}"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench: port $port is taken; set AZURITE_PORT" >&2
    exit 1
  fi
  "$azurite" --blobHost 127.0.0.1 --blobPort "$port" --inMemoryPersistence --disableTelemetry --skipApiVersionCheck \
    >"$work/azurite.log" 2>&1 &
  azurite_pid=$!
  trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do grep -q "successfully listens" "$work/azurite.log" && break; sleep 0.2; done
  endpoint="http://127.0.0.1:$port/devstoreaccount1"
  export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=$endpoint;"
  blobs() { java -cp "$root/cli/target/batchform.jar" "$root/bench/StateBlobs.java" "$@"; }
  blobs container tfstate
fi

# The CPU seconds Azurite has used so far (user + system, from /proc), or 0 without it.
azurite_cpu() {
  if [ -n "$azurite_pid" ]; then
    awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$azurite_pid/stat"
  else
    echo 0
  fi
}

{
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load:$(uptime | sed 's/.*load average://'), state: $state"
  echo "# $(java -version 2>&1 | head -1); launcher: $batchform"
  echo '| command | runs | CPU (median) | wall (median) | peak RSS | last exit |'
  echo '|---|---|---|---|---|---|'
} | tee -a "$results"
measure "java -version" 5 : -- java -version
for n in $sizes; do
  dir="$work/n$n"
  mkdir -p "$dir"
  spec "$n" >"$dir/batchform.yaml"
  case $n in
    10 | 100) apply_runs=${APPLY_RUNS:-3} plan_runs=${PLAN_RUNS:-5} ;;
    1000) apply_runs=${APPLY_RUNS:-1} plan_runs=${PLAN_RUNS:-3} ;;
    *) apply_runs=${APPLY_RUNS:-1} plan_runs=${PLAN_RUNS:-1} ;;
  esac
  cd "$dir"
  if [ "$state" = blob ]; then
    # The embedded emulator keeps its data in --state-dir; the state itself is the blob.
    remote=(--state-url "$endpoint/tfstate/n$n.json")
    fresh='rm -rf "$dir/state"; blobs delete tfstate "n$n.json"'
    label=", remote state"
  else
    remote=()
    fresh='rm -rf "$dir/state"'
    label=""
  fi
  before=$(azurite_cpu)
  measure "apply, $n pools, $(( (n + 49) / 50 )) accounts$label" "$apply_runs" "$fresh" -- \
    "$batchform" apply --auto-approve --no-color --state-dir "$dir/state" "${remote[@]}"
  [ "$state" = blob ] && echo "#   Azurite CPU during these $apply_runs applies: $(awk -v a="$before" -v b="$(azurite_cpu)" \
    'BEGIN {printf "%.2f", b - a}') s" | tee -a "$results"
  before=$(azurite_cpu)
  measure "no-op plan, $n pools$label" "$plan_runs" : -- \
    "$batchform" plan --detailed-exitcode --no-color --state-dir "$dir/state" "${remote[@]}"
  [ "$state" = blob ] && echo "#   Azurite CPU during these $plan_runs plans: $(awk -v a="$before" -v b="$(azurite_cpu)" \
    'BEGIN {printf "%.2f", b - a}') s" | tee -a "$results"
  cd "$root"
done
echo "# load at the end:$(uptime | sed 's/.*load average://')" | tee -a "$results"
