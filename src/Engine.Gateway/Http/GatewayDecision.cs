using Engine.Runtime.Evaluation;

namespace Engine.Gateway.Http;

/// <summary>One answer of the engine to a gateway.</summary>
/// <param name="Decision">The decision.</param>
/// <param name="Statement">The deciding statement, or null.</param>
/// <param name="Error">Why the request was not evaluated (unknown principal, malformed request), or null.</param>
/// <param name="Revision">The revision of the bundle that decided.</param>
/// <param name="Explanation">The explanation, when asked for.</param>
public sealed record GatewayDecision(Decision Decision, StatementRef? Statement, string? Error, ulong Revision, GatewayExplanation? Explanation = null)
{
    /// <summary>Whether the question itself was malformed (a context value of the wrong type): a deny, and 400 on the JSON API.</summary>
    public bool IsMalformed { get; init; }
}
