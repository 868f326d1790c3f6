using Engine.Bundles;
using Engine.Bundles.Accounts;
using Engine.Compiler;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Gateway.Http;
using Engine.Host.Server;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Gateway;

/// <summary>
/// Answers the gateway endpoints on the policy source the binary server uses: one bundle, one
/// reload for every transport. A request reads the current source once and finishes on it.
/// </summary>
/// <param name="policies">The holder the binary server reloads.</param>
internal sealed class PolicyDecider(PolicySourceHolder policies) : IGatewayDecider
{
    // One reusable request per thread: filled and evaluated with no await in between.
    // t_ marks a [ThreadStatic] field, as in the .NET runtime; the s_ naming rule cannot see the attribute.
#pragma warning disable IDE1006
    [ThreadStatic]
    private static AuthorizationRequest? t_request;
#pragma warning restore IDE1006

    /// <summary>The host loads the first bundle before any listener opens.</summary>
    public bool IsReady => true;

    public async ValueTask<GatewayDecision> DecideAsync(AuthorizationQuery query, bool explain, CancellationToken cancellationToken)
    {
        IPolicySource source = policies.Current;
        while (true)
        {
            // Filled before resolving, since its aws:SourceVpce picks the endpoint policy; filled
            // again after an await, which may resume on another thread and so another request.
            AuthorizationRequest request = t_request ??= new AuthorizationRequest();
            QueryRequests.Fill(request, query);
            if (!source.TryResolve(request, out CompiledPolicySet? set, out Task? pending))
            {
                return new GatewayDecision(Decision.ImplicitDeny, null, $"unknown principal `{query.Principal}` (not in the bundle)", source.Revision);
            }

            if (set is not null)
            {
                source.Enrich(request);
                EvaluationResult result = set.Evaluate(request);
                string? error = result.Status == EvaluationStatus.Ok ? null : EvaluationStatusText.Describe(result.Status);
                return new GatewayDecision(result.Decision, set.DecidingStatement(result), error, source.Revision, explain ? Explain(source, query) : null);
            }

            // Compiles off this thread; asking again reports a failed compile.
            await pending!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static GatewayExplanation? Explain(IPolicySource source, AuthorizationQuery query)
    {
        if (source is not BundlePolicySource bundleSource)
        {
            return null;
        }

        Bundle bundle = bundleSource.Bundle;
        if (bundleSource.DeriveContext)
        {
            query = ContextDerivation.Apply(bundle, query);
        }

        if (!bundle.TryGetPolicySet(query, out PolicySet? set))
        {
            return null;
        }

        ReferenceDecision decision = ReferenceEvaluator.Evaluate(set, query);
        return new GatewayExplanation(
            [.. decision.Deciding.Select(s => s.ToString())],
            decision.Reasons,
            [.. ReferenceEvaluator.Trace(set, query).Select(t => (t.Applies, t.Statement.ToString(), t.Why))]);
    }
}
