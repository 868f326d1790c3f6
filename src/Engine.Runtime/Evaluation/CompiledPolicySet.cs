using System.Collections.ObjectModel;
using Engine.Runtime.Matching;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// An immutable, compiled policy set: a principal's identity policies plus, where present, the
/// resource policy, permissions boundary, session policy, SCP levels and RCP levels. Thread-safe:
/// one set serves any number of threads, each with its own <see cref="AuthorizationRequest"/>.
/// Built by <c>Engine.Compiler.PolicySetCompiler</c>.
/// </summary>
public sealed partial class CompiledPolicySet
{
    private readonly CompiledStatement[] _statements;

    // By statement id: its principal matcher, or null (identity-side policies have no principal).
    // PERF (overlap-10x50 evaluate profile: a tenth of Evaluate's own samples waited on loading
    // each candidate's CompiledStatement): the check reads one slot of a compact array instead of
    // one object per candidate, scattered over the heap.
    private readonly PrincipalMatcher?[] _principals;
    private readonly ActionTrieSet _actions;
    private readonly ActionPlanCache _plans;
    private readonly StatementCheck?[] _checks;

    // Null while the set decides with the plain matcher (_checks); set once by Promote to the
    // emitted delegates. INVARIANT (tiers agree): both forms are built from the same StatementCheck
    // objects and make the same calls, so a swap between two requests changes no answer.
    private Func<AuthorizationRequest, int, bool>?[]? _predicateChunks;
    private readonly ulong[] _notActionMask;
    private readonly ConditionKeyTable _slots;
    private readonly int _slotCount;
    private readonly int _scpLevels;
    private readonly bool _hasScps, _hasBoundary, _hasSession, _hasEndpoint;

    /// <summary>Assembles a compiled set (called by the compiler).</summary>
    /// <param name="statements">Statements in explanation order: RCP levels, SCP levels, resource, identity, boundary, session, VPC endpoint (§17, amendments §17.2).</param>
    /// <param name="actions">The action tries, marking statement ids.</param>
    /// <param name="checks">By statement id: its resource and condition checks, or null when they always hold.</param>
    /// <param name="conditionKeys">Condition keys by slot (compared case-insensitively).</param>
    /// <param name="scpLevels">The number of SCP levels, or null when SCPs do not apply.</param>
    /// <param name="hasBoundary">Whether a permissions boundary takes part.</param>
    /// <param name="hasSession">Whether a session policy takes part.</param>
    /// <param name="hasEndpoint">Whether a VPC endpoint policy takes part (amendments §15.6).</param>
    internal CompiledPolicySet(
        IReadOnlyList<CompiledStatement> statements,
        ActionTrieSet actions,
        IReadOnlyList<StatementCheck?> checks,
        IReadOnlyList<string> conditionKeys,
        int? scpLevels,
        bool hasBoundary,
        bool hasSession,
        bool hasEndpoint = false)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(conditionKeys);
        _statements = [.. statements];
        _actions = actions;
        if (actions.ElementCount > _statements.Length)
        {
            throw new ArgumentException($"the action tries mark statement {actions.ElementCount - 1}, past the set's {_statements.Length}", nameof(actions));
        }
        RequireExplanationOrder(_statements);
        _principals = [.. _statements.Select(s => s.Principal)];
        ArgumentNullException.ThrowIfNull(checks);
        _checks = [.. checks];
        _notActionMask = new ulong[(_statements.Length + 63) / 64];
        for (int i = 0; i < _statements.Length; i++)
        {
            if (_statements[i].IsNotAction)
            {
                _notActionMask[i >> 6] |= 1UL << (i & 63);
            }
        }

        _denyMask = DenyMaskOf(_statements);
        _plans = new ActionPlanCache(_statements.Length);
        _grantKinds = GrantKindsOf(_statements);
        _useDecisionPlan = DecisionPlanEnabled();
        _slots = new ConditionKeyTable(conditionKeys);
        _slotCount = conditionKeys.Count;
        _hasScps = scpLevels is not null;
        _scpLevels = scpLevels ?? 0;
        _hasBoundary = hasBoundary;
        _hasSession = hasSession;
        _hasEndpoint = hasEndpoint;
        Statements = new ReadOnlyCollection<StatementRef>([.. _statements.Select(s => s.Reference)]);
    }

    // INVARIANT (explanation order): statement ids follow PolicyKinds.ExplanationOrder and levels
    // root first, so Evaluate may stop at the first applicable Deny id (§16 step 1, §17).
    private static void RequireExplanationOrder(CompiledStatement[] statements)
    {
        for (int i = 1; i < statements.Length; i++)
        {
            StatementRef previous = statements[i - 1].Reference, current = statements[i].Reference;
            int byKind = previous.Kind.ExplanationRank().CompareTo(current.Kind.ExplanationRank());
            if (byKind > 0 || (byKind == 0 && previous.Level > current.Level))
            {
                throw new ArgumentException($"statement {i} ({current}) is out of the explanation order of §17", nameof(statements));
            }
        }
    }

    /// <summary>How many statements share one emitted predicate delegate.</summary>
    public const int PredicateChunkSize = 16;

    /// <summary>Every statement of the set by id; <see cref="EvaluationResult.StatementId"/> indexes it.</summary>
    public IReadOnlyList<StatementRef> Statements { get; }

    /// <summary>The number of distinct condition keys the set reads.</summary>
    public int ConditionKeyCount => _slotCount;

    /// <summary>The deciding statement of a result, or null.</summary>
    /// <param name="result">A result of this set.</param>
    public StatementRef? DecidingStatement(EvaluationResult result) =>
        (uint)result.StatementId < (uint)_statements.Length ? _statements[result.StatementId].Reference : null;
}
