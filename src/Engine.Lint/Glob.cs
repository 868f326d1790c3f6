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
    /// Whether some text matches both patterns (<c>*</c> and <c>?</c> in either), ignoring ASCII case: a table over
    /// suffix pairs, filled from the ends (both are short ARNs).
    /// </summary>
    public static bool Intersects(string a, string b)
    {
        int width = b.Length + 1;
        bool[] can = System.Buffers.ArrayPool<bool>.Shared.Rent((a.Length + 1) * width);
        try
        {
            // can[i * width + j]: some text matches both a[i..] and b[j..].
            for (int i = a.Length; i >= 0; i--)
            {
                for (int j = b.Length; j >= 0; j--)
                {
                    bool result;
                    if (i == a.Length && j == b.Length)
                    {
                        result = true;
                    }
                    else if (i < a.Length && a[i] == '*')
                    {
                        // `*` takes nothing, or one more character of b's text.
                        result = can[((i + 1) * width) + j] || (j < b.Length && can[(i * width) + j + 1]);
                    }
                    else if (j < b.Length && b[j] == '*')
                    {
                        result = can[(i * width) + j + 1] || (i < a.Length && can[((i + 1) * width) + j]);
                    }
                    else if (i < a.Length && j < b.Length)
                    {
                        result = (a[i] == '?' || b[j] == '?' || Same(a[i], b[j], true)) && can[((i + 1) * width) + j + 1];
                    }
                    else
                    {
                        result = false;
                    }

                    can[(i * width) + j] = result;
                }
            }

            return can[0];
        }
        finally
        {
            System.Buffers.ArrayPool<bool>.Shared.Return(can);
        }
    }

    private static bool Same(char a, char b, bool ignoreCase) => a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
