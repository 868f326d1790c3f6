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

    /// <summary>Whether the pattern matches the whole request resource (request time; no allocation).</summary>
    /// <param name="resource">The request resource string.</param>
    /// <returns><see langword="true"/> when the pattern matches.</returns>
    public bool IsMatch(ReadOnlySpan<char> resource)
    {
        switch (Mode)
        {
            case GlobMode.Exact:
                // INVARIANT (exact): no wildcard, so ArnGlob compares literal by literal.
                return resource.SequenceEqual(_prefix);
            case GlobMode.Prefix:
                // INVARIANT (prefix): the star ends the pattern, so it is the last character of its
                // field and matches any remainder, colons included.
                return resource.StartsWith(_prefix, StringComparison.Ordinal);
            case GlobMode.Suffix:
                // INVARIANT (suffix): the leading star is free (followed by a colon, or in the
                // resource part), so it matches any beginning.
                return resource.EndsWith(_suffix, StringComparison.Ordinal);
            case GlobMode.PrefixSuffix:
                return IsPrefixSuffixMatch(resource, _prefix, _suffix);
            case GlobMode.Any:
                // INVARIANT (any): only free stars; they match every string.
                return true;
            case GlobMode.Contains:
                return IsContainsMatch(resource, _prefix, _infixes, _suffix);
            default:
                return _fieldAware
                    ? ArnGlob.IsMatch(EscapedPattern, resource)
                    : Glob.IsMatch(EscapedPattern, resource, ignoreCase: false);
        }
    }

    /// <summary>The literal before the first star (the whole literal for <see cref="GlobMode.Exact"/>).</summary>
    internal string Prefix => _prefix;

    /// <summary>The literal after the last star.</summary>
    internal string Suffix => _suffix;

    /// <summary>The literals between the stars, in order (<see cref="GlobMode.Contains"/>).</summary>
    internal ReadOnlySpan<string> Infixes => _infixes;

    /// <summary>
    /// INVARIANT (prefix-suffix): one free star between two literals; the literals must not overlap
    /// in the resource.
    /// </summary>
    /// <param name="resource">The request resource.</param>
    /// <param name="prefix">The literal before the star.</param>
    /// <param name="suffix">The literal after it.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsPrefixSuffixMatch(ReadOnlySpan<char> resource, string prefix, string suffix) =>
        resource.Length >= prefix.Length + suffix.Length
        && resource.StartsWith(prefix, StringComparison.Ordinal)
        && resource.EndsWith(suffix, StringComparison.Ordinal);

    /// <summary>
    /// INVARIANT (contains): every star is free, so taking each infix at its leftmost occurrence
    /// after the previous one leaves the most room for the rest; a match exists exactly when this
    /// greedy search succeeds.
    /// </summary>
    /// <param name="resource">The request resource.</param>
    /// <param name="prefix">The literal before the first star.</param>
    /// <param name="infixes">The literals between the stars, in order.</param>
    /// <param name="suffix">The literal after the last star.</param>
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

    /// <summary>
    /// <see cref="IsContainsMatch(ReadOnlySpan{char}, string, ReadOnlySpan{string}, string)"/> with one
    /// infix (two stars): the greedy search is whether the middle contains it.
    /// </summary>
    /// <param name="resource">The request resource.</param>
    /// <param name="prefix">The literal before the first star.</param>
    /// <param name="infix">The literal between the stars.</param>
    /// <param name="suffix">The literal after the second star.</param>
    internal static bool IsContainsMatch(ReadOnlySpan<char> resource, string prefix, string infix, string suffix) =>
        IsPrefixSuffixMatch(resource, prefix, suffix)
        && resource[prefix.Length..^suffix.Length].Contains(infix, StringComparison.Ordinal);
}
