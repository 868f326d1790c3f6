using Engine.Compiler.Model;

namespace Engine.Gateway.Http;

/// <summary>The <see cref="GatewayHeaders.Reason"/> of a forward-auth or ext_authz answer (one rule for both).</summary>
internal static class GatewayReason
{
    /// <summary>
    /// Empty unless <see cref="GatewayState.ExplainHeaders"/> is on and no statement decided (an implicit deny, or an
    /// Allow no policy controls): then the decider is asked again with the explanation, off the Allow fast path.
    /// </summary>
    public static async ValueTask<string> DescribeAsync(IGatewayDecider decider, GatewayState state, AuthorizationQuery query, GatewayDecision decision, CancellationToken cancellationToken)
    {
        if (!state.ExplainHeaders || decision.Statement is not null || decision.Error is not null)
        {
            return string.Empty;
        }

        GatewayDecision explained = await decider.DecideAsync(query, explain: true, cancellationToken).ConfigureAwait(false);
        return explained.Explanation?.ReasonText ?? string.Empty;
    }
}
