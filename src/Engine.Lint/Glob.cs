namespace Engine.Lint;

/// <summary>
/// Wildcard matching for the checks (not for decisions: the engine's own matchers live in the runtime).
/// <c>*</c> matches any run of characters, <c>?</c> one character; ASCII case is ignored where asked.
/// </summary>
internal static class Glob
{
    public static bool HasWildcard(string text) => text.AsSpan().IndexOfAny('*', '?') >= 0;

    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, bool ignoreCase)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>
    /// Whether some text matches both patterns (<c>*</c> and <c>?</c> in either), ignoring ASCII case.
    /// Both are short (ARNs), so the memoised walk over position pairs is cheap.
    /// </summary>
    public static bool Intersects(string a, string b)
    {
        var memo = new Dictionary<(int, int), bool>();
        return Walk(0, 0);

        bool Walk(int i, int j)
        {
            if (memo.TryGetValue((i, j), out bool known))
            {
                return known;
            }

            bool result;
            if (i == a.Length && j == b.Length)
            {
                result = true;
            }
            else if (i < a.Length && a[i] == '*')
            {
                result = Walk(i + 1, j) || (j < b.Length && Walk(i, j + 1)) || (j < b.Length && b[j] == '*' && Walk(i + 1, j + 1));
            }
            else if (j < b.Length && b[j] == '*')
            {
                result = Walk(i, j + 1) || (i < a.Length && Walk(i + 1, j));
            }
            else if (i < a.Length && j < b.Length)
            {
                result = (a[i] == '?' || b[j] == '?' || Same(a[i], b[j], true)) && Walk(i + 1, j + 1);
            }
            else
            {
                result = false;
            }

            memo[(i, j)] = result;
            return result;
        }
    }

    private static bool Same(char a, char b, bool ignoreCase) => a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
