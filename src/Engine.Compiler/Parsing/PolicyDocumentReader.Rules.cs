using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Parsing;

/// <summary>
/// The rules specific to resource control policies (iam-semantics.md §2.5). SCPs have no rules of
/// their own any more: AWS supports the full statement language in them, and their ban on
/// principals is the common <see cref="PolicyErrorCode.PrincipalNotAllowed"/> rule.
/// </summary>
internal sealed partial class PolicyDocumentReader
{
    private void CheckRcpVersion(JsonNode root, JsonMember? versionMember, bool validVersion, PolicyVersion version)
    {
        // SPEC: iam-semantics.md §2.5: an RCP names Version 2012-10-17.
        if (_kind != PolicyKind.Rcp)
        {
            return;
        }

        if (versionMember is null)
        {
            Add(PolicyErrorCode.RcpRule, JsonPath.Root, root.Location, "resource control policies must name `Version` `2012-10-17`");
        }
        else if (validVersion && version != PolicyVersion.V20121017)
        {
            JsonMember member = versionMember.Value;
            Add(PolicyErrorCode.RcpRule, JsonPath.Member(JsonPath.Root, member.Name), member.Value.Location,
                "resource control policies must use `Version` `2012-10-17`");
        }
    }

    private void CheckRcpStatement(StatementMembers members, Effect? effect, ActionElement? action, string path)
    {
        // SPEC: iam-semantics.md §2.5: RCP statements deny, use Action (not NotAction), and never Action `*`.
        if (_kind != PolicyKind.Rcp)
        {
            return;
        }

        if (effect == Effect.Allow && members.Effect is { } e)
        {
            Add(PolicyErrorCode.RcpRule, JsonPath.Member(path, e.Name), e.Value.Location, "resource control policy statements must use `Deny`");
        }

        if (members.NotAction is { } notAction)
        {
            Add(PolicyErrorCode.RcpRule, JsonPath.Member(path, notAction.Name), notAction.NameLocation, "resource control policies cannot use `NotAction`");
        }

        if (action is { IsNot: false } && members.Action is { } a && action.Patterns.Contains("*"))
        {
            Add(PolicyErrorCode.RcpRule, JsonPath.Member(path, a.Name), a.Value.Location, "resource control policies cannot use the action `*`");
        }
    }
}
