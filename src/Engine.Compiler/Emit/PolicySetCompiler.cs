using System.Collections.Immutable;
using System.Linq.Expressions;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Emit;

/// <summary>
/// Compiles a <see cref="PolicySet"/> into a <see cref="CompiledPolicySet"/>: one action trie over
/// every Action/NotAction pattern, a principal matcher per resource-policy and RCP statement, and
/// one expression-tree delegate that checks each statement's resource and conditions with every
/// pattern classified and every value parsed at compile time.
/// </summary>
/// <remarks>
/// The mirror of <c>Reference.ReferenceEvaluator</c>, step by step; the table at the top of
/// ReferenceEvaluator.cs and in docs/architecture.md pairs each method with its counterpart.
/// </remarks>
public static partial class PolicySetCompiler
{
    /// <summary>Compiles a policy set.</summary>
    /// <param name="policies">The policies that take part in a decision.</param>
    /// <param name="preferInterpretation">Interpret the expression trees instead of compiling them to IL (the <c>CompiledInterpreted</c> engine).</param>
    /// <exception cref="PolicyCompileException">A construct the compiler cannot handle.</exception>
    public static CompiledPolicySet Compile(PolicySet policies, bool preferInterpretation = false)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var emission = new Emission(policies.HasBoundary);
        EmitStatements(policies, emission);
        return new CompiledPolicySet(
            emission.Statements,
            emission.Trie.Build(),
            CompilePredicates(emission, preferInterpretation),
            emission.HasPredicate,
            emission.Slots.Keys,
            policies.Scps?.Length,
            policies.HasBoundary,
            policies.HasSession,
            policies.VpcEndpoint is not null);
    }

    // SPEC: iam-semantics.md §3, §17 — every statement of every policy set. Statement ids follow
    // PolicyKinds.ExplanationOrder (levels root first), so the first applicable Deny id is the
    // deciding statement. (The reference's CollectApplicable walks the same documents.)
    // DIVERGENCE: the reference spells §17's order out itself; both list the same statements in
    // the same order, so the deciding statement is the same.
    private static void EmitStatements(PolicySet policies, Emission emission)
    {
        foreach (PolicyKind kind in PolicyKinds.ExplanationOrder)
        {
            ImmutableArray<ImmutableArray<PolicyDocument>> levels = LevelsOf(policies, kind);
            for (int level = 0; level < levels.Length; level++)
            {
                EmitStatements(levels[level], kind, level, emission);
            }
        }
    }

    // The documents of one policy set by organization level (one level for the other kinds).
    private static ImmutableArray<ImmutableArray<PolicyDocument>> LevelsOf(PolicySet policies, PolicyKind kind) => kind switch
    {
        PolicyKind.Rcp => policies.Rcps ?? [],
        PolicyKind.Scp => policies.Scps ?? [],
        PolicyKind.Resource => policies.Resource is { } resource ? [[resource]] : [],
        PolicyKind.Identity => [OrEmpty(policies.Identity)],
        PolicyKind.PermissionsBoundary => [OrEmpty(policies.PermissionsBoundary)],
        PolicyKind.Session => [OrEmpty(policies.Session)],
        PolicyKind.VpcEndpoint => policies.VpcEndpoint is { } endpoint ? [[endpoint]] : [],
        _ => throw new PolicyCompileException($"policy kind `{kind}` has no place in the explanation order"),
    };

    private static ImmutableArray<PolicyDocument> OrEmpty(ImmutableArray<PolicyDocument> documents) => documents.IsDefault ? [] : documents;

    private static void EmitStatements(ImmutableArray<PolicyDocument> documents, PolicyKind kind, int level, Emission emission)
    {
        for (int policyIndex = 0; policyIndex < documents.Length; policyIndex++)
        {
            PolicyDocument document = documents[policyIndex];
            foreach (Statement statement in document.Statements)
            {
                int id = emission.Statements.Count;
                ClassifyActions(statement.Action, id, emission.Trie);
                emission.AddPredicate(id, EmitStatement(statement, document, emission.RequestOf(id), emission.Slots));
                PrincipalMatcher? principal = kind is PolicyKind.Resource or PolicyKind.Rcp or PolicyKind.VpcEndpoint
                    ? ClassifyPrincipal(statement, kind, emission.HasBoundary)
                    : null;
                var reference = new StatementRef(kind, level, policyIndex, statement.Index, statement.Sid, document.Id, statement.Effect);
                emission.Statements.Add(new CompiledStatement(reference, statement.Action.IsNot, principal));
            }
        }
    }

    // SPEC: §3 — resource && every condition. Null when the statement's resource and conditions always hold.
    private static Expression? EmitStatement(Statement statement, PolicyDocument document, ParameterExpression request, SlotTable slots)
    {
        var checks = new List<Expression>();
        if (EmitResourceMatch(statement.Resource, document, request, slots) is { } resource)
        {
            checks.Add(resource);
        }

        foreach (Condition condition in statement.Conditions)
        {
            checks.Add(EmitCondition(condition, document, request, slots));
        }

        return checks.Count == 0 ? null : checks.Aggregate(Expression.AndAlso);
    }

    // () => new Func<AuthorizationRequest, int, bool>[]
    //     { (request, statementInChunk) => switch (statementInChunk) { case 0: …; case 3: …; default: true }, null, … }
    // PERF: one Compile call per set. A single switch over all statement ids compiled to slow
    // dispatch (433 statements: 45 µs per decision); one delegate per statement made compiling
    // all managed policies 2.5× slower (one dynamic method each). Chunks of 16 keep both small.
    private static Func<AuthorizationRequest, int, bool>?[] CompilePredicates(Emission emission, bool preferInterpretation)
    {
        Expression[] chunkLambdas = [.. emission.ChunkCases.Select((cases, chunk) => cases.Count == 0
            ? (Expression)Expression.Constant(null, typeof(Func<AuthorizationRequest, int, bool>))
            : Expression.Lambda<Func<AuthorizationRequest, int, bool>>(
                Expression.Switch(emission.ChunkParameters[chunk].Slot, Expression.Constant(true), [.. cases]),
                $"Statements{chunk * CompiledPolicySet.PredicateChunkSize}",
                [emission.ChunkParameters[chunk].Request, emission.ChunkParameters[chunk].Slot]))];
        if (chunkLambdas.All(c => c is ConstantExpression))
        {
            return new Func<AuthorizationRequest, int, bool>?[chunkLambdas.Length];
        }

        return Expression
            .Lambda<Func<Func<AuthorizationRequest, int, bool>?[]>>(
                Expression.NewArrayInit(typeof(Func<AuthorizationRequest, int, bool>), chunkLambdas),
                "StatementPredicates",
                [])
            .Compile(preferInterpretation)();
    }
}
