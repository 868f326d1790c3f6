using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

internal sealed partial class ManifestReader
{
    private static readonly string[] s_organizationMembers = ["description", "accounts"];
    private static readonly string[] s_accountMembers = ["description", "scps", "rcps"];

    // SPEC: iam-semantics.md §12 (SCPs of the principal's account), §13 (RCPs of the resource's account).
    private void ReadOrganization(JsonMember? member)
    {
        if (member is not { } organization || !IsObject(organization.Value, Path("organization"), "`organization`"))
        {
            return;
        }

        string organizationPath = Path("organization");
        CheckMembers(organization.Value, organizationPath, s_organizationMembers, "`organization`");
        ReadDescriptionOf(organization.Value, organizationPath);
        string accountsPath = JsonPath.Member(organizationPath, "accounts");
        if (organization.Value.Find("accounts") is not { } accounts || !IsObject(accounts.Value, accountsPath, "`accounts`"))
        {
            return;
        }

        foreach (JsonMember account in accounts.Value.Members!)
        {
            string path = JsonPath.Member(accountsPath, account.Name);
            if (!IamArn.IsAccountId(account.Name))
            {
                Error(path, account.NameLocation, $"{Quote.User(account.Name)} is not a 12-digit account id");
                continue;
            }

            if (!IsObject(account.Value, path, $"account `{account.Name}`"))
            {
                continue;
            }

            CheckMembers(account.Value, path, s_accountMembers, "an account");
            ReadDescriptionOf(account.Value, path);
            if (account.Value.Find("scps") is { } scps && ReadLevels(scps.Value, JsonPath.Member(path, "scps"), PolicyKind.Scp) is { } scpLevels)
            {
                _builder.AccountScpLevels[account.Name] = _builder.InternLevels(scpLevels);
            }

            if (account.Value.Find("rcps") is { } rcps && ReadLevels(rcps.Value, JsonPath.Member(path, "rcps"), PolicyKind.Rcp) is { } rcpLevels)
            {
                _builder.AccountRcpLevels[account.Name] = _builder.InternLevels(rcpLevels);
            }
        }
    }

    // [[root policies], [OU policies], …, [account policies]]: one list of names per level, root first.
    private List<IReadOnlyList<int>>? ReadLevels(JsonNode node, string path, PolicyKind kind)
    {
        string what = kind == PolicyKind.Scp ? "`scps`" : "`rcps`";
        if (node.Kind != JsonNodeKind.Array)
        {
            Error(path, node.Location, $"{what} must be a list of levels, root first, each a list of policy names; not {node.Describe()}");
            return null;
        }

        var levels = new List<IReadOnlyList<int>>(node.Items!.Count);
        for (int i = 0; i < node.Items.Count; i++)
        {
            JsonNode level = node.Items[i];
            string levelPath = JsonPath.Item(path, i);
            if (level.Kind == JsonNodeKind.String)
            {
                Error(levelPath, level.Location, $"each level of {what} must be a list of policy names; write [{Quote.User(level.Text!)}] for a level with one policy");
                continue;
            }

            levels.Add(ResolveAll(ReadNames(level, levelPath, $"each level of {what}"), kind));
        }

        return levels;
    }
}
