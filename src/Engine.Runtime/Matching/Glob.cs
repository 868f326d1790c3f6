namespace Engine.Runtime.Matching;

/// <summary>
/// Whole-text glob matching over escaped patterns: <c>*</c> matches any run of characters
/// (including none), <c>?</c> exactly one character, and <c>\</c> makes the next character
/// literal (a trailing lone <c>\</c> is a literal backslash).
/// </summary>
/// <remarks>
/// SPEC: iam-semantics.md §4.1 (action names) and §7.4 (<c>StringLike</c>). Request-time code: no
/// allocation, no regular expressions.
/// </remarks>
public static class Glob
{
    /// <summary>Whether <paramref name="escapedPattern"/> matches the whole of <paramref name="text"/>.</summary>
    /// <param name="escapedPattern">The pattern, with <c>\*</c>, <c>\?</c> and <c>\\</c> as literals.</param>
    /// <param name="text">The text to test.</param>
    /// <param name="ignoreCase">Compare literal characters with ordinal ignore case.</param>
    /// <returns><see langword="true"/> when the pattern matches the whole text.</returns>
    public static bool IsMatch(ReadOnlySpan<char> escapedPattern, ReadOnlySpan<char> text, bool ignoreCase)
    {
        // The greedy two-pointer walk: remember the last star and where the text stood when it was
        // seen; on a mismatch let that star absorb one more character and retry. Because every star
        // matches every character, backtracking to the last star only is complete, which keeps the
        // cost at O(pattern × text) in the worst case and linear on typical patterns.
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = 0;
        while (t < text.Length)
        {
            if (p < escapedPattern.Length)
            {
                char c = escapedPattern[p];
                if (c == '*')
                {
                    starP = ++p;
                    starT = t;
                    continue;
                }

                if (c == '?')
                {
                    p++;
                    t++;
                    continue;
                }

                int width = 1;
                if (c == '\\' && p + 1 < escapedPattern.Length)
                {
                    c = escapedPattern[p + 1];
                    width = 2;
                }

                char x = text[t];
                if (c == x || (ignoreCase && CaseFolding.EqualsIgnoreCase(c, x)))
                {
                    p += width;
                    t++;
                    continue;
                }
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP;
            t = ++starT;
        }

        while (p < escapedPattern.Length && escapedPattern[p] == '*')
        {
            p++;
        }

        return p == escapedPattern.Length;
    }
}
