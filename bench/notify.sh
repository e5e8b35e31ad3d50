#!/usr/bin/env bash
# Benchmark: alert delivery at 1,000 bots. One simulator JVM runs BOTS bots (`freqtrade-sim multi`), each closing a
# trade every TRADE_INTERVAL seconds (default 60: about 1,000 trades a minute over the fleet); they are registered in a
# server started from the jar (-Xmx512m) as external bots, so every trade takes the real path: the bot's own
# exit_fill websocket message -> event.TradeClosed -> notify outbox (H2 file database) -> dispatcher -> a signed
# webhook on loopback (bench/NotifyBench.java, subscribed to trade.closed). Measures over MEASURE seconds: latency
# from the bot's close to the receiver (p50/p95/p99), the rate, server CPU, and that every trade the bots report
# closed in the window arrived exactly once (exit status 1 otherwise).
# Usage: bench/notify.sh [bots] [measure-seconds]   Env: TRADE_INTERVAL (s), POLL (dispatcher poll interval).
# Needs: ./mvnw -DskipTests package (server and simulator jars). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
BOTS=${1:-1000}
MEASURE=${2:-120}
TRADE_INTERVAL=${TRADE_INTERVAL:-60}
POLL=${POLL:-500ms}
PORT=${PORT:-18112}
BASE=${BASE_PORT:-23000}
DATA=$(mktemp -d)
JAR=server/target/ftfleet-server.jar
SIM=simulator/target/freqtrade-sim.jar
[ -f "$JAR" ] && [ -f "$SIM" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }

FTSIM_TRADE_INTERVAL_SECONDS=$TRADE_INTERVAL java -Xmx2g -XX:+UseSerialGC ${SIM_JAVA_OPTS:-} -jar "$SIM" multi \
  --count "$BOTS" --base-port "$BASE" --name-prefix fb > "$DATA/sim.log" 2>&1 &
SIMPID=$!
SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 FTFLEET_DATA_DIR="$DATA" FTFLEET_ADMIN_PASSWORD=bench-password-1 \
  FTFLEET_AUTH_RATE_LIMIT_ENABLED=false FTFLEET_FLEET_POLL_INTERVAL=5s FTFLEET_NOTIFY_POLL_INTERVAL="$POLL" \
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
sleep 20 # the message websockets open after a bot is seen online (4 at a time)

echo "== alerts: $BOTS bots, a trade every ${TRADE_INTERVAL} s per bot, trade.closed to one webhook, ${MEASURE} s =="
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ) commit: $(git rev-parse --short HEAD); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$(getconf CLK_TCK)" = 100 ] || echo "note: CLK_TCK is not 100, the CPU figure is off" >&2
set +e
java bench/NotifyBench.java "$B" "$TOKEN" "$BOTS" "$BASE" "$MEASURE" "$PID"
STATUS=$?
set -e
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
curl -sf "$B/metrics" | grep '^ftfleet_notify_deliveries_total' || true
grep -c "WARN\|ERROR" "$DATA/server.log" | xargs echo "server log WARN/ERROR lines:"
exit $STATUS
