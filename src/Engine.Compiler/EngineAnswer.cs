using Engine.Runtime.Evaluation;

namespace Engine.Compiler;

/// <summary>What an engine answered for one request: the decision, the deciding statement, or why the request was not evaluated.</summary>
/// <param name="Decision">The decision (<see cref="Decision.ImplicitDeny"/> whenever <paramref name="Error"/> is set).</param>
/// <param name="Deciding">The deciding statement, or null.</param>
/// <param name="Error">Why the request was malformed, or null.</param>
public sealed record EngineAnswer(Decision Decision, StatementRef? Deciding, string? Error)
{
    /// <summary>The deciding statement as a remote server described it, when the answer came over the wire.</summary>
    public string? RemoteStatement { get; init; }
}
