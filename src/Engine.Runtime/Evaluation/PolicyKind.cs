namespace Engine.Runtime.Evaluation;

/// <summary>
/// The policy sets of iam-semantics.md §1.5. The order in which explanations list them (§17) is
/// <see cref="PolicyKinds.ExplanationOrder"/>.
/// </summary>
public enum PolicyKind : byte
{
    /// <summary>A resource control policy (one organization level of many).</summary>
    Rcp = 0,

    /// <summary>A service control policy (one organization level of many).</summary>
    Scp = 1,

    /// <summary>The resource-based policy of the requested resource.</summary>
    Resource = 2,

    /// <summary>An identity-based policy attached to the principal.</summary>
    Identity = 3,

    /// <summary>The principal's permissions boundary.</summary>
    PermissionsBoundary = 4,

    /// <summary>A session policy passed when the session was made.</summary>
    Session = 5,

    /// <summary>The policy of the VPC endpoint the request passed through (iam-semantics-amendments.md §15.6).</summary>
    VpcEndpoint = 6,
}

/// <summary>Names of <see cref="PolicyKind"/> as the case format and explanations spell them.</summary>
public static class PolicyKindNames
{
    /// <summary>The case-format name of a policy kind (<c>identity</c>, <c>permissionsBoundary</c>, …).</summary>
    public static string ToCaseName(this PolicyKind kind) => kind switch
    {
        PolicyKind.Rcp => "rcp",
        PolicyKind.Scp => "scp",
        PolicyKind.Resource => "resource",
        PolicyKind.Identity => "identity",
        PolicyKind.PermissionsBoundary => "permissionsBoundary",
        PolicyKind.Session => "session",
        PolicyKind.VpcEndpoint => "vpcEndpoint",
        _ => "unknown",
    };
}
