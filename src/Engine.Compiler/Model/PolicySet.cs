using System.Collections.Immutable;

namespace Engine.Compiler.Model;

/// <summary>
/// Every policy that takes part in one decision (iam-semantics.md §1.5): the principal's identity
/// policies and, where present, the resource policy, permissions boundary, session policy, and the
/// SCP and RCP levels (root first), and the VPC endpoint policy (amendments §A.2).
/// </summary>
/// <param name="Identity">Identity-based policies (may be empty).</param>
/// <param name="Resource">The resource-based policy, or null.</param>
/// <param name="PermissionsBoundary">The boundary documents (treated as one set), or default/empty for none.</param>
/// <param name="Session">The session policy documents (treated as one set), or default/empty for none.</param>
/// <param name="Scps">SCP levels from the root down, or null when SCPs do not apply.</param>
/// <param name="Rcps">RCP levels from the root down, or null when RCPs do not apply.</param>
/// <param name="VpcEndpoint">The policy of the VPC endpoint the request passed through, or null (amendments §15.6.2).</param>
public sealed record PolicySet(
    ImmutableArray<PolicyDocument> Identity,
    PolicyDocument? Resource,
    ImmutableArray<PolicyDocument> PermissionsBoundary,
    ImmutableArray<PolicyDocument> Session,
    ImmutableArray<ImmutableArray<PolicyDocument>>? Scps,
    ImmutableArray<ImmutableArray<PolicyDocument>>? Rcps,
    PolicyDocument? VpcEndpoint = null)
{
    /// <summary>Whether a permissions boundary is set.</summary>
    public bool HasBoundary => !PermissionsBoundary.IsDefaultOrEmpty;

    /// <summary>Whether a session policy is set.</summary>
    public bool HasSession => !Session.IsDefaultOrEmpty;

    /// <summary>A set with identity policies only.</summary>
    public static PolicySet FromIdentity(params PolicyDocument[] identity) =>
        new([.. identity], null, [], [], null, null);
}
