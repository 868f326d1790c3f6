using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Conditions;

/// <summary>
/// One condition (operator, key, values) with its policy values parsed at compile time. The absent
/// key, multivalued key and set-prefix rules of iam-semantics.md §7.3 live here once; each family
/// supplies only its single-value comparison.
/// </summary>
internal abstract class CompiledCondition
{
    private readonly ConditionShape _shape;

    /// <summary>Creates the condition.</summary>
    /// <param name="shape">Slot, set prefix, IfExists and negation.</param>
    protected CompiledCondition(ConditionShape shape) => _shape = shape;

    // This condition's key in a request's per-evaluation memo (AuthorizationRequest.Memo.cs).
    private readonly int _memoKey = MemoKeys.Next();

    /// <summary>Whether the condition holds for the request.</summary>
    /// <param name="request">A request whose slots are resolved.</param>
    public bool IsSatisfied(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // PERF: a condition shared by several statements is evaluated once per evaluation.
        return request.TryRecall(_memoKey, out bool holds) ? holds : request.Remember(_memoKey, Holds(request));
    }

    /// <summary>
    /// Whether the condition holds, computed without the request's memo: for a compiled plan, which
    /// keeps each repeated condition's result in a local of its own.
    /// </summary>
    /// <param name="request">A request whose slots are resolved.</param>
    public bool IsSatisfiedUnremembered(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Holds(request);
    }

    // SPEC: §7.3 — the condition's value, computed.
    private bool Holds(AuthorizationRequest request)
    {
        int entry = request.EntryOf(_shape.Slot);

        // SPEC: §7.3 step 2 — the key is absent.
        if (entry < 0)
        {
            return _shape.IfExists || _shape.Set switch
            {
                ConditionShape.ForAllValues => true,
                ConditionShape.ForAnyValue => false,
                _ => _shape.Negated,
            };
        }

        // SPEC: §7.3 step 3 — no set prefix: an array never matches (D8).
        if (_shape.Set == ConditionShape.NoSet)
        {
            return !request.IsMultivalued(entry) && SingleValueHolds(request.ContextValue(entry, 0), request);
        }

        // SPEC: §7.3 step 4 — ForAllValues: every value; ForAnyValue: at least one.
        int count = request.ValueCount(entry);
        bool all = _shape.Set == ConditionShape.ForAllValues;
        for (int i = 0; i < count; i++)
        {
            bool holds = SingleValueHolds(request.ContextValue(entry, i), request);
            if (holds != all)
            {
                return !all;
            }
        }

        return all;
    }

    // SPEC: §7.3 step 3 and §7.4 — a request value that does not parse fails both forms; negated
    // bases are the NOR of the positive comparison.
    private bool SingleValueHolds(ReadOnlySpan<char> value, AuthorizationRequest request)
    {
        bool anyMatches = MatchesAnyPolicyValue(value, request, out bool parsed);
        return parsed && (_shape.Negated ? !anyMatches : anyMatches);
    }

    /// <summary>
    /// Whether some policy value satisfies the family's positive comparison with <paramref name="value"/>.
    /// A policy value that does not parse, or whose variable has no value, satisfies nothing.
    /// </summary>
    /// <param name="value">One request value.</param>
    /// <param name="request">The request (for policy variables).</param>
    /// <param name="parsed">False when the request value does not parse for this family.</param>
    protected abstract bool MatchesAnyPolicyValue(ReadOnlySpan<char> value, AuthorizationRequest request, out bool parsed);
}
