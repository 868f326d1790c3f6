#!/usr/bin/env bash
# Side by side with the peers (issue #15 §3; docs/benchmarks.md): installs the pinned peer
# evaluators (benchmark-only npm packages, never part of the product), builds the engine when its
# Release build is missing, and prints one table for the seed vectors and the two overlap
# workloads (or the case files given).
#   bench/peers/run.sh [--seconds S] [--warmup S] [--rounds N] [FILE...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
engine="$repo/src/Engine.Host/bin/Release/net10.0/engine"
if [ ! -x "$engine" ]; then
  dotnet build "$repo/src/Engine.Host" -c Release -nologo -v quiet >&2
elif [ -n "$(find "$repo/src" -name '*.cs' -newer "$engine" -print -quit)" ]; then
  echo "warning: $engine is older than src/; run: dotnet build src/Engine.Host -c Release" >&2
fi
exec node "$here/run.mjs" --engine "$engine" "$@"
