#!/usr/bin/env bash
# Benchmark: 1,000 simulated bots (one simulator JVM, `freqtrade-sim multi --count N`) registered as external bots in
# a server started from the jar (-Xmx512m), polled every 5 s. Measures over a polling-only phase: poll cycle p50/p99
# (from the ftfleet_poll_cycle_seconds histogram, only the cycles of the phase), server CPU in average cores (from
# /proc/<pid>/stat), heap (max used over the phase from jstat, and used after a full GC). Then GET
# /api/v1/fleet/summary at 64 connections while the bots are still polled (wrk, or bench/AuthMeLoad.java), with the
# cycle p99 of that phase too.
# Usage: bench/fleet-1000.sh [bots] [measure-seconds] [summary-seconds]
# The simulator keeps every bot's trades in memory: at its default rate (a trade every 3 s per bot) 1,000 bots add about
# 75 MB a minute, and with 1 GB it went into back-to-back full GCs after 8 minutes, which slowed every bot and showed as
# slow poll cycles. Hence 4 GB for the simulator (the load generator), while the server keeps -Xmx512m.
# Needs: ./mvnw -DskipTests package (server and simulator jars). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
BOTS=${1:-1000}
MEASURE=${2:-120}
LOADSECS=${3:-30}
CONNS=${CONNS:-64}
PORT=${PORT:-18102}
BASE=${BASE_PORT:-21000}
DATA=$(mktemp -d)
JAR=server/target/ftfleet-server.jar
SIM=simulator/target/freqtrade-sim.jar
[ -f "$JAR" ] && [ -f "$SIM" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }

java -Xmx4g -XX:+UseSerialGC ${SIM_JAVA_OPTS:-} -jar "$SIM" multi --count "$BOTS" --base-port "$BASE" --name-prefix fb \
  > "$DATA/sim.log" 2>&1 &
SIMPID=$!
SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 FTFLEET_DATA_DIR="$DATA" FTFLEET_ADMIN_PASSWORD=bench-password-1 \
  FTFLEET_AUTH_RATE_LIMIT_ENABLED=false FTFLEET_FLEET_POLL_INTERVAL=5s \
  java -Xmx512m ${SERVER_JAVA_OPTS:-} -Dlogging.level.io.ftfleet.fleet.FleetPoller=DEBUG -jar "$JAR" > "$DATA/server.log" 2>&1 &
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
sleep 15 # let the first cycles (logins, websocket handshakes) pass

# Histogram buckets of the poll cycle: "le count" lines.
buckets() { curl -sf "$B/metrics" | grep '^ftfleet_poll_cycle_seconds_bucket' | sed -E 's/.*le="([^"]+)".* ([0-9.E+]+)$/\1 \2/'; }
quantiles() { # $1 before file, $2 after file: prints count, p50, p99 (bucket upper bounds)
  join <(sort "$1") <(sort "$2") | awk '{ d = $3 - $2; printf "%s %d\n", $1, d }' | sort -g | awk '
    { le[NR] = $1; c[NR] = $2 } END { n = c[NR]; p50 = ""; p99 = "";
      for (i = 1; i <= NR; i++) { if (p50 == "" && c[i] >= 0.5 * n) p50 = le[i]; if (p99 == "" && c[i] >= 0.99 * n) p99 = le[i] }
      printf "cycles=%d p50<=%ss p99<=%ss\n", n, p50, p99 }'
}
# Exact cycle durations from the poller's debug line, for the server-log lines $1+1..$2.
exact() {
  sed -n "$(($1 + 1)),$2p" "$DATA/server.log" | sed -nE 's/.*Poll cycle took ([0-9]+) ms.*/\1/p' | sort -n | awk '
    { v[NR] = $1 } END { if (NR == 0) { print "no cycle"; exit }
      i50 = int(0.5 * NR + 0.999); i99 = int(0.99 * NR + 0.999); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1
      printf "exact: cycles=%d p50=%d ms p99=%d ms max=%d ms\n", NR, v[i50], v[i99], v[NR] }'
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
heap_used_kb() { jstat -gc "$PID" | awk 'NR == 2 { print $3 + $4 + $6 + $8 }'; }

buckets > "$DATA/b0"
L0=$(wc -l < "$DATA/server.log")
T0=$(date +%s.%N); C0=$(cpu_ticks "$PID"); S0=$(cpu_ticks "$SIMPID")
MAXHEAP=0
END=$(( $(date +%s) + MEASURE ))
while [ "$(date +%s)" -lt "$END" ]; do
  H=$(heap_used_kb); H=${H%.*}; [ "$H" -gt "$MAXHEAP" ] && MAXHEAP=$H
  sleep 1
done
T1=$(date +%s.%N); C1=$(cpu_ticks "$PID"); S1=$(cpu_ticks "$SIMPID")
buckets > "$DATA/b1"
L1=$(wc -l < "$DATA/server.log")
jcmd "$PID" GC.run > /dev/null
AFTERGC=$(heap_used_kb)

echo "== fleet of $BOTS bots, poll interval 5 s, ${MEASURE} s measured =="
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ) commit: $(git rev-parse --short HEAD)"
echo "poll cycle: $(quantiles "$DATA/b0" "$DATA/b1"); $(exact "$L0" "$L1")"
awk -v c0="$C0" -v c1="$C1" -v s0="$S0" -v s1="$S1" -v t0="$T0" -v t1="$T1" -v hz="$HZ" 'BEGIN {
  printf "server CPU: %.3f cores average; simulator JVM (1,000 bots): %.3f cores\n", (c1 - c0) / hz / (t1 - t0), (s1 - s0) / hz / (t1 - t0) }'
awk -v m="$MAXHEAP" -v a="$AFTERGC" 'BEGIN { printf "server heap: max used %.0f MB, after full GC %.0f MB (-Xmx512m)\n", m / 1024, a / 1024 }'
echo "bots up at the end (ftfleet_bot_up 1): $(curl -sf "$B/metrics" | grep -c '^ftfleet_bot_up{.* 1.0$')"

echo "== GET /api/v1/fleet/summary, $CONNS connections, ${LOADSECS} s, while the bots are polled =="
buckets > "$DATA/b2"
L2=$(wc -l < "$DATA/server.log")
C2=$(cpu_ticks "$PID"); T2=$(date +%s.%N)
if command -v wrk > /dev/null && [ "${DRIVER:-wrk}" = wrk ]; then
  echo "driver: wrk, 2 threads (after a 5 s warm-up run that is not counted)"
  wrk -t2 -c"$CONNS" -d5s -H "Authorization: Bearer $TOKEN" "$B/api/v1/fleet/summary" > /dev/null
  wrk -t2 -c"$CONNS" -d"${LOADSECS}s" --latency -H "Authorization: Bearer $TOKEN" "$B/api/v1/fleet/summary"
else
  echo "driver: bench/AuthMeLoad.java (install wrk for a lighter client)"
  java bench/AuthMeLoad.java "$B/api/v1/fleet/summary" "$TOKEN" "$CONNS" "$LOADSECS"
fi
C3=$(cpu_ticks "$PID"); T3=$(date +%s.%N)
buckets > "$DATA/b3"
L3=$(wc -l < "$DATA/server.log")
echo "poll cycle during the load: $(quantiles "$DATA/b2" "$DATA/b3"); $(exact "$L2" "$L3")"
awk -v c0="$C2" -v c1="$C3" -v t0="$T2" -v t1="$T3" -v hz="$HZ" 'BEGIN {
  printf "server CPU during the load: %.3f cores\n", (c1 - c0) / hz / (t1 - t0) }'
grep -v "Poll cycle took" "$DATA/server.log" | grep -c "WARN\|ERROR" | xargs echo "server log WARN/ERROR lines:"
