using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Matching;

/// <summary>
/// The resource checks that compiled statements call (iam-semantics.md §5, §6.4). Kept as plain
/// static methods so the hot code is ordinary C#, testable and measurable on its own.
/// </summary>
internal static class ResourceMatching
{
    /// <summary>Result of a templated entry whose variable has no value (§6.4).</summary>
    public const int Unresolved = -1;

    /// <summary>Whether a fixed pattern matches the request resource.</summary>
    /// <param name="pattern">The classified pattern.</param>
    /// <param name="request">The request.</param>
    public static bool IsMatch(ResourcePattern pattern, AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(request);

        // PERF: a pattern shared by several statements is matched once per evaluation (AuthorizationRequest.Memo.cs).
        return request.TryRecall(pattern.MemoKey, out bool matches)
            ? matches
            : request.Remember(pattern.MemoKey, pattern.IsMatch(request.Resource));
    }

    /// <summary>1 when a templated entry matches, 0 when not, <see cref="Unresolved"/> when a variable has no value.</summary>
    /// <param name="template">The escaped pattern with variables in its resource part.</param>
    /// <param name="request">The request (slots resolved).</param>
    public static int MatchTemplate(ValueTemplate template, AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(request);
        if (!template.TryRender(request, escapeVariables: true, out ReadOnlySpan<char> pattern))
        {
            return Unresolved;
        }

        return ArnGlob.IsMatch(pattern, request.Resource) ? 1 : 0;
    }

    /// <summary>1 when a suffix template matches, 0 when not, <see cref="Unresolved"/> when a variable has no value.</summary>
    /// <param name="template">The split pattern.</param>
    /// <param name="request">The request (slots resolved).</param>
    public static int MatchSuffix(SuffixTemplate template, AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.Match(request);
    }
}
