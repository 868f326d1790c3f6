using System.Runtime.CompilerServices;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler;

/// <summary>
/// Decides model-level questions with a chosen engine, compiling each distinct policy set once
/// (by reference). Used by the CLI and the conformance tests; embedders call
/// <see cref="CompiledPolicySet.Evaluate(AuthorizationRequest)"/> directly.
/// </summary>
/// <param name="engine">The engine to use.</param>
public sealed class DecisionEngine(EngineKind engine)
{
    private readonly ConditionalWeakTable<PolicySet, CompiledPolicySet> _compiled = [];
    private readonly AuthorizationRequest _request = new();

    /// <summary>The engine in use.</summary>
    public EngineKind Engine { get; } = engine;

    /// <summary>The compiled form of a set (compiled on first use).</summary>
    /// <param name="policies">The set.</param>
    public CompiledPolicySet CompiledFor(PolicySet policies) =>
        _compiled.GetValue(policies, p => Engine == EngineKind.CompiledMatcher
            ? PolicySetCompiler.CompileMatcher(p)
            : PolicySetCompiler.Compile(p, preferInterpretation: Engine == EngineKind.CompiledInterpreted));

    /// <summary>Decides one question. Not thread-safe (one reusable request per engine object).</summary>
    /// <param name="policies">The policies.</param>
    /// <param name="query">The question.</param>
    public EngineAnswer Decide(PolicySet policies, AuthorizationQuery query)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(query);
        if (Engine == EngineKind.Reference)
        {
            ReferenceDecision decision = ReferenceEvaluator.Evaluate(policies, query);
            return new EngineAnswer(decision.Decision, decision.Primary, decision.Error);
        }

        CompiledPolicySet set = CompiledFor(policies);
        QueryRequests.Fill(_request, query);
        EvaluationResult result = set.Evaluate(_request);
        return new EngineAnswer(result.Decision, set.DecidingStatement(result), EvaluationStatusText.Describe(result.Status));
    }
}
