using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles.Accounts;

/// <summary>
/// Turns the merged entities of authorization-details files into bundle principals: a user's
/// identity policies are its inline policies, its attached managed policies, then each group's
/// inline and attached policies; a role's are its inline and attached policies, and its trust
/// policy becomes the resource policy of the role ARN (the resource of <c>sts:AssumeRole*</c>).
/// Managed policies come from <c>Policies</c> (the default version) or, for AWS managed policies,
/// the bundled copy; one found in neither is an error at the attachment, never skipped.
/// </summary>
internal sealed class AccountResolver(AuthorizationDetails details, PolicyCatalog catalog, BundleBuilder builder, List<BundleError> errors, ManagedPolicyStore store)
{
    private readonly EmbeddedDocuments _documents = new(catalog, errors);
    private readonly Dictionary<string, GroupEntry> _groupsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _groupDocuments = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public void Resolve()
    {
        foreach (GroupEntry group in details.Groups.Values)
        {
            // Group names are unique per account; users name their groups by name.
            _groupsByName[$"{IamArn.AccountOf(group.Arn)}:{group.Name}"] = group;
        }

        foreach (UserEntry user in details.Users.Values)
        {
            if (Facts(user.At, user.Arn, "user", user.Id, user.Tags) is not { } facts)
            {
                continue;
            }

            List<int> identity = Identity(user.Inline, user.Attached);
            foreach ((string name, Located at) in user.Groups)
            {
                if (_groupsByName.TryGetValue($"{facts.Account}:{name}", out GroupEntry? group))
                {
                    identity.AddRange(GroupDocuments(group));
                }
                else
                {
                    Error(at, $"user {Quote.User(user.Name)} is in group {Quote.User(name)}, which no file given lists in `GroupDetailList`");
                }
            }

            builder.AddPrincipal(facts, identity, Boundary(user.Boundary));
        }

        foreach (RoleEntry role in details.Roles.Values)
        {
            if (Facts(role.At, role.Arn, "role", role.Id, role.Tags) is not { } facts)
            {
                continue;
            }

            BundlePrincipal entry = builder.AddPrincipal(facts, Identity(role.Inline, role.Attached), Boundary(role.Boundary));

            // SPEC: iam-semantics.md §1.2: a session names its role by account and name, not path.
            builder.RoleSessions[IamArn.SessionRoleKey(facts.Partition, facts.Account, facts.Name)] = entry;
            if (role.Trust is { } trust)
            {
                AddTrustPolicy(role, trust);
            }
        }
    }

    private PrincipalFacts? Facts(Located at, string arn, string kind, string? id, List<KeyValuePair<string, string>> tags)
    {
        if (!IamArn.TryParseIdentity(arn, kind, out string partition, out string account, out string name))
        {
            Error(at, $"{Quote.User(arn)} is not a {kind} ARN (`arn:PARTITION:iam::ACCOUNT:{kind}/NAME`)");
            return null;
        }

        if (builder.Principals.ContainsKey(arn))
        {
            Error(at, $"{Quote.User(arn)} is also listed in {BundleLoader.ManifestFileName}; list each principal in one place");
            return null;
        }

        return new PrincipalFacts(arn, kind == "user" ? PrincipalFactsKind.User : PrincipalFactsKind.Role, partition, account, name, id, [.. tags]);
    }

    private List<int> Identity(List<InlinePolicy> inline, List<ManagedReference> attached)
    {
        var documents = new List<int>(inline.Count + attached.Count);
        foreach (InlinePolicy policy in inline)
        {
            // Inline policies are shared by content: accounts copy the same inline policy to many
            // principals, and sharing the document lets them share a profile and a compiled set.
            string key = $"inline\n{policy.Name}\n{EmbeddedDocuments.ContentKey(policy.Document)}";
            Add(documents, _documents.Resolve(policy.Document, key, $"{policy.Name} (inline)", PolicyKind.Identity));
        }

        foreach (ManagedReference reference in attached)
        {
            Add(documents, Managed(reference, PolicyKind.Identity));
        }

        return documents;
    }

    private List<int> GroupDocuments(GroupEntry group)
    {
        if (!_groupDocuments.TryGetValue(group.Arn, out List<int>? documents))
        {
            documents = [];
            foreach (InlinePolicy policy in group.Inline)
            {
                Add(documents, _documents.Resolve(policy.Document, $"group\n{group.Arn}\n{policy.Name}", $"{policy.Name} (inline, group {group.Name})", PolicyKind.Identity));
            }

            foreach (ManagedReference reference in group.Attached)
            {
                Add(documents, Managed(reference, PolicyKind.Identity));
            }

            _groupDocuments.Add(group.Arn, documents);
        }

        return documents;
    }

    private int Boundary(ManagedReference? boundary) => boundary is null ? -1 : Managed(boundary, PolicyKind.PermissionsBoundary);

    private int Managed(ManagedReference reference, PolicyKind kind)
    {
        string key = "managed\n" + reference.Arn;
        if (catalog.TryGetParsed(key, kind, out int id))
        {
            return id;
        }

        if (details.Policies.TryGetValue(reference.Arn, out ManagedEntry? entry))
        {
            return entry.Document is { } document ? _documents.Resolve(document, key, reference.Arn, kind) : -1;
        }

        if (ManagedPolicyStore.IsAwsManaged(reference.Arn, out string name) && store.TryRead(name, out string file, out byte[] bundled))
        {
            return ParseBundled(reference, key, file, bundled, kind);
        }

        if (_reported.Add(reference.Arn))
        {
            string message = ManagedPolicyStore.IsAwsManaged(reference.Arn, out _)
                ? $"AWS managed policy {Quote.User(reference.Arn)} is neither in the files given (`Policies`) nor in the bundled copy of AWS managed policies ({Quote.User(store.Location)})"
                : $"managed policy {Quote.User(reference.Arn)} is attached but no file given lists it in `Policies` (was the listing made with --filter?)";
            Error(reference.At, message);
        }

        return -1;
    }

    private int ParseBundled(ManagedReference reference, string key, string file, byte[] document, PolicyKind kind)
    {
        PolicyParseResult result = PolicyParser.Parse(document, kind);
        if (result.Success)
        {
            return catalog.Add(key, reference.Arn, kind, result.Document!);
        }

        if (_reported.Add($"{reference.Arn}\n{kind}"))
        {
            foreach (Engine.Compiler.Diagnostics.PolicyError error in result.Errors)
            {
                errors.Add(new BundleError(file, error.Path, error.Location, $"{error.Message} (AWS managed policy {Quote.User(reference.Arn)} as {kind})"));
            }
        }

        return -1;
    }

    // A role's trust policy is the resource policy of the role itself (sts:AssumeRole on the role ARN).
    private void AddTrustPolicy(RoleEntry role, Located trust)
    {
        if (builder.Resources.ContainsKey(role.Arn))
        {
            Error(trust, $"role {Quote.User(role.Arn)} also has an entry in `resources` of {BundleLoader.ManifestFileName}; give its trust policy in one place");
            return;
        }

        int document = _documents.Resolve(trust, "trust\n" + role.Arn, $"{role.Name} trust policy", PolicyKind.Resource);
        if (document >= 0)
        {
            builder.Resources[role.Arn] = document;
        }
    }

    private static void Add(List<int> documents, int id)
    {
        if (id >= 0)
        {
            documents.Add(id);
        }
    }

    private void Error(Located at, string message) => errors.Add(new BundleError(at.File.Name, at.Path, at.Node.Location, message));
}
