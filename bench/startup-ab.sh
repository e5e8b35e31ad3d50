#!/usr/bin/env bash
# Start-up A/B of server jars through the launcher (./ftfleet: extracted jar, Spring AOT, JDK 25 AOT cache or CDS),
# each on its own data directory that already holds a database (the everyday restart), launch -> /health 200.
# Jars are alternated run by run, so a drift of the machine's speed hits all of them alike; one untimed training
# launch and one untimed first launch per jar come first. Prints every run and the median per jar.
# Usage: bench/startup-ab.sh RUNS JAR[::JVM-OPTIONS] [JAR[::JVM-OPTIONS]...]   env: FTFLEET_JAVA (default: the
#        Temurin 25 under /usr/lib/jvm, else java), JAVA_OPTS (all runs). The same jar may be given twice with different
#        options, e.g. app.jar app.jar::-XX:CompileThresholdScaling=2. Loopback only; stops only the servers it started.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=$1; shift
PORT=${PORT:-18207}
JAVA_BIN=${FTFLEET_JAVA:-$(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1)}
JAVA_BIN=${JAVA_BIN:-java}
WORK=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
source bench/lib/await-health.sh   # now_ms, await_health: polling that forks nothing
echo "machine: $(nproc) cores, $("$JAVA_BIN" -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- server || echo '+changes')"

start() { # index, jar, extra JVM options -> prints ms
  local data="$WORK/data-$1" t0
  mkdir -p "$data"
  now_ms; t0=$NOW_MS
  JAVA_OPTS="${JAVA_OPTS:-} $3" FTFLEET_JAR=$2 FTFLEET_LAUNCH_CACHE="$WORK/launch" FTFLEET_JAVA=$JAVA_BIN \
    SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 \
    FTFLEET_DATA_DIR="$data" FTFLEET_ADMIN_PASSWORD=bench-password-1 ./ftfleet > "$WORK/$1.log" 2>&1 &
  PID=$!
  await_health_or_exit "$PORT" "$PID" 300000 "$2" "$WORK/$1.log"
  now_ms
  echo $(( NOW_MS - t0 ))
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
}

JARS=("$@")
OPTS=()
for i in "${!JARS[@]}"; do
  OPTS[$i]=$([[ ${JARS[$i]} == *::* ]] && echo "${JARS[$i]#*::}" || true)
  # Each jar under its own name: the launcher's cache is keyed by the jar's content.
  cp "${JARS[$i]%%::*}" "$WORK/jar$i.jar"
  start "$i" "$WORK/jar$i.jar" "${OPTS[$i]}" > /dev/null   # trains the class archive, migrates the new database
  start "$i" "$WORK/jar$i.jar" "${OPTS[$i]}" > /dev/null
done
declare -A TIMES
for r in $(seq 1 "$RUNS"); do
  for i in "${!JARS[@]}"; do
    t=$(start "$i" "$WORK/jar$i.jar" "${OPTS[$i]}")
    echo "${JARS[$i]} run $r: $t ms"
    TIMES[$i]="${TIMES[$i]:-} $t"
  done
done
for i in "${!JARS[@]}"; do
  echo "${JARS[$i]} median: $(echo ${TIMES[$i]} | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }') ms"
done
