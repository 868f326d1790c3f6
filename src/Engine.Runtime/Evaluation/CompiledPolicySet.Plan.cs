namespace Engine.Runtime.Evaluation;

public sealed partial class CompiledPolicySet
{
    /// <summary>
    /// The <see cref="AppContext"/> switch that makes sets compiled while it is on evaluate with the
    /// plain scan of every candidate statement instead of the decision plan (Denies first, Allows
    /// only while they can change a grant). For benchmarks that measure the plan against the scan
    /// in one run; the decision is the same either way.
    /// </summary>
    public const string DisableDecisionPlanSwitch = "Engine.Runtime.DisableDecisionPlan";

    /// <summary>The action plans this set has built (what the tests observe: one per busy action, not one per request).</summary>
    internal int PlanBuilds => _plans.Builds;

    // By statement id: whether the statement is a Deny (checked before every Allow).
    private readonly ulong[] _denyMask;
    private readonly bool _useDecisionPlan;

    private static ulong[] DenyMaskOf(CompiledStatement[] statements)
    {
        var mask = new ulong[(statements.Length + 63) / 64];
        for (int i = 0; i < statements.Length; i++)
        {
            if (statements[i].IsDeny)
            {
                mask[i >> 6] |= 1UL << (i & 63);
            }
        }

        return mask;
    }

    private static bool DecisionPlanEnabled() =>
        !(AppContext.TryGetSwitch(DisableDecisionPlanSwitch, out bool disabled) && disabled);

    // Whether an applicable Allow of this kind would still change what Combine reads. Grants keep
    // the first applicable Allow of each kind (and SCP level), and Allows are visited in id order,
    // so once a kind has one, a later Allow of the same kind changes nothing.
    // INVARIANT (first grant): Grants.Record only ever fills an empty slot of its kind; a kind this
    // switch does not name (resource policies, whose slots depend on the principal match, and any
    // kind added later) is always checked.
    private static bool MayChangeGrant(ref Grants grants, GrantKind kind, ReadOnlySpan<int> scpFirstAllow) => kind.Kind switch
    {
        PolicyKind.Identity => grants.Identity < 0,
        PolicyKind.PermissionsBoundary => grants.Boundary < 0,
        PolicyKind.Session => grants.Session < 0,
        PolicyKind.Scp => scpFirstAllow[kind.Level] < 0,
        _ => true,
    };

    // Where an action plan goes on after the Allow at each position applies (ActionPlan.AfterGrant).
    // INVARIANT (first grant), as in MayChangeGrant: of these kinds Grants.Record keeps the first
    // applicable Allow of the kind and level, and fills no other kind's slot; statement ids follow
    // the explanation order (RequireExplanationOrder), so a kind and level form one run of the list.
    private int[] AfterGrantOf(List<int> allows)
    {
        var after = new int[allows.Count];
        for (int k = allows.Count - 1; k >= 0; k--)
        {
            GrantKind kind = _grantKinds[allows[k]];
            bool sameRunNext = k + 1 < allows.Count && _grantKinds[allows[k + 1]] == kind;
            after[k] = !KeepsFirstGrantOnly(kind.Kind) ? k + 1 : sameRunNext ? after[k + 1] : k + 1;
        }

        return after;
    }

    private static bool KeepsFirstGrantOnly(PolicyKind kind) =>
        kind is PolicyKind.Identity or PolicyKind.PermissionsBoundary or PolicyKind.Session or PolicyKind.Scp;

    // PERF: the kind and level of each statement by id, read by MayChangeGrant for every Allow
    // candidate without loading its StatementRef (3.9 % of overlap-10x50 in a perf profile).
    private readonly GrantKind[] _grantKinds;

    private readonly record struct GrantKind(PolicyKind Kind, int Level);

    private static GrantKind[] GrantKindsOf(CompiledStatement[] statements) =>
        [.. statements.Select(s => new GrantKind(s.Reference.Kind, s.Reference.Level))];
}
