using Engine.Runtime.Evaluation;

namespace Engine.Host.Server;

/// <summary>
/// Where the server finds the compiled policy set that decides a request. Implementations are
/// immutable snapshots: a reload builds a new source and swaps it in through
/// <see cref="PolicySourceHolder"/>, so a request that read one source finishes on it.
/// </summary>
public interface IPolicySource
{
    /// <summary>The revision of this snapshot, echoed in every decision and pong.</summary>
    ulong Revision { get; }

    /// <summary>
    /// Finds the policy set that applies to a request without allocating. Returning false makes the
    /// server answer <c>UnknownPrincipal</c> with <c>ImplicitDeny</c> (fail closed).
    /// </summary>
    /// <param name="principal">The caller as sent.</param>
    /// <param name="resource">The resource ARN (a source may pick a resource policy by it).</param>
    /// <param name="resourceAccount">The resource account, or empty when the client did not send one.</param>
    /// <param name="policySet">The set to evaluate on, when found.</param>
    /// <returns>True when the principal is known.</returns>
    bool TryResolve(
        ReadOnlySpan<char> principal,
        ReadOnlySpan<char> resource,
        ReadOnlySpan<char> resourceAccount,
        out CompiledPolicySet? policySet);

    /// <summary>
    /// Adds what the source knows about the caller to a filled request before it is evaluated (for
    /// example context keys derived from the principal, docs/accounts.md). The default does nothing.
    /// </summary>
    /// <param name="request">The filled request.</param>
    void Enrich(AuthorizationRequest request)
    {
    }
}
