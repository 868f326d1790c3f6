using System.Collections.Immutable;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;

namespace Engine.Gateway.Http;

/// <summary>
/// Reads JSON API bodies: one request in the case format's <c>request</c> shape
/// (case-format.md), or for the batch endpoint a list of them, each with an optional <c>id</c>.
/// The first fault is reported with its JSON path and line:column.
/// </summary>
public static class AuthorizeBodyReader
{
    private static readonly string[] s_members = ["principal", "action", "resource", "resourceAccount", "context"];
    private static readonly string[] s_batchMembers = ["id", "principal", "action", "resource", "resourceAccount", "context"];

    /// <summary>Reads one request.</summary>
    /// <param name="utf8">The body.</param>
    /// <param name="item">The question.</param>
    /// <param name="error">The first fault.</param>
    /// <returns>True when the body is a well-formed request.</returns>
    public static bool TryReadOne(ReadOnlySpan<byte> utf8, out AuthorizeItem? item, out AuthorizeBodyError? error)
    {
        item = null;
        JsonNode? root = Parse(utf8, out error);
        if (root is null)
        {
            return false;
        }

        item = ReadRequest(root, JsonPath.Root, s_members, out error);
        return item is not null;
    }

    /// <summary>Reads a batch: a list of requests, each with an optional <c>id</c>.</summary>
    /// <param name="utf8">The body.</param>
    /// <param name="items">The questions, in order.</param>
    /// <param name="error">The first fault.</param>
    /// <returns>True when every item is a well-formed request.</returns>
    public static bool TryReadBatch(ReadOnlySpan<byte> utf8, out ImmutableArray<AuthorizeItem> items, out AuthorizeBodyError? error)
    {
        items = [];
        JsonNode? root = Parse(utf8, out error);
        if (root is null)
        {
            return false;
        }

        if (root.Kind != JsonNodeKind.Array)
        {
            error = new AuthorizeBodyError($"a batch must be a list of requests, not {root.Describe()}", JsonPath.Root, root.Location);
            return false;
        }

        var builder = ImmutableArray.CreateBuilder<AuthorizeItem>(root.Items!.Count);
        for (int i = 0; i < root.Items.Count; i++)
        {
            if (ReadRequest(root.Items[i], JsonPath.Item(JsonPath.Root, i), s_batchMembers, out error) is not { } item)
            {
                return false;
            }

            builder.Add(item);
        }

        items = builder.MoveToImmutable();
        return true;
    }

    private static JsonNode? Parse(ReadOnlySpan<byte> utf8, out AuthorizeBodyError? error)
    {
        var errors = new List<PolicyError>();
        JsonNode? root = JsonTreeReader.Read(utf8, errors);
        if (errors.Count > 0)
        {
            error = new AuthorizeBodyError(errors[0].Message, errors[0].Path, errors[0].Location);
            return null;
        }

        error = null;
        return root;
    }

    private static AuthorizeItem? ReadRequest(JsonNode node, string path, string[] known, out AuthorizeBodyError? error)
    {
        error = null;
        if (node.Kind != JsonNodeKind.Object)
        {
            error = new AuthorizeBodyError($"a request must be an object, not {node.Describe()}", path, node.Location);
            return null;
        }

        foreach (JsonMember member in node.Members!)
        {
            if (Array.IndexOf(known, member.Name) < 0)
            {
                error = new AuthorizeBodyError($"unknown request member `{member.Name}`", JsonPath.Member(path, member.Name), member.NameLocation);
                return null;
            }
        }

        JsonNode? id = null;
        if (node.Find("id") is { } idMember)
        {
            if (idMember.Value.Kind is not (JsonNodeKind.String or JsonNodeKind.Number))
            {
                error = new AuthorizeBodyError($"`id` must be a string or a number, not {idMember.Value.Describe()}", JsonPath.Member(path, "id"), idMember.Value.Location);
                return null;
            }

            id = idMember.Value;
        }

        string? principal = RequiredString(node, path, "principal", ref error);
        string? action = RequiredString(node, path, "action", ref error);
        string? resource = RequiredString(node, path, "resource", ref error);
        if (error is not null || principal is null || action is null || resource is null)
        {
            return null;
        }

        string? resourceAccount = null;
        if (node.Find("resourceAccount") is { } account && account.Value.Kind != JsonNodeKind.Null)
        {
            if (account.Value.Kind != JsonNodeKind.String)
            {
                error = new AuthorizeBodyError($"`resourceAccount` must be a string, not {account.Value.Describe()}", JsonPath.Member(path, "resourceAccount"), account.Value.Location);
                return null;
            }

            resourceAccount = account.Value.Text;
        }

        var context = ImmutableArray.CreateBuilder<ContextEntry>();
        if (node.Find("context") is { } contextMember && contextMember.Value.Kind != JsonNodeKind.Null)
        {
            string contextPath = JsonPath.Member(path, "context");
            if (contextMember.Value.Kind != JsonNodeKind.Object)
            {
                error = new AuthorizeBodyError($"`context` must be an object, not {contextMember.Value.Describe()}", contextPath, contextMember.Value.Location);
                return null;
            }

            foreach (JsonMember entry in contextMember.Value.Members!)
            {
                string entryPath = JsonPath.Member(contextPath, entry.Name);
                if (entry.Value.Kind == JsonNodeKind.Array)
                {
                    var values = ImmutableArray.CreateBuilder<string>(entry.Value.Items!.Count);
                    for (int i = 0; i < entry.Value.Items.Count; i++)
                    {
                        JsonNode value = entry.Value.Items[i];
                        if (!value.IsScalarText)
                        {
                            error = new AuthorizeBodyError($"a value of `{entry.Name}` must be a string, number or boolean, not {value.Describe()}", JsonPath.Item(entryPath, i), value.Location);
                            return null;
                        }

                        values.Add(value.Text!);
                    }

                    context.Add(new ContextEntry(entry.Name, values.MoveToImmutable(), IsMultivalued: true));
                }
                else if (entry.Value.IsScalarText)
                {
                    context.Add(ContextEntry.OneValue(entry.Name, entry.Value.Text!));
                }
                else
                {
                    error = new AuthorizeBodyError($"the value of `{entry.Name}` must be a string, number, boolean or a list of them, not {entry.Value.Describe()}", entryPath, entry.Value.Location);
                    return null;
                }
            }
        }

        return new AuthorizeItem(new AuthorizationQuery(principal, action, resource, resourceAccount, context.ToImmutable()), id);
    }

    private static string? RequiredString(JsonNode node, string path, string name, ref AuthorizeBodyError? error)
    {
        if (error is not null)
        {
            return null;
        }

        if (node.Find(name) is not { } member)
        {
            error = new AuthorizeBodyError($"a request needs `{name}`", path, node.Location);
            return null;
        }

        if (member.Value.Kind != JsonNodeKind.String)
        {
            error = new AuthorizeBodyError($"`{name}` must be a string, not {member.Value.Describe()}", JsonPath.Member(path, name), member.Value.Location);
            return null;
        }

        return member.Value.Text;
    }
}
