namespace Engine.Runtime.Evaluation;

/// <summary>The answer to an authorization question (iam-semantics.md §1.6).</summary>
public enum Decision : byte
{
    /// <summary>Nothing allowed the request; the default answer.</summary>
    ImplicitDeny = 0,

    /// <summary>The grant rules were met and no statement denied.</summary>
    Allow = 1,

    /// <summary>At least one applicable <c>Deny</c> statement in a policy that takes part.</summary>
    ExplicitDeny = 2,
}
