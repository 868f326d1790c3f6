using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

public static partial class PolicySetCompiler
{
    /// <summary>What compiling one policy set builds up, statement by statement.</summary>
    private sealed class Emission(bool hasBoundary, ClassifiedPolicyCache? cache)
    {
        public bool HasBoundary { get; } = hasBoundary;

        /// <summary>Where each document's classified statements are shared with other sets, or null.</summary>
        public ClassifiedPolicyCache? Cache { get; } = cache;

        public SlotTable Slots { get; } = new();

        public AtomInterner Atoms { get; } = new();

        public List<CompiledStatement> Statements { get; } = [];

        /// <summary>The entries of statements classified for this set alone, under their set ids.</summary>
        public ActionTrieBuilder Trie { get; } = new();

        private readonly List<ActionTrie> _documentTries = [];
        private readonly List<int> _documentFirstIds = [];

        /// <summary>Places a shared document's trie (its statements numbered from 0) at the set id of its first statement.</summary>
        public void AddDocumentTrie(ActionTrie trie, int firstId)
        {
            _documentTries.Add(trie);
            _documentFirstIds.Add(firstId);
        }

        /// <summary>The set's tries: its own (ids as they are) and every shared document's.</summary>
        public ActionTrieSet BuildActions() =>
            _documentTries.Count == 0 ? new ActionTrieSet(Trie.Build()) : new ActionTrieSet([Trie.Build(), .. _documentTries], [0, .. _documentFirstIds]);

        /// <summary>By statement id: its resource and condition checks, or null when they always hold.</summary>
        public List<StatementCheck?> Checks { get; } = [];
    }
}
