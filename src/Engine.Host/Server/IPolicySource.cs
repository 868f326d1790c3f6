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
    /// Like <see cref="TryResolve(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, out CompiledPolicySet?)"/>,
    /// but a source that compiles sets on first use does not compile on the caller's thread: it
    /// returns true with <paramref name="policySet"/> null and a <paramref name="pendingCompile"/>
    /// task compiling the set elsewhere. The server awaits it and asks again, so a compile never
    /// holds a socket event thread or the requests behind it. The default never defers.
    /// </summary>
    /// <param name="principal">The caller as sent.</param>
    /// <param name="resource">The resource ARN.</param>
    /// <param name="resourceAccount">The resource account, or empty.</param>
    /// <param name="policySet">The set to evaluate on, when found and compiled.</param>
    /// <param name="pendingCompile">The compile to wait for, or null. Its failure is not reported
    /// by the task: asking again reports it.</param>
    /// <returns>True when the principal is known.</returns>
    bool TryResolve(
        ReadOnlySpan<char> principal,
        ReadOnlySpan<char> resource,
        ReadOnlySpan<char> resourceAccount,
        out CompiledPolicySet? policySet,
        out Task? pendingCompile)
    {
        pendingCompile = null;
        return TryResolve(principal, resource, resourceAccount, out policySet);
    }

    /// <summary>
    /// Finds the policy set that decides a filled request, from everything the request carries: a
    /// bundle also picks the policy of the VPC endpoint named by <c>aws:SourceVpce</c>
    /// (docs/bundles.md). The default resolves by principal, resource and resource account only.
    /// </summary>
    /// <param name="request">The filled request.</param>
    /// <param name="policySet">The set to evaluate on, when found.</param>
    /// <returns>True when the principal is known.</returns>
    bool TryResolve(AuthorizationRequest request, out CompiledPolicySet? policySet) =>
        TryResolve(request.Principal, request.Resource, request.ResourceAccount, out policySet);

    /// <summary>
    /// <see cref="TryResolve(AuthorizationRequest, out CompiledPolicySet?)"/> that may defer a
    /// compile, as <see cref="TryResolve(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, out CompiledPolicySet?, out Task?)"/> does.
    /// </summary>
    /// <param name="request">The filled request.</param>
    /// <param name="policySet">The set to evaluate on, when found and compiled.</param>
    /// <param name="pendingCompile">The compile to wait for, or null.</param>
    /// <returns>True when the principal is known.</returns>
    bool TryResolve(AuthorizationRequest request, out CompiledPolicySet? policySet, out Task? pendingCompile) =>
        TryResolve(request.Principal, request.Resource, request.ResourceAccount, out policySet, out pendingCompile);

    /// <summary>
    /// Managed heap bytes held by the source's compiled policy sets (the Stats counter
    /// <c>CompiledBytes</c>); a structural estimate, see <see cref="CompiledPolicySet.EstimateBytes"/>.
    /// The default, 0, means the source does not say.
    /// </summary>
    ulong CompiledBytes => 0;

    /// <summary>
    /// Adds what the source knows about the caller to a filled request before it is evaluated (for
    /// example context keys derived from the principal, docs/accounts.md). The default does nothing.
    /// </summary>
    /// <param name="request">The filled request.</param>
    void Enrich(AuthorizationRequest request)
    {
    }
}
