using Engine.Gateway.Http;

namespace Engine.Gateway.Metrics;

/// <summary>The one rule for what a gateway answer counts as, shared by every HTTP and gRPC transport.</summary>
public static class DecisionOutcomes
{
    /// <summary>The outcome a decision counts as: <see cref="DecisionOutcome.Error"/> when the request was not evaluated (an unknown principal, a malformed request).</summary>
    /// <param name="decision">The engine's answer.</param>
    public static DecisionOutcome Of(GatewayDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Error is null ? (DecisionOutcome)decision.Decision : DecisionOutcome.Error;
    }
}
