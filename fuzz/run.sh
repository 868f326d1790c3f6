#!/usr/bin/env bash
# Coverage-guided fuzzing of one parser with AFL++ and SharpFuzz (docs/fuzzing.md).
# Usage: fuzz/run.sh TARGET [EXECS]     TARGET: policy, cases, bundle, accounts, wire, gateway
#   EXECS: stop after about that many executions (afl-fuzz -E; default 1000000).
# Environment: FUZZ_OUT (default fuzz/out), FUZZ_SECONDS (also stop after that long, afl-fuzz -V),
#   FUZZ_TIMEOUT (ms per execution before it counts as a hang; default 5000).
# Needs: `apt-get install afl++`, `dotnet tool restore` (SharpFuzz.CommandLine, .config/dotnet-tools.json).
# Builds tests/Engine.Fuzz (Release), copies its output to $FUZZ_OUT/TARGET/bin, instruments the
# target's assemblies there (the build output itself stays uninstrumented), writes the seeds, runs
# afl-fuzz and prints its figures. Crashes land in $FUZZ_OUT/TARGET/findings/default/crashes;
# replay one with: engine-fuzz TARGET --replay FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: fuzz/run.sh TARGET [EXECS]}
EXECS=${2:-1000000}
OUT=${FUZZ_OUT:-fuzz/out}/$TARGET
BUILD=tests/Engine.Fuzz/bin/Release/net10.0
case $TARGET in
  policy) ASSEMBLIES="Engine.Compiler Engine.Runtime" ;;
  cases) ASSEMBLIES="Engine.Compiler" ;;
  bundle | accounts) ASSEMBLIES="Engine.Bundles Engine.Compiler" ;;
  wire) ASSEMBLIES="Engine.Protocol" ;;
  gateway) ASSEMBLIES="Engine.Gateway" ;;
  *) echo "fuzz/run.sh: unknown target '$TARGET' (policy, cases, bundle, accounts, wire, gateway)" >&2; exit 2 ;;
esac
command -v afl-fuzz > /dev/null || { echo "fuzz/run.sh: afl-fuzz not found: apt-get install -y afl++" >&2; exit 2; }
[ -f "$BUILD/engine-fuzz.dll" ] || dotnet build tests/Engine.Fuzz -c Release
dotnet tool restore > /dev/null

rm -rf "$OUT/bin" "$OUT/seeds"
mkdir -p "$OUT"
cp -r "$BUILD" "$OUT/bin"
"$BUILD/engine-fuzz" "$TARGET" --seeds "$OUT/seeds"
for a in $ASSEMBLIES; do dotnet sharpfuzz "$OUT/bin/$a.dll"; done

DICT=()
[ "$TARGET" != wire ] && DICT=(-x fuzz/json.dict)
LIMIT=(-E "$EXECS")
[ -n "${FUZZ_SECONDS:-}" ] && LIMIT+=(-V "$FUZZ_SECONDS")
# AFL_SKIP_BIN_CHECK: the target is a .NET apphost, not an AFL-compiled binary; the shared-memory
# map comes from SharpFuzz's instrumentation. No CPU binding on a shared machine.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export DOTNET_TieredPGO=0
echo "fuzz/run.sh: afl-fuzz -i $OUT/seeds -o $OUT/findings -t ${FUZZ_TIMEOUT:-5000} -m none ${LIMIT[*]} ${DICT[*]} -- $OUT/bin/engine-fuzz $TARGET"
afl-fuzz -i "$OUT/seeds" -o "$OUT/findings" -t "${FUZZ_TIMEOUT:-5000}" -m none "${LIMIT[@]}" "${DICT[@]}" -- "$OUT/bin/engine-fuzz" "$TARGET" \
  > "$OUT/afl.log" 2>&1 || { tail -n 30 "$OUT/afl.log" >&2; exit 1; }

STATS=$OUT/findings/default/fuzzer_stats
stat() { awk -F' *: *' -v k="$1" '$1 == k {print $2}' "$STATS"; }
echo "target $TARGET: execs $(stat execs_done), execs/s $(stat execs_per_sec), run time $(( $(stat last_update) - $(stat start_time) )) s," \
  "crashes $(stat saved_crashes), hangs $(stat saved_hangs), corpus $(stat corpus_count), edges $(stat edges_found)"
ls "$OUT/findings/default/crashes" "$OUT/findings/default/hangs" 2>/dev/null | grep -v README || true
