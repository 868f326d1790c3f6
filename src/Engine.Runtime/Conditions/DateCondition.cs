using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Conditions;

/// <summary>The Date family (iam-semantics.md §7.4): epoch seconds or ISO 8601, compared as instants.</summary>
internal sealed class DateCondition : CompiledCondition
{
    private readonly long[] _ticks;
    private readonly OrderedComparison _comparison;

    /// <summary>Creates the condition.</summary>
    /// <param name="shape">Slot and operator shape.</param>
    /// <param name="comparison">The comparison.</param>
    /// <param name="utcTicks">The policy values that parse, as UTC ticks.</param>
    public DateCondition(ConditionShape shape, OrderedComparison comparison, IEnumerable<long> utcTicks)
        : base(shape)
    {
        _comparison = comparison;
        _ticks = [.. utcTicks];
    }

    /// <inheritdoc/>
    protected override bool MatchesAnyPolicyValue(ReadOnlySpan<char> value, AuthorizationRequest request, out bool parsed)
    {
        parsed = DateValue.TryParse(value, out long requested);
        if (!parsed)
        {
            return false;
        }

        foreach (long policy in _ticks)
        {
            if (Ordered.Holds(_comparison, requested.CompareTo(policy)))
            {
                return true;
            }
        }

        return false;
    }
}
