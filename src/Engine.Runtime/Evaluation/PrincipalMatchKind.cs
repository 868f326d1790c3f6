namespace Engine.Runtime.Evaluation;

/// <summary>How a Principal element matches a caller (iam-semantics.md §8.2), weakest first.</summary>
internal enum PrincipalMatchKind : byte
{
    /// <summary>No entry names the caller.</summary>
    None = 0,
    /// <summary>An entry names the caller's account: the grant only delegates to that account.</summary>
    ViaAccount = 1,
    /// <summary>An entry names the caller's role: the grant is capped by boundary and session policy.</summary>
    ViaRole = 2,
    /// <summary>An entry names this exact caller (or everyone).</summary>
    Direct = 3,
}
