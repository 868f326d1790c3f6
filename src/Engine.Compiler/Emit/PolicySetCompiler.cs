using System.Collections.Immutable;
using System.Linq.Expressions;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

/// <summary>
/// Compiles a <see cref="PolicySet"/> into a <see cref="CompiledPolicySet"/>: one action trie over
/// every Action/NotAction pattern, a principal matcher per resource-policy and RCP statement, and
/// one expression-tree delegate that checks each statement's resource and conditions with every
/// pattern classified and every value parsed at compile time.
/// </summary>
public static partial class PolicySetCompiler
{

    /// <summary>Compiles a policy set.</summary>
    /// <param name="policies">The policies that take part in a decision.</param>
    /// <param name="preferInterpretation">Interpret the expression trees instead of compiling them to IL (the <c>CompiledInterpreted</c> engine).</param>
    /// <exception cref="PolicyCompileException">A construct the compiler cannot handle.</exception>
    public static CompiledPolicySet Compile(PolicySet policies, bool preferInterpretation = false)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var slots = new SlotTable();
        var statements = new List<CompiledStatement>();
        var trie = new ActionTrieBuilder();
        // Statement predicates are emitted in chunks of CompiledPolicySet.PredicateChunkSize
        // statements: one lambda per chunk that switches on the statement's place in it.
        var chunkParameters = new List<(ParameterExpression Request, ParameterExpression Slot)>();
        var chunkCases = new List<List<SwitchCase>>();
        var hasPredicate = new List<bool>();

        void Add(ImmutableArray<PolicyDocument> documents, PolicyKind kind, int level)
        {
            for (int policyIndex = 0; policyIndex < documents.Length; policyIndex++)
            {
                PolicyDocument document = documents[policyIndex];
                foreach (Statement statement in document.Statements)
                {
                    int id = statements.Count;
                    var reference = new StatementRef(kind, level, policyIndex, statement.Index, statement.Sid, document.Id, statement.Effect);
                    foreach (string pattern in statement.Action.Patterns)
                    {
                        trie.Add(PolicyText.EscapePattern(pattern), id);
                    }

                    int chunk = id / CompiledPolicySet.PredicateChunkSize;
                    if (chunk == chunkParameters.Count)
                    {
                        chunkParameters.Add((Expression.Parameter(typeof(AuthorizationRequest), "request"), Expression.Parameter(typeof(int), "statementInChunk")));
                        chunkCases.Add([]);
                    }

                    // case <id % chunk size>: return <resource && conditions>;   (no case when both always hold)
                    Expression? predicate = EmitStatement(statement, document, chunkParameters[chunk].Request, slots);
                    hasPredicate.Add(predicate is not null);
                    if (predicate is not null)
                    {
                        chunkCases[chunk].Add(Expression.SwitchCase(predicate, Expression.Constant(id % CompiledPolicySet.PredicateChunkSize)));
                    }

                    PrincipalMatcher? principal = kind is PolicyKind.Resource or PolicyKind.Rcp
                        ? EmitPrincipal(statement, kind, policies.HasBoundary)
                        : null;
                    statements.Add(new CompiledStatement(reference, statement.Action.IsNot, principal));
                }
            }
        }

        // Statement ids follow §17's listing order, so the first applicable Deny is the deciding one.
        if (policies.Rcps is { } rcps)
        {
            for (int level = 0; level < rcps.Length; level++)
            {
                Add(rcps[level], PolicyKind.Rcp, level);
            }
        }

        if (policies.Scps is { } scps)
        {
            for (int level = 0; level < scps.Length; level++)
            {
                Add(scps[level], PolicyKind.Scp, level);
            }
        }

        if (policies.Resource is { } resource)
        {
            Add([resource], PolicyKind.Resource, 0);
        }

        Add(policies.Identity.IsDefault ? [] : policies.Identity, PolicyKind.Identity, 0);
        Add(policies.PermissionsBoundary.IsDefault ? [] : policies.PermissionsBoundary, PolicyKind.PermissionsBoundary, 0);
        Add(policies.Session.IsDefault ? [] : policies.Session, PolicyKind.Session, 0);

        // () => new Func<AuthorizationRequest, int, bool>[]
        //     { (request, statementInChunk) => switch (statementInChunk) { case 0: …; case 3: …; default: true }, null, … }
        // PERF: one Compile call per set. A single switch over all statement ids compiled to slow
        // dispatch (433 statements: 45 µs per decision); one delegate per statement made compiling
        // all managed policies 2.5× slower (one dynamic method each). Chunks of 16 keep both small.
        Expression[] chunkLambdas = [.. chunkCases.Select((cases, chunk) => cases.Count == 0
            ? (Expression)Expression.Constant(null, typeof(Func<AuthorizationRequest, int, bool>))
            : Expression.Lambda<Func<AuthorizationRequest, int, bool>>(
                Expression.Switch(chunkParameters[chunk].Slot, Expression.Constant(true), [.. cases]),
                $"Statements{chunk * CompiledPolicySet.PredicateChunkSize}",
                [chunkParameters[chunk].Request, chunkParameters[chunk].Slot]))];
        Func<AuthorizationRequest, int, bool>?[] compiled = chunkLambdas.All(c => c is ConstantExpression)
            ? new Func<AuthorizationRequest, int, bool>?[chunkLambdas.Length]
            : Expression
                .Lambda<Func<Func<AuthorizationRequest, int, bool>?[]>>(
                    Expression.NewArrayInit(typeof(Func<AuthorizationRequest, int, bool>), chunkLambdas),
                    "StatementPredicates",
                    [])
                .Compile(preferInterpretation)();

        return new CompiledPolicySet(
            statements,
            trie.Build(),
            compiled,
            hasPredicate,
            slots.Keys,
            policies.Scps?.Length,
            policies.HasBoundary,
            policies.HasSession);
    }

    // SPEC: iam-semantics.md §8 — the principal part, analysed once.
    private static PrincipalMatcher EmitPrincipal(Statement statement, PolicyKind kind, bool hasBoundary)
    {
        PrincipalElement element = statement.Principal
            ?? throw new PolicyCompileException($"statement {statement.Index} of a {kind.ToCaseName()} policy has no principal");

        // SPEC: §8.4 — a resource-based Deny with NotPrincipal always applies to a caller with a boundary.
        if (element.IsNot && statement.Effect == Effect.Deny && hasBoundary && kind == PolicyKind.Resource)
        {
            return PrincipalMatcher.Everyone;
        }

        return new PrincipalMatcher(
            element.Entries.Select(e => new PrincipalEntryInfo(e.Type == PrincipalType.Aws, e.Value)),
            element.IsNot,
            statement.Effect == Effect.Deny);
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
}
