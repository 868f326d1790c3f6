namespace Engine.Testing.Generators;

/// <summary>The principal kinds of iam-semantics.md §1.2.</summary>
public enum CallerKind
{
    /// <summary><c>arn:P:iam::A:root</c>.</summary>
    Root,
    /// <summary><c>arn:P:iam::A:user/path/name</c>.</summary>
    User,
    /// <summary><c>arn:P:iam::A:role/path/name</c>.</summary>
    Role,
    /// <summary><c>arn:P:sts::A:assumed-role/Role/Session</c>.</summary>
    RoleSession,
    /// <summary><c>arn:P:sts::A:federated-user/Name</c>.</summary>
    FederatedUser,
    /// <summary>A service principal name.</summary>
    Service,
    /// <summary>Anything else, e.g. an identity-provider string.</summary>
    Other,
}

/// <summary>
/// A generated caller with the facts generators derive policies from: its account, its short
/// name (the value <c>aws:username</c> would carry) and, for sessions, the role ARN with the path
/// that the session ARN itself does not show (§8.2).
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Principal">The request's principal string.</param>
/// <param name="Partition">The ARN partition, or null for Service/Other.</param>
/// <param name="Account">The 12-digit account, or null for Service/Other.</param>
/// <param name="Name">The user, role, session or service name.</param>
/// <param name="RoleArn">For roles and role sessions: the role ARN including its path.</param>
public sealed record Caller(CallerKind Kind, string Principal, string? Partition, string? Account, string Name, string? RoleArn)
{
    /// <summary>Whether a session policy may be given for this caller (§11).</summary>
    public bool CanHaveSessionPolicy => Kind is CallerKind.RoleSession or CallerKind.FederatedUser or CallerKind.Role;

    /// <summary>The root ARN of the caller's account, when it has one.</summary>
    public string? RootArn => Account is null ? null : $"arn:{Partition}:iam::{Account}:root";
}
