#!/usr/bin/env bash
# Start-up: launch of the server until /health answers 200, on a fresh data directory each time (so Flyway migrates
# an empty database, the slowest case), N times each for:
#   plain  java -jar server/target/ftfleet-server.jar
#   cds    the same jar extracted (java -Djarmode=tools -jar ... extract) and started with a class data sharing
#          archive made by one training run (-XX:ArchiveClassesAtExit, -Dspring.context.exit=onRefresh), as Spring
#          Boot documents for JDK 17+: java -XX:SharedArchiveFile=app.jsa -jar extracted/ftfleet-server.jar
#   ftfleet-javaN  the launcher ./ftfleet (extracted, Spring AOT, CDS or JDK 25 AOT cache) on each JDK of
#          LAUNCHER_JDKS (default: java on the PATH and the Temurin 25 under /usr/lib/jvm), after one untimed
#          first launch that trains its archive
# Usage: bench/startup.sh [runs]   env: JAVA_OPTS (both variants). Prints each run and the median.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
PORT=${PORT:-18206}
JAR=${JAR:-server/target/ftfleet-server.jar}
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
WORK=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
source bench/lib/await-health.sh   # now_ms, await_health: polling that forks nothing
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- server || echo '+changes')"

measure() { # label, java args...
  local label=$1; shift
  : > "$WORK/$label.times"
  for i in $(seq 1 "$RUNS"); do
    local data="$WORK/data-$label-$i"; mkdir -p "$data"
    local t0; now_ms; t0=$NOW_MS
    SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 FTFLEET_DATA_DIR="$data" FTFLEET_ADMIN_PASSWORD=bench-password-1 \
      "$@" > "$WORK/$label-$i.log" 2>&1 &
    PID=$!
    await_health_or_exit "$PORT" "$PID" 300000 "$label run $i" "$WORK/$label-$i.log"
    now_ms
    local took=$(( NOW_MS - t0 ))
    echo "$label run $i: launch -> /health 200: $took ms ($(grep -o 'Started FtFleetApplication in [0-9.]* seconds' "$WORK/$label-$i.log"))"
    echo "$took" >> "$WORK/$label.times"
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  done
  echo "$label median: $(sort -n "$WORK/$label.times" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }') ms"
}

measure plain java ${JAVA_OPTS:-} -jar "$JAR"

java -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" > /dev/null
APP="$WORK/app/$(basename "$JAR")"
mkdir -p "$WORK/train"
FTFLEET_DATA_DIR="$WORK/train" FTFLEET_ADMIN_PASSWORD=bench-password-1 SERVER_PORT=0 SERVER_ADDRESS=127.0.0.1 \
  java -XX:ArchiveClassesAtExit="$WORK/app.jsa" -Dspring.context.exit=onRefresh -jar "$APP" > "$WORK/train.log" 2>&1 || true
[ -f "$WORK/app.jsa" ] || { echo "no CDS archive was written (see the training log)"; tail -5 "$WORK/train.log"; exit 1; }
echo "cds archive: $(du -h "$WORK/app.jsa" | cut -f1)"
measure cds java ${JAVA_OPTS:-} -XX:SharedArchiveFile="$WORK/app.jsa" -jar "$APP"

# The launcher (./ftfleet): extracted jar, Spring AOT, and its class archive, trained by one untimed first launch.
for jdk in ${LAUNCHER_JDKS:-java $(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1)}; do
  feature=$("$jdk" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
  mkdir -p "$WORK/train-$feature"
  SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 FTFLEET_DATA_DIR="$WORK/train-$feature" FTFLEET_ADMIN_PASSWORD=bench-password-1 \
    FTFLEET_JAVA=$jdk FTFLEET_LAUNCH_CACHE="$WORK/launch" FTFLEET_JAR="$JAR" ./ftfleet > "$WORK/first-$feature.log" 2>&1 &
  PID=$!
  await_health_or_exit "$PORT" "$PID" 600000 "ftfleet on java $feature, first launch" "$WORK/first-$feature.log"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  measure "ftfleet-java$feature" env FTFLEET_JAVA="$jdk" FTFLEET_LAUNCH_CACHE="$WORK/launch" FTFLEET_JAR="$JAR" JAVA_OPTS="${JAVA_OPTS:-}" ./ftfleet
done
