#!/usr/bin/env bash
# Benchmark: emergency stop of 1,000 simulated bots. One simulator JVM (`freqtrade-sim multi --count N`, 2024
# flavor) serves the bots, registered as external bots in a server started from the jar (as bench/fleet-1000.sh).
# Then POST /api/v1/emergency/stop-all, and bench/EmergencyBench.java measures the time until every bot's OWN API
# reports entries stopped (show_config: max_open_trades 0, or state stopped), and the route's response time.
# Usage: bench/emergency-1000.sh [bots]   SERVER_JAVA_OPTS=-XX:StartFlightRecording=... to profile the server.
# Needs: ./mvnw -DskipTests package (server and simulator jars). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
BOTS=${1:-1000}
PORT=${PORT:-18103}
BASE=${BASE_PORT:-23000}
DATA=$(mktemp -d)
JAR=server/target/ftfleet-server.jar
SIM=simulator/target/freqtrade-sim.jar
[ -f "$JAR" ] && [ -f "$SIM" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }

java -Xmx2g -XX:+UseSerialGC ${SIM_JAVA_OPTS:-} -jar "$SIM" multi --count "$BOTS" --base-port "$BASE" --name-prefix fb \
  > "$DATA/sim.log" 2>&1 &
SIMPID=$!
SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 FTFLEET_DATA_DIR="$DATA" FTFLEET_ADMIN_PASSWORD=bench-password-1 \
  FTFLEET_AUTH_RATE_LIMIT_ENABLED=false FTFLEET_FLEET_POLL_INTERVAL=5s \
  java -Xmx512m ${SERVER_JAVA_OPTS:-} -jar "$JAR" > "$DATA/server.log" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" "$SIMPID" 2>/dev/null || true
  wait "$PID" "$SIMPID" 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "logs kept in $DATA" || rm -rf "$DATA"
}
trap cleanup EXIT
B="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do curl -sf "$B/health" > /dev/null && break; sleep 1; done
TOKEN=$(curl -sf -X POST "$B/api/v1/auth/login/json" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-password-1"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$((BASE + BOTS - 1))/api/v1/ping" > /dev/null && break; sleep 1; done

echo "registering $BOTS external bots ..."
seq 1 "$BOTS" | xargs -P 4 -I{} sh -c 'curl -sf -o /dev/null -X POST "$0/api/v1/bots/" -H "Authorization: Bearer $1" \
  -H "Content-Type: application/json" -d "{\"name\":\"fb{}\",\"strategy_name\":\"SampleStrategy\",\"exchange\":\"binance\",\
\"stake_currency\":\"USDT\",\"stake_amount\":10,\"runtime\":\"external\",\"external_url\":\"http://127.0.0.1:$(($2 + {} - 1))\",\
\"external_username\":\"fb{}\",\"external_password\":\"fb{}-pass\"}" || echo "bot {} not registered" >&2' \
  "$B" "$TOKEN" "$BASE"
online() {
  curl -sf "$B/api/v1/fleet/summary" -H "Authorization: Bearer $TOKEN" | sed -E 's/.*"ONLINE":([0-9]+).*/\1/'
}
for _ in $(seq 1 120); do [ "$(online)" = "$BOTS" ] && break; sleep 2; done
echo "online: $(online) of $BOTS"
sleep 10 # let the first poll cycles (logins, websocket handshakes) pass

echo "== emergency stop of $BOTS bots =="
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ) commit: $(git rev-parse --short HEAD) load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/EmergencyBench.java "$B" bench-password-1 "$BOTS" "$BASE" "${POLL_CONCURRENCY:-16}"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -c "WARN\|ERROR" "$DATA/server.log" | xargs echo "server log WARN/ERROR lines:"
# The server's own timing: when the last bot was sent stopentry (answered), and when the last stop finished.
grep -o "Emergency stop: .*" "$DATA/server.log" || true
