namespace Engine.Runtime.Matching;

/// <summary>
/// The one definition of "equal ignoring case" shared by <see cref="Glob"/> and
/// <see cref="ActionTrie"/>, so that a trie keyed by folded characters and a glob that compares
/// characters agree on every input.
/// </summary>
internal static class CaseFolding
{
    /// <summary>Maps a character to the representative of its ordinal-ignore-case class.</summary>
    /// <remarks>
    /// SPEC: iam-semantics.md §4.1 (action names compare case-insensitively). Ordinal ignore case
    /// compares simple upper-case mappings, which is what <see cref="char.ToUpperInvariant"/>
    /// returns; ASCII, the whole of the real action catalog, takes the branch-light path.
    /// </remarks>
    public static char Fold(char c)
    {
        if (c < 0x80)
        {
            // Only 'a'..'z' change; (uint)(c - 'a') <= 25 tests the range with one compare.
            return (uint)(c - 'a') <= 'z' - 'a' ? (char)(c - 0x20) : c;
        }

        return char.ToUpperInvariant(c);
    }

    /// <summary>Whether two characters are equal under ordinal ignore case.</summary>
    public static bool EqualsIgnoreCase(char a, char b) => a == b || Fold(a) == Fold(b);
}
