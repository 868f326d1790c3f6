// Runs @cedar-policy/cedar-wasm (Apache-2.0) on decision-case files, in its own process, on the
// IAM-to-Cedar translation of iam-to-cedar.mjs. Stateful mode: each distinct policy set is
// parsed once (`preparsePolicySet`) and every timed call names it (`statefulIsAuthorized`); the
// request's entities and context are built once per case, so the timed call is Cedar's own work
// (reading the request objects, evaluating, answering). Prints one JSON line per file.
import { getCedarVersion, preparsePolicySet, statefulIsAuthorized } from '@cedar-policy/cedar-wasm/nodejs'
import { readFileSync } from 'node:fs'
import { loadCases, runMain, workloadName } from './cases.mjs'
import { leftOutFor, translatePolicies, translateRequest } from './iam-to-cedar.mjs'
import { measure, parseArgs } from './measure.mjs'

function answerOf(result) {
  if (result.type !== 'success') return `error: ${result.errors.map((e) => e.message).join('; ')}`
  const { decision, diagnostics } = result.response
  if (decision === 'allow') return 'Allow'
  return diagnostics.reason.some((id) => id.startsWith('deny-')) ? 'ExplicitDeny' : 'ImplicitDeny'
}

runMain(async () => {
  const { files, seconds, warmup } = parseArgs(process.argv.slice(2))
  const version = JSON.parse(readFileSync(new URL('./node_modules/@cedar-policy/cedar-wasm/package.json', import.meta.url))).version
  const dump = process.env.PEERS_CEDAR_DUMP // a folder: write each translated set there, to read it
  for (const file of files) {
    const cases = loadCases(file)
    const sets = new Map() // policies object -> { id, translation }
    const runnable = []
    const excluded = []
    const disagreements = []
    let policyErrors = 0
    for (const c of cases) {
      if (!sets.has(c.policies)) {
        const translation = translatePolicies(c.policies)
        const id = `${workloadName(file)}-${sets.size}`
        if (!translation.unsupportedSet) {
          const parsed = preparsePolicySet(id, { staticPolicies: translation.staticPolicies })
          if (parsed.type !== 'success') throw new Error(`${id}: Cedar rejects the translation: ${JSON.stringify(parsed.errors)}`)
          if (dump) {
            const { writeFileSync } = await import('node:fs')
            writeFileSync(`${dump}/${id}.cedar`, Object.entries(translation.staticPolicies).map(([k, v]) => `// ${k}\n${v}\n`).join(''))
          }
        }
        sets.set(c.policies, { id, translation })
      }
      const { id, translation } = sets.get(c.policies)
      const leftOut = translation.unsupportedSet ? { why: translation.unsupportedSet } : leftOutFor(translation, c.request)
      if (leftOut) {
        excluded.push({ name: c.name, why: leftOut.statement ? `${leftOut.statement}: ${leftOut.why}` : leftOut.why })
        continue
      }
      const request = translateRequest(translation, c.request)
      if (request.excluded) {
        excluded.push({ name: c.name, why: request.excluded })
        continue
      }
      const call = { ...request, preparsedPolicySetId: id, validateRequest: false }
      const result = statefulIsAuthorized(call)
      if (result.type === 'success') policyErrors += result.response.diagnostics.errors.length
      const got = answerOf(result)
      if (got !== c.expect) disagreements.push({ name: c.name, expect: c.expect, got })
      runnable.push(call)
    }
    const timing = runnable.length === 0 ? null : await measure((i) => statefulIsAuthorized(runnable[i]), runnable.length, seconds, warmup)
    console.log(JSON.stringify({
      peer: 'cedar-wasm', version, cedar: getCedarVersion(), workload: workloadName(file), cases: cases.length,
      decided: runnable.length, agreed: runnable.length - disagreements.length, disagreements, excluded, policyErrors, ...timing,
    }))
  }
})
