#!/usr/bin/env bash
# Start-up benchmark (issue 13): short commands of the quickstart timed as whole processes (user + system CPU of the
# process and its children, wall, peak RSS; medians of RUNS), beside two bare JVM starts of the same JVM in the same
# run: `java -version`, and a hello-world class run from a jar with the flags the launcher gives a spec command
# (client compiler, serial collector), with the JVM's own class-data archive and nothing of batchform's.
#
#   bench/startup.sh                                          # the JVM the launcher would pick (JAVA_HOME or PATH)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64 bench/startup.sh   # another JVM (a Java home or a java executable)
#   RUNS=9 JAR_RUNS=3 bench/startup.sh
#
# The launcher's archive (Java 17) or ahead-of-time cache (Java 25) is trained first, untimed, and its training is
# timed once when TRAINING=1 (it is removed first). CPU comes from the shell's `times` (milliseconds), the peak RSS
# from /usr/bin/time. The load average is printed before and after: the machine may be shared. Work files go to
# ${BENCH_DIR:-/tmp/batchform-startup}; the table is printed and kept in results.txt there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-7}"
jar_runs="${JAR_RUNS:-3}"
work="${BENCH_DIR:-/tmp/batchform-startup}"
mkdir -p "$work"
results="$work/results.txt"

java="java"
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; fi
if [ -n "${JAVA:-}" ]; then
  java="$JAVA"
  if [ -d "$java" ]; then java="$java/bin/java"; fi
fi
export BATCHFORM_JAVA="$java"
javac="$(dirname "$(readlink -f "$(command -v "$java")")")/javac"
if [ ! -x "$javac" ]; then javac=javac; fi

# The bare start: a hello-world class in a jar, run as the launcher runs a spec command.
mkdir -p "$work/hello"
cat >"$work/hello/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
JAVA
"$javac" --release 17 -d "$work/hello" "$work/hello/Hello.java"
printf 'Main-Class: Hello\n' >"$work/hello/manifest.txt"
(cd "$work/hello" && jar cfm hello.jar manifest.txt Hello.class 2>/dev/null \
  || "$(dirname "$javac")/jar" cfm hello.jar manifest.txt Hello.class)
flags=(-Djdk.httpclient.allowRestrictedHeaders=content-length -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f×", a / b}'; }

# measure LABEL RUNS COMMAND...: prints one table row, and keeps the median CPU in $cpu_median.
base_version="" base_hello=""
measure() {
  local label=$1 n=$2; shift 2
  local cpu=() wall=() rss=() status start end line m
  for ((i = 0; i < n; i++)); do
    start=$EPOCHREALTIME
    line="$( { /usr/bin/time -f '%M %x' -o "$work/rss.txt" "$@" >"$work/out.txt" 2>&1 || true; times; } | tail -1)"
    end=$EPOCHREALTIME
    read -r m status < <(tail -1 "$work/rss.txt")
    if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
      echo "bench: '$label' exited $status; its output:" >&2
      tail -20 "$work/out.txt" >&2
    fi
    # times: "0m0.031s 0m0.012s", the children's user and system CPU.
    cpu+=("$(awk -v l="$line" 'BEGIN {split(l, t, " "); for (k in t) {gsub(/s/, "", t[k]); split(t[k], ms, "m");
      s += ms[1] * 60 + ms[2]} printf "%.3f", s}')")
    wall+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')")
    rss+=("$((m / 1024))")
  done
  cpu_median="$(printf '%s\n' "${cpu[@]}" | median)"
  local ratio_version="" ratio_hello=""
  if [ -n "$base_version" ]; then ratio_version="$(ratio "$cpu_median" "$base_version")"; fi
  if [ -n "$base_hello" ]; then ratio_hello="$(ratio "$cpu_median" "$base_hello")"; fi
  printf '| %-36s | %2d | %6s s | %6s s | %4s MB | %6s | %6s |\n' "$label" "$n" "$cpu_median" \
    "$(printf '%s\n' "${wall[@]}" | median)" "$(printf '%s\n' "${rss[@]}" | median)" "$ratio_version" "$ratio_hello" \
    | tee -a "$results"
}

cd "$root/examples/quickstart"
"$root/batchform" --version >/dev/null # builds the jar when stale
if [ "${TRAINING:-0}" = 1 ]; then
  rm -f "$root"/cli/target/batchform*.jsa "$root"/cli/target/batchform*.aot
  measure "training (first validate after a build)" 1 "$root/batchform" validate
fi
"$root/batchform" validate >/dev/null # trains the archive or cache when there is none
rm -rf "$work/state"
"$root/batchform" apply --auto-approve --state-dir "$work/state" >/dev/null 2>&1

{
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $("$java" -version 2>&1 | head -1), $(nproc) cores"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo '| command | runs | CPU | wall | peak RSS | × java -version | × hello jar |'
  echo '|---|---|---|---|---|---|---|'
} | tee -a "$results"
measure "java -version" "$runs" "$java" -version
base_version="$cpu_median"
measure "hello jar (the launcher's flags)" "$runs" "$java" "${flags[@]}" -jar "$work/hello/hello.jar"
base_hello="$cpu_median"
measure "batchform --version" "$runs" "$root/batchform" --version
measure "batchform validate" "$runs" "$root/batchform" validate
measure "batchform plan (no changes)" "$runs" "$root/batchform" plan --state-dir "$work/state"
measure "java -jar batchform.jar plan" "$jar_runs" "$java" -jar "$root/cli/target/batchform.jar" plan \
  --state-dir "$work/state"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
