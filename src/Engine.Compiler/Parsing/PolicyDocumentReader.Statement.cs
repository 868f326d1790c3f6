using System.Collections.Immutable;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Parsing;

/// <summary>Statements and their Effect, Action and Resource elements (iam-semantics.md §2.4).</summary>
internal sealed partial class PolicyDocumentReader
{
    private static readonly string[] s_statementElements =
        ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

    /// <summary>The members of one statement, by element.</summary>
    private struct StatementMembers
    {
        public JsonMember? Sid;
        public JsonMember? Effect;
        public JsonMember? Principal;
        public JsonMember? NotPrincipal;
        public JsonMember? Action;
        public JsonMember? NotAction;
        public JsonMember? Resource;
        public JsonMember? NotResource;
        public JsonMember? Condition;
    }

    private Statement? ReadStatement(JsonNode node, int index, string path)
    {
        // SPEC: iam-semantics.md §2.4
        if (node.Kind != JsonNodeKind.Object)
        {
            Add(PolicyErrorCode.InvalidType, path, node.Location, $"expected a statement object, found {node.Describe()}");
            return null;
        }

        int errorsBefore = _errors.Count;
        StatementMembers members = CollectMembers(node, path);
        string? sid = members.Sid is { } sidMember ? ReadString(sidMember.Value, JsonPath.Member(path, sidMember.Name)) : null;
        Effect? effect = ReadEffect(node, members.Effect, path);
        ActionElement? action = ReadActions(node, members.Action, members.NotAction, path);
        ResourceElement? resource = ReadResources(node, members.Resource, members.NotResource, path);
        PrincipalElement? principal = ReadPrincipals(node, members.Principal, members.NotPrincipal, path);
        ImmutableArray<Condition> conditions = members.Condition is { } condition
            ? ReadConditions(condition.Value, JsonPath.Member(path, condition.Name))
            : [];
        CheckRcpStatement(members, effect, action, path);

        if (_errors.Count != errorsBefore || effect is null || action is null)
        {
            return null;
        }

        return new Statement(index, sid, effect.Value, principal, action, resource, conditions);
    }

    private StatementMembers CollectMembers(JsonNode node, string path)
    {
        var members = default(StatementMembers);
        foreach (JsonMember member in node.Members!)
        {
            switch (member.Name)
            {
                case "Sid": members.Sid = member; break;
                case "Effect": members.Effect = member; break;
                case "Principal": members.Principal = member; break;
                case "NotPrincipal": members.NotPrincipal = member; break;
                case "Action": members.Action = member; break;
                case "NotAction": members.NotAction = member; break;
                case "Resource": members.Resource = member; break;
                case "NotResource": members.NotResource = member; break;
                case "Condition": members.Condition = member; break;
                default: AddUnknownElement(member, path, s_statementElements); break;
            }
        }

        return members;
    }

    private Effect? ReadEffect(JsonNode statement, JsonMember? member, string path)
    {
        if (member is not { } effect)
        {
            Add(PolicyErrorCode.MissingEffect, path, statement.Location, "a statement needs an `Effect` element");
            return null;
        }

        string effectPath = JsonPath.Member(path, effect.Name);
        switch (ReadString(effect.Value, effectPath))
        {
            case "Allow":
                return Runtime.Evaluation.Effect.Allow;
            case "Deny":
                return Runtime.Evaluation.Effect.Deny;
            case null:
                return null;
            case string other:
                Add(PolicyErrorCode.InvalidEffect, effectPath, effect.Value.Location,
                    $"{Quote.User(other)} is not valid; use `Allow` or `Deny` (case-sensitive)");
                return null;
        }
    }

    private ActionElement? ReadActions(JsonNode statement, JsonMember? action, JsonMember? notAction, string path)
    {
        // SPEC: iam-semantics.md §2.4: exactly one of Action and NotAction.
        CheckPair(statement, action, notAction, path, PolicyErrorCode.ConflictingAction, PolicyErrorCode.MissingAction, "a statement");
        ActionElement? result = null;
        foreach ((JsonMember? member, bool isNot) in (ReadOnlySpan<(JsonMember?, bool)>)[(action, false), (notAction, true)])
        {
            if (member is not { } m)
            {
                continue;
            }

            string memberPath = JsonPath.Member(path, m.Name);
            if (ReadStringList(m.Value, memberPath) is { } patterns && CheckActionEntries(m.Value, memberPath))
            {
                result ??= new ActionElement(isNot, patterns);
            }
        }

        return result;
    }

    private bool CheckActionEntries(JsonNode value, string path)
    {
        if (value.Kind == JsonNodeKind.String)
        {
            return CheckActionEntry(value, path);
        }

        bool valid = true;
        for (int i = 0; i < value.Items!.Count; i++)
        {
            valid &= CheckActionEntry(value.Items[i], JsonPath.Item(path, i));
        }

        return valid;
    }

    private bool CheckActionEntry(JsonNode entry, string path)
    {
        // SPEC: iam-semantics.md §2.9 InvalidAction: `*`, or exactly one `:` with a non-empty
        // prefix and name. White space, commas and wildcards in the prefix are not errors.
        string text = entry.Text!;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        bool valid = text == "*"
            || (colon > 0 && colon < text.Length - 1 && text.IndexOf(':', colon + 1) < 0);
        if (!valid)
        {
            Add(PolicyErrorCode.InvalidAction, path, entry.Location, $"action {Quote.User(text)} must look like `service:action`");
        }

        return valid;
    }

    private ResourceElement? ReadResources(JsonNode statement, JsonMember? resource, JsonMember? notResource, string path)
    {
        // SPEC: iam-semantics.md §2.4, §2.5: required except in resource-based policies.
        PolicyErrorCode? missing = _kind == PolicyKind.Resource ? null : PolicyErrorCode.MissingResource;
        CheckPair(statement, resource, notResource, path, PolicyErrorCode.ConflictingResource, missing, "a statement");
        ResourceElement? result = null;
        foreach ((JsonMember? member, bool isNot) in (ReadOnlySpan<(JsonMember?, bool)>)[(resource, false), (notResource, true)])
        {
            if (member is { } m && ReadStringList(m.Value, JsonPath.Member(path, m.Name)) is { } patterns)
            {
                result ??= new ResourceElement(isNot, patterns);
            }
        }

        return result;
    }

    /// <summary>Reports both (conflicting) or neither (missing, when <paramref name="missing"/> is set) of a pair.</summary>
    private void CheckPair(JsonNode statement, JsonMember? positive, JsonMember? negative, string path,
        PolicyErrorCode conflicting, PolicyErrorCode? missing, string subject)
    {
        (string positiveName, string negativeName) = conflicting switch
        {
            PolicyErrorCode.ConflictingAction => ("Action", "NotAction"),
            PolicyErrorCode.ConflictingResource => ("Resource", "NotResource"),
            _ => ("Principal", "NotPrincipal"),
        };
        if (positive is { } p && negative is { } n)
        {
            SourceLocation second = IsAfter(n.NameLocation, p.NameLocation) ? n.NameLocation : p.NameLocation;
            Add(conflicting, path, second, $"{subject} cannot have both `{positiveName}` and `{negativeName}`");
        }
        else if (positive is null && negative is null && missing is { } code)
        {
            Add(code, path, statement.Location, $"{subject} needs exactly one of `{positiveName}` or `{negativeName}`");
        }
    }
}
