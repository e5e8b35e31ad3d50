#!/usr/bin/env bash
# Benchmark: server restart with N running bots -> all re-adopted. Starts the server (simulator as the freqtrade
# command), creates and starts N bots, records their PIDs (the server's and the OS's), stops the server with SIGTERM
# (the bots keep running: own process group), launches a new server on the same data directory and measures from
# that launch until every bot is observed running again with the SAME PID; then counts relaunches (audit entries
# bot.restart_scheduled / bot.observed_starting since the launch) and compares the OS's PIDs before and after.
# Usage: bench/readopt.sh [bots]   (needs ./mvnw -DskipTests package first). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
BOTS=${1:-50}
PORT=${PORT:-18004}
DATA=$(mktemp -d)
JAR=server/target/ftfleet-server.jar
[ -f "$JAR" ] && [ -f simulator/target/freqtrade-sim.jar ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
SIM="$(command -v java) -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar $PWD/simulator/target/freqtrade-sim.jar"
B="http://127.0.0.1:$PORT"
server() {
  SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 FTFLEET_DATA_DIR="$DATA" FTFLEET_ADMIN_PASSWORD=bench-password-1 \
    FTFLEET_AUTH_RATE_LIMIT_ENABLED=false FTFLEET_RUNTIME_LOCAL_FREQTRADE_COMMAND="$SIM" \
    FTFLEET_RUNTIME_LOCAL_START_TIMEOUT=180s java -jar "$JAR" >> "$DATA/server.log" 2>&1 &
  PID=$!
}
# The bots' processes: those whose command line names a config under this run's own (mktemp) data directory.
bot_pids() { for f in /proc/[0-9]*/cmdline; do tr '\0' ' ' 2>/dev/null < "$f" | grep -q "$DATA/bots/" && basename "$(dirname "$f")"; done | sort -n || true; }
cleanup() {
  curl -sf -o /dev/null -X POST "$B/api/v1/bots/stop-all" -H "Authorization: Bearer ${TOKEN:-}" \
    -H 'Content-Type: application/json' -d '{}' || true
  kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true
  for p in $(bot_pids); do kill "$p" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && echo "logs kept in $DATA" || rm -rf "$DATA"
}
trap cleanup EXIT
server
for _ in $(seq 1 180); do curl -sf "$B/health" > /dev/null && break; sleep 1; done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ) commit: $(git rev-parse --short HEAD) load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/RuntimeBench.java setup "$B" bench-password-1 "$BOTS" "$DATA/pids"
bot_pids > "$DATA/os-before"
echo "bot processes before the restart (OS): $(wc -l < "$DATA/os-before")"

kill -TERM "$PID"; wait "$PID" 2>/dev/null || true
echo "old server stopped (SIGTERM); bot processes still alive: $(bot_pids | wc -l)"
LAUNCH=$(date +%s%3N)
server
java bench/RuntimeBench.java readopt "$B" bench-password-1 "$DATA/pids" "$LAUNCH"
bot_pids > "$DATA/os-after"
if cmp -s "$DATA/os-before" "$DATA/os-after"; then
  echo "bot processes after (OS): the same $(wc -l < "$DATA/os-after") PIDs"
else
  echo "bot processes after (OS) DIFFER: $(comm -3 "$DATA/os-before" "$DATA/os-after" | tr '\n\t' '  ')"
fi
TOKEN=$(curl -sf -X POST "$B/api/v1/auth/login/json" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-password-1"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
