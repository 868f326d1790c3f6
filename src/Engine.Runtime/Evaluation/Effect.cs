namespace Engine.Runtime.Evaluation;

/// <summary>A statement's <c>Effect</c> (case-sensitive in policies: iam-semantics.md §2.4).</summary>
public enum Effect : byte
{
    /// <summary><c>"Allow"</c>.</summary>
    Allow = 0,

    /// <summary><c>"Deny"</c>.</summary>
    Deny = 1,
}
