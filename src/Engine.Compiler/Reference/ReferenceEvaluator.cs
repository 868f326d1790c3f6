using System.Collections.Immutable;
using Engine.Compiler.Model;
using Decision = Engine.Runtime.Evaluation.Decision;
using Effect = Engine.Runtime.Evaluation.Effect;
using PolicyKind = Engine.Runtime.Evaluation.PolicyKind;
using StatementRef = Engine.Runtime.Evaluation.StatementRef;

namespace Engine.Compiler.Reference;

/// <summary>
/// The reference interpreter: iam-semantics.md written as code, to be read beside the spec.
/// It is deliberately plain — no tries, no precomputed globs, no fast paths — and shares only the
/// model (<c>Engine.Compiler.Model</c> and the answer types <c>PolicyKind</c>, <c>Effect</c>,
/// <c>StatementRef</c>, <c>Decision</c>) with the compiled engine, so that differential tests
/// between the two mean something.
/// </summary>
/// <remarks>
/// Each step beside the compiler method that builds its counterpart and the runtime code that runs it
/// (docs/architecture.md has the same table):
/// <code>
/// step (spec)               reference (Reference/)                 compiler (Emit/)                  runtime (Engine.Runtime)
/// request shape §1.1 §1.4   Evaluate, ValidateRequestAction        —                                 CompiledPolicySet.Evaluate, ActionText.TryFoldWellFormed
/// caller §1.2               Caller.Classify                        —                                 CallerInfo.Classify (ArnFields)
/// same account §1.3         ResourceAccountOf                      —                                 CompiledPolicySet.IsSameAccount (ArnFields)
/// statements, §17 order     InExplanationOrder, CollectApplicable  EmitStatements                    Evaluate's scan by statement id
/// one statement §3          CollectApplicable (per statement)      EmitStatement                     predicate chunk (CompilePredicates)
/// principal §8              MatchesPrincipal (.Principal)          ClassifyPrincipal (.Principal)    PrincipalMatcher.Match
/// action §4                 MatchesAction (.Actions)               ClassifyActions (.Actions)        ActionTrie.MatchFolded
/// resource §5               MatchesResource (.Resources)           EmitResourceMatch (.Resources)    ResourceMatching.*
/// resource entry §5.2 §5.6  ResourcePattern, MatchesResourceEntry  ClassifyResourceEntry             ResourcePattern.IsMatch, SuffixTemplate.Match
/// conditions §7.1           MatchesConditions (.Conditions)        EmitStatement                     —
/// one condition §7.3 §7.4   EvaluateCondition, Compare             EmitCondition, ClassifyCondition  CompiledCondition.IsSatisfied, NullCondition
/// variables §6              Substitute (.Variables)                PolicyText.Split                  ValueTemplate.TryRender
/// explicit deny §16 step 1  ExplicitDeny                           —                                 Evaluate (first Deny id)
/// gates, grants §16 2-3     Combine, Grants, Combine*Account       —                                 CompiledPolicySet.Combine, Grants
/// service rules §15.7-15.9  IsRoleTrustRule, IsKeyPolicyRule, …    —                                 ServiceRules.Classify (ServiceRule flags)
/// endpoint principal §15.6  MatchesEndpointPrincipal               ClassifyPrincipal (VpcEndpoint)   EndpointPrincipalHolds
/// must allow §15.7.2        CombineMustAllowSameAccount            —                                 CombineMustAllowSameAccount
/// </code>
/// </remarks>
public static partial class ReferenceEvaluator
{
    /// <summary>Decides one request against a policy set and explains the decision.</summary>
    /// <param name="policies">The policies that take part.</param>
    /// <param name="query">The request.</param>
    public static ReferenceDecision Evaluate(PolicySet policies, AuthorizationQuery query)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(query);

        // SPEC: §1.1 — a request action is prefix:name with exactly one colon and no wildcard.
        string? actionError = ValidateRequestAction(query.Action);
        if (actionError is not null)
        {
            return ReferenceDecision.Malformed(actionError);
        }

        // SPEC: §1.4 — two context keys differing only by case make the request malformed.
        var context = new Dictionary<string, ContextEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (ContextEntry entry in query.Context)
        {
            if (!context.TryAdd(entry.Key, entry))
            {
                return ReferenceDecision.Malformed($"context key `{entry.Key}` appears twice (keys ignore case)");
            }
        }

        Caller caller = Caller.Classify(query.Principal);

        // SPEC: §11 — a session policy only exists for role sessions and federated users.
        if (policies.HasSession && caller.Kind is not (CallerKind.RoleSession or CallerKind.FederatedUser or CallerKind.Role))
        {
            return ReferenceDecision.Malformed($"a session policy was given but `{query.Principal}` is not a session");
        }

        // SPEC: amendments §15.8 (§16 step 0) — GetCallerIdentity, and GetSessionToken for users and
        // the root user, need no permission: nothing is evaluated.
        string act = query.Action;
        if (IsNotControlledByPolicy(act, caller.Kind))
        {
            return new ReferenceDecision(Decision.Allow, [], [], null) { Rule = NotControlledByPolicy };
        }

        // SPEC: §16 — collect the applicable statements (§3), then explicit deny, then gates and grants.
        // SPEC: amendments §15.7.1 — whether the resource policy is a trust policy or a key policy
        // that must allow; under either a null resource policy has no statements (§15.7.3).
        var request = new RequestView(query, caller, context, ResourceAccountOf(query, caller))
        {
            RoleTrust = IsRoleTrustRule(act, query.Resource),
            KeyPolicy = IsKeyPolicyRule(act, query.Resource),
        };
        ApplicableStatements applicable = CollectApplicable(policies, request);
        ReferenceDecision decision = ExplicitDeny(applicable) ?? Combine(policies, request, applicable);
        return decision with { ResourcePolicyKind = request.RoleTrust ? "roleTrustPolicy" : request.KeyPolicy ? "keyPolicy" : null };
    }

    /// <summary>The rule of amendments §15.8 and §17.3: the request needs no permission.</summary>
    public const string NotControlledByPolicy = "not-controlled-by-policy";

    // SPEC: §1.1
    private static string? ValidateRequestAction(string action)
    {
        int colon = action.IndexOf(':', StringComparison.Ordinal);
        bool ok = colon > 0 && colon < action.Length - 1
            && action.IndexOf(':', colon + 1) < 0
            && !action.Contains('*', StringComparison.Ordinal)
            && !action.Contains('?', StringComparison.Ordinal);
        return ok ? null : $"request action `{action}` must look like \"service:action\" without wildcards";
    }

    // SPEC: §1.3 — request.resourceAccount, else the ARN's account field, else the principal's account.
    private static string? ResourceAccountOf(AuthorizationQuery query, Caller caller)
    {
        if (!string.IsNullOrEmpty(query.ResourceAccount))
        {
            return query.ResourceAccount;
        }

        // DIVERGENCE: a plain split; the runtime reads the same fifth field with ArnFields.
        string[] fields = query.Resource.Split(':');
        if (query.Resource.StartsWith("arn:", StringComparison.Ordinal) && fields.Length >= 6 && fields[4].Length > 0)
        {
            return fields[4];
        }

        return caller.Account;
    }

    /// <summary>What the evaluation of one request needs to see.</summary>
    internal sealed record RequestView(
        AuthorizationQuery Query,
        Caller Caller,
        Dictionary<string, ContextEntry> Context,
        string? ResourceAccount)
    {
        // SPEC: §1.3 — same account when the principal has an account and it equals the resource account.
        public bool SameAccount => Caller.Account is not null && Caller.Account == ResourceAccount;

        /// <summary>The request action (amendments §16 `act`; compared ignoring case).</summary>
        public string Act => Query.Action;

        /// <summary>Whether the role trust rule applies (amendments §15.7.1, RT).</summary>
        public bool RoleTrust { get; init; }

        /// <summary>Whether the key policy rule applies (amendments §15.7.1, KP).</summary>
        public bool KeyPolicy { get; init; }
    }

    /// <summary>An applicable statement with where it came from and, for resource policies, its principal match.</summary>
    private sealed record Applicable(StatementRef Ref, PrincipalMatch Match);

    /// <summary>The applicable statements of one request in §17's order (§3), and each SCP level's applicable Allows.</summary>
    private sealed record ApplicableStatements(List<Applicable> All, List<List<Applicable>> ScpLevelAllows)
    {
        public List<Applicable> OfKind(PolicyKind kind) => [.. All.Where(a => a.Ref.Kind == kind)];
    }

    // SPEC: §17 — explanations list RCP levels (root first), SCP levels, resource, identity,
    // boundary, session; amendments §17.2 — then the VPC endpoint policy.
    // DIVERGENCE: the order is spelled out here from the spec; the compiled engine numbers its
    // statements in PolicyKinds.ExplanationOrder and stops at the first Deny id. Both list the same
    // statements in the same order, so the deciding statement is the same.
    private static IEnumerable<(PolicyKind Kind, int Level, ImmutableArray<PolicyDocument> Documents)> InExplanationOrder(PolicySet policies)
    {
        for (int level = 0; level < (policies.Rcps?.Length ?? 0); level++)
        {
            yield return (PolicyKind.Rcp, level, policies.Rcps!.Value[level]);
        }

        for (int level = 0; level < (policies.Scps?.Length ?? 0); level++)
        {
            yield return (PolicyKind.Scp, level, policies.Scps!.Value[level]);
        }

        yield return (PolicyKind.Resource, 0, policies.Resource is { } resource ? [resource] : []);
        yield return (PolicyKind.Identity, 0, policies.Identity.IsDefault ? [] : policies.Identity);
        yield return (PolicyKind.PermissionsBoundary, 0, policies.PermissionsBoundary.IsDefault ? [] : policies.PermissionsBoundary);
        yield return (PolicyKind.Session, 0, policies.Session.IsDefault ? [] : policies.Session);
        yield return (PolicyKind.VpcEndpoint, 0, policies.VpcEndpoint is { } endpoint ? [endpoint] : []);
    }

    // SPEC: §3 — every applicable statement of every policy set, in §17's order.
    private static ApplicableStatements CollectApplicable(PolicySet policies, RequestView request)
    {
        var applicable = new ApplicableStatements([], []);
        foreach ((PolicyKind kind, int level, ImmutableArray<PolicyDocument> documents) in InExplanationOrder(policies))
        {
            var found = new List<Applicable>();
            CollectApplicable(documents, kind, level, request, policies.HasBoundary, found);
            applicable.All.AddRange(found);

            // SPEC: §12 — each SCP level is a gate of its own.
            if (kind == PolicyKind.Scp)
            {
                applicable.ScpLevelAllows.Add([.. found.Where(a => a.Ref.Effect == Effect.Allow)]);
            }
        }

        return applicable;
    }

    // SPEC: §16 step 1 — an applicable Deny decides; every one is listed, in §17's order.
    // DIVERGENCE: the compiled engine stops its scan at the first applicable Deny id
    // (CompiledPolicySet.Evaluate); that statement is the first listed here.
    private static ReferenceDecision? ExplicitDeny(ApplicableStatements applicable)
    {
        ImmutableArray<StatementRef> denies = [.. applicable.All
            .Where(a => a.Ref.Effect == Effect.Deny)
            .Select(a => a.Ref)];
        return denies.Length > 0 ? new ReferenceDecision(Decision.ExplicitDeny, denies, [], null) : null;
    }

    /// <summary>
    /// The first applicable Allow of each kind that §16's grant rules read, and the gates it passes
    /// (the compiled engine records the same firsts in <c>CompiledPolicySet.Grants</c>).
    /// </summary>
    private sealed record Grants(
        Applicable? Identity,
        Applicable? Boundary,
        Applicable? Session,
        Applicable? ResourceDirect,
        Applicable? ResourceRole,
        Applicable? ResourceAccount,
        Applicable? ResourceAny,
        IReadOnlyList<StatementRef> OrganizationGates,
        Applicable? Endpoint)
    {
        /// <summary>The SCP gates, then (amendments §17.3) the endpoint policy's first applicable Allow.</summary>
        public IEnumerable<StatementRef> ScpGates =>
            OrganizationGates.Concat(new[] { Endpoint }.OfType<Applicable>().Select(a => a.Ref));

        /// <summary>The boundary and session Allows that capped the grant (when present), then the SCP and endpoint gates.</summary>
        public IEnumerable<StatementRef> CappedGates =>
            new[] { Boundary, Session }.OfType<Applicable>().Select(a => a.Ref).Concat(ScpGates);

        public static Grants Of(ApplicableStatements applicable) => new(
            FirstAllow(applicable.OfKind(PolicyKind.Identity)),
            FirstAllow(applicable.OfKind(PolicyKind.PermissionsBoundary)),
            FirstAllow(applicable.OfKind(PolicyKind.Session)),
            FirstAllow(applicable.OfKind(PolicyKind.Resource), PrincipalMatch.Direct),
            FirstAllow(applicable.OfKind(PolicyKind.Resource), PrincipalMatch.ViaRole),
            FirstAllow(applicable.OfKind(PolicyKind.Resource), PrincipalMatch.ViaAccount),
            applicable.OfKind(PolicyKind.Resource).FirstOrDefault(a => a.Ref.Effect == Effect.Allow && a.Match != PrincipalMatch.None),
            [.. applicable.ScpLevelAllows.Select(level => level[0].Ref)],
            FirstAllow(applicable.OfKind(PolicyKind.VpcEndpoint)));

        private static Applicable? FirstAllow(List<Applicable> list, PrincipalMatch? kind = null) =>
            list.FirstOrDefault(a => a.Ref.Effect == Effect.Allow && (kind is null || a.Match == kind));
    }

    // SPEC: §16 steps 2 and 3 — organization gates, then grants (CompiledPolicySet.Combine in the runtime).
    // DIVERGENCE: the reference lists every deciding statement and every reason; the runtime
    // keeps only the first deciding statement id. The first one is the same (§17), which the
    // differential properties check.
    private static ReferenceDecision Combine(PolicySet policies, RequestView request, ApplicableStatements applicable)
    {
        // SPEC: §13 — RCPFullAWSAccess allows at every level, so RCPs only ever deny.
        // SPEC: §12 — every SCP level must have an applicable Allow.
        string[] scpReasons = [.. applicable.ScpLevelAllows
            .Select((allows, level) => allows.Count == 0 ? $"scp-level-{level}-no-allow" : null)
            .OfType<string>()];
        if (scpReasons.Length > 0)
        {
            return Deny(scpReasons);
        }

        Grants grants = Grants.Of(applicable);
        Caller caller = request.Caller;

        // SPEC: amendments §15.6.4 item 2 — an endpoint policy that takes part must allow.
        if (policies.VpcEndpoint is not null && grants.Endpoint is null)
        {
            return Deny("vpc-endpoint-no-allow");
        }

        // SPEC: amendments §15.9 — calls these credentials can never make (after explicit denies, D27).
        if (CannotCall(caller.Kind, request.Act))
        {
            return Deny("credentials-cannot-call-action");
        }

        // SPEC: amendments §15.7.4 — most KMS key operations are refused across accounts.
        if (request.KeyPolicy && !request.SameAccount && caller.Kind is not (CallerKind.Service or CallerKind.Other)
            && !IsKmsCrossAccountAction(request.Act))
        {
            return Deny("kms-operation-not-cross-account");
        }

        // SPEC: §10 — no boundary, or the boundary has an applicable Allow.
        bool boundaryOk = !policies.HasBoundary || grants.Boundary is not null;

        // SPEC: §11 — no session policy (and not a federated user, D16), or it has an applicable Allow.
        bool sessionOk = policies.HasSession ? grants.Session is not null : caller.Kind != CallerKind.FederatedUser;

        // SPEC: §15.1 — the root user's identity side always allows.
        bool identityAllows = grants.Identity is not null || caller.Kind == CallerKind.Root;

        // SPEC: §15.2, §15.4 — service principals and other callers need a Direct resource grant.
        if (caller.Kind is CallerKind.Service or CallerKind.Other)
        {
            return grants.ResourceDirect is not null
                ? Allow(grants.ResourceDirect, grants.ScpGates)
                : Deny(MustAllowReason(request) ?? "no-resource-policy-allow-for-caller");
        }

        // SPEC: amendments §15.7.2 item 1 — the trust or key policy must allow, also in one account.
        if (MustAllowReason(request) is { } mustAllow)
        {
            if (grants.ResourceAny is null)
            {
                return Deny(mustAllow);
            }

            if (request.SameAccount)
            {
                return CombineMustAllowSameAccount(request, grants, identityAllows, boundaryOk, sessionOk);
            }
        }

        return request.SameAccount
            ? CombineSameAccount(grants, identityAllows, boundaryOk, sessionOk)
            : CombineCrossAccount(grants, identityAllows, boundaryOk, sessionOk);
    }

    // SPEC: §9, §10, §11 — one account: the identity side, or a resource grant.
    private static ReferenceDecision CombineSameAccount(Grants grants, bool identityAllows, bool boundaryOk, bool sessionOk)
    {
        if (identityAllows && boundaryOk && sessionOk)
        {
            return Allow(grants.Identity, grants.CappedGates);
        }

        // SPEC: §10, §11 — a grant to the caller itself is not capped by boundary or session policy.
        if (grants.ResourceDirect is not null)
        {
            return Allow(grants.ResourceDirect, grants.ScpGates);
        }

        // SPEC: §10, §11 — a grant through the role is capped by both.
        if (grants.ResourceRole is not null && boundaryOk && sessionOk)
        {
            return Allow(grants.ResourceRole, grants.CappedGates);
        }

        return Deny(GrantReasons(identityAllows, boundaryOk, sessionOk, sameAccount: true, grants.ResourceAny is not null));
    }

    private static string? MustAllowReason(RequestView request) =>
        request.RoleTrust ? "role-trust-policy-no-allow" : request.KeyPolicy ? "key-policy-no-allow" : null;

    // SPEC: amendments §15.7.2 items 3-5 — one account, the trust or key policy allows the caller.
    private static ReferenceDecision CombineMustAllowSameAccount(RequestView request, Grants grants, bool identityAllows, bool boundaryOk, bool sessionOk)
    {
        bool identityOk = identityAllows && boundaryOk && sessionOk;

        // SPEC: §15.7.2 item 4, D23 — sts:TagSession and sts:SetSourceIdentity need the identity side on every path.
        bool identityAlways = request.RoleTrust && NeedsIdentityAlways(request.Act);
        bool viaAccount = grants.ResourceAccount is not null;
        if ((identityAlways || viaAccount) && identityOk)
        {
            // SPEC: §17.3 — the identity Allow, then the trust or key policy Allow that matched.
            ImmutableArray<StatementRef> path = [.. (grants.Identity is null ? [] : new[] { grants.Identity.Ref }), grants.ResourceAny!.Ref, .. grants.CappedGates];
            return new ReferenceDecision(Decision.Allow, path, [], null);
        }

        if (!identityAlways)
        {
            // SPEC: §15.7.2 item 4 — naming the caller grants; under RT the boundary must still allow (D21).
            if (grants.ResourceDirect is not null && (!request.RoleTrust || boundaryOk))
            {
                return Allow(grants.ResourceDirect, request.RoleTrust ? grants.CappedGates : grants.ScpGates);
            }

            // SPEC: §15.7.2 item 5 — naming the caller's role: capped by boundary and session policy.
            if (grants.ResourceRole is not null && boundaryOk && sessionOk)
            {
                return Allow(grants.ResourceRole, grants.CappedGates);
            }
        }

        var reasons = new List<string> { "account-delegation-identity-no-allow" };
        if (!boundaryOk)
        {
            reasons.Add("boundary-no-allow");
        }

        if (!sessionOk)
        {
            reasons.Add("session-no-allow");
        }

        return Deny([.. reasons]);
    }

    // SPEC: §14 — cross-account: both sides must allow.
    private static ReferenceDecision CombineCrossAccount(Grants grants, bool identityAllows, bool boundaryOk, bool sessionOk)
    {
        if (identityAllows && boundaryOk && sessionOk && grants.ResourceAny is not null)
        {
            ImmutableArray<StatementRef> path = [.. (grants.Identity is null ? [] : new[] { grants.Identity.Ref }), grants.ResourceAny.Ref, .. grants.CappedGates];
            return new ReferenceDecision(Decision.Allow, path, [], null);
        }

        return Deny(GrantReasons(identityAllows, boundaryOk, sessionOk, sameAccount: false, grants.ResourceAny is not null));
    }

    private static ReferenceDecision Allow(Applicable? grant, IEnumerable<StatementRef> gates) =>
        new(Decision.Allow, [.. (grant is null ? [] : new[] { grant.Ref }).Concat(gates)], [], null);

    private static ReferenceDecision Deny(params string[] reasons) => new(Decision.ImplicitDeny, [], [.. reasons], null);

    // SPEC: §17 — for ImplicitDeny, every gate that lacked an allow.
    private static string[] GrantReasons(bool identityAllows, bool boundaryOk, bool sessionOk, bool sameAccount, bool resourceAllows)
    {
        var reasons = new List<string>();
        if (sameAccount && !identityAllows && !resourceAllows)
        {
            reasons.Add("no-identity-or-resource-allow");
        }

        if (!sameAccount && !identityAllows)
        {
            reasons.Add("cross-account-identity-no-allow");
        }

        if (!boundaryOk)
        {
            reasons.Add("boundary-no-allow");
        }

        if (!sessionOk)
        {
            reasons.Add("session-no-allow");
        }

        if (!sameAccount && !resourceAllows)
        {
            reasons.Add("cross-account-resource-policy-no-allow");
        }

        if (reasons.Count == 0)
        {
            // Reached when a resource grant names only the account (it delegates, §9 step 3).
            reasons.Add("resource-policy-grant-needs-identity-allow");
        }

        return [.. reasons];
    }

    // SPEC: §3 — a statement applies when principal, action, resource and condition all hold.
    // (EmitStatements in the compiler walks the same documents and numbers the same statements.)
    private static void CollectApplicable(
        ImmutableArray<PolicyDocument> documents, PolicyKind kind, int level, RequestView request, bool hasBoundary, List<Applicable> into)
    {
        for (int policyIndex = 0; policyIndex < documents.Length; policyIndex++)
        {
            PolicyDocument document = documents[policyIndex];
            foreach (Statement statement in document.Statements)
            {
                PrincipalMatch match = PrincipalMatch.Direct;
                if (kind is PolicyKind.Resource or PolicyKind.Rcp or PolicyKind.VpcEndpoint)
                {
                    match = kind == PolicyKind.VpcEndpoint
                        ? MatchesEndpointPrincipal(statement, request.Caller)
                        : MatchesPrincipal(statement, request.Caller, hasBoundary && kind == PolicyKind.Resource);
                    if (match == PrincipalMatch.None)
                    {
                        continue;
                    }
                }

                if (MatchesAction(statement.Action, request.Query.Action)
                    && MatchesResource(statement.Resource, document, request)
                    && MatchesConditions(statement.Conditions, document, request))
                {
                    var reference = new StatementRef(kind, level, policyIndex, statement.Index, statement.Sid, document.Id, statement.Effect);
                    into.Add(new Applicable(reference, match));
                }
            }
        }
    }
}
