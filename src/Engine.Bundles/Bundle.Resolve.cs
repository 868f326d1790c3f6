using System.Diagnostics.CodeAnalysis;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

public sealed partial class Bundle
{
    /// <summary>
    /// Finds the compiled set that answers a request of <paramref name="principal"/> on
    /// <paramref name="resource"/>: the principal's identity policies and boundary, the SCP levels
    /// of its account, the resource's policy and the RCP levels of the resource's account; no VPC
    /// endpoint policy. Does not allocate once the set has been compiled.
    /// </summary>
    /// <param name="principal">A user or role ARN listed in the bundle, or a session of a listed role
    /// (<c>arn:P:sts::A:assumed-role/NAME/SESSION</c> finds the role named NAME in account A).</param>
    /// <param name="resource">The request's resource (an ARN or <c>*</c>): selects the resource policy.</param>
    /// <param name="resourceAccount">The request's resource account, or empty (iam-semantics.md §1.3).</param>
    /// <param name="set">The compiled set.</param>
    /// <returns>False when the bundle does not know the principal: the caller must fail closed.</returns>
    public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, [MaybeNullWhen(false)] out CompiledPolicySet set) =>
        TryResolve(principal, resource, resourceAccount, default, out set);

    /// <summary>
    /// <see cref="TryResolve(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, out CompiledPolicySet)"/>
    /// for a request that came through the VPC endpoint <paramref name="sourceVpce"/>: the set also
    /// holds that endpoint's policy when the bundle names the endpoint under <c>vpcEndpoints</c>
    /// (an id it does not name is decided with no endpoint policy, docs/bundles.md). Does not
    /// allocate once the set has been compiled.
    /// </summary>
    /// <param name="principal">A user or role ARN listed in the bundle, or a session of a listed role.</param>
    /// <param name="resource">The request's resource (an ARN or <c>*</c>).</param>
    /// <param name="resourceAccount">The request's resource account, or empty.</param>
    /// <param name="sourceVpce">The request's <c>aws:SourceVpce</c> (<see cref="SourceVpce.Of(AuthorizationRequest)"/>), or empty.</param>
    /// <param name="set">The compiled set.</param>
    /// <returns>False when the bundle does not know the principal: the caller must fail closed.</returns>
    public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, ReadOnlySpan<char> sourceVpce, [MaybeNullWhen(false)] out CompiledPolicySet set)
    {
        if (!TryFindSetKey(principal, resource, resourceAccount, sourceVpce, out BundleSetKey key))
        {
            set = null;
            return false;
        }

        set = GetOrCompile(key);
        return true;
    }

    /// <summary>
    /// The set that decides a filled request: its principal, resource, resource account and
    /// <c>aws:SourceVpce</c> (<see cref="TryResolve(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, out CompiledPolicySet)"/>).
    /// Does not allocate once the set has been compiled.
    /// </summary>
    /// <param name="request">The filled request.</param>
    /// <param name="set">The compiled set.</param>
    /// <returns>False when the bundle does not know the principal: the caller must fail closed.</returns>
    public bool TryResolve(AuthorizationRequest request, [MaybeNullWhen(false)] out CompiledPolicySet set)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TryResolve(request.Principal, request.Resource, request.ResourceAccount, SourceVpce.Of(request), out set);
    }

    /// <summary>
    /// <see cref="TryResolve(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, out CompiledPolicySet)"/> without compiling on the caller's thread: when the request's set is
    /// not compiled yet, returns true with <paramref name="set"/> null and a task compiling it on
    /// the thread pool (concurrent callers for one set share the task); ask again once it is done.
    /// Does not allocate once the set has been compiled.
    /// </summary>
    /// <param name="principal">The caller, as for <see cref="TryResolve(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, out CompiledPolicySet)"/>.</param>
    /// <param name="resource">The request's resource.</param>
    /// <param name="resourceAccount">The request's resource account, or empty.</param>
    /// <param name="set">The compiled set, or null while it compiles.</param>
    /// <param name="pendingCompile">The compile to wait for, or null.</param>
    /// <returns>False when the bundle does not know the principal: the caller must fail closed.</returns>
    public bool TryResolveOrCompileLater(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, out CompiledPolicySet? set, out Task? pendingCompile) =>
        TryResolveOrCompileLater(principal, resource, resourceAccount, default, out set, out pendingCompile);

    /// <summary>
    /// <see cref="TryResolveOrCompileLater(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, out CompiledPolicySet?, out Task?)"/>
    /// for a request that came through the VPC endpoint <paramref name="sourceVpce"/>.
    /// </summary>
    /// <param name="principal">The caller.</param>
    /// <param name="resource">The request's resource.</param>
    /// <param name="resourceAccount">The request's resource account, or empty.</param>
    /// <param name="sourceVpce">The request's <c>aws:SourceVpce</c>, or empty.</param>
    /// <param name="set">The compiled set, or null while it compiles.</param>
    /// <param name="pendingCompile">The compile to wait for, or null.</param>
    /// <returns>False when the bundle does not know the principal: the caller must fail closed.</returns>
    public bool TryResolveOrCompileLater(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, ReadOnlySpan<char> sourceVpce, out CompiledPolicySet? set, out Task? pendingCompile)
    {
        set = null;
        pendingCompile = null;
        if (!TryFindSetKey(principal, resource, resourceAccount, sourceVpce, out BundleSetKey key))
        {
            return false;
        }

        if (_compiled.TryGetValue(key, out Lazy<CompiledPolicySet>? cached) && cached.IsValueCreated)
        {
            set = cached.Value;
        }
        else
        {
            pendingCompile = CompileInBackground(key);
        }

        return true;
    }

    /// <summary>
    /// <see cref="TryResolveOrCompileLater(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, out CompiledPolicySet?, out Task?)"/>
    /// for a filled request: its principal, resource, resource account and <c>aws:SourceVpce</c>.
    /// </summary>
    /// <param name="request">The filled request.</param>
    /// <param name="set">The compiled set, or null while it compiles.</param>
    /// <param name="pendingCompile">The compile to wait for, or null.</param>
    /// <returns>False when the bundle does not know the principal: the caller must fail closed.</returns>
    public bool TryResolveOrCompileLater(AuthorizationRequest request, out CompiledPolicySet? set, out Task? pendingCompile)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TryResolveOrCompileLater(request.Principal, request.Resource, request.ResourceAccount, SourceVpce.Of(request), out set, out pendingCompile);
    }

    /// <summary>
    /// The model-level policy set for the same request as <see cref="TryResolve(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, out CompiledPolicySet)"/>, so the
    /// reference engine can decide it too (<c>engine check --bundle</c>). Allocates.
    /// </summary>
    /// <param name="principal">A user or role ARN listed in the bundle, or a session of a listed role.</param>
    /// <param name="resource">The request's resource (an ARN or <c>*</c>).</param>
    /// <param name="resourceAccount">The request's resource account, or null or empty.</param>
    /// <param name="set">The policy set.</param>
    /// <returns>False when the bundle does not know the principal.</returns>
    public bool TryGetPolicySet(string principal, string resource, string? resourceAccount, [MaybeNullWhen(false)] out PolicySet set) =>
        TryGetPolicySet(principal, resource, resourceAccount, null, out set);

    /// <summary>
    /// The model-level policy set for a request that came through the VPC endpoint
    /// <paramref name="sourceVpce"/>, as <see cref="TryResolve(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, out CompiledPolicySet)"/> finds it. Allocates.
    /// </summary>
    /// <param name="principal">A user or role ARN listed in the bundle, or a session of a listed role.</param>
    /// <param name="resource">The request's resource (an ARN or <c>*</c>).</param>
    /// <param name="resourceAccount">The request's resource account, or null or empty.</param>
    /// <param name="sourceVpce">The request's <c>aws:SourceVpce</c>, or null.</param>
    /// <param name="set">The policy set.</param>
    /// <returns>False when the bundle does not know the principal.</returns>
    public bool TryGetPolicySet(string principal, string resource, string? resourceAccount, string? sourceVpce, [MaybeNullWhen(false)] out PolicySet set)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(resource);
        if (!TryFindSetKey(principal, resource, resourceAccount, sourceVpce, out BundleSetKey key))
        {
            set = null;
            return false;
        }

        set = BuildPolicySet(key);
        return true;
    }

    /// <summary>The model-level policy set that decides a question, its <c>aws:SourceVpce</c> included. Allocates.</summary>
    /// <param name="query">The question.</param>
    /// <param name="set">The policy set.</param>
    /// <returns>False when the bundle does not know the principal.</returns>
    public bool TryGetPolicySet(AuthorizationQuery query, [MaybeNullWhen(false)] out PolicySet set)
    {
        ArgumentNullException.ThrowIfNull(query);
        return TryGetPolicySet(query.Principal, query.Resource, query.ResourceAccount, SourceVpce.Of(query), out set);
    }

    /// <summary>The name of the policy of a VPC endpoint the bundle names under <c>vpcEndpoints</c>.</summary>
    /// <param name="sourceVpce">The endpoint id, e.g. <c>vpce-1a2b3c4d</c> (compared exactly).</param>
    /// <param name="policyName">The policy's name (its file in <c>policies/</c> without <c>.json</c>).</param>
    /// <returns>False when the bundle does not name the endpoint: its requests are decided with no endpoint policy.</returns>
    public bool TryGetVpcEndpointPolicyName(ReadOnlySpan<char> sourceVpce, [MaybeNullWhen(false)] out string policyName)
    {
        int document = FindVpcEndpoint(sourceVpce);
        policyName = document < 0 ? null : _documentNames[document];
        return policyName is not null;
    }

    /// <summary>
    /// The facts (ARN, name, id, tags) of a listed user or role, or of the role of a session of a
    /// listed role. Does not allocate.
    /// </summary>
    /// <param name="principal">A user or role ARN, or a role session ARN.</param>
    /// <param name="facts">The user's or role's facts.</param>
    /// <returns>False when the bundle does not know the principal.</returns>
    public bool TryGetPrincipalFacts(ReadOnlySpan<char> principal, [MaybeNullWhen(false)] out PrincipalFacts facts)
    {
        bool found = TryFindPrincipal(principal, out BundlePrincipal entry);
        facts = found ? entry.Facts : null;
        return found;
    }

    // The key of the set that decides a request: the principal's profile, the resource's policy, the
    // RCP levels of the resource's account and the endpoint's policy. False when the principal is unknown.
    private bool TryFindSetKey(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, ReadOnlySpan<char> sourceVpce, out BundleSetKey key)
    {
        if (!TryFindPrincipal(principal, out BundlePrincipal entry))
        {
            key = default;
            return false;
        }

        key = new BundleSetKey(entry.Profile, FindResourcePolicy(resource), FindRcpLevels(entry, resource, resourceAccount), FindVpcEndpoint(sourceVpce));
        return true;
    }

    // SPEC: amendments §15.6.2 — the policy of the endpoint the request came through. An id the
    // bundle does not name gets none: AWS only sees ids of endpoints that exist, and the bundle
    // cannot tell an endpoint with the default policy (which allows everything) from a typo, so it
    // decides as without an endpoint and the explanation says so (docs/bundles.md).
    private int FindVpcEndpoint(ReadOnlySpan<char> sourceVpce) =>
        !sourceVpce.IsEmpty && _vpcEndpoints.TryGetValue(sourceVpce, out int document) ? document : -1;

    private bool TryFindPrincipal(ReadOnlySpan<char> principal, out BundlePrincipal entry) =>
        _principals.TryGetValue(principal, out entry)
        || (IamArn.TrySessionRoleKey(principal, out ReadOnlySpan<char> roleKey) && _roleSessions.TryGetValue(roleKey, out entry));

    // The exact ARN; for an S3 object, its bucket's policy (a bucket policy governs the objects in
    // it); for a KMS key, a key policy given by key id alone (docs/accounts.md, --key-policies).
    private int FindResourcePolicy(ReadOnlySpan<char> resource) =>
        _resources.TryGetValue(resource, out int document)
        || (IamArn.TryS3Bucket(resource, out ReadOnlySpan<char> bucket) && _resources.TryGetValue(bucket, out document))
        || (_keyPolicies.Dictionary.Count > 0 && IamArn.TryKmsKeyId(resource, out ReadOnlySpan<char> keyId) && _keyPolicies.TryGetValue(keyId, out document))
            ? document
            : -1;

    // SPEC: iam-semantics.md §1.3, §13: the RCPs of the resource's account.
    private int FindRcpLevels(BundlePrincipal entry, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount)
    {
        ReadOnlySpan<char> account = resourceAccount.IsEmpty ? IamArn.AccountOf(resource) : resourceAccount;
        if (account.IsEmpty || account.SequenceEqual(entry.Account))
        {
            return entry.OwnRcpLevels;
        }

        return _accountRcpLevels.TryGetValue(account, out int levels) ? levels : -1;
    }
}
