#!/usr/bin/env bash
# JFR profile of one route under load: starts the jar with a flight recording (settings=profile), logs in, loads the
# route with wrk for SECS at CONNS connections, then prints the contended monitors (jdk.JavaMonitorEnter: count and
# total wait by monitor class) and the hottest frames of the execution samples: top self frames and the share of
# samples whose stack passes through each of a few packages (database, Micrometer, security, Jackson, Tomcat).
# Usage: bench/profile.sh [route[,route...]] [seconds]   (default /api/v1/auth/me, 20 s)
#   env: CONNS (64), KEEP=1 keeps the .jfr files, BOTS=N creates N bots first (as bench/api-vs-peer.sh does),
#        HEADER='If-None-Match: ...' adds a header to every request (use the value ETAG for the route's own ETag),
#        JFRVIEW=/path/to/jdk-21+/bin/jfr also prints `jfr view hot-methods` and `allocation-by-site`.
# Several routes are profiled one after the other in the same server, one recording each.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUTES=${1:-/api/v1/auth/me}
SECS=${2:-20}
CONNS=${CONNS:-64}
PORT=${PORT:-18208}
JAR=${JAR:-server/target/ftfleet-server.jar}
WORK=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 FTFLEET_DATA_DIR="$WORK/data" FTFLEET_ADMIN_PASSWORD=bench-password-1 \
  FTFLEET_AUTH_RATE_LIMIT_ENABLED=false java ${JAVA_OPTS:-} -jar "$JAR" > "$WORK/server.log" 2>&1 &
PID=$!
B="http://127.0.0.1:$PORT"
until curl -sf -o /dev/null "$B/health"; do sleep 0.2; done
TOKEN=$(curl -sf -X POST "$B/api/v1/auth/login/json" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-password-1"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
for i in $(seq 1 "${BOTS:-0}"); do
  curl -sf -o /dev/null -X POST "$B/api/v1/bots" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bot-$i\",\"description\":\"bench bot\",\"strategy_name\":\"SampleStrategy\",\"exchange\":\"binance\",
         \"stake_currency\":\"USDT\",\"stake_amount\":100,\"max_open_trades\":3,\"timeframe\":\"5m\",
         \"pair_whitelist\":[\"BTC/USDT\",\"ETH/USDT\"]}" || echo "bot-$i not created" >&2
done
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- server || echo '+changes')  load $(cut -d' ' -f1-3 /proc/loadavg)"
N=0
for ROUTE in ${ROUTES//,/ }; do
N=$((N + 1))
EXTRA=${HEADER:-}
if [ "$EXTRA" = ETAG ]; then
  EXTRA="If-None-Match: $(curl -sf -D - -o /dev/null "$B$ROUTE" -H "Authorization: Bearer $TOKEN" | awk 'tolower($1) == "etag:" { print $2 }' | tr -d '\r')"
fi
echo "==== $ROUTE ${EXTRA:+($EXTRA)} body $(curl -s "$B$ROUTE" -H "Authorization: Bearer $TOKEN" | wc -c) bytes"
wrk -t2 -c"$CONNS" -d5s -H "Authorization: Bearer $TOKEN" ${EXTRA:+-H "$EXTRA"} "$B$ROUTE" > /dev/null # warm-up
jcmd "$PID" JFR.start name=load settings=profile filename="$WORK/$N.jfr" > /dev/null
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" ${EXTRA:+-H "$EXTRA"} "$B$ROUTE" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket"
jcmd "$PID" JFR.stop name=load > /dev/null
echo "-- contended monitors (count, total ms, class)"
jfr print --events jdk.JavaMonitorEnter "$WORK/$N.jfr" | awk '
  /duration = / { d = $3; u = $4; ms = (u ~ /^s/) ? d * 1000 : (u ~ /^us/) ? d / 1000 : (u ~ /^ns/) ? d / 1e6 : d }
  /monitorClass = / { c = $3; n[c]++; t[c] += ms }
  END { for (c in n) printf "%6d %10.0f  %s\n", n[c], t[c], c }' | sort -k2 -nr | head -8
echo "-- execution samples: share of stacks through"
jfr print --stack-depth 64 --events jdk.ExecutionSample "$WORK/$N.jfr" > "$WORK/$N.txt"
TOTAL=$(grep -c "jdk.ExecutionSample" "$WORK/$N.txt" || true)
awk -v total="$TOTAL" '
  /jdk.ExecutionSample/ { if (s != "") flush(); s = "" ; next }
  { s = s $0 "\n" }
  function flush() { for (k in pat) if (s ~ pat[k]) hit[k]++ }
  BEGIN { pat["database (JDBC/Hibernate/H2/Hikari)"] = "org\\.h2\\.|org\\.hibernate\\.|com\\.zaxxer\\.|java\\.sql\\.";
          pat["Micrometer / observation"] = "io\\.micrometer\\."; pat["Spring Security"] = "org\\.springframework\\.security\\.";
          pat["JWT (Nimbus)"] = "com\\.nimbusds\\."; pat["Jackson"] = "tools\\.jackson\\.|com\\.fasterxml\\.";
          pat["SecureRandom / UUID"] = "SecureRandom|UUID\\.randomUUID"; pat["logging (MDC/logback)"] = "ch\\.qos\\.logback|org\\.slf4j\\.MDC" }
  END { flush(); for (k in pat) printf "%5.1f%%  %s\n", (total ? 100 * hit[k] / total : 0), k }' "$WORK/$N.txt" | sort -nr
echo "-- top self frames (of $TOTAL samples)"
awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print }' "$WORK/$N.txt" | sort | uniq -c | sort -nr | head -12
if [ -n "${JFRVIEW:-}" ]; then
  "$JFRVIEW" view --width 160 hot-methods "$WORK/$N.jfr" | head -30
  "$JFRVIEW" view --width 160 allocation-by-site "$WORK/$N.jfr" | head -25
fi
done
