// Writes data/manifest.json: the snapshot's sources, dates and counts (from facts.json, written by
// build.mjs) and each data file's size and sha256. Tests check the files against it.
//   node manifest.mjs <data dir> <facts.json>
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const [dir, factsFile] = process.argv.slice(2);
const facts = JSON.parse(fs.readFileSync(factsFile, 'utf8'));
const globalKeys = fs.readFileSync(path.join(dir, 'condition-keys.tsv'), 'utf8').trimEnd().split('\n').length;
const file = name => {
  const bytes = fs.readFileSync(path.join(dir, name));
  return { bytes: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
};
const manifest = {
  managedPolicies: {
    file: 'aws-managed-policies.jsonl.gz', ...file('aws-managed-policies.jsonl.gz'),
    package: facts.managedPoliciesPackage, snapshot: facts.managedPoliciesSnapshot,
    current: facts.currentPolicies, deprecated: facts.deprecatedPolicies,
  },
  serviceReference: {
    file: 'service-reference.jsonl.gz', ...file('service-reference.jsonl.gz'),
    package: facts.serviceReferencePackage, snapshot: facts.serviceReferenceSnapshot,
    services: facts.services, actions: facts.actions, resourceTypes: facts.resourceTypes,
    serviceConditionKeys: facts.serviceConditionKeys,
  },
  globalConditionKeys: { file: 'condition-keys.tsv', ...file('condition-keys.tsv'), keys: globalKeys },
};
fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(JSON.stringify(manifest, null, 2));
