namespace Engine.Runtime.Evaluation;

/// <summary>
/// The answer of a compiled set: the decision and the id of the deciding statement (look it up with
/// <see cref="CompiledPolicySet.Statements"/>), or -1 when no statement decided.
/// </summary>
/// <param name="Decision">The decision.</param>
/// <param name="StatementId">The deciding statement's id in its set, or -1.</param>
/// <param name="Status">Whether the request was evaluated.</param>
public readonly record struct EvaluationResult(Decision Decision, int StatementId, EvaluationStatus Status)
{
    internal static EvaluationResult Rejected(EvaluationStatus status) => new(Decision.ImplicitDeny, -1, status);
}
