// Side by side with the peers (issue #15 §3): runs iam-simulate, cedar-wasm and `engine bench` on
// the same case files, one after the other on this machine, and prints one table. Called by
// run.sh, which installs the peers (`npm ci`) and builds the engine first.
//   node bench/peers/run.mjs --engine PATH [--seconds S] [--warmup S] [--rounds N] [FILE...]
// With several rounds the three take turns (iam-simulate, cedar-wasm, engine, then again), and
// the table shows each one's median: on a shared machine a burst of load then lands in one
// round of one evaluator instead of deciding a ratio.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { workloadName } from './cases.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '..', '..')
const DEFAULT_FILES = ['tests/Vectors/mfa-self-service.json', 'tests/Workloads/overlap-10x50.json', 'tests/Workloads/overlap-20x100.json']

const args = process.argv.slice(2)
let engine = null
let seconds = '3'
let warmup = '1'
let rounds = 3
const files = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--engine') engine = args[++i]
  else if (args[i] === '--seconds') seconds = args[++i]
  else if (args[i] === '--warmup') warmup = args[++i]
  else if (args[i] === '--rounds') rounds = Number(args[++i])
  else files.push(resolve(args[i]))
}
if (!engine || !(Number(seconds) > 0) || !(Number(warmup) >= 0) || !(Number.isInteger(rounds) && rounds >= 1)) {
  console.error('usage: node run.mjs --engine PATH [--seconds S] [--warmup S] [--rounds N] [FILE...]')
  process.exit(2)
}
if (files.length === 0) files.push(...DEFAULT_FILES.map((f) => join(repo, f)))
for (const f of files) {
  if (!existsSync(f)) {
    console.error(`error: ${f}: no such file`)
    process.exit(2)
  }
}

const sh = (cmd, a) => {
  const r = spawnSync(cmd, a, { encoding: 'utf8' })
  return (r.stdout ?? '').trim()
}
// The CPU as /proc/cpuinfo names it (Node's os.cpus() shortens some names).
const cpuModel = () => /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown'
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
const version = (pkg) => JSON.parse(readFileSync(join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version

console.log('# Side by side with the peers (issue #15 §3)')
console.log(`date:        ${new Date().toISOString()}`)
console.log(`commit:      ${sh('git', ['-C', repo, 'rev-parse', '--short', 'HEAD'])}${sh('git', ['-C', repo, 'status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : ''}`)
console.log(`cpu:         ${cpuModel()}, nproc ${sh('nproc', [])}`)
console.log(`load before: ${load()} (1, 5, 15 min)`)
console.log(`node ${process.version}, dotnet ${sh('dotnet', ['--version'])}`)
console.log(`peers:       @cloud-copilot/iam-simulate ${version('@cloud-copilot/iam-simulate')} (iam-policy ${version('@cloud-copilot/iam-policy')}), @cedar-policy/cedar-wasm ${version('@cedar-policy/cedar-wasm')}`)
console.log(`method:      each evaluator in its own process, one after the other, ${rounds} round(s) taking turns, median shown; cases round-robin on one thread, ${warmup} s warm-up (peers: at least two passes over the cases), then ${seconds} s (peers: whole passes); µs per decision = elapsed / decisions`)
console.log(`commands:    node bench/peers/iam-simulate.mjs FILE... | node bench/peers/cedar.mjs FILE... | ${relative(repo, engine)} bench FILE --json (each with --seconds ${seconds} --warmup ${warmup})`)
console.log(`files:       ${files.map((f) => relative(repo, f)).join(', ')}`)
console.log('')

// One peer runner over all the files: one JSON line per file.
function runPeer(script) {
  const r = spawnSync(process.execPath, [join(here, script), ...files, '--seconds', seconds, '--warmup', warmup], { encoding: 'utf8', maxBuffer: 1 << 26 })
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}):\n${r.stderr}`)
  return new Map(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((o) => [o.workload, o]))
}

// `engine bench FILE --json`: MISMATCH lines (exit code 1) and then one JSON object.
function runEngine(file) {
  const r = spawnSync(engine, ['bench', file, '--json', '--seconds', seconds, '--warmup', warmup], { encoding: 'utf8', maxBuffer: 1 << 26 })
  const lines = r.stdout.trim().split('\n')
  const last = lines.pop()
  if (!last?.startsWith('{')) throw new Error(`engine bench ${file} failed (${r.status}):\n${r.stdout}\n${r.stderr}`)
  const o = JSON.parse(last)
  const disagreements = lines.filter((l) => l.startsWith('MISMATCH ')).map((l) => l.slice('MISMATCH '.length))
  return { ...o, usPerDecision: o.nsPerDecision / 1000, decided: o.cases, agreed: o.cases - disagreements.length, disagreements, excluded: [] }
}

// Each round: the three in turn, each over every file. The table keeps the first round's answers
// (they do not change between rounds) and each evaluator's median µs per decision.
const perRound = { iam: [], cedar: [], ours: [] }
for (let r = 0; r < rounds; r++) {
  perRound.iam.push(runPeer('iam-simulate.mjs'))
  perRound.cedar.push(runPeer('cedar.mjs'))
  perRound.ours.push(new Map(files.map((f) => [workloadName(f), runEngine(f)])))
}
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const m = sorted.length >> 1
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
}
const combine = (maps) => new Map([...maps[0]].map(([w, o]) => [w, {
  ...o,
  rounds: maps.map((m) => m.get(w)?.usPerDecision ?? null),
  usPerDecision: o.usPerDecision == null ? null : median(maps.map((m) => m.get(w).usPerDecision)),
}]))
const iam = combine(perRound.iam)
const cedar = combine(perRound.cedar)
const ours = combine(perRound.ours)

const us = (o) => (o?.usPerDecision == null ? 'n/a' : o.usPerDecision >= 100 ? Math.round(o.usPerDecision).toLocaleString('en-US') : o.usPerDecision >= 1 ? o.usPerDecision.toFixed(1) : o.usPerDecision.toFixed(3))
const ratio = (peer, e) => (peer?.usPerDecision == null ? 'n/a' : `${Math.round(peer.usPerDecision / e.usPerDecision).toLocaleString('en-US')}×`)
const agreement = (o) => (o ? `${o.agreed}/${o.decided}${o.excluded.length ? ` (${o.excluded.length} excluded)` : ''}` : 'n/a')

console.log('| workload | cases | iam-simulate µs | cedar-wasm µs | engine µs | engine faster than iam-simulate | engine faster than cedar-wasm | agree with `expect`: iam-simulate / cedar-wasm / engine |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |')
for (const f of files) {
  const w = workloadName(f)
  const e = ours.get(w)
  const i = iam.get(w)
  const c = cedar.get(w)
  console.log(`| ${w} | ${e.cases} | ${us(i)} | ${us(c)} | ${us(e)} | ${ratio(i, e)} | ${ratio(c, e)} | ${agreement(i)} / ${agreement(c)} / ${agreement(e)} |`)
}
console.log('')
console.log(`load after:  ${load()} (1, 5, 15 min)`)
if (rounds > 1) {
  console.log('µs per decision in each round:')
  for (const f of files) {
    const w = workloadName(f)
    const each = (o) => o.get(w).rounds.map((x) => us({ usPerDecision: x })).join(', ')
    console.log(`  ${w}: iam-simulate ${each(iam)}; cedar-wasm ${each(cedar)}; engine ${each(ours)}`)
  }
}

// Every disagreement and exclusion by name: a peer that disagrees is reported, not hidden.
for (const [label, results] of [['iam-simulate', iam], ['cedar-wasm', cedar], ['engine', ours]]) {
  for (const o of results.values()) {
    for (const d of o.disagreements) {
      console.log(typeof d === 'string' ? `${label} disagrees: ${d}` : `${label} disagrees: ${d.name}: expected ${d.expect}, got ${d.got}`)
    }
    for (const x of o.excluded) console.log(`${label} excluded: ${x.name}: ${x.why}`)
    if (o.policyErrors) console.log(`${label}: ${o.policyErrors} Cedar policy evaluation errors on ${o.workload} (an erroring policy does not apply)`)
  }
}
