using Engine.Compiler.Model;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

public static partial class PolicySetCompiler
{
    // SPEC: iam-semantics.md §4 — every Action/NotAction entry goes into an action trie under the
    // statement's id (the set's trie, or its document's: ActionTrieSet); ActionTrie.MatchFolded
    // then marks the candidates (the reference's MatchesAction).
    // DIVERGENCE: the reference globs each entry against the request action; the trie walks the
    // folded action once for all entries (exact and `literal*` entries in nodes, other wildcard
    // entries globbed per service). Both compare the service prefix and name case-insensitively
    // as §4.1 says, and the NotAction complement is taken per statement on both sides.
    internal static void ClassifyActions(ActionElement element, int id, ActionTrieBuilder trie)
    {
        foreach (string pattern in element.Patterns)
        {
            trie.Add(PolicyText.EscapePattern(pattern), id);
        }
    }
}
