using Engine.Compiler.Model;

namespace Engine.Compiler.Reference;

public static partial class ReferenceEvaluator
{
    // SPEC: iam-semantics.md §4 — an Action element matches when any entry matches;
    // a NotAction element when no entry matches.
    // DIVERGENCE: the compiled engine puts every entry of the set into one action trie
    // (PolicySetCompiler.ClassifyActions, ActionTrie.MatchFolded) instead of globbing entry by
    // entry; both compare the prefix and name case-insensitively as §4.1 says and take the
    // NotAction complement per statement, so the same statements are candidates.
    private static bool MatchesAction(ActionElement element, string requestAction)
    {
        bool any = element.Patterns.Any(pattern => MatchesActionEntry(pattern, requestAction));
        return element.IsNot ? !any : any;
    }

    // SPEC: §4.1 — `*` matches everything; otherwise the prefix is compared case-insensitively and
    // literally, and the name as a case-insensitive glob over the whole request name.
    private static bool MatchesActionEntry(string entry, string requestAction)
    {
        if (entry == "*")
        {
            return true;
        }

        int entryColon = entry.IndexOf(':', StringComparison.Ordinal);
        int requestColon = requestAction.IndexOf(':', StringComparison.Ordinal);
        if (entryColon < 0 || requestColon < 0)
        {
            return false;
        }

        string entryPrefix = entry[..entryColon], entryName = entry[(entryColon + 1)..];
        string requestPrefix = requestAction[..requestColon], requestName = requestAction[(requestColon + 1)..];
        if (!string.Equals(entryPrefix, requestPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var tokens = entryName.Select(c => new PatternChar(c, IsWildcard: c is '*' or '?')).ToList();
        return GlobMatches(tokens, requestName, ignoreCase: true, fieldAware: false);
    }

    /// <summary>One pattern character; <see cref="IsWildcard"/> is false for literal text (substituted values, <c>${*}</c>).</summary>
    private readonly record struct PatternChar(char Char, bool IsWildcard);

    // SPEC: §0.3 and §5.2 — a glob over the whole text, written as the textbook recursion with a
    // memo table: match(i, j) = pattern[i..] matches text[j..]. With fieldAware, the ARN rules of
    // §5.2 apply: in the first five fields `?` and `*` do not match `:`, except a `*` that is the
    // last character of its field, which may run over colons.
    private static bool GlobMatches(List<PatternChar> pattern, string text, bool ignoreCase, bool fieldAware)
    {
        // field[i] = number of ':' characters before pattern position i.
        int[] field = new int[pattern.Count + 1];
        for (int i = 0; i < pattern.Count; i++)
        {
            field[i + 1] = field[i] + (pattern[i].Char == ':' ? 1 : 0);
        }

        var memo = new bool?[pattern.Count + 1, text.Length + 1];
        return Match(0, 0);

        bool Match(int i, int j)
        {
            if (memo[i, j] is { } known)
            {
                return known;
            }

            bool result;
            if (i == pattern.Count)
            {
                result = j == text.Length;
            }
            else
            {
                PatternChar p = pattern[i];
                bool inResourcePart = !fieldAware || field[i] >= 5;
                if (p.IsWildcard && p.Char == '*')
                {
                    bool endsField = i + 1 == pattern.Count || pattern[i + 1].Char == ':';
                    bool mayEatColon = inResourcePart || endsField;
                    result = Match(i + 1, j) || (j < text.Length && (text[j] != ':' || mayEatColon) && Match(i, j + 1));
                }
                else if (p.IsWildcard && p.Char == '?')
                {
                    result = j < text.Length && (text[j] != ':' || inResourcePart) && Match(i + 1, j + 1);
                }
                else
                {
                    result = j < text.Length && CharEquals(p.Char, text[j], ignoreCase) && Match(i + 1, j + 1);
                }
            }

            memo[i, j] = result;
            return result;
        }
    }

    private static bool CharEquals(char a, char b, bool ignoreCase) =>
        ignoreCase
            ? string.Equals(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase)
            : a == b;
}
