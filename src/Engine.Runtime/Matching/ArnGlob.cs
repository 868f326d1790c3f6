using System.Buffers;

namespace Engine.Runtime.Matching;

/// <summary>
/// ARN-aware glob matching for <c>Resource</c> entries (iam-semantics.md §5.2) and for the
/// <c>ArnLike</c>/<c>ArnEquals</c> condition operators (§7.4), over escaped patterns.
/// </summary>
/// <remarks>
/// Request-time code: no allocation except renting from the shared array pool for patterns
/// longer than <see cref="StackRowLimit"/> characters that also need the general matcher.
/// </remarks>
internal static class ArnGlob
{
    /// <summary>The number of colons that separate the six fields of an ARN.</summary>
    internal const int FieldColons = 5;

    // The two state rows of the general matcher live on the stack up to this many pattern
    // positions (2 × 513 bytes); longer patterns rent from the pool.
    private const int StackRowLimit = 512;

    /// <summary>Whether a <c>Resource</c> pattern matches a request resource string (§5.2).</summary>
    /// <param name="escapedPattern">The pattern; <c>\</c> escapes the next character.</param>
    /// <param name="resource">The request resource; any string, ARN-shaped or not.</param>
    /// <returns><see langword="true"/> when the pattern matches the whole resource.</returns>
    /// <remarks>
    /// SPEC: iam-semantics.md §5.2. Case-sensitive. In the first five fields <c>?</c> and <c>*</c>
    /// do not match <c>:</c>, except a <c>*</c> that is the last character of its field, which
    /// matches anything; in the resource part both match any character.
    /// </remarks>
    public static bool IsMatch(ReadOnlySpan<char> escapedPattern, ReadOnlySpan<char> resource)
    {
        if (escapedPattern.Length == 1 && escapedPattern[0] == '*')
        {
            return true;
        }

        return HasConfinedStar(escapedPattern)
            ? IsMatchConfined(escapedPattern, resource)
            : IsMatchGreedy(escapedPattern, resource);
    }

    /// <summary>
    /// Whether an <c>ArnLike</c>/<c>ArnEquals</c> policy value matches a request value (§7.4).
    /// </summary>
    /// <param name="escapedPattern">The policy value; <c>\</c> escapes the next character.</param>
    /// <param name="value">The request value.</param>
    /// <returns>
    /// <see langword="false"/> when either side is not ARN-shaped (starts with <c>arn:</c>, at
    /// least five field colons); otherwise whether each of the first five fields matches as a glob
    /// confined to the field and the resource part matches as a glob that crosses everything.
    /// </returns>
    public static bool IsArnLikeMatch(ReadOnlySpan<char> escapedPattern, ReadOnlySpan<char> value)
    {
        // SPEC: iam-semantics.md §7.4 (ARN family). A pattern that spells "arn" with escapes is
        // not recognised as ARN-shaped; the compiler never escapes letters.
        if (!escapedPattern.StartsWith("arn:") || !ArnFields.TryParse(value, out ArnFields valueFields))
        {
            return false;
        }

        Span<int> patternColons = stackalloc int[FieldColons];
        if (!TryFindFieldColons(escapedPattern, patternColons))
        {
            return false;
        }

        // Field 0 is "arn" on both sides (checked above). A field of the value holds no colon, so
        // a plain glob over the field cannot run a star over a colon.
        int patternStart = 4;
        for (int field = 1; field < FieldColons; field++)
        {
            ReadOnlySpan<char> patternField = escapedPattern[patternStart..patternColons[field]];
            Range valueField = field switch
            {
                1 => valueFields.Partition,
                2 => valueFields.Service,
                3 => valueFields.Region,
                _ => valueFields.Account,
            };
            if (!Glob.IsMatch(patternField, value[valueField], ignoreCase: false))
            {
                return false;
            }

            patternStart = patternColons[field] + 1;
        }

        return Glob.IsMatch(escapedPattern[patternStart..], value[valueFields.Resource], ignoreCase: false);
    }

    /// <summary>
    /// Finds the first five unescaped field colons of an escaped pattern; a request value is split
    /// by <see cref="ArnFields"/>.
    /// </summary>
    private static bool TryFindFieldColons(ReadOnlySpan<char> text, Span<int> colons)
    {
        int found = 0;
        for (int i = 0; i < text.Length && found < colons.Length; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                i++;
            }
            else if (c == ':')
            {
                colons[found++] = i;
            }
        }

        return found == colons.Length;
    }

    /// <summary>
    /// Whether some <c>*</c> in the first five fields is not the last character of its field, and
    /// so may not match a colon. Without such a star every star matches every character and the
    /// greedy walk is complete.
    /// </summary>
    internal static bool HasConfinedStar(ReadOnlySpan<char> escapedPattern)
    {
        int colons = 0;
        for (int p = 0; p < escapedPattern.Length && colons < FieldColons; p++)
        {
            char c = escapedPattern[p];
            if (c == '\\')
            {
                p++;
            }
            else if (c == ':')
            {
                colons++;
            }
            else if (c == '*' && p + 1 < escapedPattern.Length && escapedPattern[p + 1] != ':')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The greedy two-pointer walk for patterns whose stars all match every character; <c>?</c>
    /// in the first five fields still refuses a colon (a one-character test does not break
    /// the completeness of backtracking to the last star).
    /// </summary>
    private static bool IsMatchGreedy(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0;
        int t = 0;
        int colons = 0;
        int starP = -1;
        int starT = 0;
        int starColons = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                char c = pattern[p];
                if (c == '*')
                {
                    starP = ++p;
                    starT = t;
                    starColons = colons;
                    continue;
                }

                char x = text[t];
                if (c == '?')
                {
                    if (colons >= FieldColons || x != ':')
                    {
                        p++;
                        t++;
                        continue;
                    }
                }
                else
                {
                    int width = 1;
                    if (c == '\\' && p + 1 < pattern.Length)
                    {
                        c = pattern[p + 1];
                        width = 2;
                    }

                    if (c == x)
                    {
                        // Only an unescaped colon separates fields.
                        if (width == 1 && c == ':')
                        {
                            colons++;
                        }

                        p += width;
                        t++;
                        continue;
                    }
                }
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP;
            t = ++starT;
            colons = starColons;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>
    /// The general matcher: a position-set simulation over the pattern (one bool per pattern
    /// position), O(pattern × text), used only when a star is confined to its field.
    /// </summary>
    private static bool IsMatchConfined(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int rowLength = pattern.Length + 1;
        bool[]? rented = null;
        Span<bool> rows = rowLength <= StackRowLimit
            ? stackalloc bool[2 * StackRowLimit]
            : (rented = ArrayPool<bool>.Shared.Rent(2 * rowLength));
        try
        {
            Span<bool> current = rows[..rowLength];
            Span<bool> next = rows.Slice(rowLength, rowLength);
            current.Clear();
            current[0] = true;
            CloseOverEmptyStars(pattern, current);
            foreach (char x in text)
            {
                next.Clear();
                if (!Step(pattern, current, next, x))
                {
                    return false;
                }

                CloseOverEmptyStars(pattern, next);
                Span<bool> swap = current;
                current = next;
                next = swap;
            }

            return current[pattern.Length];
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<bool>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Advances every live pattern position over one text character.</summary>
    private static bool Step(ReadOnlySpan<char> pattern, Span<bool> current, Span<bool> next, char x)
    {
        bool any = false;
        int colons = 0;
        int p = 0;
        while (p < pattern.Length)
        {
            char c = pattern[p];
            int after = p + 1;
            bool live = current[p];
            if (c == '*')
            {
                bool free = colons >= FieldColons || after == pattern.Length || pattern[after] == ':';
                if (live && (free || x != ':'))
                {
                    next[p] = true;
                    any = true;
                }
            }
            else if (c == '?')
            {
                if (live && (colons >= FieldColons || x != ':'))
                {
                    next[after] = true;
                    any = true;
                }
            }
            else
            {
                if (c == '\\' && after < pattern.Length)
                {
                    c = pattern[after];
                    after++;
                }
                else if (c == ':')
                {
                    colons++;
                }

                if (live && c == x)
                {
                    next[after] = true;
                    any = true;
                }
            }

            p = after;
        }

        return any;
    }

    /// <summary>A star may match nothing: a live star position makes the position after it live.</summary>
    private static void CloseOverEmptyStars(ReadOnlySpan<char> pattern, Span<bool> row)
    {
        int p = 0;
        while (p < pattern.Length)
        {
            char c = pattern[p];
            if (c == '*')
            {
                if (row[p])
                {
                    row[p + 1] = true;
                }

                p++;
            }
            else
            {
                p += c == '\\' && p + 1 < pattern.Length ? 2 : 1;
            }
        }
    }
}
