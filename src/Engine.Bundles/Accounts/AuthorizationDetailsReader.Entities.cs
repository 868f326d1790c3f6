using Engine.Compiler.Parsing;

namespace Engine.Bundles.Accounts;

internal sealed partial class AuthorizationDetailsReader
{
    private void ReadPolicy(Located at)
    {
        if (String(at, "Arn") is not { } arn || String(at, "PolicyName") is not { } name || !IsNew("Policies", arn, at))
        {
            return;
        }

        // The default version's document: the version marked IsDefaultVersion, else the one whose
        // VersionId is DefaultVersionId (--filter output marks it either way).
        string? defaultId = String(at, "DefaultVersionId", required: false);
        Located? document = null;
        foreach (Located version in Items(at, "PolicyVersionList"))
        {
            bool isDefault = version.Node.Find("IsDefaultVersion") is { } flag
                ? flag.Value.Kind == JsonNodeKind.True
                : defaultId is not null && String(version, "VersionId", required: false) == defaultId;
            if (isDefault)
            {
                document = Member(version, "Document");
                break;
            }
        }

        if (document is null)
        {
            Error(at.Path, at.Node.Location, $"managed policy {Quote.User(arn)} has no default version in `PolicyVersionList`");
        }

        _details.Policies[arn] = new ManagedEntry(at, arn, name, document);
    }

    private void ReadGroup(Located at)
    {
        if (String(at, "Arn") is not { } arn || String(at, "GroupName") is not { } name || !IsNew("GroupDetailList", arn, at))
        {
            return;
        }

        _details.Groups[arn] = new GroupEntry(at, arn, name, Inline(at, "GroupPolicyList"), Attached(at));
    }

    private void ReadUser(Located at)
    {
        if (String(at, "Arn") is not { } arn || String(at, "UserName") is not { } name || !IsNew("UserDetailList", arn, at))
        {
            return;
        }

        var groups = new List<(string, Located)>();
        foreach (Located group in Items(at, "GroupList"))
        {
            if (group.Node.Kind == JsonNodeKind.String)
            {
                groups.Add((group.Node.Text!, group));
            }
            else
            {
                Error(group.Path, group.Node.Location, $"each item of `GroupList` must be a group name, not {group.Node.Describe()}");
            }
        }

        _details.Users[arn] = new UserEntry(
            at, arn, name, String(at, "UserId", required: false), Inline(at, "UserPolicyList"), Attached(at), groups, Boundary(at), Tags(at));
    }

    private void ReadRole(Located at)
    {
        if (String(at, "Arn") is not { } arn || String(at, "RoleName") is not { } name || !IsNew("RoleDetailList", arn, at))
        {
            return;
        }

        _details.Roles[arn] = new RoleEntry(
            at, arn, name, String(at, "RoleId", required: false), Inline(at, "RolePolicyList"), Attached(at), Boundary(at), Tags(at),
            Member(at, "AssumeRolePolicyDocument"));
    }

    private List<InlinePolicy> Inline(Located at, string member)
    {
        var policies = new List<InlinePolicy>();
        foreach (Located item in Items(at, member))
        {
            if (IsObject(item, member) && String(item, "PolicyName") is { } name && Member(item, "PolicyDocument", required: true) is { } document)
            {
                policies.Add(new InlinePolicy(name, document));
            }
        }

        return policies;
    }

    private List<ManagedReference> Attached(Located at)
    {
        var references = new List<ManagedReference>();
        foreach (Located item in Items(at, "AttachedManagedPolicies"))
        {
            if (IsObject(item, "AttachedManagedPolicies") && String(item, "PolicyArn") is { } arn)
            {
                references.Add(new ManagedReference(arn, Member(item, "PolicyArn")!.Value));
            }
        }

        return references;
    }

    private ManagedReference? Boundary(Located at)
    {
        if (Member(at, "PermissionsBoundary") is not { } boundary || !IsObject(boundary, "PermissionsBoundary"))
        {
            return null;
        }

        return String(boundary, "PermissionsBoundaryArn") is { } arn ? new ManagedReference(arn, Member(boundary, "PermissionsBoundaryArn")!.Value) : null;
    }

    private List<KeyValuePair<string, string>> Tags(Located at)
    {
        var tags = new List<KeyValuePair<string, string>>();
        foreach (Located tag in Items(at, "Tags"))
        {
            if (IsObject(tag, "Tags") && String(tag, "Key") is { } key && String(tag, "Value") is { } value)
            {
                tags.Add(new(key, value));
            }
        }

        return tags;
    }

    private Located? Member(Located at, string name, bool required = false)
    {
        if (at.Node.Find(name) is { } member)
        {
            return new Located(at.File, JsonPath.Member(at.Path, name), member.Value);
        }

        if (required)
        {
            Error(at.Path, at.Node.Location, $"missing `{name}`");
        }

        return null;
    }

    private string? String(Located at, string name, bool required = true)
    {
        if (Member(at, name, required) is not { } value)
        {
            return null;
        }

        if (value.Node.Kind == JsonNodeKind.String && !string.IsNullOrEmpty(value.Node.Text))
        {
            return value.Node.Text;
        }

        Error(value.Path, value.Node.Location, $"`{name}` must be a non-empty string, not {(value.Node.Kind == JsonNodeKind.String ? "an empty string" : value.Node.Describe())}");
        return null;
    }

    private IEnumerable<Located> Items(Located at, string name)
    {
        if (Member(at, name) is not { } list)
        {
            yield break;
        }

        if (list.Node.Kind != JsonNodeKind.Array)
        {
            Error(list.Path, list.Node.Location, $"`{name}` must be a list, not {list.Node.Describe()}");
            yield break;
        }

        for (int i = 0; i < list.Node.Items!.Count; i++)
        {
            yield return new Located(at.File, JsonPath.Item(list.Path, i), list.Node.Items[i]);
        }
    }

    private bool IsObject(Located at, string list)
    {
        if (at.Node.Kind == JsonNodeKind.Object)
        {
            return true;
        }

        Error(at.Path, at.Node.Location, $"each item of `{list}` must be an object, not {at.Node.Describe()}");
        return false;
    }
}
