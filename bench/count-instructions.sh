#!/usr/bin/env bash
# Instructions per decision, counted by valgrind (callgrind), not timed: the figure does not move
# with the load on the machine, so it can compare two builds on shared cores (docs/benchmarks.md).
# Usage: bench/count-instructions.sh [WORKLOAD ...]   (default: seed-mfa overlap-10x50 overlap-20x100 10-largest-managed)
# Environment: MODE=fill|evaluate|fill-only (default fill), N1/N2 decisions of the two runs
# (default 20000/120000), BENCH_DLL (default the Release build of bench/Engine.Benchmarks).
# Needs valgrind (Debian). The JIT runs with tiered compilation off, so both runs execute the
# same fully optimised code from the first call (no timing-dependent tier-up; no dynamic PGO).
set -euo pipefail
cd "$(dirname "$0")/.."
DLL=${BENCH_DLL:-bench/Engine.Benchmarks/bin/Release/net10.0/Engine.Benchmarks.dll}
MODE=${MODE:-fill}
N1=${N1:-20000}
N2=${N2:-120000}
command -v valgrind > /dev/null || { echo "count-instructions.sh: valgrind not found: apt-get install -y valgrind" >&2; exit 2; }
[ -f "$DLL" ] || dotnet build bench/Engine.Benchmarks -c Release > /dev/null
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(seed-mfa overlap-10x50 overlap-20x100 10-largest-managed)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
count() {
  DOTNET_TieredCompilation=0 DOTNET_gcServer=0 valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" \
    dotnet "$DLL" instructions "$1" "$2" "$MODE" > /dev/null 2> "$OUT/log" || { tail -n 20 "$OUT/log" >&2; exit 1; }
  awk '/Collected :/ {print $NF}' "$OUT/log"
}
printf '| workload | mode | instructions per decision |\n| --- | --- | ---: |\n'
for w in "${WORKLOADS[@]}"; do
  a=$(count "$w" "$N1"); b=$(count "$w" "$N2")
  printf '| %s | %s | %s |\n' "$w" "$MODE" "$(( (b - a) / (N2 - N1) ))"
done
