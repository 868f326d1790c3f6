namespace Engine.Runtime.Evaluation;

public sealed partial class CompiledPolicySet
{
    /// <summary>The first applicable Allow of each kind that §16's grant rules read (statement ids, -1 = none).</summary>
    private struct Grants
    {
        public int Identity, Boundary, Session, ResourceDirect, ResourceRole, ResourceAccount, ResourceAny, Endpoint;

        public Grants()
        {
            Identity = Boundary = Session = ResourceDirect = ResourceRole = ResourceAccount = ResourceAny = Endpoint = -1;
        }

        public void Record(GrantKind grant, int id, PrincipalMatchKind match, Span<int> scpFirstAllow)
        {
            switch (grant.Kind)
            {
                case PolicyKind.Identity:
                    First(ref Identity, id);
                    break;
                case PolicyKind.PermissionsBoundary:
                    First(ref Boundary, id);
                    break;
                case PolicyKind.Session:
                    First(ref Session, id);
                    break;
                case PolicyKind.Scp:
                    First(ref scpFirstAllow[grant.Level], id);
                    break;
                case PolicyKind.Resource:
                    First(ref ResourceAny, id);
                    if (match == PrincipalMatchKind.Direct)
                    {
                        First(ref ResourceDirect, id);
                    }
                    else if (match == PrincipalMatchKind.ViaRole)
                    {
                        First(ref ResourceRole, id);
                    }
                    else if (match == PrincipalMatchKind.ViaAccount)
                    {
                        First(ref ResourceAccount, id);
                    }

                    break;
                case PolicyKind.VpcEndpoint:
                    First(ref Endpoint, id);
                    break;
                default:
                    // RCP allows never occur: RCPs may only deny (§2.5), and RCPFullAWSAccess is implied.
                    break;
            }
        }

        private static void First(ref int slot, int id)
        {
            if (slot < 0)
            {
                slot = id;
            }
        }
    }

    // SPEC: iam-semantics.md §16 steps 2 and 3 — organization gates, then grants (the reference's
    // Combine, CombineSameAccount and CombineCrossAccount).
    // DIVERGENCE: the reference lists every deciding statement and every reason; here only the
    // first deciding statement id is kept. The first one is the same (§17), which the
    // differential properties check.
    private EvaluationResult Combine(ref Grants grants, ReadOnlySpan<int> scpFirstAllow, in CallerInfo caller, bool sameAccount, ServiceRule rule)
    {
        // SPEC: §12 — every SCP level must allow.
        foreach (int first in scpFirstAllow)
        {
            if (first < 0)
            {
                return new EvaluationResult(Decision.ImplicitDeny, -1, EvaluationStatus.Ok);
            }
        }

        // SPEC: amendments §15.6.4 item 2 — an endpoint policy that takes part must allow.
        if (_hasEndpoint && grants.Endpoint < 0)
        {
            return Denied();
        }

        // SPEC: amendments §15.9 — calls these credentials can never make.
        if (ServiceRules.CannotCall(rule, caller.Kind))
        {
            return Denied();
        }

        // SPEC: amendments §15.7.4 — most KMS key operations are refused across accounts.
        bool mustAllow = (rule & (ServiceRule.RoleTrust | ServiceRule.KeyPolicy)) != 0;
        if ((rule & (ServiceRule.KeyPolicy | ServiceRule.KmsCrossAccount)) == ServiceRule.KeyPolicy && !sameAccount && caller.HasAccount)
        {
            return Denied();
        }

        bool boundaryOk = !_hasBoundary || grants.Boundary >= 0;
        bool sessionOk = _hasSession ? grants.Session >= 0 : caller.Kind != CallerKind.FederatedUser;
        bool identityOk = (grants.Identity >= 0 || caller.Kind == CallerKind.Root) && boundaryOk && sessionOk;

        // SPEC: §15.2, §15.4 — service principals and other callers need a Direct resource grant.
        if (caller.Kind is CallerKind.Service or CallerKind.Other)
        {
            return grants.ResourceDirect >= 0 ? Allowed(grants.ResourceDirect) : Denied();
        }

        // SPEC: amendments §15.7.2 item 1 — the trust or key policy must allow, also in one account.
        if (mustAllow && grants.ResourceAny < 0)
        {
            return Denied();
        }

        if (mustAllow && sameAccount)
        {
            return CombineMustAllowSameAccount(ref grants, rule, identityOk, boundaryOk, sessionOk);
        }

        if (sameAccount)
        {
            if (identityOk)
            {
                // The identity path: the identity Allow, else (root) the first gate passed.
                int gate = _hasBoundary ? grants.Boundary : _hasSession ? grants.Session : scpFirstAllow.Length > 0 ? scpFirstAllow[0] : grants.Endpoint;
                return Allowed(grants.Identity >= 0 ? grants.Identity : gate);
            }

            // SPEC: §10, §11 — a grant to the caller itself is capped by neither boundary nor session policy.
            if (grants.ResourceDirect >= 0)
            {
                return Allowed(grants.ResourceDirect);
            }

            // SPEC: §10, §11 — a grant through the role is capped by both.
            return grants.ResourceRole >= 0 && boundaryOk && sessionOk ? Allowed(grants.ResourceRole) : Denied();
        }

        // SPEC: §14 — cross-account: the principal's side and the resource's side must both allow.
        return identityOk && grants.ResourceAny >= 0
            ? Allowed(grants.Identity >= 0 ? grants.Identity : grants.ResourceAny)
            : Denied();

    }

    // SPEC: amendments §15.7.2 items 3-5 — one account, the trust or key policy allows the caller
    // (the reference's CombineMustAllowSameAccount).
    private static EvaluationResult CombineMustAllowSameAccount(ref Grants grants, ServiceRule rule, bool identityOk, bool boundaryOk, bool sessionOk)
    {
        // D23 — sts:TagSession / sts:SetSourceIdentity need the identity side on every path.
        bool identityAlways = (rule & ServiceRule.IdentityAlways) != 0;
        if ((identityAlways || grants.ResourceAccount >= 0) && identityOk)
        {
            return Allowed(grants.Identity >= 0 ? grants.Identity : grants.ResourceAny);
        }

        if (!identityAlways)
        {
            // Naming the caller grants; under RT the boundary must still allow (D21).
            if (grants.ResourceDirect >= 0 && ((rule & ServiceRule.RoleTrust) == 0 || boundaryOk))
            {
                return Allowed(grants.ResourceDirect);
            }

            if (grants.ResourceRole >= 0 && boundaryOk && sessionOk)
            {
                return Allowed(grants.ResourceRole);
            }
        }

        return Denied();
    }

    private static EvaluationResult Allowed(int id) => new(Decision.Allow, id, EvaluationStatus.Ok);

    private static EvaluationResult Denied() => new(Decision.ImplicitDeny, -1, EvaluationStatus.Ok);
}
