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

        public ActionTrieBuilder Trie { get; } = new();

        /// <summary>By statement id: its resource and condition checks, or null when they always hold.</summary>
        public List<StatementCheck?> Checks { get; } = [];
    }
}
