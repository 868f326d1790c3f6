using System.Runtime.CompilerServices;
using System.Text;

namespace Engine.Runtime.Matching;

/// <summary>
/// A <c>Resource</c> pattern or a <c>StringLike</c> value classified once into a
/// <see cref="GlobMode"/> with its literal parts precomputed, so that a request only switches on
/// the mode and compares spans.
/// </summary>
/// <remarks>
/// SPEC: iam-semantics.md §5.2 and §7.4. Every mode is equivalent to <see cref="ArnGlob.IsMatch"/>
/// (for <see cref="Create"/>) or <see cref="Glob.IsMatch"/> (for <see cref="CreateStringLike"/>) on
/// the same escaped pattern; the INVARIANT comments in <see cref="IsMatch"/> say why. A
/// <c>StringLike</c> glob is a <c>Resource</c> glob whose every star is free.
/// </remarks>
internal sealed class ResourcePattern
{
    private readonly string _prefix;
    private readonly string _suffix;
    private readonly string[] _infixes;

    private readonly bool _fieldAware;

    private ResourcePattern(string escapedPattern, bool fieldAware, GlobMode mode, string prefix, string[] infixes, string suffix)
    {
        EscapedPattern = escapedPattern;
        _fieldAware = fieldAware;
        Mode = mode;
        _prefix = prefix;
        _infixes = infixes;
        _suffix = suffix;
    }

    /// <summary>This pattern's key in a request's per-evaluation memo (<see cref="Evaluation.MemoKeys"/>).</summary>
    public int MemoKey { get; } = Evaluation.MemoKeys.Next();

    /// <summary>The escaped pattern this instance was created from.</summary>
    public string EscapedPattern { get; }

    /// <summary>How <see cref="IsMatch"/> matches, decided by <see cref="Create"/>.</summary>
    public GlobMode Mode { get; }

    /// <summary>Classifies an escaped <c>Resource</c> pattern (compile time; allocates).</summary>
    /// <param name="escapedPattern">The pattern: <c>*</c>/<c>?</c> are wildcards, <c>\</c> escapes.</param>
    /// <returns>The classified pattern.</returns>
    public static ResourcePattern Create(string escapedPattern) => Classify(escapedPattern, fieldAware: true);

    /// <summary>Classifies an escaped <c>StringLike</c>/<c>StringNotLike</c> value (compile time; allocates).</summary>
    /// <param name="escapedPattern">The value: <c>*</c>/<c>?</c> are wildcards, <c>\</c> escapes; no ARN fields.</param>
    /// <returns>The classified pattern, matching as <see cref="Glob.IsMatch"/> does (case-sensitive).</returns>
    public static ResourcePattern CreateStringLike(string escapedPattern) => Classify(escapedPattern, fieldAware: false);

    // fieldAware: stars in the first five ARN fields are confined to their field (§5.2); otherwise
    // every star is free (§7.4 StringLike).
    private static ResourcePattern Classify(string escapedPattern, bool fieldAware)
    {
        ArgumentNullException.ThrowIfNull(escapedPattern);

        // Cut the pattern at its star runs into literal pieces. A run of stars matches what its
        // widest star matches: a run is free (may cross colons) when its last star is free,
        // because a confined star can always match nothing.
        var pieces = new List<string>();
        var literal = new StringBuilder();
        int colons = 0;
        bool general = false;
        int p = 0;
        while (p < escapedPattern.Length)
        {
            char c = escapedPattern[p];
            if (c == '*')
            {
                while (p + 1 < escapedPattern.Length && escapedPattern[p + 1] == '*')
                {
                    p++;
                }

                bool free = !fieldAware
                    || colons >= ArnGlob.FieldColons
                    || p + 1 == escapedPattern.Length
                    || escapedPattern[p + 1] == ':';
                general |= !free;
                pieces.Add(literal.ToString());
                literal.Clear();
                p++;
                continue;
            }

            if (c == '?')
            {
                general = true;
            }
            else if (c == '\\' && p + 1 < escapedPattern.Length)
            {
                c = escapedPattern[++p];
            }
            else if (c == ':')
            {
                colons++;
            }

            literal.Append(c);
            p++;
        }

        pieces.Add(literal.ToString());
        if (general)
        {
            return new ResourcePattern(escapedPattern, fieldAware, GlobMode.General, string.Empty, [], string.Empty);
        }

        string first = pieces[0];
        string last = pieces[^1];
        int stars = pieces.Count - 1;
        string[] infixes = pieces.Count > 2 ? pieces.GetRange(1, pieces.Count - 2).ToArray() : [];
        GlobMode mode = stars switch
        {
            0 => GlobMode.Exact,
            _ when first.Length == 0 && last.Length == 0 && infixes.Length == 0 => GlobMode.Any,
            1 when last.Length == 0 => GlobMode.Prefix,
            1 when first.Length == 0 => GlobMode.Suffix,
            1 => GlobMode.PrefixSuffix,
            _ => GlobMode.Contains,
        };
        return new ResourcePattern(escapedPattern, fieldAware, mode, first, infixes, last);
    }

    /// <summary>The literal before the first star (the whole literal for <see cref="GlobMode.Exact"/>).</summary>
    internal string Prefix => _prefix;

    /// <summary>The literal after the last star.</summary>
    internal string Suffix => _suffix;

    /// <summary>The literals between the stars, in order (<see cref="GlobMode.Contains"/>).</summary>
    internal ReadOnlySpan<string> Infixes => _infixes;

    /// <summary>Whether the pattern matches the whole request resource (request time; no allocation).</summary>
    /// <param name="resource">The request resource string.</param>
    /// <returns><see langword="true"/> when the pattern matches.</returns>
    /// <remarks>
    /// Each mode's match is a static method of its own, which a compiled plan calls with the
    /// pattern's literals (ResourceMatching), so both decide by the same code.
    /// </remarks>
    public bool IsMatch(ReadOnlySpan<char> resource) => Mode switch
    {
        GlobMode.Exact => IsExactMatch(resource, _prefix),
        GlobMode.Prefix => IsPrefixMatch(resource, _prefix),
        GlobMode.Suffix => IsSuffixMatch(resource, _suffix),
        GlobMode.PrefixSuffix => IsPrefixSuffixMatch(resource, _prefix, _suffix),

        // INVARIANT (any): only free stars; they match every string.
        GlobMode.Any => true,
        GlobMode.Contains when _infixes.Length == 1 => IsOneInfixMatch(resource, _prefix, _infixes[0], _suffix),
        GlobMode.Contains => IsContainsMatch(resource, _prefix, _infixes, _suffix),
        _ => _fieldAware
            ? ArnGlob.IsMatch(EscapedPattern, resource)
            : Glob.IsMatch(EscapedPattern, resource, ignoreCase: false),
    };

    /// <summary><see cref="GlobMode.Exact"/>: whether the resource is the literal.</summary>
    /// <param name="resource">The request resource.</param>
    /// <param name="literal">The pattern, which has no wildcard.</param>
    /// <remarks>INVARIANT (exact): no wildcard, so ArnGlob compares literal by literal.</remarks>
    internal static bool IsExactMatch(ReadOnlySpan<char> resource, string literal) => resource.SequenceEqual(literal);

    /// <summary><see cref="GlobMode.Prefix"/>: whether the resource starts with the literal.</summary>
    /// <param name="resource">The request resource.</param>
    /// <param name="prefix">The literal before the pattern's only star, its last character.</param>
    /// <remarks>
    /// INVARIANT (prefix): the star ends the pattern, so it is the last character of its field and
    /// matches any remainder, colons included.
    /// </remarks>
    internal static bool IsPrefixMatch(ReadOnlySpan<char> resource, string prefix) => resource.StartsWith(prefix, StringComparison.Ordinal);

    /// <summary><see cref="GlobMode.Suffix"/>: whether the resource ends with the literal.</summary>
    /// <param name="resource">The request resource.</param>
    /// <param name="suffix">The literal after the pattern's only star, its first character.</param>
    /// <remarks>
    /// INVARIANT (suffix): the leading star is free (followed by a colon, or in the resource part),
    /// so it matches any beginning.
    /// </remarks>
    internal static bool IsSuffixMatch(ReadOnlySpan<char> resource, string suffix) => resource.EndsWith(suffix, StringComparison.Ordinal);

    /// <summary><see cref="GlobMode.PrefixSuffix"/>: whether the resource starts with one literal and ends with the other, without overlap.</summary>
    /// <param name="resource">The request resource.</param>
    /// <param name="prefix">The literal before the star.</param>
    /// <param name="suffix">The literal after it.</param>
    /// <remarks>
    /// INVARIANT (prefix-suffix): one free star between two literals; the literals must not overlap
    /// in the resource.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsPrefixSuffixMatch(ReadOnlySpan<char> resource, string prefix, string suffix) =>
        resource.Length >= prefix.Length + suffix.Length
        && resource.StartsWith(prefix, StringComparison.Ordinal)
        && resource.EndsWith(suffix, StringComparison.Ordinal);

    /// <summary><see cref="GlobMode.Contains"/>: whether prefix, infixes in order, and suffix are found without overlap.</summary>
    /// <param name="resource">The request resource.</param>
    /// <param name="prefix">The literal before the first star.</param>
    /// <param name="infixes">The literals between the stars, in order.</param>
    /// <param name="suffix">The literal after the last star.</param>
    /// <remarks>
    /// INVARIANT (contains): every star is free, so taking each infix at its leftmost occurrence
    /// after the previous one leaves the most room for the rest; a match exists exactly when this
    /// greedy search succeeds.
    /// </remarks>
    internal static bool IsContainsMatch(ReadOnlySpan<char> resource, string prefix, ReadOnlySpan<string> infixes, string suffix)
    {
        if (!IsPrefixSuffixMatch(resource, prefix, suffix))
        {
            return false;
        }

        ReadOnlySpan<char> middle = resource[prefix.Length..^suffix.Length];
        foreach (string infix in infixes)
        {
            // PERF: IndexOf is vectorised; the infixes are the rare middle pieces of a pattern.
            int at = middle.IndexOf(infix, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            middle = middle[(at + infix.Length)..];
        }

        return true;
    }

    /// <summary><see cref="GlobMode.Contains"/> with one infix (two stars): whether the middle between prefix and suffix contains it.</summary>
    /// <param name="resource">The request resource.</param>
    /// <param name="prefix">The literal before the first star.</param>
    /// <param name="infix">The literal between the stars.</param>
    /// <param name="suffix">The literal after the second star.</param>
    /// <remarks>INVARIANT (contains) with one infix: the greedy search finds it exactly when the middle contains it.</remarks>
    internal static bool IsOneInfixMatch(ReadOnlySpan<char> resource, string prefix, string infix, string suffix) =>
        IsPrefixSuffixMatch(resource, prefix, suffix)
        && resource[prefix.Length..^suffix.Length].Contains(infix, StringComparison.Ordinal);
}
