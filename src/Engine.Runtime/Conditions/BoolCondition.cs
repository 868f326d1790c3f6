using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Conditions;

/// <summary><c>Bool</c> (iam-semantics.md §7.4): <c>true</c>/<c>false</c>, case-insensitive; variables allowed (D9).</summary>
internal sealed class BoolCondition : CompiledCondition
{
    private readonly PolicyValue[] _values;

    /// <summary>Creates the condition.</summary>
    /// <param name="shape">Slot and operator shape.</param>
    /// <param name="values">The policy values, as text or templates.</param>
    public BoolCondition(ConditionShape shape, IEnumerable<PolicyValue> values)
        : base(shape) => _values = [.. values];

    /// <inheritdoc/>
    protected override bool MatchesAnyPolicyValue(ReadOnlySpan<char> value, AuthorizationRequest request, out bool parsed)
    {
        parsed = BoolValue.TryParse(value, out bool requested);
        if (!parsed)
        {
            return false;
        }

        foreach (PolicyValue policyValue in _values)
        {
            if (policyValue.TryResolve(request, escapeVariables: false, out ReadOnlySpan<char> text)
                && BoolValue.TryParse(text, out bool policy) && policy == requested)
            {
                return true;
            }
        }

        return false;
    }
}
