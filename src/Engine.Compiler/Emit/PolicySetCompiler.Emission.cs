using System.Linq.Expressions;
using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

public static partial class PolicySetCompiler
{
    /// <summary>What compiling one policy set builds up, statement by statement.</summary>
    private sealed class Emission(bool hasBoundary)
    {
        public bool HasBoundary { get; } = hasBoundary;

        public SlotTable Slots { get; } = new();

        public List<CompiledStatement> Statements { get; } = [];

        public ActionTrieBuilder Trie { get; } = new();

        /// <summary>By statement id: whether its resource and conditions need checking.</summary>
        public List<bool> HasPredicate { get; } = [];

        // Statement predicates are emitted in chunks of CompiledPolicySet.PredicateChunkSize
        // statements: one lambda per chunk that switches on the statement's place in it.
        public List<(ParameterExpression Request, ParameterExpression Slot)> ChunkParameters { get; } = [];

        public List<List<SwitchCase>> ChunkCases { get; } = [];

        /// <summary>The <c>request</c> parameter of the chunk that statement <paramref name="id"/> belongs to.</summary>
        public ParameterExpression RequestOf(int id)
        {
            int chunk = id / CompiledPolicySet.PredicateChunkSize;
            if (chunk == ChunkParameters.Count)
            {
                ChunkParameters.Add((Expression.Parameter(typeof(AuthorizationRequest), "request"), Expression.Parameter(typeof(int), "statementInChunk")));
                ChunkCases.Add([]);
            }

            return ChunkParameters[chunk].Request;
        }

        // case <id % chunk size>: return <resource && conditions>;   (no case when both always hold)
        public void AddPredicate(int id, Expression? predicate)
        {
            HasPredicate.Add(predicate is not null);
            if (predicate is not null)
            {
                ChunkCases[id / CompiledPolicySet.PredicateChunkSize].Add(
                    Expression.SwitchCase(predicate, Expression.Constant(id % CompiledPolicySet.PredicateChunkSize)));
            }
        }
    }
}
