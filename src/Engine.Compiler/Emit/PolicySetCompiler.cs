using System.Collections.Immutable;
using System.Linq.Expressions;
using Engine.Compiler.Model;
using Engine.Runtime.Conditions;
using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

/// <summary>
/// Compiles a <see cref="PolicySet"/> into a <see cref="CompiledPolicySet"/>: action tries over
/// every Action/NotAction pattern (one for the set, or one per shared document), a principal
/// matcher per resource-policy and RCP statement, and one expression-tree delegate that checks
/// each statement's resource and conditions with every pattern classified and every value parsed
/// at compile time.
/// </summary>
/// <remarks>
/// The mirror of <c>Reference.ReferenceEvaluator</c>, step by step; the table at the top of
/// ReferenceEvaluator.cs and in docs/architecture.md pairs each method with its counterpart.
/// </remarks>
public static partial class PolicySetCompiler
{
    /// <summary>Compiles a policy set, its checks emitted and compiled before it is returned.</summary>
    /// <param name="policies">The policies that take part in a decision.</param>
    /// <param name="preferInterpretation">Interpret the expression trees instead of compiling them to IL (the <c>CompiledInterpreted</c> engine).</param>
    /// <exception cref="PolicyCompileException">A construct the compiler cannot handle.</exception>
    public static CompiledPolicySet Compile(PolicySet policies, bool preferInterpretation = false)
    {
        CompiledPolicySet set = CompileMatcher(policies);
        // Interpreted trees gain nothing from one more tree per action; compiled ones compile each
        // action's plan at its first decision.
        set.Promote(CompilePredicates(set.Checks, preferInterpretation), preferInterpretation ? null : ImmediatePlanCompilation.Instance);
        return set;
    }

    /// <summary>
    /// Compiles a policy set to its first tier only: every pattern classified and every value
    /// parsed, the checks run by the plain matcher, no expression tree built (the <c>CompiledMatcher</c>
    /// engine). Several times cheaper to build than <see cref="Compile"/> and ready to decide at once.
    /// </summary>
    /// <param name="policies">The policies that take part in a decision.</param>
    /// <exception cref="PolicyCompileException">A construct the compiler cannot handle.</exception>
    public static CompiledPolicySet CompileMatcher(PolicySet policies) => CompileMatcher(policies, cache: null);

    /// <summary>
    /// Compiles a policy set to its first tier (<see cref="CompileMatcher(PolicySet)"/>), taking each
    /// document's classified statements from <paramref name="cache"/>: for many sets built from the
    /// same documents (a bundle's profiles), each document is classified once, and the sets share
    /// its checks. The set decides as one compiled without the cache.
    /// </summary>
    /// <param name="policies">The policies that take part in a decision.</param>
    /// <param name="cache">The classified documents to share, or null to classify every statement for this set alone.</param>
    /// <exception cref="PolicyCompileException">A construct the compiler cannot handle.</exception>
    public static CompiledPolicySet CompileMatcher(PolicySet policies, ClassifiedPolicyCache? cache)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var emission = new Emission(policies.HasBoundary, cache);
        EmitStatements(policies, emission);
        return new CompiledPolicySet(
            emission.Statements,
            emission.BuildActions(),
            emission.Checks,
            emission.Slots.Keys,
            policies.Scps?.Length,
            policies.HasBoundary,
            policies.HasSession,
            policies.VpcEndpoint is not null);
    }

    /// <summary>
    /// Compiles a policy set in two tiers, as .NET's JIT does: the set decides at once with its
    /// plain matcher (<see cref="CompileMatcher(PolicySet)"/>), while its checks are compiled to IL on a
    /// background thread and swapped in atomically (<see cref="CompiledPolicySet.IsPromoted"/>).
    /// Both tiers give the same answers; the second is faster on sets with many checks per request.
    /// </summary>
    /// <param name="policies">The policies that take part in a decision.</param>
    /// <param name="promotion">Completes when the set runs on IL (or was collected before its turn).</param>
    /// <exception cref="PolicyCompileException">A construct the compiler cannot handle.</exception>
    public static CompiledPolicySet CompileTiered(PolicySet policies, out Task promotion)
    {
        CompiledPolicySet set = CompileMatcher(policies);
        promotion = PromoteInBackground(set);
        return set;
    }

    /// <summary>
    /// Queues a set compiled by <see cref="CompileMatcher(PolicySet)"/> for its second tier (what
    /// <see cref="CompileTiered"/> does at once): for a caller that first builds many sets and
    /// wants the IL compiled only after, not competing with them for the cores (a bundle load).
    /// </summary>
    /// <param name="set">The set; one already promoted is left as it is.</param>
    /// <returns>Completes when the set runs on IL (or was collected before its turn).</returns>
    public static Task PromoteInBackground(CompiledPolicySet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set.IsPromoted || set.Checks.All(c => c is null) ? Task.CompletedTask : TierPromoter.Enqueue(set);
    }

    // The second tier of CompileTiered: the same checks emitted into expression trees and compiled to IL.
    internal static void Promote(CompiledPolicySet set)
    {
        if (!set.IsPromoted)
        {
            set.Promote(CompilePredicates(set.Checks, preferInterpretation: false), BackgroundPlanCompilation.Instance);
        }
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
            ClassifiedDocument? classified = emission.Cache?.Get(document);
            StatementCheck?[]? shared = classified?.ChecksFor([.. classified.Keys.Select(emission.Slots.SlotOf)]);
            if (classified is not null)
            {
                emission.AddDocumentTrie(classified.Actions, emission.Statements.Count);
            }
            for (int s = 0; s < document.Statements.Length; s++)
            {
                Statement statement = document.Statements[s];
                int id = emission.Statements.Count;
                if (classified is null)
                {
                    ClassifyActions(statement.Action, id, emission.Trie);
                    emission.Checks.Add(ClassifyStatement(statement, document, emission.Slots, emission.Atoms));
                }
                else
                {
                    // The same checks ClassifyStatement would build, built once per document; the
                    // document's action trie is placed at its first statement below.
                    emission.Checks.Add(shared![s]);
                }

                PrincipalMatcher? principal = kind is PolicyKind.Resource or PolicyKind.Rcp or PolicyKind.VpcEndpoint
                    ? ClassifyPrincipal(statement, kind, emission.HasBoundary)
                    : null;
                var reference = new StatementRef(kind, level, policyIndex, statement.Index, statement.Sid, document.Id, statement.Effect);
                emission.Statements.Add(new CompiledStatement(reference, statement.Action.IsNot, principal));
            }
        }
    }

    // SPEC: §3 — resource && every condition. Null when the statement's resource and conditions always hold.
    internal static StatementCheck? ClassifyStatement(Statement statement, PolicyDocument document, SlotTable slots, AtomInterner atoms)
    {
        ResourceCheck? resource = ClassifyResourceElement(statement.Resource, document, slots, atoms);
        var conditions = new List<CompiledCondition>();
        var nullConditions = new List<NullCondition>();
        foreach (Condition condition in statement.Conditions)
        {
            int slot = slots.SlotOf(condition.Key);
            if (condition.Operator.Base == ConditionOperatorBase.Null)
            {
                nullConditions.Add(ClassifyNullCondition(condition, slot));
            }
            else
            {
                conditions.Add(atoms.Condition(condition, document.RecognisesVariables, () => ClassifyCondition(condition, document, slot, slots)));
            }
        }

        return resource is null && conditions.Count == 0 && nullConditions.Count == 0
            ? null
            : new StatementCheck(resource, [.. conditions], [.. nullConditions]);
    }

    // The IL form of a StatementCheck: the same calls as StatementCheck.IsMatch, its three groups in
    // its order, the cheapest first (inside the resource check the order may differ: pure tests):
    //   <null0>.IsSatisfied(request) && … && <resource> && <condition0>.IsSatisfied(request) && …
    // `atoms` says how a pattern or a condition is computed (through the request's memo, or a plan's locals).
    private static Expression EmitStatement(StatementCheck check, ParameterExpression request, AtomCalls atoms)
    {
        var checks = new List<Expression>();
        checks.AddRange(check.NullConditions.Select(c => EmitCondition(c, request)));
        if (check.Resource is { } resource)
        {
            checks.Add(EmitResourceMatch(resource, request, atoms));
        }

        checks.AddRange(check.Conditions.Select(c => atoms.Condition(c, request)));
        return checks.Aggregate(Expression.AndAlso);
    }

    // () => new Func<AuthorizationRequest, int, bool>[]
    //     { (request, statementInChunk) => switch (statementInChunk) { case 0: …; case 3: …; default: true }, null, … }
    // PERF: one Compile call per set. A single switch over all statement ids compiled to slow
    // dispatch (433 statements: 45 µs per decision); one delegate per statement made compiling
    // all managed policies 2.5× slower (one dynamic method each). Chunks of 16 keep both small.
    private static Func<AuthorizationRequest, int, bool>?[] CompilePredicates(IReadOnlyList<StatementCheck?> checks, bool preferInterpretation)
    {
        int chunkSize = CompiledPolicySet.PredicateChunkSize;
        var chunkLambdas = new Expression[(checks.Count + chunkSize - 1) / chunkSize];
        for (int chunk = 0; chunk < chunkLambdas.Length; chunk++)
        {
            ParameterExpression request = Expression.Parameter(typeof(AuthorizationRequest), "request");
            ParameterExpression statementInChunk = Expression.Parameter(typeof(int), "statementInChunk");

            // case <id % chunk size>: return <resource && conditions>;   (no case when both always hold)
            var cases = new List<SwitchCase>();
            for (int id = chunk * chunkSize; id < Math.Min(checks.Count, (chunk + 1) * chunkSize); id++)
            {
                if (checks[id] is { } check)
                {
                    cases.Add(Expression.SwitchCase(EmitStatement(check, request, AtomCalls.Remembered), Expression.Constant(id % chunkSize)));
                }
            }

            chunkLambdas[chunk] = cases.Count == 0
                ? Expression.Constant(null, typeof(Func<AuthorizationRequest, int, bool>))
                : Expression.Lambda<Func<AuthorizationRequest, int, bool>>(
                    Expression.Switch(statementInChunk, Expression.Constant(true), [.. cases]),
                    $"Statements{chunk * chunkSize}",
                    [request, statementInChunk]);
        }

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
