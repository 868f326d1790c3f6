using System.Diagnostics.CodeAnalysis;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

public sealed partial class Bundle
{
    /// <summary>
    /// Finds the compiled set that answers a request of <paramref name="principal"/> on
    /// <paramref name="resource"/>: the principal's identity policies and boundary, the SCP levels
    /// of its account, the resource's policy and the RCP levels of the resource's account. Does not
    /// allocate once the set has been compiled.
    /// </summary>
    /// <param name="principal">A user or role ARN listed in the bundle, or a session of a listed role
    /// (<c>arn:P:sts::A:assumed-role/NAME/SESSION</c> finds the role named NAME in account A).</param>
    /// <param name="resource">The request's resource (an ARN or <c>*</c>): selects the resource policy.</param>
    /// <param name="resourceAccount">The request's resource account, or empty (iam-semantics.md §1.3).</param>
    /// <param name="set">The compiled set.</param>
    /// <returns>False when the bundle does not know the principal: the caller must fail closed.</returns>
    public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, [MaybeNullWhen(false)] out CompiledPolicySet set)
    {
        if (!TryFindSetKey(principal, resource, resourceAccount, out long key))
        {
            set = null;
            return false;
        }

        set = GetOrCompile(key);
        return true;
    }

    /// <summary>
    /// <see cref="TryResolve"/> without compiling on the caller's thread: when the request's set is
    /// not compiled yet, returns true with <paramref name="set"/> null and a task compiling it on
    /// the thread pool (concurrent callers for one set share the task); ask again once it is done.
    /// Does not allocate once the set has been compiled.
    /// </summary>
    /// <param name="principal">The caller, as for <see cref="TryResolve"/>.</param>
    /// <param name="resource">The request's resource.</param>
    /// <param name="resourceAccount">The request's resource account, or empty.</param>
    /// <param name="set">The compiled set, or null while it compiles.</param>
    /// <param name="pendingCompile">The compile to wait for, or null.</param>
    /// <returns>False when the bundle does not know the principal: the caller must fail closed.</returns>
    public bool TryResolveOrCompileLater(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, out CompiledPolicySet? set, out Task? pendingCompile)
    {
        set = null;
        pendingCompile = null;
        if (!TryFindSetKey(principal, resource, resourceAccount, out long key))
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
    /// The model-level policy set for the same request as <see cref="TryResolve"/>, so the
    /// reference engine can decide it too (<c>engine check --bundle</c>). Allocates.
    /// </summary>
    /// <param name="principal">A user or role ARN listed in the bundle, or a session of a listed role.</param>
    /// <param name="resource">The request's resource (an ARN or <c>*</c>).</param>
    /// <param name="resourceAccount">The request's resource account, or null or empty.</param>
    /// <param name="set">The policy set.</param>
    /// <returns>False when the bundle does not know the principal.</returns>
    public bool TryGetPolicySet(string principal, string resource, string? resourceAccount, [MaybeNullWhen(false)] out PolicySet set)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(resource);
        if (!TryFindSetKey(principal, resource, resourceAccount, out long key))
        {
            set = null;
            return false;
        }

        set = BuildPolicySet(key);
        return true;
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

    // The key of the set that decides a request: the principal's profile, the resource's policy and
    // the RCP levels of the resource's account. False when the principal is unknown.
    private bool TryFindSetKey(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, out long key)
    {
        if (!TryFindPrincipal(principal, out BundlePrincipal entry))
        {
            key = 0;
            return false;
        }

        key = Key(entry.Profile, FindResourcePolicy(resource), FindRcpLevels(entry, resource, resourceAccount));
        return true;
    }

    private bool TryFindPrincipal(ReadOnlySpan<char> principal, out BundlePrincipal entry) =>
        _principals.TryGetValue(principal, out entry)
        || (IamArn.TrySessionRoleKey(principal, out ReadOnlySpan<char> roleKey) && _roleSessions.TryGetValue(roleKey, out entry));

    // The exact ARN; for an S3 object, its bucket's policy (a bucket policy governs the objects in it).
    private int FindResourcePolicy(ReadOnlySpan<char> resource) =>
        _resources.TryGetValue(resource, out int document)
        || (IamArn.TryS3Bucket(resource, out ReadOnlySpan<char> bucket) && _resources.TryGetValue(bucket, out document))
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
