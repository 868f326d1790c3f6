using System.Collections.Immutable;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Parsing;

/// <summary>Principal and NotPrincipal (iam-semantics.md §2.4, §2.5, §8.1).</summary>
internal sealed partial class PolicyDocumentReader
{
    private static readonly string[] s_principalTypes = ["AWS", "Service", "Federated", "CanonicalUser"];

    private PrincipalElement? ReadPrincipals(JsonNode statement, JsonMember? principal, JsonMember? notPrincipal, string path)
    {
        // SPEC: iam-semantics.md §2.5: whether a principal is required or forbidden depends on the policy type.
        switch (_kind)
        {
            case PolicyKind.Resource:
            case PolicyKind.VpcEndpoint:
                // SPEC: iam-semantics-amendments.md §A.3 — an endpoint policy needs Principal or NotPrincipal (D20: NotPrincipal accepted).
                CheckPair(statement, principal, notPrincipal, path, PolicyErrorCode.ConflictingPrincipal, PolicyErrorCode.MissingPrincipal, $"a statement of {DescribeKind(_kind)}");
                break;
            case PolicyKind.Rcp:
                if (principal is null)
                {
                    Add(PolicyErrorCode.MissingPrincipal, path, statement.Location, "a statement of a resource control policy needs a `Principal` element");
                }

                if (notPrincipal is { } not)
                {
                    Add(PolicyErrorCode.RcpRule, JsonPath.Member(path, not.Name), not.NameLocation, "resource control policies cannot use `NotPrincipal`");
                }

                break;
            default:
                foreach (JsonMember? forbidden in (ReadOnlySpan<JsonMember?>)[principal, notPrincipal])
                {
                    if (forbidden is { } f)
                    {
                        Add(PolicyErrorCode.PrincipalNotAllowed, JsonPath.Member(path, f.Name), f.NameLocation, $"{DescribeKind(_kind)} must not name a principal");
                    }
                }

                break;
        }

        PrincipalElement? result = null;
        foreach ((JsonMember? member, bool isNot) in (ReadOnlySpan<(JsonMember?, bool)>)[(principal, false), (notPrincipal, true)])
        {
            if (member is { } m && ReadPrincipal(m.Value, JsonPath.Member(path, m.Name)) is { } entries)
            {
                result ??= new PrincipalElement(isNot, entries);
            }
        }

        if (_kind == PolicyKind.Rcp && principal is { } p && result is { IsNot: false } && !IsEveryone(result))
        {
            Add(PolicyErrorCode.RcpRule, JsonPath.Member(path, p.Name), p.Value.Location, "resource control policy statements must use the principal `*`");
        }

        return result;
    }

    private ImmutableArray<PrincipalEntry>? ReadPrincipal(JsonNode value, string path)
    {
        switch (value.Kind)
        {
            case JsonNodeKind.String when value.Text == "*":
                return [new PrincipalEntry(PrincipalType.Aws, "*")];
            case JsonNodeKind.String:
                Add(PolicyErrorCode.InvalidPrincipal, path, value.Location, $"{Quote.User(value.Text!)} must be inside {{\"AWS\": ...}}; only `*` may stand alone");
                return null;
            case JsonNodeKind.Object when value.Members!.Count == 0:
                Add(PolicyErrorCode.InvalidPrincipal, path, value.Location, "a principal map needs at least one of `AWS`, `Service`, `Federated` or `CanonicalUser`");
                return null;
            case JsonNodeKind.Object:
                var builder = ImmutableArray.CreateBuilder<PrincipalEntry>();
                bool valid = true;
                foreach (JsonMember member in value.Members)
                {
                    PrincipalType? type = member.Name switch
                    {
                        "AWS" => PrincipalType.Aws,
                        "Service" => PrincipalType.Service,
                        "Federated" => PrincipalType.Federated,
                        "CanonicalUser" => PrincipalType.CanonicalUser,
                        _ => null,
                    };
                    if (type is null)
                    {
                        AddUnknownElement(member, path, s_principalTypes, PolicyErrorCode.InvalidPrincipal);
                        valid = false;
                        continue;
                    }

                    if (ReadStringList(member.Value, JsonPath.Member(path, member.Name)) is { } values)
                    {
                        foreach (string entry in values)
                        {
                            builder.Add(new PrincipalEntry(type.Value, entry));
                        }
                    }
                    else
                    {
                        valid = false;
                    }
                }

                return valid ? builder.ToImmutable() : null;
            default:
                Add(PolicyErrorCode.InvalidType, path, value.Location, $"expected `*` or a principal map, found {value.Describe()}");
                return null;
        }
    }

    private static bool IsEveryone(PrincipalElement element)
    {
        foreach (PrincipalEntry entry in element.Entries)
        {
            if (entry.Type != PrincipalType.Aws || entry.Value != "*")
            {
                return false;
            }
        }

        return true;
    }

    private static string DescribeKind(PolicyKind kind) => kind switch
    {
        PolicyKind.Identity => "an identity-based policy",
        PolicyKind.PermissionsBoundary => "a permissions boundary",
        PolicyKind.Session => "a session policy",
        PolicyKind.Scp => "a service control policy",
        PolicyKind.Rcp => "a resource control policy",
        PolicyKind.VpcEndpoint => "a VPC endpoint policy",
        _ => "a resource-based policy",
    };
}
