#!/usr/bin/env bash
# JFR profile of one route under load: starts the jar with a flight recording (settings=profile), logs in, loads the
# route with wrk for SECS at CONNS connections, then prints the contended monitors (jdk.JavaMonitorEnter: count and
# total wait by monitor class) and the hottest frames of the execution samples: top self frames and the share of
# samples whose stack passes through each of a few packages (database, Micrometer, security, Jackson, Tomcat).
# Usage: bench/profile.sh [route] [seconds]   (default /api/v1/auth/me, 20 s)   env: CONNS (64), KEEP=1 keeps the .jfr
set -euo pipefail
cd "$(dirname "$0")/.."
ROUTE=${1:-/api/v1/auth/me}
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
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- server || echo '+changes')  load $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c"$CONNS" -d5s -H "Authorization: Bearer $TOKEN" "$B$ROUTE" > /dev/null # warm-up
jcmd "$PID" JFR.start name=load settings=profile filename="$WORK/load.jfr" > /dev/null
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" "$B$ROUTE" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket"
jcmd "$PID" JFR.stop name=load > /dev/null
echo "-- contended monitors (count, total ms, class)"
jfr print --events jdk.JavaMonitorEnter "$WORK/load.jfr" | awk '
  /duration = / { d = $3; u = $4; ms = (u ~ /^s/) ? d * 1000 : (u ~ /^us/) ? d / 1000 : (u ~ /^ns/) ? d / 1e6 : d }
  /monitorClass = / { c = $3; n[c]++; t[c] += ms }
  END { for (c in n) printf "%6d %10.0f  %s\n", n[c], t[c], c }' | sort -k2 -nr | head -8
echo "-- execution samples: share of stacks through"
jfr print --events jdk.ExecutionSample "$WORK/load.jfr" > "$WORK/samples.txt"
TOTAL=$(grep -c "jdk.ExecutionSample" "$WORK/samples.txt" || true)
awk -v total="$TOTAL" '
  /jdk.ExecutionSample/ { if (s != "") flush(); s = "" ; next }
  { s = s $0 "\n" }
  function flush() { for (k in pat) if (s ~ pat[k]) hit[k]++ }
  BEGIN { pat["database (JDBC/Hibernate/H2/Hikari)"] = "org\\.h2\\.|org\\.hibernate\\.|com\\.zaxxer\\.|java\\.sql\\.";
          pat["Micrometer / observation"] = "io\\.micrometer\\."; pat["Spring Security"] = "org\\.springframework\\.security\\.";
          pat["JWT (Nimbus)"] = "com\\.nimbusds\\."; pat["Jackson"] = "tools\\.jackson\\.|com\\.fasterxml\\.";
          pat["SecureRandom / UUID"] = "SecureRandom|UUID\\.randomUUID"; pat["logging (MDC/logback)"] = "ch\\.qos\\.logback|org\\.slf4j\\.MDC" }
  END { flush(); for (k in pat) printf "%5.1f%%  %s\n", (total ? 100 * hit[k] / total : 0), k }' "$WORK/samples.txt" | sort -nr
echo "-- top self frames (of $TOTAL samples)"
awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print }' "$WORK/samples.txt" | sort | uniq -c | sort -nr | head -12
