using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Conditions;

/// <summary>How an ordered family compares request against policy (request OP policy).</summary>
internal enum OrderedComparison : byte
{
    /// <summary>Equal (also the positive twin of the NotEquals bases).</summary>
    Equal,
    /// <summary>Request &lt; policy.</summary>
    Less,
    /// <summary>Request ≤ policy.</summary>
    LessOrEqual,
    /// <summary>Request &gt; policy.</summary>
    Greater,
    /// <summary>Request ≥ policy.</summary>
    GreaterOrEqual,
}

/// <summary>The Numeric family (iam-semantics.md §7.4): exact decimal comparison, no variables.</summary>
internal sealed class NumericCondition : CompiledCondition
{
    private static readonly NumericLiteral s_zero = NumericLiteral.TryCreate("0", out NumericLiteral? zero) ? zero! : throw new InvalidOperationException();
    private readonly NumericLiteral[] _values;
    private readonly OrderedComparison _comparison;

    /// <summary>Creates the condition.</summary>
    /// <param name="shape">Slot and operator shape.</param>
    /// <param name="comparison">The comparison.</param>
    /// <param name="values">The policy values that parse (the others satisfy nothing).</param>
    public NumericCondition(ConditionShape shape, OrderedComparison comparison, IEnumerable<NumericLiteral> values)
        : base(shape)
    {
        _comparison = comparison;
        _values = [.. values];
    }

    /// <inheritdoc/>
    protected override bool MatchesAnyPolicyValue(ReadOnlySpan<char> value, AuthorizationRequest request, out bool parsed)
    {
        parsed = NumericValue.TryCompare(value, s_zero, out _);
        if (!parsed)
        {
            return false;
        }

        foreach (NumericLiteral policy in _values)
        {
            if (NumericValue.TryCompare(value, policy, out int comparison) && Ordered.Holds(_comparison, comparison))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Reads a comparison result for an <see cref="OrderedComparison"/>.</summary>
internal static class Ordered
{
    public static bool Holds(OrderedComparison comparison, int result) => comparison switch
    {
        OrderedComparison.Equal => result == 0,
        OrderedComparison.Less => result < 0,
        OrderedComparison.LessOrEqual => result <= 0,
        OrderedComparison.Greater => result > 0,
        _ => result >= 0,
    };
}
