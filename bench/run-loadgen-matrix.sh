#!/usr/bin/env bash
# The load-test matrix of docs/benchmarks.md: starts Release `engine serve` on TCP and on a Unix
# socket (loopback only), runs the load generator against each configuration and prints one JSON
# summary per line. Usage: [IO=inline|pool] [CLIENT_IO=inline|pool] bench/run-loadgen-matrix.sh [seconds]   (needs a Release build)
# IO picks where socket completions run in the servers (default inline); CLIENT_IO the same for the
# load generator (default: as IO).
set -euo pipefail
cd "$(dirname "$0")/.."
S=${1:-5}
IO=${IO:-inline}
CLIENT_IO=${CLIENT_IO:-$IO}
E=src/Engine.Host/bin/Release/net10.0/engine
L=bench/Engine.LoadGen/bin/Release/net10.0/engine-loadgen
SOCK=$(mktemp -d)/engine.sock
run() { local label=$1; shift; printf '%s\t' "$label"; "$L" --io "$CLIENT_IO" --seconds "$S" --warmup 2 --quiet --json "$@" | tail -n 1; }

"$E" serve --io "$IO" --listen 127.0.0.1:7401 --no-watch > /tmp/engine-tcp.log 2>&1 & TCP=$!
"$E" serve --io "$IO" --listen "unix:$SOCK" --no-watch > /tmp/engine-unix.log 2>&1 & UNIX=$!
"$E" serve --io "$IO" --listen 127.0.0.1:7402 --no-watch --bundle bench/bundles/large-managed > /tmp/engine-large.log 2>&1 & LARGE=$!
trap 'kill $TCP $UNIX $LARGE 2>/dev/null || true' EXIT
sleep 3

for c in 1 4 16 64; do run "tcp seed pipeline=1 connections=$c" --connect 127.0.0.1:7401 --connections "$c" --pipeline 1; done
for d in 16 64 256; do run "tcp seed pipeline=$d connections=2" --connect 127.0.0.1:7401 --connections 2 --pipeline "$d"; done
for c in 1 16; do run "unix seed pipeline=1 connections=$c" --connect "unix:$SOCK" --connections "$c" --pipeline 1; done
run "unix seed pipeline=64 connections=2" --connect "unix:$SOCK" --connections 2 --pipeline 64
for r in 10000 50000 100000; do run "tcp seed open-loop rate=$r" --connect 127.0.0.1:7401 --connections 4 --rate "$r"; done
run "tcp large-managed pipeline=1 connections=16" --connect 127.0.0.1:7402 --cases bench/cases/large-managed.json --connections 16 --pipeline 1
run "tcp large-managed pipeline=64 connections=2" --connect 127.0.0.1:7402 --cases bench/cases/large-managed.json --connections 2 --pipeline 64
run "tcp large-managed open-loop rate=50000" --connect 127.0.0.1:7402 --cases bench/cases/large-managed.json --connections 4 --rate 50000
