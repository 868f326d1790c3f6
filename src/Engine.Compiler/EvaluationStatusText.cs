using Engine.Runtime.Evaluation;

namespace Engine.Compiler;

/// <summary>
/// The one wording of a compiled evaluation's <see cref="EvaluationStatus"/> for people: the CLI,
/// <see cref="DecisionEngine"/> and the bundle commands report a malformed request in these words.
/// </summary>
public static class EvaluationStatusText
{
    /// <summary>Why a request was not evaluated, in the house grammar (lowercase, no final period).</summary>
    /// <param name="status">The status of an <see cref="EvaluationResult"/>.</param>
    /// <returns>The words, or null for <see cref="EvaluationStatus.Ok"/>.</returns>
    public static string? Describe(EvaluationStatus status) => status switch
    {
        EvaluationStatus.Ok => null,
        EvaluationStatus.MalformedAction => "the request action must look like \"service:action\" without wildcards",
        EvaluationStatus.DuplicateContextKey => "two context keys differ only by case",
        EvaluationStatus.SessionPolicyWithoutSession => "a session policy was given but the principal is not a session",
        _ => status.ToString(),
    };
}
