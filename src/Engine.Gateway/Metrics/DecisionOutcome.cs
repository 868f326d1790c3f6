using Engine.Runtime.Evaluation;

namespace Engine.Gateway.Metrics;

/// <summary>
/// The <c>outcome</c> label of <c>engine_decisions_total</c>: the engine's decision, or why there
/// was none. The first three have <see cref="Decision"/>'s values, so a decision converts by cast.
/// </summary>
public enum DecisionOutcome
{
    /// <summary>No statement allowed the request.</summary>
    ImplicitDeny = Decision.ImplicitDeny,

    /// <summary>Allowed.</summary>
    Allow = Decision.Allow,

    /// <summary>A statement denied the request.</summary>
    ExplicitDeny = Decision.ExplicitDeny,

    /// <summary>The request named no principal (401, UNAUTHENTICATED); nobody was asked about.</summary>
    Unauthenticated,

    /// <summary>Not evaluated (a malformed request, an unknown principal, an internal failure): answered as a deny.</summary>
    Error,
}
