namespace Engine.Runtime.Evaluation;

/// <summary>The principal kinds of iam-semantics.md §1.2.</summary>
/// <remarks>
/// DIVERGENCE: the reference interpreter has its own <c>Engine.Compiler.Reference.CallerKind</c>
/// and does not import this one, so §1.2 is classified twice and the differential tests compare
/// the two. Both name the same seven kinds.
/// </remarks>
internal enum CallerKind : byte
{
    /// <summary>Anything else (an identity-provider string, …).</summary>
    Other = 0,
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
}
