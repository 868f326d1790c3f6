using Engine.Runtime.Evaluation;

namespace Engine.Protocol.Client;

/// <summary>
/// The server's answer to one query, decoded without allocating (<see cref="EngineClient.QueryAsync"/>).
/// A non-Ok <see cref="Status"/> always comes with <see cref="Decision.ImplicitDeny"/> and no statement.
/// </summary>
/// <param name="RequestId">The id the client gave the query (unique among the queries in flight on the client).</param>
/// <param name="Status">The outcome: Ok, or why the query could not be decided (an unknown principal, no policies loaded yet).</param>
/// <param name="Decision">The answer.</param>
/// <param name="Statement">The deciding statement, or null.</param>
/// <param name="Sid">The deciding statement's Sid; empty when none. Sids the client has seen before are not decoded again.</param>
/// <param name="Revision">The policy revision the answer was decided on.</param>
public readonly record struct DecisionResult(
    ulong RequestId,
    ResponseStatus Status,
    Decision Decision,
    DecidingStatement? Statement,
    string Sid,
    ulong Revision)
{
    /// <summary>
    /// True only for <see cref="ResponseStatus.Ok"/> with <see cref="Decision.Allow"/>: the one test
    /// a gateway should grant access on (fail closed: any other status or decision is a deny).
    /// </summary>
    public bool IsAllowed => Status == ResponseStatus.Ok && Decision == Decision.Allow;
}
