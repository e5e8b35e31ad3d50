#!/usr/bin/env bash
# Side by side: the project's jar (A) against the original's stack (B, ../shared/bench/peer_fastapi.py: FastAPI +
# SQLAlchemy + SQLite + PyJWT, uvicorn with 2 workers), same machine, same driver (wrk), rate limits off, 20 bots each.
# Per route: one warm-up run per server (not counted), then ROUNDS x (A, B) alternating, each SECS long at CONNS
# connections. Prints req/s, p50, p99 and errors per run, then the median req/s of each side and the ratio A/B.
# The peer serves only /health and /api/v1/bots; the other routes print "peer: no such route" and no ratio.
# Also start-up: launch of the jar until /health answers (STARTS times, fresh data directory each time).
# Usage: bench/api-vs-peer.sh [seconds] [rounds]   env: CONNS (64), WARM (5), STARTS (3), PEER_DIR, JAVA_OPTS
# Needs: ./mvnw -DskipTests package (server/target/ftfleet-server.jar); apt-get install -y wrk python3-fastapi
#        python3-uvicorn python3-jwt python3-sqlalchemy (the peer runs with /usr/bin/python3). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
ROUNDS=${2:-2}
CONNS=${CONNS:-64}
WARM=${WARM:-5}
STARTS=${STARTS:-3}
PORT=${PORT:-18202}
PEER_PORT=${PEER_PORT:-18203}
PEER_DIR=${PEER_DIR:-$(cd .. && pwd)/shared/bench}
JAR=${JAR:-server/target/ftfleet-server.jar}
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
command -v wrk > /dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && echo "logs kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

source bench/lib/await-health.sh   # now_ms, await_health: the start-up is timed with polling that forks nothing
wait_for() { # url, seconds
  now_ms; local end=$(( NOW_MS + $2 * 1000 ))
  until curl -sf -o /dev/null "$1"; do
    now_ms; [ "$NOW_MS" -lt "$end" ] || return 1
    sleep 0.05
  done
}
start_jar() { # data dir, log file; sets JARPID
  SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 FTFLEET_DATA_DIR="$1" FTFLEET_ADMIN_PASSWORD=bench-password-1 \
    FTFLEET_AUTH_RATE_LIMIT_ENABLED=false java ${JAVA_OPTS:-} -jar "$JAR" > "$2" 2>&1 &
  JARPID=$!
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- server || echo '+changes')"
echo "driver: wrk -t2 -c$CONNS, ${SECS}s per run, $ROUNDS rounds A B alternating after a ${WARM}s warm-up each"

# ---- start-up: launch -> /health answers ----------------------------------------------------------------------------
for i in $(seq 1 "$STARTS"); do
  mkdir -p "$WORK/start$i"
  now_ms; t0=$NOW_MS
  start_jar "$WORK/start$i" "$WORK/start$i.log"
  if await_health "$PORT" "$JARPID" 120000; then
    now_ms
    echo "start-up $i: launch -> /health answering: $(( NOW_MS - t0 )) ms" \
      "($(grep -o 'Started FtFleetApplication in [0-9.]* seconds[^)]*)' "$WORK/start$i.log" | head -1))"
  else
    echo "start-up $i: /health did not answer (the server exited, or 120 s passed)"
  fi
  kill "$JARPID"; wait "$JARPID" 2>/dev/null || true
done

# ---- the jar (A) with 20 bots ---------------------------------------------------------------------------------------
mkdir -p "$WORK/a"
start_jar "$WORK/a" "$WORK/a.log"
PIDS+=("$JARPID")
A="http://127.0.0.1:$PORT"
wait_for "$A/health" 180 || { echo "the jar did not start"; tail -20 "$WORK/a.log"; exit 1; }
A_TOKEN=$(curl -sf -X POST "$A/api/v1/auth/login/json" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-password-1"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
for i in $(seq 0 19); do
  curl -sf -o /dev/null -X POST "$A/api/v1/bots" -H "Authorization: Bearer $A_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bot-$i\",\"description\":\"bench bot\",\"strategy_name\":\"SampleStrategy\",\"exchange\":\"binance\",
         \"stake_currency\":\"USDT\",\"stake_amount\":100,\"max_open_trades\":3,\"timeframe\":\"5m\",
         \"pair_whitelist\":[\"BTC/USDT\",\"ETH/USDT\"]}" || echo "bot-$i not created" >&2
done
echo "jar: $(curl -sf "$A/api/v1/bots" -H "Authorization: Bearer $A_TOKEN" | grep -o '"id":' | wc -l) bots," \
  "list $(curl -sf "$A/api/v1/bots" -H "Authorization: Bearer $A_TOKEN" | wc -c) bytes"

# ---- the peer (B) ---------------------------------------------------------------------------------------------------
B="http://127.0.0.1:$PEER_PORT"
PEER=yes
if ! /usr/bin/python3 -c 'import fastapi, uvicorn, jwt, sqlalchemy' 2> "$WORK/peer-import.log"; then
  PEER="cannot run on this machine: $(tail -1 "$WORK/peer-import.log")"
elif [ ! -f "$PEER_DIR/peer_fastapi.py" ]; then
  PEER="cannot run: $PEER_DIR/peer_fastapi.py not found (set PEER_DIR)"
else
  (cd "$PEER_DIR" && PEER_DB="$WORK/peer.db" exec /usr/bin/python3 -m uvicorn peer_fastapi:app --host 127.0.0.1 \
    --port "$PEER_PORT" --workers 2 --log-level warning) > "$WORK/peer.log" 2>&1 &
  PIDS+=("$!")
  if wait_for "$B/health" 60; then
    B_TOKEN=$(curl -sf "$B/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
    echo "peer: $(curl -sf "$B/api/v1/bots" -H "Authorization: Bearer $B_TOKEN" | grep -o '"id":' | wc -l) bots," \
      "list $(curl -sf "$B/api/v1/bots" -H "Authorization: Bearer $B_TOKEN" | wc -c) bytes"
  else
    PEER="did not answer /health within 60 s: $(tail -1 "$WORK/peer.log")"
  fi
fi
[ "$PEER" = yes ] || echo "PEER NOT RUN: $PEER"

# ---- load -----------------------------------------------------------------------------------------------------------
run() { # label url token seconds [extra header] -> prints "rps p50 p99 errors"
  local out
  out=$(wrk -t2 -c"$CONNS" -d"$4s" --latency -H "Authorization: Bearer $3" ${5:+-H "$5"} "$2" 2>&1)
  local rps p50 p99 non2xx sock
  rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<< "$out")
  [ -n "${5:-}" ] && non2xx=0 # a poller's revalidation: 304 is the expected answer, not an error
  sock=$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' <<< "$out")
  echo "${rps:-0} ${p50:-?} ${p99:-?} $(( ${non2xx:-0} + ${sock:-0} ))"
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else print v[int((NR + 1) / 2)] }'; }

for route in /api/v1/bots /api/v1/auth/me /health /api/v1/fleet/summary; do
  peer_route=no
  if [ "$PEER" = yes ] && { [ "$route" = /api/v1/bots ] || [ "$route" = /health ]; }; then peer_route=yes; fi
  echo
  echo "== GET $route"
  run warm "$A$route" "$A_TOKEN" "$WARM" > /dev/null
  [ "$peer_route" = yes ] && run warm "$B$route" "$B_TOKEN" "$WARM" > /dev/null
  : > "$WORK/ra"; : > "$WORK/rb"
  for r in $(seq 1 "$ROUNDS"); do
    read -r rps p50 p99 err < <(run A "$A$route" "$A_TOKEN" "$SECS")
    printf '  A jar  round %d: %10s req/s  p50 %8s  p99 %8s  errors %s\n' "$r" "$rps" "$p50" "$p99" "$err"
    echo "$rps" >> "$WORK/ra"
    if [ "$peer_route" = yes ]; then
      read -r rps p50 p99 err < <(run B "$B$route" "$B_TOKEN" "$SECS")
      printf '  B peer round %d: %10s req/s  p50 %8s  p99 %8s  errors %s\n' "$r" "$rps" "$p50" "$p99" "$err"
      echo "$rps" >> "$WORK/rb"
    fi
  done
  ma=$(median < "$WORK/ra")
  if [ "$peer_route" = yes ]; then
    mb=$(median < "$WORK/rb")
    echo "  median: jar $ma req/s, peer $mb req/s, ratio jar/peer $(awk -v a="$ma" -v b="$mb" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')x"
  else
    echo "  median: jar $ma req/s (peer: no such route)"
  fi
done

# A poller that already has the list: If-None-Match with the current ETag, answered 304 without a body.
ETAG=$(curl -sf -D - -o /dev/null "$A/api/v1/bots" -H "Authorization: Bearer $A_TOKEN" | awk 'tolower($1) == "etag:" { print $2 }' | tr -d '\r')
echo
echo "== GET /api/v1/bots with If-None-Match: $ETAG (status $(curl -s -o /dev/null -w '%{http_code}' "$A/api/v1/bots" \
  -H "Authorization: Bearer $A_TOKEN" -H "If-None-Match: $ETAG"))"
for r in $(seq 1 "$ROUNDS"); do
  read -r rps p50 p99 err < <(run A "$A/api/v1/bots" "$A_TOKEN" "$SECS" "If-None-Match: $ETAG")
  printf '  A jar  round %d: %10s req/s  p50 %8s  p99 %8s\n' "$r" "$rps" "$p50" "$p99"
done
