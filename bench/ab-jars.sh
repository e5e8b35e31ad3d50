#!/usr/bin/env bash
# A/B of two server jars on one route: each jar in turn gets a fresh server (fresh data directory, rate limits off),
# a 15 s warm-up and two 10 s wrk runs (2 threads, 64 connections), jars alternated for ROUNDS rounds. For telling a
# change's effect from the machine's drift, which on a shared 2-core VM can exceed the change.
# Usage: bench/ab-jars.sh ROUTE JAR_A JAR_B [ROUNDS]   e.g. bench/ab-jars.sh /api/v1/auth/me old.jar new.jar 2
set -euo pipefail
ROUTE=$1; A=$2; B=$3; ROUNDS=${4:-2}; PORT=${PORT:-18460}
command -v wrk > /dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
PID=; DATA=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; [ -n "$DATA" ] && rm -rf "$DATA"; }
trap cleanup EXIT
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
for i in $(seq 1 "$ROUNDS"); do
  for JAR in "$A" "$B"; do
    DATA=$(mktemp -d)
    SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 FTFLEET_DATA_DIR=$DATA FTFLEET_ADMIN_PASSWORD=bench-password-1 \
      FTFLEET_AUTH_RATE_LIMIT_ENABLED=false java ${JAVA_OPTS:-} -jar "$JAR" > "$DATA.log" 2>&1 &
    PID=$!
    BASE=http://127.0.0.1:$PORT
    until curl -sf -o /dev/null "$BASE/health"; do
      kill -0 "$PID" 2>/dev/null || { echo "$JAR exited"; tail -5 "$DATA.log"; exit 1; }
      sleep 0.2
    done
    TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/login/json" -H 'Content-Type: application/json' \
      -d '{"username":"admin","password":"bench-password-1"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
    wrk -t2 -c64 -d15s -H "Authorization: Bearer $TOKEN" "$BASE$ROUTE" > /dev/null
    for k in 1 2; do
      echo "$JAR round $i.$k: $(wrk -t2 -c64 -d10s --latency -H "Authorization: Bearer $TOKEN" "$BASE$ROUTE" \
        | awk '/Requests\/sec/ { r = $2 } / 99%/ { p = $2 } / 50%/ { m = $2 } END { print r " req/s, p50 " m ", p99 " p }')"
    done
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
    rm -rf "$DATA" "$DATA.log"; DATA=
  done
done
