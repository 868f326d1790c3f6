using System.Collections.Immutable;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Parsing;

/// <summary>
/// Turns a located JSON tree into a <see cref="PolicyDocument"/>, checking the grammar of
/// iam-semantics.md §2 and collecting every error rather than stopping at the first.
/// </summary>
internal sealed partial class PolicyDocumentReader
{
    private const string Version20121017 = "2012-10-17";
    private const string Version20081017 = "2008-10-17";

    private static readonly string[] s_topLevelElements = ["Version", "Id", "Statement"];

    private readonly PolicyKind _kind;
    private readonly List<PolicyError> _errors;

    public PolicyDocumentReader(PolicyKind kind, List<PolicyError> errors)
    {
        _kind = kind;
        _errors = errors;
    }

    /// <summary>Reads the document; null when any error was found (the errors are in the list).</summary>
    public PolicyDocument? ReadDocument(JsonNode root)
    {
        // SPEC: iam-semantics.md §2.1, §2.2
        if (root.Kind != JsonNodeKind.Object)
        {
            Add(PolicyErrorCode.InvalidJson, JsonPath.Root, root.Location, $"the top level must be an object, found {root.Describe()}");
            return null;
        }

        int errorsBefore = _errors.Count;
        PolicyVersion version = PolicyVersion.V20081017;
        bool hasVersion = false;
        string? id = null;
        JsonMember? statement = null;
        JsonMember? versionMember = null;
        foreach (JsonMember member in root.Members!)
        {
            switch (member.Name)
            {
                case "Version":
                    versionMember = member;
                    hasVersion = TryReadVersion(member, out version);
                    break;
                case "Id":
                    id = ReadString(member.Value, JsonPath.Member(JsonPath.Root, member.Name));
                    break;
                case "Statement":
                    statement = member;
                    break;
                default:
                    AddUnknownElement(member, JsonPath.Root, s_topLevelElements);
                    break;
            }
        }

        CheckRcpVersion(root, versionMember, hasVersion, version);
        ImmutableArray<Statement> statements = ReadStatements(root, statement);
        return _errors.Count == errorsBefore ? new PolicyDocument(version, hasVersion, id, statements) : null;
    }

    private bool TryReadVersion(JsonMember member, out PolicyVersion version)
    {
        // SPEC: iam-semantics.md §2.3: exactly one of the two strings.
        version = PolicyVersion.V20081017;
        string path = JsonPath.Member(JsonPath.Root, member.Name);
        string? text = ReadString(member.Value, path);
        switch (text)
        {
            case Version20121017:
                version = PolicyVersion.V20121017;
                return true;
            case Version20081017:
                return true;
            case null:
                return false;
            default:
                Add(PolicyErrorCode.InvalidVersion, path, member.Value.Location,
                    $"{Quote.User(text)} is not a policy language version; use `{Version20121017}`");
                return false;
        }
    }

    private ImmutableArray<Statement> ReadStatements(JsonNode root, JsonMember? member)
    {
        // SPEC: iam-semantics.md §2.2: one statement object or an array of them; null is missing.
        if (member is not { } statement)
        {
            Add(PolicyErrorCode.MissingStatement, JsonPath.Root, root.Location, "a policy needs a `Statement` element");
            return [];
        }

        string path = JsonPath.Member(JsonPath.Root, statement.Name);
        JsonNode value = statement.Value;
        switch (value.Kind)
        {
            case JsonNodeKind.Null:
                Add(PolicyErrorCode.MissingStatement, path, value.Location, "a policy needs a `Statement` element, found null");
                return [];
            case JsonNodeKind.Object:
                Statement? single = ReadStatement(value, 0, path);
                return single is null ? [] : [single];
            case JsonNodeKind.Array:
                var builder = ImmutableArray.CreateBuilder<Statement>(value.Items!.Count);
                for (int i = 0; i < value.Items.Count; i++)
                {
                    Statement? read = ReadStatement(value.Items[i], i, JsonPath.Item(path, i));
                    if (read is not null)
                    {
                        builder.Add(read);
                    }
                }

                return builder.Count == builder.Capacity ? builder.MoveToImmutable() : builder.ToImmutable();
            default:
                Add(PolicyErrorCode.InvalidType, path, value.Location,
                    $"expected a statement object or a list of statements, found {value.Describe()}");
                return [];
        }
    }

    /// <summary>The string value, or null after reporting <see cref="PolicyErrorCode.InvalidType"/>.</summary>
    private string? ReadString(JsonNode value, string path)
    {
        if (value.Kind == JsonNodeKind.String)
        {
            return value.Text;
        }

        Add(PolicyErrorCode.InvalidType, path, value.Location, $"expected a string, found {value.Describe()}");
        return null;
    }

    /// <summary>
    /// A string or a non-empty array of strings (§2.4), or null after reporting
    /// <see cref="PolicyErrorCode.EmptyArray"/> or <see cref="PolicyErrorCode.InvalidType"/>.
    /// </summary>
    private ImmutableArray<string>? ReadStringList(JsonNode value, string path)
    {
        switch (value.Kind)
        {
            case JsonNodeKind.String:
                return [value.Text!];
            case JsonNodeKind.Array when value.Items!.Count == 0:
                Add(PolicyErrorCode.EmptyArray, path, value.Location, "the list is empty");
                return null;
            case JsonNodeKind.Array:
                var builder = ImmutableArray.CreateBuilder<string>(value.Items.Count);
                bool valid = true;
                for (int i = 0; i < value.Items.Count; i++)
                {
                    JsonNode item = value.Items[i];
                    if (item.Kind == JsonNodeKind.String)
                    {
                        builder.Add(item.Text!);
                    }
                    else
                    {
                        Add(PolicyErrorCode.InvalidType, JsonPath.Item(path, i), item.Location, $"expected a string, found {item.Describe()}");
                        valid = false;
                    }
                }

                return valid ? builder.MoveToImmutable() : null;
            default:
                Add(PolicyErrorCode.InvalidType, path, value.Location, $"expected a string or a list of strings, found {value.Describe()}");
                return null;
        }
    }

    private void AddUnknownElement(JsonMember member, string parentPath, string[] known, PolicyErrorCode code = PolicyErrorCode.UnknownElement)
    {
        // SPEC: iam-semantics.md §2.7: element names are case-sensitive; help when only the case is wrong.
        string message = $"unknown element {Quote.User(member.Name)}";
        foreach (string name in known)
        {
            if (string.Equals(name, member.Name, StringComparison.OrdinalIgnoreCase))
            {
                message += $" (element names are case-sensitive: did you mean `{name}`?)";
                break;
            }
        }

        Add(code, parentPath, member.NameLocation, message);
    }

    private void Add(PolicyErrorCode code, string path, SourceLocation location, string message) =>
        _errors.Add(new PolicyError(code, path, location, message));

    private static bool IsAfter(SourceLocation a, SourceLocation b) => a.Line > b.Line || (a.Line == b.Line && a.Column > b.Column);
}
