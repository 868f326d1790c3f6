using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

internal sealed partial class ManifestReader
{
    private static readonly string[] s_groupMembers = ["description", "policies"];
    private static readonly string[] s_userMembers = ["description", "policies", "groups", "permissionsBoundary"];
    private static readonly string[] s_roleMembers = ["description", "policies", "permissionsBoundary", "trustPolicy"];

    private readonly Dictionary<string, List<int>> _groups = new(StringComparer.Ordinal);

    // IAM user and role names are unique per account whatever their path or case.
    private readonly Dictionary<string, string> _names = new(StringComparer.OrdinalIgnoreCase);

    private void ReadGroups(JsonMember? member)
    {
        if (member is not { } groups || !IsObject(groups.Value, Path("groups"), "`groups`"))
        {
            return;
        }

        foreach (JsonMember group in groups.Value.Members!)
        {
            string path = JsonPath.Member(Path("groups"), group.Name);
            var documents = new List<int>();
            if (IsObject(group.Value, path, $"group {Quote.User(group.Name)}"))
            {
                CheckMembers(group.Value, path, s_groupMembers, $"group {Quote.User(group.Name)}");
                ReadDescriptionOf(group.Value, path);
                if (group.Value.Find("policies") is { } policies)
                {
                    documents = ResolveAll(ReadNames(policies.Value, JsonPath.Member(path, "policies"), "`policies`"), PolicyKind.Identity);
                }
            }

            _groups[group.Name] = documents;
        }
    }

    private void ReadUsers(JsonMember? member)
    {
        if (member is not { } users || !IsObject(users.Value, Path("users"), "`users`"))
        {
            return;
        }

        foreach (JsonMember user in users.Value.Members!)
        {
            string path = JsonPath.Member(Path("users"), user.Name);
            if (!IamArn.TryParseIdentity(user.Name, "user", out _, out string account, out string name))
            {
                Error(path, user.NameLocation, WrongKind(user.Name, "user"));
                continue;
            }

            if (!IsObject(user.Value, path, $"user {Quote.User(user.Name)}") || !ClaimName(user, path, "user", account, name))
            {
                continue;
            }

            CheckMembers(user.Value, path, s_userMembers, "a user");
            ReadDescriptionOf(user.Value, path);
            List<int> identity = ReadPolicies(user.Value, path);
            if (user.Value.Find("groups") is { } groups)
            {
                foreach (PolicyReference group in ReadGroupNames(groups.Value, JsonPath.Member(path, "groups")))
                {
                    if (_groups.TryGetValue(group.Name, out List<int>? documents))
                    {
                        identity.AddRange(documents);
                    }
                    else
                    {
                        Error(group.Path, group.Location, $"unknown group {Quote.User(group.Name)}; groups are listed under `groups`");
                    }
                }
            }

            AddPrincipal(user.Name, identity, ReadBoundary(user.Value, path));
        }
    }

    private void ReadRoles(JsonMember? member)
    {
        if (member is not { } roles || !IsObject(roles.Value, Path("roles"), "`roles`"))
        {
            return;
        }

        foreach (JsonMember role in roles.Value.Members!)
        {
            string path = JsonPath.Member(Path("roles"), role.Name);
            if (!IamArn.TryParseIdentity(role.Name, "role", out string partition, out string account, out string name))
            {
                Error(path, role.NameLocation, WrongKind(role.Name, "role"));
                continue;
            }

            if (!IsObject(role.Value, path, $"role {Quote.User(role.Name)}") || !ClaimName(role, path, "role", account, name))
            {
                continue;
            }

            CheckMembers(role.Value, path, s_roleMembers, "a role");
            ReadDescriptionOf(role.Value, path);
            List<int> identity = ReadPolicies(role.Value, path);
            BundlePrincipal entry = AddPrincipal(role.Name, identity, ReadBoundary(role.Value, path));

            // SPEC: iam-semantics.md §1.2: a session names its role by account and name, not path.
            _builder.RoleSessions[IamArn.SessionRoleKey(partition, account, name)] = entry;
            ReadTrustPolicy(role, path);
        }
    }

    // A role's trust policy is the resource policy of the role itself (sts:AssumeRole on the role ARN).
    private void ReadTrustPolicy(JsonMember role, string path)
    {
        if (role.Value.Find("trustPolicy") is not { } trust || ReadName(trust.Value, JsonPath.Member(path, "trustPolicy"), "`trustPolicy`") is not { } name)
        {
            return;
        }

        if (_builder.Resources.ContainsKey(role.Name))
        {
            Error(name.Path, name.Location, $"role {Quote.User(role.Name)} also has an entry in `resources`; give its trust policy in one place");
            return;
        }

        int document = _catalog.Resolve(name, PolicyKind.Resource);
        if (document >= 0)
        {
            _builder.Resources[role.Name] = document;
        }
    }

    private BundlePrincipal AddPrincipal(string arn, List<int> identity, int boundary) =>
        _builder.AddPrincipal(PrincipalFacts.FromArn(arn)!, identity, boundary);

    private bool ClaimName(JsonMember principal, string path, string kind, string account, string name)
    {
        string key = $"{kind}:{account}:{name}";
        if (_names.TryGetValue(key, out string? owner))
        {
            Error(path, principal.NameLocation, $"{kind} name {Quote.User(name)} of account `{account}` is already used by {Quote.User(owner)}; IAM {kind} names are unique per account whatever the path or case");
            return false;
        }

        _names.Add(key, principal.Name);
        return true;
    }

    private List<int> ReadPolicies(JsonNode principal, string path) =>
        principal.Find("policies") is { } policies
            ? ResolveAll(ReadNames(policies.Value, JsonPath.Member(path, "policies"), "`policies`"), PolicyKind.Identity)
            : [];

    private int ReadBoundary(JsonNode principal, string path) =>
        principal.Find("permissionsBoundary") is { } boundary
        && ReadName(boundary.Value, JsonPath.Member(path, "permissionsBoundary"), "`permissionsBoundary`") is { } name
            ? _catalog.Resolve(name, PolicyKind.PermissionsBoundary)
            : -1;

    private List<PolicyReference> ReadGroupNames(JsonNode node, string path)
    {
        var names = new List<PolicyReference>();
        if (node.Kind != JsonNodeKind.Array)
        {
            Error(path, node.Location, $"`groups` must be a list of group names, not {node.Describe()}");
            return names;
        }

        for (int i = 0; i < node.Items!.Count; i++)
        {
            JsonNode item = node.Items[i];
            if (item.Kind == JsonNodeKind.String)
            {
                names.Add(new PolicyReference(item.Text!, JsonPath.Item(path, i), item.Location));
            }
            else
            {
                Error(JsonPath.Item(path, i), item.Location, $"each item must be a group name, not {item.Describe()}");
            }
        }

        return names;
    }

    private void ReadDescriptionOf(JsonNode node, string path)
    {
        if (node.Find("description") is { } description)
        {
            ReadDescription(description.Value, JsonPath.Member(path, "description"));
        }
    }

    private static string WrongKind(string arn, string expected)
    {
        string other = expected == "user" ? "role" : "user";
        if (IamArn.TryParseIdentity(arn, other, out _, out _, out _))
        {
            return $"{Quote.User(arn)} is a {other} ARN, not a {expected} ARN; list it under `{other}s`";
        }

        if (IamArn.IsRoleSession(arn))
        {
            return $"{Quote.User(arn)} is a role session; list its role under `roles` (sessions resolve to their role)";
        }

        return $"{Quote.User(arn)} is not a {expected} ARN (`arn:PARTITION:iam::ACCOUNT:{expected}/NAME`)";
    }
}
