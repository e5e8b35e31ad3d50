#!/usr/bin/env bash
# Benchmark: GET /api/v1/auth/me with a token, 64 connections, 30 s, against the built server jar on a fresh
# embedded database in a temporary data directory. Usage: bench/auth-me.sh [connections] [seconds]
# Needs: ./mvnw -DskipTests package (server/target/ftfleet-server.jar); uses wrk when installed (apt-get install wrk),
# else the Java driver bench/AuthMeLoad.java (DRIVER=java forces it). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
CONNS=${1:-64}
SECS=${2:-30}
PORT=${PORT:-18002}
DATA=$(mktemp -d)
JAR=server/target/ftfleet-server.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 FTFLEET_DATA_DIR="$DATA" FTFLEET_ADMIN_PASSWORD=bench-password-1 \
  FTFLEET_AUTH_RATE_LIMIT_ENABLED=false java -jar "$JAR" > "$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break
  sleep 1
done
TOKEN=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/login/json" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-password-1"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
if command -v wrk > /dev/null && [ "${DRIVER:-wrk}" = wrk ]; then
  # wrk (Debian package "wrk") costs the client far less CPU than a JVM driver on the same two cores.
  echo "driver: wrk, 2 threads (after a 10 s warm-up run that is not counted)"
  wrk -t2 -c"$CONNS" -d10s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/auth/me" > /dev/null
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/auth/me"
else
  echo "driver: bench/AuthMeLoad.java (install wrk for a lighter client)"
  java bench/AuthMeLoad.java "http://127.0.0.1:$PORT/api/v1/auth/me" "$TOKEN" "$CONNS" "$SECS"
fi
