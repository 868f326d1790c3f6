using System.Runtime.CompilerServices;
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

    /// <summary>
    /// Whether a fixed pattern matches the request resource, computed without the request's memo:
    /// for a compiled plan, which keeps each repeated pattern's result in a local of its own.
    /// </summary>
    /// <param name="pattern">The classified pattern.</param>
    /// <param name="request">The request.</param>
    public static bool IsMatchUnremembered(ResourcePattern pattern, AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(request);
        return pattern.IsMatch(request.Resource);
    }

    // The modes of ResourcePattern.IsMatch with the pattern's literals as arguments: a compiled plan
    // passes them as string literals of its own code, so matching a pattern reads no pattern
    // object and switches on no mode (PERF, see PlanAtomCalls). Each calls its mode's method of
    // ResourcePattern, which IsMatch calls too.
    // Never inlined: inlined into a plan, the span helpers' expansions made the 36 plans of
    // overlap-10x50 296 KB of machine code and 26 ms each to compile; called, 144 KB and 4.9 ms.

    /// <summary><see cref="GlobMode.Exact"/>: whether the resource is the literal.</summary>
    /// <param name="request">The request.</param>
    /// <param name="literal">The pattern's literal.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsExactMatch(AuthorizationRequest request, string literal) => ResourcePattern.IsExactMatch(request.Resource, literal);

    /// <summary><see cref="GlobMode.Prefix"/>: whether the resource starts with the literal.</summary>
    /// <param name="request">The request.</param>
    /// <param name="prefix">The literal before the star.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsPrefixMatch(AuthorizationRequest request, string prefix) => ResourcePattern.IsPrefixMatch(request.Resource, prefix);

    /// <summary><see cref="GlobMode.Suffix"/>: whether the resource ends with the literal.</summary>
    /// <param name="request">The request.</param>
    /// <param name="suffix">The literal after the star.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsSuffixMatch(AuthorizationRequest request, string suffix) => ResourcePattern.IsSuffixMatch(request.Resource, suffix);

    /// <summary><see cref="GlobMode.PrefixSuffix"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="prefix">The literal before the star.</param>
    /// <param name="suffix">The literal after it.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsPrefixSuffixMatch(AuthorizationRequest request, string prefix, string suffix) =>
        ResourcePattern.IsPrefixSuffixMatch(request.Resource, prefix, suffix);

    /// <summary><see cref="GlobMode.Contains"/> with one infix (two stars).</summary>
    /// <param name="request">The request.</param>
    /// <param name="prefix">The literal before the first star.</param>
    /// <param name="infix">The literal between the stars.</param>
    /// <param name="suffix">The literal after the second star.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsOneInfixMatch(AuthorizationRequest request, string prefix, string infix, string suffix) =>
        ResourcePattern.IsOneInfixMatch(request.Resource, prefix, infix, suffix);

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
