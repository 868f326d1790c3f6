namespace Engine.Runtime.Evaluation;

/// <summary>Whether a request was evaluated, or why not. Any status but <see cref="Ok"/> comes with <see cref="Decision.ImplicitDeny"/>.</summary>
public enum EvaluationStatus : byte
{
    /// <summary>Evaluated.</summary>
    Ok = 0,

    /// <summary>The action is not <c>service:Action</c> with one colon and no wildcard (§1.1).</summary>
    MalformedAction = 1,

    /// <summary>Two context keys differ only by case (§1.4).</summary>
    DuplicateContextKey = 2,

    /// <summary>A session policy is set but the caller is not a session (§11).</summary>
    SessionPolicyWithoutSession = 3,
}
