using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;

namespace Engine.Runtime.Conditions;

/// <summary>The ARN family: <c>ArnEquals</c>/<c>ArnLike</c> and their negations (iam-semantics.md §7.4, ARN).</summary>
internal sealed class ArnCondition : CompiledCondition
{
    private readonly PolicyValue[] _patterns;

    /// <summary>Creates the condition.</summary>
    /// <param name="shape">Slot and operator shape.</param>
    /// <param name="patterns">Escaped ARN patterns, possibly with variables.</param>
    public ArnCondition(ConditionShape shape, IEnumerable<PolicyValue> patterns)
        : base(shape) => _patterns = [.. patterns];

    /// <inheritdoc/>
    protected override bool MatchesAnyPolicyValue(ReadOnlySpan<char> value, AuthorizationRequest request, out bool parsed)
    {
        // SPEC: §7.4 — a request value that is not ARN-shaped does not parse.
        parsed = ArnFields.TryParse(value, out _);
        if (!parsed)
        {
            return false;
        }

        foreach (PolicyValue pattern in _patterns)
        {
            if (pattern.TryResolve(request, escapeVariables: true, out ReadOnlySpan<char> text) && ArnGlob.IsArnLikeMatch(text, value))
            {
                return true;
            }
        }

        return false;
    }
}
