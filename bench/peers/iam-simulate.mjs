// Runs @cloud-copilot/iam-simulate (AGPL-3.0) on decision-case files, in its own process: the
// repository never links it or copies from it; this script only calls its public API.
// Mode: strict `runSimulation` (validating the request on every call, as the library's users
// call it), with each distinct policy validated once beforehand (`createValidatedPolicy`), so
// the timed calls reuse the validation instead of repeating it: its fastest honest mode.
// Prints one JSON line per file: agreement with `expect` and microseconds per decision.
import { createValidatedPolicy, validateIdentityPolicy } from '@cloud-copilot/iam-policy'
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { readFileSync } from 'node:fs'
import { loadCases, runMain, policyKinds, workloadName } from './cases.mjs'
import { measure, parseArgs } from './measure.mjs'

const ANSWER = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' }
const OPTIONS = { simulationMode: 'Strict' }

// The resource account iam-simulate asks for: the request's `resourceAccount`, else the ARN's
// account field, else the principal's
// (S3 ARNs and `*` have none), as the engine's spec (section 1.3) defines it.
function accountOf(arn) {
  const fields = typeof arn === 'string' && arn.startsWith('arn:') ? arn.split(':') : []
  return fields.length >= 6 ? fields[4] : ''
}

function simulationFor(c, validated) {
  const kinds = policyKinds(c.policies)
  const unsupported = kinds.filter((k) => k !== 'identity')
  if (unsupported.length > 0) return { excluded: `policy kinds ${unsupported.join(', ')} not mapped` }
  const r = c.request
  return {
    simulation: {
      identityPolicies: c.policies.identity.map((p, i) => ({ name: `identity-${i}`, policy: validated(p) })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: r.principal,
        action: r.action,
        resource: { resource: r.resource, accountId: r.resourceAccount || accountOf(r.resource) || accountOf(r.principal) },
        // iam-simulate takes strings and lists of strings; a case may write a number or a boolean.
        contextVariables: Object.fromEntries(Object.entries(r.context ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)])),
      },
    },
  }
}

runMain(async () => {
  const { files, seconds, warmup } = parseArgs(process.argv.slice(2))
  const version = JSON.parse(readFileSync(new URL('./node_modules/@cloud-copilot/iam-simulate/package.json', import.meta.url))).version
  for (const file of files) {
    const cases = loadCases(file)
    // One validation per distinct policy document (a suite's policies are one object).
    const cache = new Map()
    const validated = (p) => {
      if (!cache.has(p)) cache.set(p, createValidatedPolicy(p, validateIdentityPolicy))
      return cache.get(p)
    }
    const runnable = []
    const excluded = []
    const disagreements = []
    for (const c of cases) {
      const { simulation, excluded: why } = simulationFor(c, validated)
      if (why) {
        excluded.push({ name: c.name, why })
        continue
      }
      const result = await runSimulation(simulation, OPTIONS)
      const got = result.resultType === 'error' ? `error: ${result.errors.message}` : ANSWER[result.overallResult] ?? result.overallResult
      if (got !== c.expect) disagreements.push({ name: c.name, expect: c.expect, got })
      runnable.push(simulation)
    }
    const timing = runnable.length === 0 ? null : await measure((i) => runSimulation(runnable[i], OPTIONS), runnable.length, seconds, warmup)
    console.log(JSON.stringify({
      peer: 'iam-simulate', version, workload: workloadName(file), cases: cases.length,
      decided: runnable.length, agreed: runnable.length - disagreements.length, disagreements, excluded, ...timing,
    }))
  }
})
