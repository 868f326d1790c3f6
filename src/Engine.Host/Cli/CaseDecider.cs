using System.Runtime.CompilerServices;
using Engine.Compiler;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;

namespace Engine.Host.Cli;

/// <summary>Decides requests with the chosen engine, compiling each distinct policy set once.</summary>
internal sealed class CaseDecider(EngineKind engine)
{
    private readonly ConditionalWeakTable<PolicySet, object> _compiled = [];

    public EngineKind Engine { get; } = engine;

    public EngineAnswer Decide(PolicySet policies, AuthorizationQuery query)
    {
        if (Engine == EngineKind.Reference)
        {
            ReferenceDecision decision = ReferenceEvaluator.Evaluate(policies, query);
            return new EngineAnswer(decision.Decision, decision.Primary, decision.Error);
        }

        _ = _compiled;
        throw new UsageException("the compiled engine is not built yet; use --engine reference");
    }
}
