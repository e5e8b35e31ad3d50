#!/usr/bin/env bash
# Long run of the supervisor's random walk (SupervisorWalkTests): real simulator processes driven through random
# start/stop/pause/resume/reload/restart/delete/policy edits/kill -9/emergency stop/server restart (a new Spring
# context on the same data directory and database), invariants checked after every
# step against the OS process table and the bots' own APIs.
# Usage: bench/supervisor-walk.sh [minutes] [steps-per-seed]   (loopback only; seeds are drawn from the clock and
# printed, so a failing seed can be replayed with -Dftfleet.walk.seeds=<seed> and then kept in REGRESSION_SEEDS).
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-30}
STEPS=${2:-60}
[ -f simulator/target/freqtrade-sim.jar ] || ./mvnw -q -pl simulator package -DskipTests
END=$(( $(date +%s) + MINUTES * 60 ))
RUNS=0
while [ "$(date +%s)" -lt "$END" ]; do
  SEED=$(date +%s%N)
  echo "$(date -u +%H:%M:%S) seed $SEED, $STEPS steps"
  if ! ./mvnw -q -o -pl server test -Dtest=SupervisorWalkTests -Dsurefire.failIfNoSpecifiedTests=false \
      -Dftfleet.walk.seeds="$SEED" -Dftfleet.walk.steps="$STEPS" > "/tmp/supervisor-walk-$SEED.log" 2>&1; then
    echo "FAILED: seed $SEED (log /tmp/supervisor-walk-$SEED.log); keep it in SupervisorWalkTests.REGRESSION_SEEDS"
    exit 1
  fi
  RUNS=$((RUNS + 1))
done
echo "runs: $RUNS, steps: $((RUNS * STEPS)), invariant violations: 0"
