// Reads the decision-case files that `engine bench` reads (shared/spec/case-format.md, docs/cli.md
// "Decision cases and suites"): a .json file holds one case, one suite or an array of both; a
// .jsonl file one per line. A suite's cases share its `policies` object, so a runner can prepare
// that set once. Only what the peers need is read: name, policies, request, expect.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

export function loadCases(file) {
  let items
  try {
    const text = readFileSync(file, 'utf8')
    items = file.endsWith('.jsonl')
      ? text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l))
      : [JSON.parse(text)].flat()
    if (items.some((i) => i === null || typeof i !== 'object')) throw new Error('not a case, a suite or an array of them')
  } catch (e) {
    throw new Error(`${file}: ${e.message}`)
  }
  const cases = []
  for (const item of items) {
    if (Array.isArray(item.cases)) {
      item.cases.forEach((c, i) =>
        cases.push({ name: `${item.name}/${c.name ?? i}`, policies: item.policies, request: c.request, expect: c.expect }))
    } else {
      cases.push({ name: item.name, policies: item.policies, request: item.request, expect: item.expect })
    }
  }
  // Cases whose policies are equal in content share one object, as `engine bench` compiles
  // each distinct set once: a runner prepares a set once per object.
  const byContent = new Map()
  for (const c of cases) {
    if (!c.policies) continue
    const key = JSON.stringify(c.policies)
    if (!byContent.has(key)) byContent.set(key, c.policies)
    c.policies = byContent.get(key)
  }
  return cases.filter((c) => c.policies)
}

// The workload's name in the table: the file name without its extension.
export function workloadName(file) {
  return basename(file).replace(/\.jsonl?$/, '')
}

// The policy kinds a case carries (identity, resource, scps ...): the translation and the
// iam-simulate mapping say which they cover.
export function policyKinds(policies) {
  return Object.entries(policies).filter(([, v]) => v != null && !(Array.isArray(v) && v.length === 0)).map(([k]) => k)
}

// Runs a runner's main function: a bad file or argument is one line on stderr and exit code 2,
// not a stack trace.
export function runMain(main) {
  main().catch((e) => {
    console.error(`error: ${e.message}`)
    process.exit(2)
  })
}
