using System.Collections.Immutable;

namespace Engine.Runtime.Evaluation;

/// <summary>Facts about <see cref="PolicyKind"/> that both the compiler and the runtime rely on.</summary>
public static class PolicyKinds
{
    /// <summary>
    /// The order in which explanations list statements (iam-semantics.md §17): RCP levels, SCP
    /// levels, resource, identity, permissions boundary, session, VPC endpoint (amendments §17.2). The compiler numbers statements
    /// in this order, so the first applicable <c>Deny</c> id is the deciding statement (§16 step 1).
    /// </summary>
    public static ImmutableArray<PolicyKind> ExplanationOrder { get; } =
        [PolicyKind.Rcp, PolicyKind.Scp, PolicyKind.Resource, PolicyKind.Identity, PolicyKind.PermissionsBoundary, PolicyKind.Session, PolicyKind.VpcEndpoint];

    /// <summary>The place of a kind in <see cref="ExplanationOrder"/>.</summary>
    /// <param name="kind">A policy kind.</param>
    public static int ExplanationRank(this PolicyKind kind) => ExplanationOrder.IndexOf(kind);
}
