using System.Collections.Immutable;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Reference;

/// <summary>
/// The reference interpreter: iam-semantics.md written as code, to be read beside the spec.
/// It is deliberately plain — no tries, no precomputed globs, no fast paths — and shares only the
/// model with the compiled engine, so that differential tests between the two mean something.
/// </summary>
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

        var request = new RequestView(query, caller, context, ResourceAccountOf(query, caller));
        return Decide(policies, request);
    }

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
    }

    /// <summary>An applicable statement with where it came from and, for resource policies, its principal match.</summary>
    private sealed record Applicable(StatementRef Ref, PrincipalMatch Match);

    // SPEC: §16 — the complete decision algorithm.
    private static ReferenceDecision Decide(PolicySet policies, RequestView request)
    {
        Caller caller = request.Caller;
        bool hasBoundary = policies.HasBoundary;

        // ---- collect applicable statements (§3) ----------------------------------------------
        List<Applicable> rcp = [], scp = [], resource = [], identity = [], boundary = [], session = [];
        var scpLevelAllows = new List<List<Applicable>>();

        if (policies.Rcps is { } rcpLevels)
        {
            for (int level = 0; level < rcpLevels.Length; level++)
            {
                CollectApplicable(rcpLevels[level], PolicyKind.Rcp, level, request, hasBoundary, rcp);
            }
        }

        if (policies.Scps is { } scpLevels)
        {
            for (int level = 0; level < scpLevels.Length; level++)
            {
                var atLevel = new List<Applicable>();
                CollectApplicable(scpLevels[level], PolicyKind.Scp, level, request, hasBoundary, atLevel);
                scp.AddRange(atLevel);
                scpLevelAllows.Add(atLevel.Where(a => a.Ref.Effect == Effect.Allow).ToList());
            }
        }

        if (policies.Resource is { } resourcePolicy)
        {
            CollectApplicable([resourcePolicy], PolicyKind.Resource, 0, request, hasBoundary, resource);
        }

        CollectApplicable(policies.Identity, PolicyKind.Identity, 0, request, hasBoundary, identity);
        if (hasBoundary)
        {
            CollectApplicable(policies.PermissionsBoundary, PolicyKind.PermissionsBoundary, 0, request, hasBoundary, boundary);
        }

        if (policies.HasSession)
        {
            CollectApplicable(policies.Session, PolicyKind.Session, 0, request, hasBoundary, session);
        }

        // ---- 1. explicit deny, listed in §17's order -----------------------------------------
        ImmutableArray<StatementRef> denies = [.. new[] { rcp, scp, resource, identity, boundary, session }
            .SelectMany(list => list)
            .Where(a => a.Ref.Effect == Effect.Deny)
            .Select(a => a.Ref)];
        if (denies.Length > 0)
        {
            return new ReferenceDecision(Decision.ExplicitDeny, denies, [], null);
        }

        // ---- 2. organization gates -----------------------------------------------------------
        // SPEC: §13 — RCPFullAWSAccess allows at every level, so RCPs only ever deny.
        // SPEC: §12 — every SCP level must have an applicable Allow.
        var reasons = new List<string>();
        for (int level = 0; level < scpLevelAllows.Count; level++)
        {
            if (scpLevelAllows[level].Count == 0)
            {
                reasons.Add($"scp-level-{level}-no-allow");
            }
        }

        if (reasons.Count > 0)
        {
            return new ReferenceDecision(Decision.ImplicitDeny, [], [.. reasons], null);
        }

        // ---- 3. grants -----------------------------------------------------------------------
        Applicable? idAllow = FirstAllow(identity);
        Applicable? pbAllow = FirstAllow(boundary);
        Applicable? spAllow = FirstAllow(session);

        // SPEC: §10 — no boundary, or the boundary has an applicable Allow.
        bool boundaryOk = !hasBoundary || pbAllow is not null;

        // SPEC: §11 — no session policy (and not a federated user, D16), or it has an applicable Allow.
        bool sessionOk = policies.HasSession ? spAllow is not null : caller.Kind != CallerKind.FederatedUser;

        // SPEC: §15.1 — the root user's identity side always allows.
        bool identityOk = (idAllow is not null || caller.Kind == CallerKind.Root) && boundaryOk && sessionOk;

        Applicable? rpDirect = FirstAllow(resource, PrincipalMatch.Direct);
        Applicable? rpRole = FirstAllow(resource, PrincipalMatch.ViaRole);
        Applicable? rpAny = resource.FirstOrDefault(a => a.Ref.Effect == Effect.Allow && a.Match != PrincipalMatch.None);

        IEnumerable<StatementRef> ScpGates() => scpLevelAllows.Select(level => level[0].Ref);
        IEnumerable<StatementRef> Gates(bool withBoundary, bool withSession) =>
            new[] { withBoundary ? pbAllow : null, withSession ? spAllow : null }
                .Where(a => a is not null).Select(a => a!.Ref).Concat(ScpGates());

        ReferenceDecision Allow(Applicable? grant, IEnumerable<StatementRef> gates) => new(
            Decision.Allow,
            [.. (grant is null ? [] : new[] { grant.Ref }).Concat(gates)],
            [],
            null);

        // SPEC: §15.2, §15.4 — service principals and other callers need a Direct resource grant.
        if (caller.Kind is CallerKind.Service or CallerKind.Other)
        {
            return rpDirect is not null
                ? Allow(rpDirect, ScpGates())
                : Deny("no-resource-policy-allow-for-caller");
        }

        if (request.SameAccount)
        {
            if (identityOk)
            {
                return Allow(idAllow, Gates(hasBoundary, policies.HasSession));
            }

            // SPEC: §10, §11 — a grant to the caller itself is not capped by boundary or session policy.
            if (rpDirect is not null)
            {
                return Allow(rpDirect, ScpGates());
            }

            // SPEC: §10, §11 — a grant through the role is capped by both.
            if (rpRole is not null && boundaryOk && sessionOk)
            {
                return Allow(rpRole, Gates(hasBoundary, policies.HasSession));
            }

            return Deny(GrantReasons(idAllow is not null || caller.Kind == CallerKind.Root, boundaryOk, sessionOk, sameAccount: true, rpAny is not null));
        }

        // SPEC: §14 — cross-account: both sides must allow.
        if (identityOk && rpAny is not null)
        {
            ImmutableArray<StatementRef> path = [.. (idAllow is null ? [] : new[] { idAllow.Ref }), rpAny.Ref, .. Gates(hasBoundary, policies.HasSession)];
            return new ReferenceDecision(Decision.Allow, path, [], null);
        }

        return Deny(GrantReasons(idAllow is not null || caller.Kind == CallerKind.Root, boundaryOk, sessionOk, sameAccount: false, rpAny is not null));

        static Applicable? FirstAllow(List<Applicable> list, PrincipalMatch? kind = null) =>
            list.FirstOrDefault(a => a.Ref.Effect == Effect.Allow && (kind is null || a.Match == kind));
    }

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
    private static void CollectApplicable(
        ImmutableArray<PolicyDocument> documents, PolicyKind kind, int level, RequestView request, bool hasBoundary, List<Applicable> into)
    {
        for (int policyIndex = 0; policyIndex < documents.Length; policyIndex++)
        {
            PolicyDocument document = documents[policyIndex];
            foreach (Statement statement in document.Statements)
            {
                PrincipalMatch match = PrincipalMatch.Direct;
                if (kind is PolicyKind.Resource or PolicyKind.Rcp)
                {
                    match = MatchesPrincipal(statement, request.Caller, hasBoundary && kind == PolicyKind.Resource);
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
