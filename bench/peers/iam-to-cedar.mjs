// Translates IAM identity policies into a Cedar policy set, and an IAM request into a Cedar
// request (entities and context), for the benchmark only: it covers what the benchmark workloads
// use, and says which statements it cannot express, so that the cases they could decide are
// excluded rather than answered wrongly. docs/benchmarks.md ("Side by side with the peers") lists
// the coverage. One IAM statement becomes one Cedar policy, `permit` for Allow and `forbid` for
// Deny, whose id says which (`allow-p0s3`, `deny-p0s3`): Cedar's answer is Allow when a permit
// holds and no forbid does, and the ids of the forbids that hold tell ExplicitDeny from
// ImplicitDeny.
//
// The request mapping (per request, outside the timed calls):
//   principal  Principal::"<principal ARN>"  { account }
//   action     Action::"<action, lower case>"   (IAM action names are case-insensitive)
//   resource   Resource::"<resource>"  { arn, account, head, cut }
//     head: the first five ARN fields ("arn:aws:iam::111122223333"), "" when not ARN-shaped;
//     cut:  for each literal prefix L that precedes a policy variable in a resource pattern,
//           cut[L] = the rest of the ARN's resource part when it starts with L.
//   context    the request's keys in lower case (condition keys are case-insensitive), typed as
//              the conditions use them: Bool keys as booleans, Date keys as datetime(), IP keys
//              as ip(); "$action" carries the action for Action patterns with wildcards.

const OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'Bool', 'Null',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'IpAddress', 'NotIpAddress',
])
const NEGATED = new Set(['StringNotEquals', 'StringNotLike', 'DateNotEquals', 'NotIpAddress'])
const DATE_COMPARISON = { DateEquals: '==', DateNotEquals: '==', DateLessThan: '<', DateLessThanEquals: '<=', DateGreaterThan: '>', DateGreaterThanEquals: '>=' }
// The datetime() forms Cedar accepts; IAM also takes epoch seconds, converted below.
const CEDAR_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{4}))?$/
const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(\/\d{1,3})?$/

class Unsupported extends Error {}

// A Cedar string literal: JSON's escapes are Cedar's, except \uXXXX, which Cedar writes \u{XXXX}.
const str = (s) => JSON.stringify(s).replace(/\\(\\|u([0-9a-fA-F]{4}))/g, (m, e, hex) => (hex ? `\\u{${hex}}` : m))
const list = (v) => (Array.isArray(v) ? v : [v])
const or = (xs) => (xs.length === 1 ? xs[0] : `(${xs.join(' || ')})`)

// An IAM glob (`*` only) as a Cedar `like` pattern: IAM globs have no literal `*`.
function likePattern(glob) {
  if (glob.includes('?')) throw new Unsupported('`?` wildcard (Cedar `like` has only `*`)')
  return str(glob) // in a pattern Cedar reads `\\` as a backslash and `\*` as a star
}

function actionMatch(patterns) {
  return or(list(patterns).map((p) => {
    const a = String(p).toLowerCase()
    if (a === '*') return 'true'
    return /[*?]/.test(a) ? `context["$action"] like ${likePattern(a)}` : `action == Action::${str(a)}`
  }))
}

// One Resource pattern. Without a variable, a whole-string `like` is exactly IAM's match (spec
// 5.2) provided every `*` in the first five fields ends its field (such a `*` may run over the
// following colons, as Cedar's does); a `*` inside one of those fields would be allowed to cross
// a colon by `like`, so it is refused. A policy variable is covered in one shape: once, at the
// end, in the resource part, after a literal prefix of that part (`arn:aws:iam::*:user/${aws:username}`).
function resourceMatch(pattern, cuts) {
  if (pattern === '*') return 'true'
  const fields = pattern.split(':')
  const head = fields.slice(0, 5)
  for (const f of head) {
    const i = f.indexOf('*')
    if (i >= 0 && i !== f.length - 1) throw new Unsupported(`\`*\` inside an ARN field of \`${pattern}\``)
  }
  if (!pattern.includes('${')) return `resource.arn like ${likePattern(pattern)}`
  const m = /^(.*)\$\{([^}]*)\}$/.exec(fields.slice(5).join(':'))
  if (fields.length < 6 || !m || m[1].includes('${') || /[*?]/.test(m[1]) || /[,'*?$ ]/.test(m[2])) {
    throw new Unsupported(`policy variable in \`${pattern}\` (only \${key} at the end of the resource part, after literal text)`)
  }
  const [, literal, variable] = m
  const key = variable.toLowerCase()
  cuts.add(literal)
  return `(resource.head like ${likePattern(head.join(':'))} && resource.cut has ${str(literal)} && context has ${str(key)} && resource.cut[${str(literal)}] == context[${str(key)}])`
}

function conditionMatch(condition, keyTypes) {
  const parts = []
  for (const [rawOperator, block] of Object.entries(condition ?? {})) {
    const ifExists = rawOperator.endsWith('IfExists')
    const operator = ifExists ? rawOperator.slice(0, -'IfExists'.length) : rawOperator
    if (!OPERATORS.has(operator)) throw new Unsupported(`condition operator ${rawOperator}`)
    for (const [rawKey, rawValues] of Object.entries(block)) {
      const key = rawKey.toLowerCase()
      const values = list(rawValues).map(String)
      if (values.some((v) => v.includes('${'))) throw new Unsupported(`policy variable in a condition value of ${rawKey}`)
      const ref = `context[${str(key)}]`
      const has = `context has ${str(key)}`
      if (operator === 'Null') {
        if (ifExists || values.length !== 1) throw new Unsupported(`${rawOperator} with several values`)
        parts.push(values[0].toLowerCase() === 'true' ? `!(${has})` : has)
        continue
      }
      const type = operator === 'Bool' ? 'bool' : operator.startsWith('Date') ? 'date' : operator.includes('IpAddress') ? 'ip' : 'string'
      if ((keyTypes.get(key) ?? type) !== type) throw new Unsupported(`${rawKey} used as both ${keyTypes.get(key)} and ${type}`)
      keyTypes.set(key, type)
      const any = or(values.map((v) => valueMatch(operator, ref, v)))
      if (NEGATED.has(operator)) parts.push(`(!(${has}) || !(${any}))`)
      else parts.push(ifExists ? `(!(${has}) || ${any})` : `(${has} && ${any})`)
    }
  }
  return parts
}

function valueMatch(operator, ref, v) {
  switch (operator) {
    case 'StringEquals': case 'StringNotEquals': return `${ref} == ${str(v)}`
    case 'StringLike': case 'StringNotLike': return `${ref} like ${likePattern(v)}`
    // IAM compares Bool values case-insensitively; a policy value that is neither never matches.
    case 'Bool': return ['true', 'false'].includes(v.toLowerCase()) ? `${ref} == ${v.toLowerCase()}` : 'false'
    case 'IpAddress': case 'NotIpAddress':
      if (!IP.test(v)) throw new Unsupported(`IP value \`${v}\``)
      return `${ref}.isInRange(ip(${str(v)}))`
    default: {
      const d = cedarDate(v)
      if (d === null) throw new Unsupported(`date value \`${v}\``)
      return `${ref} ${DATE_COMPARISON[operator]} datetime(${str(d)})`
    }
  }
}

function cedarDate(v) {
  if (/^\d+$/.test(v)) return new Date(Number(v) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const offset = v.replace(/([+-]\d{2}):(\d{2})$/, '$1$2') // Cedar writes an offset as +hhmm
  return CEDAR_DATETIME.test(offset) ? offset : null
}

// Translates a case's `policies`; returns the Cedar policies by id, what the request mapping
// needs (key types, variable prefixes) and the statements left out, each with a test on the
// action that tells which requests it could have decided.
export function translatePolicies(policies) {
  const kinds = Object.entries(policies).filter(([, v]) => v != null && !(Array.isArray(v) && v.length === 0)).map(([k]) => k)
  const others = kinds.filter((k) => k !== 'identity')
  if (others.length > 0) return { unsupportedSet: `policy kinds ${others.join(', ')} (only identity policies are translated)` }
  const keyTypes = new Map()
  const cuts = new Set()
  const staticPolicies = {}
  const leftOut = []
  list(policies.identity ?? []).forEach((policy, p) => {
    list(policy.Statement).forEach((s, i) => {
      const id = `p${p}s${i}`
      try {
        if (s.Principal || s.NotPrincipal) throw new Unsupported('Principal in an identity policy')
        const conditionTypes = new Map(keyTypes)
        const when = [
          s.Action !== undefined ? actionMatch(s.Action) : `!(${actionMatch(s.NotAction)})`,
          s.Resource !== undefined ? or(list(s.Resource).map((r) => resourceMatch(r, cuts))) : `!(${or(list(s.NotResource).map((r) => resourceMatch(r, cuts)))})`,
          ...conditionMatch(s.Condition, conditionTypes),
        ]
        // Identity policies grant only within the principal's account: without a resource
        // policy (none is translated) a cross-account request is not allowed (spec 1.3, 14).
        if (s.Effect === 'Allow') when.push('(resource.account == "" || resource.account == principal.account)')
        for (const [k, t] of conditionTypes) keyTypes.set(k, t)
        const effect = s.Effect === 'Allow' ? 'permit' : 'forbid'
        staticPolicies[`${s.Effect === 'Allow' ? 'allow' : 'deny'}-${id}`] =
          `${effect} (principal, action, resource) when { ${when.filter((w) => w !== 'true').join(' && ') || 'true'} };`
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e
        leftOut.push({ statement: id, why: e.message, action: s.Action ?? null, notAction: s.NotAction ?? null })
      }
    })
  })
  return { staticPolicies, keyTypes, cuts: [...cuts], leftOut }
}

function globMatches(glob, value) {
  const re = new RegExp('^' + glob.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$')
  return re.test(value)
}

// The statement left out that could decide this request, if any: the case is then excluded.
export function leftOutFor(translation, request) {
  const action = String(request.action ?? '').toLowerCase()
  return translation.leftOut.find((s) =>
    s.action !== null ? list(s.action).some((a) => globMatches(a, action)) : !list(s.notAction).some((a) => globMatches(a, action)))
}

const REQUEST_FIELDS = new Set(['principal', 'action', 'resource', 'resourceAccount', 'context'])
const arnFields = (s) => (typeof s === 'string' && s.startsWith('arn:') && s.split(':').length >= 6 ? s.split(':') : null)

// The Cedar request for one IAM request, or { excluded } when the mapping cannot carry it.
export function translateRequest(translation, request) {
  const unknown = Object.keys(request).filter((k) => !REQUEST_FIELDS.has(k))
  if (unknown.length > 0) return { excluded: `request fields ${unknown.join(', ')} not mapped` }
  if (typeof request.action !== 'string' || typeof request.resource !== 'string' || typeof request.principal !== 'string') {
    return { excluded: 'request without principal, action or resource' }
  }
  const context = { '$action': request.action.toLowerCase() }
  for (const [rawKey, value] of Object.entries(request.context ?? {})) {
    if (Array.isArray(value)) return { excluded: `multi-valued context key ${rawKey}` }
    const key = rawKey.toLowerCase()
    const v = String(value)
    switch (translation.keyTypes.get(key)) {
      case 'bool': context[key] = ['true', 'false'].includes(v.toLowerCase()) ? v.toLowerCase() === 'true' : v; break
      case 'date': { const d = cedarDate(v); context[key] = d === null ? v : { __extn: { fn: 'datetime', arg: d } }; break }
      case 'ip': context[key] = IP.test(v) ? { __extn: { fn: 'ip', arg: v } } : v; break
      default: context[key] = v
    }
  }
  const principalFields = arnFields(request.principal)
  const resourceFields = arnFields(request.resource)
  // The resource account (spec 1.3): `resourceAccount` when the request names it, else the ARN's.
  const resourceAccount = request.resourceAccount || (resourceFields ? resourceFields[4] : '')
  const resourcePart = resourceFields ? resourceFields.slice(5).join(':') : ''
  const cut = {}
  for (const literal of translation.cuts) {
    if (resourceFields && resourcePart.startsWith(literal)) cut[literal] = resourcePart.slice(literal.length)
  }
  return {
    principal: { type: 'Principal', id: request.principal },
    action: { type: 'Action', id: request.action.toLowerCase() },
    resource: { type: 'Resource', id: request.resource },
    context,
    entities: [
      { uid: { type: 'Principal', id: request.principal }, attrs: { account: principalFields ? principalFields[4] : '' }, parents: [] },
      {
        uid: { type: 'Resource', id: request.resource },
        attrs: { arn: request.resource, account: resourceAccount, head: resourceFields ? resourceFields.slice(0, 5).join(':') : '', cut },
        parents: [],
      },
    ],
  }
}
