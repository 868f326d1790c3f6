using Engine.Compiler.Model;

namespace Engine.Gateway.Http;

/// <summary>What the gateway endpoints ask: a decision on the bundle in use (the host implements it over its policy source).</summary>
public interface IGatewayDecider
{
    /// <summary>Whether a bundle is active (false only before the first successful load).</summary>
    bool IsReady { get; }

    /// <summary>Decides one question on the policy set in use now; an unknown principal is an <c>ImplicitDeny</c> with an error.</summary>
    /// <param name="query">The question.</param>
    /// <param name="explain">Whether to add the reference interpreter's explanation (<c>engine eval</c>'s reasons).</param>
    /// <param name="cancellationToken">Cancels a wait for a compile.</param>
    ValueTask<GatewayDecision> DecideAsync(AuthorizationQuery query, bool explain, CancellationToken cancellationToken);
}
