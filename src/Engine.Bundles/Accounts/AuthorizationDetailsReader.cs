using System.Text;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Parsing;

namespace Engine.Bundles.Accounts;

/// <summary>
/// Reads one page of <c>aws iam get-account-authorization-details</c> output into
/// <see cref="AuthorizationDetails"/>, merging it with the pages read before. Members this engine
/// does not use are ignored on purpose: AWS adds fields to this output over time (<c>RoleLastUsed</c>,
/// <c>InstanceProfileList</c>, …) and a file written by a newer CLI must still load. The members it
/// does use are checked strictly, with the file, JSON path and line:column of every fault.
/// </summary>
internal sealed partial class AuthorizationDetailsReader
{
    private static readonly string[] s_lists = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];

    private readonly AuthorizationDetails _details;
    private readonly List<BundleError> _errors;
    private DetailsFile _file = null!;

    public AuthorizationDetailsReader(AuthorizationDetails details, List<BundleError> errors)
    {
        _details = details;
        _errors = errors;
    }

    /// <summary>Whether every page read so far said <c>IsTruncated: true</c> (then the last page is missing).</summary>
    public bool AllTruncated { get; private set; } = true;

    /// <summary>Where the last <c>IsTruncated: true</c> was read, for the error when the last page is missing.</summary>
    public (string File, string Path, Engine.Compiler.Model.SourceLocation Location) LastTruncated { get; private set; }

    /// <summary>Reads one file's bytes; returns false (with errors) when it is not an authorization-details document.</summary>
    public bool Read(string name, byte[] bytes)
    {
        ReadOnlySpan<byte> text = bytes;
        if (text.StartsWith("\uFEFF"u8))
        {
            bytes = text[3..].ToArray();
        }

        _file = new DetailsFile(name, bytes);
        var jsonErrors = new List<PolicyError>();
        JsonNode? root = JsonTreeReader.Read(bytes, jsonErrors);
        _errors.AddRange(jsonErrors.Select(e => new BundleError(name, e.Path, e.Location, e.Message)));
        if (root is null)
        {
            return false;
        }

        if (root.Kind != JsonNodeKind.Object || !s_lists.Any(list => root.Find(list) is not null))
        {
            Error(JsonPath.Root, root.Location, "this is not `aws iam get-account-authorization-details` output: it has none of `UserDetailList`, `GroupDetailList`, `RoleDetailList`, `Policies`");
            return false;
        }

        if (root.Find("IsTruncated") is { } truncated && truncated.Value.Kind == JsonNodeKind.True)
        {
            LastTruncated = (name, JsonPath.Member(JsonPath.Root, "IsTruncated"), truncated.Value.Location);
        }
        else
        {
            AllTruncated = false;
        }

        ReadList(root, "Policies", ReadPolicy);
        ReadList(root, "GroupDetailList", ReadGroup);
        ReadList(root, "UserDetailList", ReadUser);
        ReadList(root, "RoleDetailList", ReadRole);
        return true;
    }

    private void ReadList(JsonNode root, string member, Action<Located> read)
    {
        if (root.Find(member) is not { } list)
        {
            return;
        }

        string path = JsonPath.Member(JsonPath.Root, member);
        if (list.Value.Kind != JsonNodeKind.Array)
        {
            Error(path, list.Value.Location, $"`{member}` must be a list, not {list.Value.Describe()}");
            return;
        }

        for (int i = 0; i < list.Value.Items!.Count; i++)
        {
            JsonNode item = list.Value.Items[i];
            string itemPath = JsonPath.Item(path, i);
            if (item.Kind != JsonNodeKind.Object)
            {
                Error(itemPath, item.Location, $"each item of `{member}` must be an object, not {item.Describe()}");
                continue;
            }

            read(new Located(_file, itemPath, item));
        }
    }

    // Pages may repeat an entity (e.g. files fetched twice); a repeat must say the same thing.
    private bool IsNew(string list, string arn, Located at)
    {
        string key = $"{list}\n{arn}";
        string canonical = Canonical(at.Node);
        if (_details.Canonical.TryGetValue(key, out string? previous))
        {
            if (previous != canonical)
            {
                Error(at.Path, at.Node.Location, $"{Quote.User(arn)} appears again in `{list}` with different content; pages of one account must agree");
            }

            return false;
        }

        _details.Canonical.Add(key, canonical);
        return true;
    }

    /// <summary>A compact, member-order-preserving text of a JSON value, to compare repeats.</summary>
    public static string Canonical(JsonNode node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();

        static void Append(StringBuilder builder, JsonNode node)
        {
            switch (node.Kind)
            {
                case JsonNodeKind.Object:
                    builder.Append('{');
                    foreach (JsonMember member in node.Members!)
                    {
                        builder.Append('"').Append(member.Name).Append("\":");
                        Append(builder, member.Value);
                        builder.Append(',');
                    }

                    builder.Append('}');
                    break;
                case JsonNodeKind.Array:
                    builder.Append('[');
                    foreach (JsonNode item in node.Items!)
                    {
                        Append(builder, item);
                        builder.Append(',');
                    }

                    builder.Append(']');
                    break;
                case JsonNodeKind.String:
                    builder.Append('"').Append(node.Text!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                    break;
                default:
                    builder.Append(node.Text ?? "null");
                    break;
            }
        }
    }

    private void Error(string path, Engine.Compiler.Model.SourceLocation location, string message) =>
        _errors.Add(new BundleError(_file.Name, path, location, message));
}
