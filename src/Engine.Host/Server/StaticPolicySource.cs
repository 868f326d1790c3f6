using Engine.Runtime.Evaluation;

namespace Engine.Host.Server;

/// <summary>
/// A fixed map from principal ARN to its compiled policy set, looked up from a span without
/// allocating. A role session (<c>arn:P:sts::A:assumed-role/NAME/SESSION</c>) that is not listed
/// itself falls back to the role of that name in that account (<c>arn:P:iam::A:role/PATH/NAME</c>,
/// any path: role names are unique per account).
/// </summary>
public sealed class StaticPolicySource : IPolicySource
{
    private const string RolePrefix = "role/";
    private const string AssumedRolePrefix = "assumed-role/";

    // Role keys are "PARTITION:ACCOUNT:NAME"; a session's key is built into a stack buffer.
    private const int MaxRoleKeyLength = 512;

    private readonly Dictionary<string, CompiledPolicySet>.AlternateLookup<ReadOnlySpan<char>> _principals;
    private readonly Dictionary<string, CompiledPolicySet>.AlternateLookup<ReadOnlySpan<char>> _roles;

    /// <summary>Creates a source.</summary>
    /// <param name="revision">The revision to report.</param>
    /// <param name="principals">Principal ARN → the set that decides its requests.</param>
    public StaticPolicySource(ulong revision, IEnumerable<KeyValuePair<string, CompiledPolicySet>> principals)
    {
        ArgumentNullException.ThrowIfNull(principals);
        Revision = revision;
        var byPrincipal = new Dictionary<string, CompiledPolicySet>(StringComparer.Ordinal);
        var byRole = new Dictionary<string, CompiledPolicySet>(StringComparer.Ordinal);
        foreach ((string principal, CompiledPolicySet set) in principals)
        {
            ArgumentNullException.ThrowIfNull(set);
            byPrincipal.Add(principal, set);
            if (TrySplitArn(principal, "iam", out ReadOnlySpan<char> partition, out ReadOnlySpan<char> account, out ReadOnlySpan<char> resource)
                && resource.StartsWith(RolePrefix, StringComparison.Ordinal))
            {
                ReadOnlySpan<char> name = resource[(resource.LastIndexOf('/') + 1)..];
                string key = $"{partition}:{account}:{name}";
                if (key.Length <= MaxRoleKeyLength)
                {
                    byRole.TryAdd(key, set);
                }
            }
        }

        _principals = byPrincipal.GetAlternateLookup<ReadOnlySpan<char>>();
        _roles = byRole.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <inheritdoc/>
    public ulong Revision { get; }

    /// <summary>The number of principals listed.</summary>
    public int Count => _principals.Dictionary.Count;

    /// <inheritdoc/>
    public bool TryResolve(
        ReadOnlySpan<char> principal,
        ReadOnlySpan<char> resource,
        ReadOnlySpan<char> resourceAccount,
        out CompiledPolicySet? policySet)
    {
        if (_principals.TryGetValue(principal, out policySet))
        {
            return true;
        }

        return TryResolveRoleSession(principal, out policySet);
    }

    private bool TryResolveRoleSession(ReadOnlySpan<char> principal, out CompiledPolicySet? set)
    {
        set = null;
        if (_roles.Dictionary.Count == 0
            || !TrySplitArn(principal, "sts", out ReadOnlySpan<char> partition, out ReadOnlySpan<char> account, out ReadOnlySpan<char> resource)
            || !resource.StartsWith(AssumedRolePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> nameAndSession = resource[AssumedRolePrefix.Length..];
        int slash = nameAndSession.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> name = nameAndSession[..slash];
        int length = partition.Length + account.Length + name.Length + 2;
        if (length > MaxRoleKeyLength)
        {
            return false;
        }

        Span<char> key = stackalloc char[MaxRoleKeyLength];
        partition.CopyTo(key);
        int position = partition.Length;
        key[position++] = ':';
        account.CopyTo(key[position..]);
        position += account.Length;
        key[position++] = ':';
        name.CopyTo(key[position..]);
        return _roles.TryGetValue(key[..length], out set);
    }

    // arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE — the region must be empty for IAM and STS.
    private static bool TrySplitArn(
        ReadOnlySpan<char> arn,
        ReadOnlySpan<char> service,
        out ReadOnlySpan<char> partition,
        out ReadOnlySpan<char> account,
        out ReadOnlySpan<char> resource)
    {
        partition = account = resource = default;
        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> rest = arn[4..];
        int colon = rest.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        partition = rest[..colon];
        rest = rest[(colon + 1)..];
        if (!rest.StartsWith(service, StringComparison.Ordinal) || rest.Length < service.Length + 2
            || rest[service.Length] != ':' || rest[service.Length + 1] != ':')
        {
            return false;
        }

        rest = rest[(service.Length + 2)..];
        colon = rest.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        account = rest[..colon];
        resource = rest[(colon + 1)..];
        return true;
    }
}
