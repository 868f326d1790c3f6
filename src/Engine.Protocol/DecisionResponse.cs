using Engine.Runtime.Evaluation;

namespace Engine.Protocol;

/// <summary>A decoded Decision frame. A non-Ok <see cref="Status"/> always comes with <c>ImplicitDeny</c> and no statement.</summary>
/// <param name="RequestId">The query's id.</param>
/// <param name="Status">The outcome.</param>
/// <param name="Decision">The answer.</param>
/// <param name="Statement">The deciding statement, or null.</param>
/// <param name="Sid">The deciding statement's Sid; empty when none.</param>
/// <param name="Revision">The policy revision the answer was decided on.</param>
public sealed record DecisionResponse(
    ulong RequestId,
    ResponseStatus Status,
    Decision Decision,
    DecidingStatement? Statement,
    string Sid,
    ulong Revision) : ServerResponse(RequestId);
