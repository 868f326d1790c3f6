using System.Buffers;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

/// <summary>
/// Walks the located JSON tree of <c>bundle.json</c> (docs/bundles.md), checks every member and
/// name, resolves policy names through the catalog and hands the result to the builder. Every error
/// is reported with its JSON path and line:column; reading goes on after an error so one load
/// reports all of them.
/// </summary>
internal sealed partial class ManifestReader
{
    private static readonly SearchValues<char> s_lowercaseHexDigits = SearchValues.Create("0123456789abcdef");
    private static readonly string[] s_manifestMembers = ["format", "description", "users", "groups", "roles", "resources", "vpcEndpoints", "organization", "authorizationDetails"];

    private readonly PolicyCatalog _catalog;
    private readonly BundleBuilder _builder;
    private readonly List<BundleError> _errors;

    public ManifestReader(PolicyCatalog catalog, BundleBuilder builder, List<BundleError> errors)
    {
        _catalog = catalog;
        _builder = builder;
        _errors = errors;
    }

    /// <summary>
    /// The authorization-details files the manifest lists (docs/accounts.md), relative to the
    /// bundle directory, each with where it was named; read after the manifest's own principals.
    /// </summary>
    public List<PolicyReference> AuthorizationDetails { get; } = [];

    public void Read(JsonNode root)
    {
        if (!IsObject(root, JsonPath.Root, "the manifest"))
        {
            return;
        }

        CheckMembers(root, JsonPath.Root, s_manifestMembers, "the manifest");
        if (root.Find("format") is { } format && format.Value.Text != "1")
        {
            Error(JsonPath.Member(JsonPath.Root, "format"), format.Value.Location, $"unsupported bundle format {Quote.User(format.Value.Text ?? "null")}; this engine reads format `1`");
        }

        if (root.Find("description") is { } description)
        {
            ReadDescription(description.Value, JsonPath.Member(JsonPath.Root, "description"));
        }

        // The file's order does not matter: groups and the organization feed users and roles, and
        // roles' trust policies join the resources, so they are read in this order.
        if (root.Find("authorizationDetails") is { } details)
        {
            string path = Path("authorizationDetails");
            if (details.Value.Kind != JsonNodeKind.Array)
            {
                Error(path, details.Value.Location, $"`authorizationDetails` must be a list of file names, not {details.Value.Describe()}");
            }
            else
            {
                for (int i = 0; i < details.Value.Items!.Count; i++)
                {
                    JsonNode item = details.Value.Items[i];
                    if (item.Kind == JsonNodeKind.String && !string.IsNullOrEmpty(item.Text))
                    {
                        AuthorizationDetails.Add(new PolicyReference(item.Text, JsonPath.Item(path, i), item.Location));
                    }
                    else
                    {
                        Error(JsonPath.Item(path, i), item.Location, $"each item must be a file name, not {item.Describe()}");
                    }
                }
            }
        }

        ReadOrganization(root.Find("organization"));
        ReadGroups(root.Find("groups"));
        ReadResources(root.Find("resources"));
        ReadVpcEndpoints(root.Find("vpcEndpoints"));
        ReadUsers(root.Find("users"));
        ReadRoles(root.Find("roles"));
    }

    private void ReadResources(JsonMember? member)
    {
        if (member is not { } resources || !IsObject(resources.Value, Path("resources"), "`resources`"))
        {
            return;
        }

        foreach (JsonMember entry in resources.Value.Members!)
        {
            string path = JsonPath.Member(Path("resources"), entry.Name);
            if (entry.Name.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                Error(path, entry.NameLocation, $"resource {Quote.User(entry.Name)} is a pattern; resource keys are exact ARNs (a bucket's ARN also covers its objects)");
                continue;
            }

            if (!IamArn.IsArn(entry.Name))
            {
                Error(path, entry.NameLocation, $"resource {Quote.User(entry.Name)} is not an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`)");
                continue;
            }

            if (ReadName(entry.Value, path, "a resource policy") is { } name)
            {
                int document = _catalog.Resolve(name, PolicyKind.Resource);
                if (document >= 0)
                {
                    _builder.Resources[entry.Name] = document;
                }
            }
        }
    }

    // SPEC: amendments §15.6 — one policy per endpoint ("you can attach a single endpoint policy").
    private void ReadVpcEndpoints(JsonMember? member)
    {
        if (member is not { } endpoints || !IsObject(endpoints.Value, Path("vpcEndpoints"), "`vpcEndpoints`"))
        {
            return;
        }

        foreach (JsonMember entry in endpoints.Value.Members!)
        {
            string path = JsonPath.Member(Path("vpcEndpoints"), entry.Name);
            if (!IsVpcEndpointId(entry.Name))
            {
                Error(path, entry.NameLocation, $"{Quote.User(entry.Name)} is not a VPC endpoint id (`vpce-` and 8 or 17 lowercase hexadecimal digits, as in `aws:SourceVpce`)");
                continue;
            }

            if (ReadName(entry.Value, path, "a VPC endpoint policy") is { } name)
            {
                int document = _catalog.Resolve(name, PolicyKind.VpcEndpoint);
                if (document >= 0)
                {
                    _builder.VpcEndpoints[entry.Name] = document;
                }
            }
        }
    }

    // The shape of the ids AWS assigns (`vpce-1a2b3c4d`, `vpce-0123456789abcdef0`); the lookup is
    // exact, so a key in another case or form could never match a request.
    private static bool IsVpcEndpointId(string text)
    {
        const string Prefix = "vpce-";
        ReadOnlySpan<char> digits = text.AsSpan().StartsWith(Prefix, StringComparison.Ordinal) ? text.AsSpan(Prefix.Length) : default;
        return digits.Length is 8 or 17 && !digits.ContainsAnyExcept(s_lowercaseHexDigits);
    }

    private bool IsObject(JsonNode node, string path, string what)
    {
        if (node.Kind == JsonNodeKind.Object)
        {
            return true;
        }

        Error(path, node.Location, $"{what} must be an object, not {node.Describe()}");
        return false;
    }

    private void CheckMembers(JsonNode node, string path, string[] allowed, string what)
    {
        foreach (JsonMember member in node.Members!)
        {
            if (Array.IndexOf(allowed, member.Name) < 0)
            {
                string expected = string.Join(", ", allowed.Select(name => $"`{name}`"));
                Error(JsonPath.Member(path, member.Name), member.NameLocation, $"unknown member {Quote.User(member.Name)} in {what}; expected one of {expected}");
            }
        }
    }

    private void ReadDescription(JsonNode node, string path)
    {
        if (node.Kind != JsonNodeKind.String)
        {
            Error(path, node.Location, $"`description` must be a string, not {node.Describe()}");
        }
    }

    private PolicyReference? ReadName(JsonNode node, string path, string what)
    {
        if (node.Kind != JsonNodeKind.String || string.IsNullOrEmpty(node.Text))
        {
            Error(path, node.Location, $"{what} must be a policy name, not {(node.Kind == JsonNodeKind.String ? "an empty string" : node.Describe())}");
            return null;
        }

        return new PolicyReference(node.Text, path, node.Location);
    }

    private List<PolicyReference> ReadNames(JsonNode node, string path, string what)
    {
        var names = new List<PolicyReference>();
        if (node.Kind != JsonNodeKind.Array)
        {
            Error(path, node.Location, $"{what} must be a list of policy names, not {node.Describe()}");
            return names;
        }

        for (int i = 0; i < node.Items!.Count; i++)
        {
            if (ReadName(node.Items[i], JsonPath.Item(path, i), "each item") is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private List<int> ResolveAll(List<PolicyReference> names, PolicyKind kind)
    {
        var documents = new List<int>(names.Count);
        foreach (PolicyReference name in names)
        {
            int document = _catalog.Resolve(name, kind);
            if (document >= 0)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    private static string Path(string member) => JsonPath.Member(JsonPath.Root, member);

    private void Error(string path, SourceLocation location, string message) =>
        _errors.Add(new BundleError(BundleLoader.ManifestFileName, path, location, message));
}
