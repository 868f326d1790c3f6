using Engine.Bundles;
using Engine.Bundles.Accounts;
using Engine.Compiler;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Cli;

/// <summary>
/// Decides questions that carry no policies against a bundle's own principals (<c>--bundle</c>):
/// the reference engine on the bundle's model-level set, the compiled engines on its compiled set.
/// </summary>
internal sealed class BundleDecider(Bundle bundle, EngineKind engine, bool deriveContext)
{
    private readonly AuthorizationRequest _request = new();

    public Bundle Bundle { get; } = bundle;

    public EngineAnswer Decide(AuthorizationQuery query)
    {
        if (deriveContext)
        {
            query = ContextDerivation.Apply(Bundle, query);
        }

        if (engine == EngineKind.Reference)
        {
            if (!Bundle.TryGetPolicySet(query, out PolicySet? set))
            {
                return UnknownPrincipal(query);
            }

            ReferenceDecision decision = ReferenceEvaluator.Evaluate(set, query);
            return new EngineAnswer(decision.Decision, decision.Primary, decision.Error);
        }

        // Filled first: the request's aws:SourceVpce picks the endpoint policy.
        QueryRequests.Fill(_request, query);
        if (!Bundle.TryResolve(_request, out CompiledPolicySet? compiled))
        {
            return UnknownPrincipal(query);
        }

        EvaluationResult result = compiled.Evaluate(_request);
        return new EngineAnswer(result.Decision, compiled.DecidingStatement(result), EvaluationStatusText.Describe(result.Status));
    }

    /// <summary>The model-level set for explanations, or null for an unknown principal.</summary>
    public PolicySet? PolicySetFor(AuthorizationQuery query) =>
        Bundle.TryGetPolicySet(query, out PolicySet? set) ? set : null;

    private static EngineAnswer UnknownPrincipal(AuthorizationQuery query) =>
        new(Decision.ImplicitDeny, null, $"unknown principal `{query.Principal}` (not in the bundle)");
}
