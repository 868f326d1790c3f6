namespace Engine.Compiler.Reference;

/// <summary>The principal kinds of iam-semantics.md §1.2, as the reference interpreter classifies them.</summary>
/// <remarks>
/// DIVERGENCE: the runtime has its own <c>Engine.Runtime.Evaluation.CallerKind</c> (with
/// <c>Other = 0</c>, read by <c>CallerInfo</c>); the reference does not import it, so that the two
/// classifications of §1.2 are written twice and checked against each other by the differential
/// tests. Both name the same seven kinds.
/// </remarks>
public enum CallerKind : byte
{
    /// <summary><c>arn:P:iam::A:root</c>.</summary>
    Root,
    /// <summary><c>arn:P:iam::A:user/…</c>.</summary>
    User,
    /// <summary><c>arn:P:iam::A:role/…</c>, standing for a session of that role.</summary>
    Role,
    /// <summary><c>arn:P:sts::A:assumed-role/Role/Session</c>.</summary>
    RoleSession,
    /// <summary><c>arn:P:sts::A:federated-user/Name</c>.</summary>
    FederatedUser,
    /// <summary>A service principal name such as <c>cloudtrail.amazonaws.com</c>.</summary>
    Service,
    /// <summary>Anything else (an identity-provider string, …).</summary>
    Other,
}
