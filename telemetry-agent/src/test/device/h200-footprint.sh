#!/usr/bin/env bash
# The footprint of the packaged telemetry agent on a GPU host, against the C floor of the same
# NVML calls. Reconstructs the procedure behind the real-H200 figures in docs/nvml.md and
# docs/benchmarks.md (the scripts of those runs were not committed). Runs on any Linux host with
# bash, gcc and a Java 17+ runtime; needs no Kafka broker (the agent spools, as in a Kafka outage).
#
#   telemetry-agent/src/test/device/h200-footprint.sh [options]
#
#   -j JAR      the agent's shaded jar (default: telemetry-agent/target/telemetry-agent-*-all.jar)
#   -l LIBRARY  the NVML library: a file, a folder holding libnvidia-ml.so.1, or a name (default:
#               the agent's and sample_floor's default, libnvidia-ml.so.1 found by the dynamic
#               linker, i.e. the driver's). For the testkit stub, give its file and set
#               FLEETSCALE_NVML_STUB_SCENARIO to a scenario file.
#   -s SECONDS  measured window (default 60)
#   -w SECONDS  warm-up after the first sample, before the window opens (default 30)
#   -r SECONDS  record the agent's class-data archive in a first run this long, then measure a
#               second run that maps it (default 65; the start script keeps an archive only from a
#               run of at least 60 s). 0: no archive (FLEETSCALE_AGENT_CDS_DIR=off)
#   -n READS    reads of every GPU by sample_floor and by NvmlProbe (default 30)
#   -o DIR      where the report and raw files go (default: a new folder under /tmp)
#
# Environment: JAVA_HOME (else java on PATH); FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS (default an
# unused loopback port: nothing listens, so every sample is spooled); any other FLEETSCALE_*
# variable reaches the agent unchanged.
#
# Steps: (1) nvidia-smi, when there is one; (2) sample_floor.c (src/test/c) built with gcc, N reads
# of the GPUs, before and after (3) NvmlProbe --reads N, one full read per call through the agent's
# JNA binding; (4) sample_floor for N reads at 1 Hz, with its process's RSS; (5) the
# agent through src/main/dist/bin/fleetscale-agent (the start script's flags), optionally a
# recording run first; once it has taken its first sample (published one, when a broker is
# configured) plus the warm-up, /proc/<pid>/stat (utime + stime) and VmRSS every second for the
# window, per-thread CPU, smaps by mapping, /health and /metrics at the end.
# The report is DIR/report.md; the raw outputs lie beside it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/../../.." && pwd)          # telemetry-agent/
jar= library= seconds=60 warmup=30 record=65 reads=30 out=
while getopts j:l:s:w:r:n:o:h opt; do
  case $opt in
    j) jar=$OPTARG ;; l) library=$OPTARG ;; s) seconds=$OPTARG ;; w) warmup=$OPTARG ;;
    r) record=$OPTARG ;; n) reads=$OPTARG ;; o) out=$OPTARG ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2; exit 64 ;;
  esac
done
for pair in "s:$seconds" "w:$warmup" "r:$record" "n:$reads"; do
  case ${pair#*:} in
    ''|*[!0-9]*) echo "h200-footprint: -${pair%%:*} must be a whole number of seconds or reads, was '${pair#*:}'" >&2; exit 64 ;;
  esac
done
[ "$seconds" -ge 1 ] || { echo "h200-footprint: -s must be at least 1" >&2; exit 64; }
[ "$reads" -ge 1 ] || { echo "h200-footprint: -n must be at least 1" >&2; exit 64; }
if [ "$record" -ne 0 ] && [ "$record" -lt 60 ]; then
  echo "h200-footprint: -r must be 0 or at least 60 (the start script keeps no archive from a shorter run)" >&2
  exit 64
fi
if [ -z "$jar" ]; then
  jar=$(ls "$module"/target/telemetry-agent-*-all.jar 2>/dev/null | head -n 1 || true)
fi
[ -f "$jar" ] || { echo "h200-footprint: no agent jar (-j, or mvn -pl telemetry-agent -am package -DskipTests)" >&2; exit 2; }
jar=$(readlink -f "$jar")
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
command -v "$java" >/dev/null || { echo "h200-footprint: no java (set JAVA_HOME)" >&2; exit 2; }
command -v gcc >/dev/null || { echo "h200-footprint: gcc is needed to build sample_floor.c" >&2; exit 2; }
out=${out:-$(mktemp -d /tmp/h200-footprint.XXXXXX)}
mkdir -p "$out"
out=$(readlink -f "$out")
report=$out/report.md
hz=$(getconf CLK_TCK)

# The library as sample_floor's dlopen takes it (a file or a name; a folder means its .so.1).
floor_lib=${library:-libnvidia-ml.so.1}
[ -d "$floor_lib" ] && floor_lib=$floor_lib/libnvidia-ml.so.1
agent_env=()
[ -n "$library" ] && agent_env+=("FLEETSCALE_NVML_LIBRARY=$library")

say() { printf '%s\n' "$*" | tee -a "$report"; }
ticks() { awk '{ sub(/.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }
status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
http_get() {  # http_get PORT PATH: the body, or nothing
  if command -v curl >/dev/null; then
    curl -s --max-time 5 "http://127.0.0.1:$1$2" || true
  else
    { exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3 \
      && sed '1,/^\r$/d' <&3; exec 3<&-; } 2>/dev/null || true
  fi
}
first_series() {  # first_series NAME < exposition: the value of NAME's first series (labels or none)
  awk -v n="$1" 'index($0, n "{") == 1 || index($0, n " ") == 1 { print $NF; exit }'; }
metric() { http_get "$1" /metrics | first_series "$2"; }
free_port() { local p; for p in $(shuf -i 20000-60000 -n 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; echo 29555; }

: >"$report"
say "# Agent footprint, $(date -u '+%Y-%m-%d %H:%M UTC'), host $(hostname), $(nproc) cores"
say ""
say "- agent jar: $jar"
say "- NVML library: ${library:-default name (libnvidia-ml.so.1)}${FLEETSCALE_NVML_STUB_SCENARIO:+, stub scenario $FLEETSCALE_NVML_STUB_SCENARIO}"
say "- Java: $("$java" -version 2>&1 | head -n 1)"
if command -v nvidia-smi >/dev/null; then
  nvidia-smi >"$out/nvidia-smi.txt" 2>&1 || true
  say "- nvidia-smi: $(nvidia-smi --query-gpu=name,driver_version,utilization.gpu,memory.used,power.draw,temperature.gpu --format=csv,noheader 2>/dev/null | head -n 4 | tr '\n' ';')"
fi

# (2)-(4) The C floor and the JNA probe.
gcc -O2 -o "$out/sample_floor" "$module/src/test/c/sample_floor.c" -ldl
floor() {  # floor LABEL READS PAUSE_MS: one sample_floor run of the GPUs: its line, CPU, RSS
  local label=$1 n=$2 pause=$3 runner floor_pid
  rm -f "$out/floor-$label.rss"
  # A subshell whose only child is sample_floor, so that `times` reports sample_floor's CPU alone.
  ( "$out/sample_floor" "$floor_lib" "$n" gpus "$pause" >"$out/floor-$label.txt" 2>&1 || exit 3
    times >"$out/floor-$label.times" ) &   # 2nd line of `times`: the children's user and sys time
  runner=$!
  if [ "$pause" -gt 0 ]; then   # RSS while it runs, every 0.2 s
    while kill -0 "$runner" 2>/dev/null; do
      floor_pid=$(awk '{ print $1 }' "/proc/$runner/task/$runner/children" 2>/dev/null || true)
      [ -n "$floor_pid" ] && grep -E '^(VmHWM|VmRSS|RssAnon|RssFile):' "/proc/$floor_pid/status" \
        >"$out/floor-$label.rss.part" 2>/dev/null && mv -f "$out/floor-$label.rss.part" "$out/floor-$label.rss"
      sleep 0.2
    done
  fi
  wait "$runner" || { echo "h200-footprint: sample_floor failed:" >&2; cat "$out/floor-$label.txt" >&2; exit 3; }
  say "| C floor, $label ($n reads, $pause ms apart) | $(tail -n 1 "$out/floor-$label.txt") | $(awk -v n="$n" 'NR == 2 {
      split($1, u, /[ms]/); split($2, y, /[ms]/); user = u[1] * 60 + u[2]; sys = y[1] * 60 + y[2]
      printf "%.3f s user + %.3f s sys: %.2f ms per read", user, sys, 1000 * (user + sys) / n }' "$out/floor-$label.times") | $(
    [ -f "$out/floor-$label.rss" ] && awk '{ v[$1] = $2 } END { printf "%.1f MiB (%.1f anonymous, %.1f file), peak %.1f",
      v["VmRSS:"] / 1024, v["RssAnon:"] / 1024, v["RssFile:"] / 1024, v["VmHWM:"] / 1024 }' "$out/floor-$label.rss" || echo "—") |"
}
say ""
say "## NVML read cost: the C floor and the agent's binding"
say ""
say "| run | output | CPU | RSS |"
say "| --- | --- | --- | --- |"
floor before "$reads" 0
env "${agent_env[@]}" "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$jar" dev.fleetscale.agent.nvml.NvmlProbe \
  ${library:+--library "$library"} --reads "$reads" >"$out/probe.txt" 2>&1 || {
  echo "h200-footprint: NvmlProbe failed (exit $?):" >&2; cat "$out/probe.txt" >&2; exit 3; }
say "| agent's JNA binding (NvmlProbe --reads $reads) | $(awk '/^read [0-9]+ took/ { r++; ms = $4 + 0; if (r == 1) first = ms; else { v[r - 1] = ms } }
  END { n = r - 1; if (n < 1) { printf "read 1: %.1f ms", first; exit }
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
        s = 0; for (i = 1; i <= n; i++) s += v[i]
        printf "reads 2-%d: median %.1f ms, mean %.1f ms; read 1: %.1f ms", r, v[int((n + 1) / 2)], s / n, first }' "$out/probe.txt") | — | — |"
floor after "$reads" 0
floor at-1Hz "$reads" 1000
say ""
say "$(grep -E '^(driver version|NVML version|device count|XID events)' "$out/probe.txt" | paste -sd ';' | sed 's/;/; /g')"

# (5) The agent.
port=$(free_port)
kafka=${FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$(free_port)}
start_agent() {  # start_agent LOG: starts the agent through the start script; sets agent
  env "${agent_env[@]}" FLEETSCALE_AGENT_JAR="$jar" FLEETSCALE_HOST_ID=${FLEETSCALE_HOST_ID:-h200-device-check} \
    FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS="$kafka" FLEETSCALE_SPOOL_DIR="$out/spool-$(basename "$1" .log)" FLEETSCALE_HTTP_PORT="$port" \
    FLEETSCALE_AGENT_CDS_DIR="$cds" "$module/src/main/dist/bin/fleetscale-agent" >"$1" 2>&1 &
  agent=$!
}
stop_agent() {
  kill -TERM "$agent" 2>/dev/null || true
  wait "$agent" 2>/dev/null || true
}
wait_for_first_sample() {  # until samples_taken (or _published, with a broker given) > 0
  local name=fleetscale_agent_samples_taken_total value
  [ -n "${FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS:-}" ] && name=fleetscale_agent_samples_published_total
  for _ in $(seq 1 120); do
    kill -0 "$agent" 2>/dev/null || { echo "h200-footprint: the agent stopped:" >&2; tail -n 20 "$1" >&2; exit 4; }
    value=$(metric "$port" "$name")
    if [ -n "$value" ] && awk -v v="$value" 'BEGIN { exit !(v > 0) }'; then return; fi
    sleep 1
  done
  echo "h200-footprint: no first sample within 120 s ($name)" >&2; stop_agent; exit 4
}
trap 'stop_agent 2>/dev/null || true' EXIT
if [ "$record" -gt 0 ]; then
  cds=$out/cds
  start_agent "$out/agent-record.log"
  sleep "$record"
  stop_agent
  ls "$cds"/fleetscale-agent-*.jsa >/dev/null 2>&1 || { echo "h200-footprint: the recording run left no archive (see $out/agent-record.log)" >&2; exit 4; }
else
  cds=off
fi
start_agent "$out/agent.log"
wait_for_first_sample "$out/agent.log"
sleep "$warmup"
# The start script execs the JVM, except on a run that records an archive, where it stays its parent.
jvm=$agent
child=$(cat "/proc/$agent/task/$agent/children" 2>/dev/null | awk '{ print $1 }')
[ -n "$child" ] && jvm=$child
threads() { for t in /proc/"$jvm"/task/*; do
  awk '{ n = $0; sub(/^[^(]*\(/, "", n); sub(/\).*/, "", n); gsub(/[0-9]+$/, "N", n); gsub(/ /, "_", n)
         sub(/.*\) /, ""); split($0, f, " "); print n, f[12] + f[13] }' "$t/stat" 2>/dev/null; done \
  | awk '{ s[$1] += $2 } END { for (k in s) print k, s[k] }' | sort; }
threads >"$out/threads-start.txt"
c0=$(ticks "$jvm"); taken0=$(metric "$port" fleetscale_agent_samples_taken_total)
t0=$(date +%s.%N)
: >"$out/rss.txt"
for _ in $(seq 1 "$seconds"); do
  sleep 1
  status_kib "$jvm" VmRSS >>"$out/rss.txt"
done
t1=$(date +%s.%N)
c1=$(ticks "$jvm"); taken1=$(metric "$port" fleetscale_agent_samples_taken_total)
threads >"$out/threads-end.txt"
awk '/^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6 ? $6 : "[anonymous]") } /^Rss:/ { rss[name] += $2 }
     END { for (k in rss) if (rss[k] >= 1024) printf "%.1f MiB %s\n", rss[k] / 1024, k }' "/proc/$jvm/smaps" | sort -rn >"$out/smaps-by-mapping.txt"
grep -E '^(Rss|Anonymous)' "/proc/$jvm/smaps_rollup" >"$out/smaps-rollup.txt" 2>/dev/null || true
http_get "$port" /health >"$out/health.json"
http_get "$port" /metrics >"$out/metrics.txt"
archive=none
grep -q 'fleetscale-agent-[0-9]*\.jsa' "/proc/$jvm/maps" && archive=mapped
stop_agent
trap - EXIT

elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
say ""
say "## The agent (bin/fleetscale-agent), window of $elapsed s after the first sample + $warmup s"
say ""
say "| figure | value |"
say "| --- | --- |"
say "| CPU, % of one core | $(awk -v a="$c0" -v b="$c1" -v hz="$hz" -v s="$elapsed" 'BEGIN { printf "%.2f %%", 100 * (b - a) / hz / s }') |"
say "| RSS, MiB (min / mean / max) | $(awk 'NR == 1 || $1 < min { min = $1 } $1 > max { max = $1 } { sum += $1 }
     END { printf "%.1f / %.1f / %.1f", min / 1024, sum / NR / 1024, max / 1024 }' "$out/rss.txt") |"
say "| samples taken in the window | $(awk -v a="${taken0:-0}" -v b="${taken1:-0}" 'BEGIN { printf "%d", b - a }') |"
say "| class-data archive of the agent | $archive |"
say "| busiest threads, % of one core | $(join "$out/threads-start.txt" "$out/threads-end.txt" \
     | awk -v hz="$hz" -v s="$elapsed" '{ d = $3 - $2; if (d > 0) printf "%.2f %s\n", 100 * d / hz / s, $1 }' \
     | sort -rn | head -n 5 | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }') |"
sum=$(first_series fleetscale_agent_sample_duration_seconds_sum <"$out/metrics.txt")
count=$(first_series fleetscale_agent_sample_duration_seconds_count <"$out/metrics.txt")
say "| sample duration (agent's timer), mean since start | $(awk -v s="${sum:-0}" -v c="${count:-0}" 'BEGIN { if (c > 0) printf "%.1f ms", 1000 * s / c; else print "—" }') |"
say "| spool depth at the end | $(first_series fleetscale_agent_spool_depth <"$out/metrics.txt") |"
say "| NVML call errors since start | $(awk '/^fleetscale_agent_nvml_errors_total/ { s += $NF } END { print s + 0 }' "$out/metrics.txt") |"
say ""
say "/health: $(tr -d '\n' <"$out/health.json" | cut -c 1-400)"
say ""
say "Largest mappings by RSS (smaps): $(head -n 6 "$out/smaps-by-mapping.txt" | sed 's#[^ ]*/##' | paste -sd ';' | sed 's/;/; /g')"
say ""
say "Raw files: $out"
