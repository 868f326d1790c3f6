using Engine.Compiler.Model;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

public static partial class PolicySetCompiler
{
    // SPEC: iam-semantics.md §4 — every Action/NotAction entry goes into the one action trie of the
    // set under the statement's id; ActionTrie.MatchFolded then marks the candidates per request
    // (the reference's MatchesAction).
    // DIVERGENCE: the reference globs each entry against the request action; the trie walks the
    // folded action once for all entries (exact and `literal*` entries in nodes, other wildcard
    // entries globbed per service). Both compare the service prefix and name case-insensitively
    // as §4.1 says, and the NotAction complement is taken per statement on both sides.
    private static void ClassifyActions(ActionElement element, int id, ActionTrieBuilder trie)
    {
        foreach (string pattern in element.Patterns)
        {
            trie.Add(PolicyText.EscapePattern(pattern), id);
        }
    }

    // The entries of ClassifyActions, escaped and read once per document (ClassifiedDocument).
    private static void AddPreparedActions(PreparedAction[] entries, int id, ActionTrieBuilder trie)
    {
        foreach (PreparedAction entry in entries)
        {
            trie.Add(entry, id);
        }
    }
}
