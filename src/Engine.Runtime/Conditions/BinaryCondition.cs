using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Conditions;

/// <summary><c>BinaryEquals</c> (iam-semantics.md §7.4): decoded base-64 bytes, else the texts.</summary>
internal sealed class BinaryCondition : CompiledCondition
{
    private readonly BinaryLiteral[] _values;

    /// <summary>Creates the condition.</summary>
    /// <param name="shape">Slot and operator shape.</param>
    /// <param name="values">The policy values.</param>
    public BinaryCondition(ConditionShape shape, IEnumerable<BinaryLiteral> values)
        : base(shape) => _values = [.. values];

    /// <inheritdoc/>
    protected override bool MatchesAnyPolicyValue(ReadOnlySpan<char> value, AuthorizationRequest request, out bool parsed)
    {
        parsed = true;
        foreach (BinaryLiteral policy in _values)
        {
            if (policy.Equals(value))
            {
                return true;
            }
        }

        return false;
    }
}
