using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;

namespace Engine.Runtime.Conditions;

/// <summary>How a string condition compares (iam-semantics.md §7.4, String).</summary>
internal enum StringComparisonMode : byte
{
    /// <summary>Exact, case-sensitive.</summary>
    Equals,
    /// <summary>Ignoring case.</summary>
    EqualsIgnoreCase,
    /// <summary>Case-sensitive glob; policy values are escaped patterns.</summary>
    Like,
}

/// <summary>The String family: <c>StringEquals</c>, <c>StringEqualsIgnoreCase</c>, <c>StringLike</c> and their negations.</summary>
internal sealed class StringCondition : CompiledCondition
{
    private readonly PolicyValue[] _values;
    private readonly StringComparisonMode _mode;

    // By value index, for Like: the fixed value classified once (null for a value with variables,
    // which is rendered and globbed per request).
    private readonly ResourcePattern?[] _likePatterns;

    /// <summary>Creates the condition.</summary>
    /// <param name="shape">Slot and operator shape.</param>
    /// <param name="mode">The comparison.</param>
    /// <param name="values">The policy values.</param>
    public StringCondition(ConditionShape shape, StringComparisonMode mode, IEnumerable<PolicyValue> values)
        : base(shape)
    {
        _mode = mode;
        _values = [.. values];

        // PERF: a fixed StringLike value is classified here, at compile time (Exact, Prefix, Suffix,
        // …), instead of running the general glob per request.
        // DIVERGENCE: the reference globs every StringLike value per request; each mode matches
        // exactly what that glob matches (ResourcePattern.CreateStringLike, checked by an oracle).
        _likePatterns = mode == StringComparisonMode.Like
            ? [.. _values.Select(v => v.Template is null && v.Text is not null ? ResourcePattern.CreateStringLike(v.Text) : null)]
            : [];
    }

    /// <inheritdoc/>
    protected override bool MatchesAnyPolicyValue(ReadOnlySpan<char> value, AuthorizationRequest request, out bool parsed)
    {
        parsed = true;
        for (int i = 0; i < _values.Length; i++)
        {
            // INVARIANT (like classified): _likePatterns[i] matches as Glob.IsMatch on the same
            // escaped text (ResourcePattern.CreateStringLike; StringLikeClassificationTests).
            if ((uint)i < (uint)_likePatterns.Length && _likePatterns[i] is { } classified)
            {
                if (classified.IsMatch(value))
                {
                    return true;
                }

                continue;
            }

            PolicyValue policyValue = _values[i];
            // PERF: an equality with variables compares piece by piece instead of rendering.
            if (policyValue.Template is { } template && _mode != StringComparisonMode.Like)
            {
                if (template.EqualsFilled(value, request, _mode == StringComparisonMode.EqualsIgnoreCase, out _))
                {
                    return true;
                }

                continue;
            }

            if (!policyValue.TryResolve(request, escapeVariables: _mode == StringComparisonMode.Like, out ReadOnlySpan<char> policy))
            {
                continue;
            }

            bool match = _mode switch
            {
                StringComparisonMode.Equals => value.SequenceEqual(policy),
                StringComparisonMode.EqualsIgnoreCase => value.Equals(policy, StringComparison.OrdinalIgnoreCase),
                _ => Glob.IsMatch(policy, value, ignoreCase: false),
            };
            if (match)
            {
                return true;
            }
        }

        return false;
    }
}
