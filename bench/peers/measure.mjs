// The timing method shared by both peer runners, the same as `engine bench`'s: decide the cases
// round-robin on one thread, first for a warm-up, then for a fixed wall time; the cost of one
// decision is the elapsed time over the number of decisions. The clock is read after every
// decision: a peer decision costs microseconds to milliseconds, so reading it costs nothing.
// The warm-up covers at least two full passes over the cases: iam-simulate loads a service's
// data on the first question about it, which costs milliseconds once and would otherwise land
// in the measurement.
export async function measure(decideOne, count, seconds, warmupSeconds) {
  await runFor(decideOne, count, warmupSeconds, 2)
  return runFor(decideOne, count, seconds, 1)
}

async function runFor(decideOne, count, seconds, minimumPasses) {
  const budget = BigInt(Math.round(seconds * 1e9))
  const start = process.hrtime.bigint()
  let decisions = 0
  let elapsed = 0n
  // Whole passes only, so that every case weighs the same even when one decision is slow.
  while (elapsed < budget || decisions < count * minimumPasses || decisions % count !== 0) {
    await decideOne(decisions % count)
    decisions++
    elapsed = process.hrtime.bigint() - start
  }
  return { decisions, seconds: Number(elapsed) / 1e9, usPerDecision: Number(elapsed) / 1e3 / decisions }
}

// Reads `--seconds S` and `--warmup S` and the case files from argv.
export function parseArgs(argv) {
  const files = []
  let seconds = 3
  let warmup = 1
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seconds') seconds = Number(argv[++i])
    else if (argv[i] === '--warmup') warmup = Number(argv[++i])
    else files.push(argv[i])
  }
  if (!(seconds > 0) || !(warmup >= 0) || files.length === 0) {
    throw new Error('usage: node RUNNER.mjs FILE... [--seconds S] [--warmup S]')
  }
  return { files, seconds, warmup }
}
