#!/usr/bin/env bash
# A soak that anyone can run (issue #14): `engine serve` on a copy of the example bundle, under
#   1. the load generator at a fixed rate (open loop, every answer checked against its `expect`),
#   2. a client sending garbage: random bytes, Query frames with random bodies (any Allow among
#      their answers is counted as wrong), absurd lengths, undefined types and flags,
#   3. clients holding slow connections: a Ping sent one byte every 2 s, which the server's
#      frame deadline must end, and a complete Ping every 5 s on a connection kept open,
#   4. reloads every RELOAD_EVERY seconds, alternately by rewriting the bundle's files (the
#      watcher) and by SIGHUP, good and broken in turn (a broken bundle must leave the last good
#      one serving, so the load's expectations never change),
# then SIGTERM, which must end the server with exit code 0. It prints requests sent, answered,
# failed, lost and wrong, the RSS curve (VmRSS of /proc/PID/status) and the reloads.
#
# Usage: bench/soak.sh MINUTES      (needs `dotnet build bench/Engine.LoadGen -c Release`)
# Environment: RATE (requests/s, default 2000), CONNECTIONS (default 4), SLOW (slow clients,
# default 8), RELOAD_EVERY (seconds, default 20), PORT (default: a free one from 20000-39999),
# KEEP=1 keeps the work folder (server log, load generator output).
# Exit code: 0 when nothing was lost or wrong, no request failed, the server stopped cleanly.
set -uo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:?usage: bench/soak.sh MINUTES}
RATE=${RATE:-2000}
CONNECTIONS=${CONNECTIONS:-4}
SLOW=${SLOW:-8}
RELOAD_EVERY=${RELOAD_EVERY:-20}
ENGINE=src/Engine.Host/bin/Release/net10.0/engine
LOADGEN=bench/Engine.LoadGen/bin/Release/net10.0/engine-loadgen
for f in "$ENGINE" "$LOADGEN"; do
  [ -x "$f" ] || { echo "soak: $f not found; run: dotnet build bench/Engine.LoadGen -c Release" >&2; exit 2; }
done
SECONDS_TOTAL=$((MINUTES * 60))
WORK=$(mktemp -d /tmp/engine-soak.XXXXXX)
STOP=$WORK/stop
BUNDLE=$WORK/bundle
POLICY=$BUNDLE/policies/mfa-self-service.json
cp -r examples/bundles/default "$BUNDLE"
cp "$POLICY" "$WORK/good-a.json"
# The second good variant differs only in whitespace: a new content hash, so a real swap to a new
# revision, with the same decisions.
{ cat "$WORK/good-a.json"; printf '\n\n'; } > "$WORK/good-b.json"
# Broken: a statement without Effect, so the bundle parses as JSON but fails validation.
sed 's/"Effect": *"Allow",//' "$WORK/good-a.json" > "$WORK/broken.json"
cmp -s "$WORK/good-a.json" "$WORK/broken.json" && printf '{"Version": "2012-10-17", "Statement": [' > "$WORK/broken.json"

if [ -z "${PORT:-}" ]; then
  for _ in $(seq 50); do
    PORT=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break
  done
fi

"$ENGINE" serve --bundle "$BUNDLE" --listen "127.0.0.1:$PORT" > "$WORK/server.log" 2>&1 &
SERVER=$!
PIDS=()
cleanup() {
  touch "$STOP"
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  kill -TERM "$SERVER" 2>/dev/null
  wait 2>/dev/null
  [ "${KEEP:-0}" = 1 ] && echo "soak: work folder kept: $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "soak: the server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.2
done

# 2. Garbage, from two clients. Each connection sends one kind of bad input, reads what comes back for up to 1 s and
# closes. A Decision (type 0x02) whose decision byte (offset 17) is 1 is an Allow: counted wrong.
garbage() {
  trap '' PIPE
  local n=0 allows=0 hex
  while [ ! -e "$STOP" ]; do
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" 2>/dev/null || { sleep 0.2; continue; }
    case $((n % 5)) in
      0) head -c $((1 + RANDOM % 4096)) /dev/urandom >&3 ;;
      # A Query (length 32 = 12 + 20) with a random 20-byte body: mostly Malformed, never Allow.
      1) printf '\x20\x00\x00\x00\xae\x01\x01\x00\x2a\x00\x00\x00\x00\x00\x00\x00' >&3; head -c 20 /dev/urandom >&3 ;;
      # A length of 2 GiB: TooLarge, closed.
      2) printf '\xff\xff\xff\x7f\xae\x01\x01\x00\x2a\x00\x00\x00\x00\x00\x00\x00' >&3 ;;
      # A Ping with an undefined flag, then a frame of an undefined type.
      3) printf '\x0c\x00\x00\x00\xae\x01\x03\x80\x2a\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x00\x00\xae\x01\x55\x00\x2b\x00\x00\x00\x00\x00\x00\x00' >&3 ;;
      # A short length prefix, a Query header, and a random number of random bytes: the frame
      # ends early, late, or inside the next one.
      4) printf "\\x$(printf %02x $((12 + RANDOM % 200)))"'\x00\x00\x00\xae\x01\x01\x00\x2c\x00\x00\x00\x00\x00\x00\x00' >&3
         head -c $((RANDOM % 300)) /dev/urandom >&3 ;;
    esac 2>/dev/null
    hex=$(timeout 0.5 cat <&3 2>/dev/null | od -An -tx1 -v -N 64 | tr -d ' \n')
    if [ "${hex:12:2}" = 02 ] && [ "${hex:34:2}" = 01 ]; then allows=$((allows + 1)); fi
    exec 3>&- 3<&-
    n=$((n + 1))
  done
  echo "$n $allows" > "$WORK/garbage.$1"
}

# 3. Slow connections: odd ids trickle a Ping one byte every 2 s (the frame deadline, 10 s by
# default, must abort them; then they reconnect); even ids send a whole Ping every 5 s and expect
# a Pong each time (a slow but legal client that must keep being served).
slow() {
  trap '' PIPE
  local id=$1 opened=0 pongs=0 missed=0 b hex
  while [ ! -e "$STOP" ]; do
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" 2>/dev/null || { sleep 1; continue; }
    opened=$((opened + 1))
    if [ $((id % 2)) = 1 ]; then
      for b in 0c 00 00 00 ae 01 03 00 07 00 00 00 00 00 00 00; do
        printf "\\x$b" >&3 2>/dev/null || break
        sleep 2
        [ -e "$STOP" ] && break
      done
    else
      while [ ! -e "$STOP" ]; do
        printf '\x0c\x00\x00\x00\xae\x01\x03\x00\x07\x00\x00\x00\x00\x00\x00\x00' >&3 2>/dev/null || break
        hex=$(timeout 2 head -c 24 <&3 2>/dev/null | od -An -tx1 -v | tr -d ' \n')
        if [ "${hex:12:2}" = 04 ]; then pongs=$((pongs + 1)); else missed=$((missed + 1)); break; fi
        for _ in 1 2 3 4 5; do [ -e "$STOP" ] || sleep 1; done
      done
    fi
    exec 3>&- 3<&-
  done
  echo "$opened $pongs $missed" > "$WORK/slow.$id"
}

# 4. Reloads, by file (the watcher and the poll) and by SIGHUP in turn, good and broken in turn.
reloads() {
  local k=0 variant
  while [ ! -e "$STOP" ]; do
    for _ in $(seq "$RELOAD_EVERY"); do [ -e "$STOP" ] || sleep 1; done
    [ -e "$STOP" ] && break
    case $((k % 4)) in
      0) variant=good-b; cp "$WORK/good-b.json" "$POLICY" ;;
      1) variant=broken; cp "$WORK/broken.json" "$POLICY" ;;
      2) variant=good-a; cp "$WORK/good-a.json" "$POLICY"; kill -HUP "$SERVER" ;;
      3) variant=broken; cp "$WORK/broken.json" "$POLICY"; kill -HUP "$SERVER" ;;
    esac
    echo "$(date +%s) $variant" >> "$WORK/reloads"
    k=$((k + 1))
  done
  cp "$WORK/good-a.json" "$POLICY"
}

rss() {
  local start=$1 step=$2 kb
  while [ ! -e "$STOP" ] && kill -0 "$SERVER" 2>/dev/null; do
    kb=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER/status" 2>/dev/null)
    [ -n "$kb" ] && echo "$(($(date +%s) - start)) $kb" >> "$WORK/rss"
    sleep "$step"
  done
}

START=$(date +%s)
STEP=$((SECONDS_TOTAL / 30)); [ "$STEP" -lt 5 ] && STEP=5
rss "$START" "$STEP" & PIDS+=($!)
garbage 1 & PIDS+=($!)
garbage 2 & PIDS+=($!)
for i in $(seq "$SLOW"); do slow "$i" & PIDS+=($!); done
reloads & PIDS+=($!)

echo "soak: $MINUTES min at $RATE requests/s on 127.0.0.1:$PORT (server pid $SERVER, work $WORK)"
"$LOADGEN" --connect "127.0.0.1:$PORT" --rate "$RATE" --connections "$CONNECTIONS" --seconds "$SECONDS_TOTAL" \
  --warmup 0 --quiet > "$WORK/loadgen.txt" 2>&1
LOADGEN_RC=$?
touch "$STOP"
wait "${PIDS[@]}" 2>/dev/null
PIDS=()
RSS_BEFORE_STOP=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER/status" 2>/dev/null)

# SIGTERM, with the slow and garbage clients gone and whatever the load left: exit 0 within the
# drain timeout (5 s) plus start-up slack.
T0=$(date +%s%N)
kill -TERM "$SERVER"
for _ in $(seq 150); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SERVER" 2>/dev/null; then SERVER_RC="still running after 15 s"; kill -KILL "$SERVER"; wait "$SERVER"
else wait "$SERVER"; SERVER_RC=$?; fi
STOP_MS=$((($(date +%s%N) - T0) / 1000000))

num() { grep -E "^  $1 " "$WORK/loadgen.txt" | awk '{gsub(",", "", $NF); print $NF}'; }
ANSWERED=$(num requests); ERRORS=$(num errors); WRONG=$(num mismatches)
ANSWERED=${ANSWERED:-0}; ERRORS=${ERRORS:-0}; WRONG=${WRONG:-0}
# The open loop schedules exactly RATE × seconds requests; the generator counts the ones the
# server never answered (broken connection, nothing after the drain) as errors "… N requests
# unanswered": those are the lost ones, the other errors are answers with a failed status.
SENT=$((RATE * SECONDS_TOTAL))
LOST=$(grep -oE '[0-9]+ requests unanswered' "$WORK/loadgen.txt" | awk '{s += $1} END {print s + 0}')
FAILED=$((ERRORS - LOST))
GARBAGE=0; GARBAGE_ALLOWS=0
for f in "$WORK"/garbage.*; do
  [ -e "$f" ] || continue
  read -r a b < "$f"; GARBAGE=$((GARBAGE + a)); GARBAGE_ALLOWS=$((GARBAGE_ALLOWS + b))
done
SLOW_OPENED=0; PONGS=0; MISSED=0
for f in "$WORK"/slow.*; do
  [ -e "$f" ] || continue
  read -r a b c < "$f"; SLOW_OPENED=$((SLOW_OPENED + a)); PONGS=$((PONGS + b)); MISSED=$((MISSED + c))
done

echo
echo "load            $RATE requests/s on $CONNECTIONS connections for $SECONDS_TOTAL s (load generator exit $LOADGEN_RC)"
echo "requests        sent $SENT  answered $ANSWERED  failed $FAILED  lost $LOST  wrong $((WRONG + GARBAGE_ALLOWS))"
echo "                (wrong = $WRONG answers that differ from the case's expect + $GARBAGE_ALLOWS Allows to garbage)"
grep -E '^    (p50|p99 |max)' "$WORK/loadgen.txt" | awk '{printf "%s%s %s µs", (NR > 1 ? ", " : "latency         "), $1, $2} END {print ""}'
grep -E '^  send lag' "$WORK/loadgen.txt" | sed 's/^  send lag (µs[^)]*)/send lag (µs)  /'
grep -E '^  (error|mismatch):' "$WORK/loadgen.txt" | head -20
echo "garbage         $GARBAGE connections (2 clients)"
echo "slow            $SLOW clients, $SLOW_OPENED connections opened, $PONGS Pongs to the slow pinger, $MISSED missed"
echo "reloads         $(wc -l < "$WORK/reloads" 2>/dev/null || echo 0) made ($(grep -c broken "$WORK/reloads" 2>/dev/null || echo 0) broken):" \
  "server logged $(grep -c 'reloaded policies' "$WORK/server.log") swaps, $(grep -c 'reload failed' "$WORK/server.log") rejected," \
  "$(grep -c 'nothing to reload' "$WORK/server.log") with nothing to reload"
echo "server log      $(grep -c 'aborting' "$WORK/server.log") aborted connections, $(grep -c 'protocol error' "$WORK/server.log") protocol errors, $(wc -l < "$WORK/server.log") lines"
echo "rss (MB)        $(awk '{printf "%s%ds %.0f", (NR > 1 ? ", " : ""), $1, $2 / 1024}' "$WORK/rss")"
echo "                before SIGTERM: $(( ${RSS_BEFORE_STOP:-0} / 1024 )) MB"
echo "stop            SIGTERM -> exit $SERVER_RC after $STOP_MS ms"
echo "uptime          $(uptime)"

OK=1
[ "$LOST" = 0 ] && [ "$FAILED" = 0 ] && [ "$WRONG" = 0 ] && [ "$GARBAGE_ALLOWS" = 0 ] && [ "$SERVER_RC" = 0 ] && [ "$MISSED" = 0 ] || OK=0
[ "$ANSWERED" = "$SENT" ] || OK=0
[ "$OK" = 1 ] && echo "soak: PASS" || { echo "soak: FAIL"; KEEP=1; }
[ "$OK" = 1 ]
