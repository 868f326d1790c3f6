using System.Collections.Immutable;
using Engine.Compiler.Emit;

namespace Engine.Bundles;

/// <summary>
/// Collects what the manifest reader finds and interns the repeated parts (identity-policy lists,
/// organization levels, profiles) to small integers, so equal policy lists are stored, keyed and
/// compiled once however many principals share them.
/// </summary>
internal sealed class BundleBuilder
{
    private readonly Dictionary<string, int> _identityListIds = new(StringComparer.Ordinal);
    private readonly List<ImmutableArray<int>> _identityLists = [];
    private readonly Dictionary<string, int> _levelIds = new(StringComparer.Ordinal);
    private readonly List<ImmutableArray<ImmutableArray<int>>> _levels = [];
    private readonly Dictionary<BundleProfile, int> _profileIds = [];
    private readonly List<BundleProfile> _profiles = [];

    /// <summary>Users and roles by ARN.</summary>
    public Dictionary<string, BundlePrincipal> Principals { get; } = new(StringComparer.Ordinal);

    /// <summary>Roles by the key their sessions carry (<c>arn:P:sts::A:assumed-role/NAME</c>).</summary>
    public Dictionary<string, BundlePrincipal> RoleSessions { get; } = new(StringComparer.Ordinal);

    /// <summary>The ARN of the role that owns each session key, for the clash message.</summary>
    public Dictionary<string, string> RoleSessionOwners { get; } = new(StringComparer.Ordinal);

    /// <summary>Resource policies (document ids) by exact resource ARN.</summary>
    public Dictionary<string, int> Resources { get; } = new(StringComparer.Ordinal);

    /// <summary>KMS key policies (document ids) by key id, for keys whose policy file is named by id alone.</summary>
    public Dictionary<string, int> KeyPolicies { get; } = new(StringComparer.Ordinal);

    /// <summary>VPC endpoint policies (document ids) by endpoint id (<c>vpce-…</c>).</summary>
    public Dictionary<string, int> VpcEndpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>SCP level list id of each account that has SCPs.</summary>
    public Dictionary<string, int> AccountScpLevels { get; } = new(StringComparer.Ordinal);

    /// <summary>RCP level list id of each account that has RCPs.</summary>
    public Dictionary<string, int> AccountRcpLevels { get; } = new(StringComparer.Ordinal);

    public int InternIdentityList(IReadOnlyList<int> documents) =>
        Intern(_identityListIds, _identityLists, string.Join(',', documents), () => [.. documents]);

    public int InternLevels(IReadOnlyList<IReadOnlyList<int>> levels) =>
        Intern(_levelIds, _levels, string.Join('|', levels.Select(level => string.Join(',', level))), () => [.. levels.Select(level => level.ToImmutableArray())]);

    public int InternProfile(BundleProfile profile)
    {
        if (!_profileIds.TryGetValue(profile, out int id))
        {
            id = _profiles.Count;
            _profiles.Add(profile);
            _profileIds.Add(profile, id);
        }

        return id;
    }

    /// <summary>
    /// Adds a user or role under its ARN: interns its identity list (the first of repeated
    /// policies kept), boundary and its account's SCP levels into a profile.
    /// </summary>
    public BundlePrincipal AddPrincipal(PrincipalFacts facts, List<int> identity, int boundary)
    {
        // Keep the first of repeated policies (a policy attached directly and through a group):
        // evaluation is order-independent and a repeat adds nothing, but it would split sharing.
        var seen = new HashSet<int>();
        identity.RemoveAll(document => !seen.Add(document));
        int scps = AccountScpLevels.GetValueOrDefault(facts.Account, -1);
        int rcps = AccountRcpLevels.GetValueOrDefault(facts.Account, -1);
        int profile = InternProfile(new BundleProfile(InternIdentityList(identity), boundary, scps));
        var entry = new BundlePrincipal(profile, facts.Account, rcps, facts);
        Principals[facts.Arn] = entry;
        return entry;
    }

    /// <summary>The sets worth compiling at load: each profile with the RCP levels of its principals' own accounts and no resource policy.</summary>
    public IReadOnlyCollection<BundleSetKey> EagerKeys() =>
        Principals.Values.Select(p => new BundleSetKey(p.Profile, -1, p.OwnRcpLevels, -1)).ToHashSet();

    public Bundle Build(ulong revision, PolicyCatalog catalog, ClassifiedPolicyCache classified) => new(
        revision,
        classified,
        catalog.ParsedFiles,
        catalog.ParsedDocuments(),
        [.. catalog.Names],
        [.. catalog.Sources],
        [.. _identityLists],
        [.. _levels],
        [.. _profiles],
        Principals,
        RoleSessions,
        Resources,
        AccountRcpLevels,
        VpcEndpoints,
        KeyPolicies);

    private static int Intern<T>(Dictionary<string, int> ids, List<T> values, string key, Func<T> create)
    {
        if (!ids.TryGetValue(key, out int id))
        {
            id = values.Count;
            values.Add(create());
            ids.Add(key, id);
        }

        return id;
    }
}
