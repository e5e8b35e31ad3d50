# Sourced by the start-up benchmarks: waits for GET /health -> 200 on a loopback port with bash builtins only.
# Why not `until curl ...; do sleep 0.02; done`: on this 2-core VM every fork+exec costs page faults the hypervisor
# makes expensive, and perf showed the curl/sleep/subshell processes of such a loop taking a fifth of both cores
# while the server was starting, so the loop slowed down what it was timing. Here a probe is a /dev/tcp connect and
# one read, the pause is `read -t` on a FIFO nobody writes, and the clock is $EPOCHREALTIME: no process per probe.

# Sets NOW_MS to the wall clock in milliseconds (no command substitution: that forks a subshell).
now_ms() { local t=${EPOCHREALTIME/[.,]/}; NOW_MS=$(( t / 1000 )); }

# await_health PORT PID TIMEOUT_MS: returns 0 once /health answers 200, 1 if PID exits, 2 on timeout.
await_health() {
  local port=$1 pid=$2 timeout=$3 nap status start
  nap=$(mktemp -u); mkfifo "$nap"; exec 8<> "$nap"; rm -f "$nap"
  now_ms; start=$NOW_MS
  while :; do
    status=
    if exec 9<> "/dev/tcp/127.0.0.1/$port"; then
      printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&9
      IFS= read -r -t 10 status <&9 || true
      exec 9<&-
    fi 2> /dev/null
    [[ $status == "HTTP/1.1 200"* ]] && { exec 8<&-; return 0; }
    kill -0 "$pid" 2> /dev/null || { exec 8<&-; return 1; }
    now_ms; (( NOW_MS - start < timeout )) || { exec 8<&-; return 2; }
    read -r -t 0.02 -u 8 _ || true
  done
}

# await_health_or_exit PORT PID TIMEOUT_MS LABEL LOG: await_health, or says why on stderr (with the log's tail) and
# exits the (sub)shell with 1.
await_health_or_exit() {
  local rc=0
  await_health "$1" "$2" "$3" || rc=$?
  case $rc in
    0) return 0 ;;
    1) echo "$4: the server exited" >&2; tail -5 "$5" >&2 ;;
    *) echo "$4: no answer within $3 ms" >&2 ;;
  esac
  exit 1
}
