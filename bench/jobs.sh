#!/usr/bin/env bash
# Benchmark: job queue overhead with JOBS tiny backtests queued at once (default 100), concurrency 1, the simulator
# as the freqtrade command. Usage: bench/jobs.sh [jobs]   (needs ./mvnw -DskipTests package first). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${1:-100}
PORT=${PORT:-18004}
DATA=$(mktemp -d)
JAR=server/target/ftfleet-server.jar
[ -f "$JAR" ] && [ -f simulator/target/freqtrade-sim.jar ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
SIM="$(command -v java) -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar $PWD/simulator/target/freqtrade-sim.jar"
SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 FTFLEET_DATA_DIR="$DATA" FTFLEET_ADMIN_PASSWORD=bench-password-1 \
  FTFLEET_AUTH_RATE_LIMIT_ENABLED=false FTFLEET_RUNTIME_LOCAL_FREQTRADE_COMMAND="$SIM" \
  java -jar "$JAR" > "$DATA/server.log" 2>&1 &
PID=$!
# Stopping the server stops its running job too (the worker kills its process tree on shutdown).
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break
  sleep 1
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
java bench/JobsBench.java "http://127.0.0.1:$PORT" bench-password-1 "$JOBS"
