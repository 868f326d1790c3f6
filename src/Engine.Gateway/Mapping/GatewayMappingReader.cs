using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Net;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;

namespace Engine.Gateway.Mapping;

/// <summary>
/// Reads a mapping file (<c>--gateway FILE</c>, docs/gateways.md) through the compiler's located JSON
/// reader, so every error carries its JSON path and line:column as a bundle's do. Reading goes on
/// after an error so one run reports all of them.
/// </summary>
public sealed class GatewayMappingReader
{
    private static readonly string[] s_rootMembers = ["principal", "apiGateway", "routes", "trustedProxies", "contextHeaders"];
    private static readonly string[] s_principalMembers = ["header", "peers"];
    private static readonly string[] s_apiGatewayMembers = ["region", "account", "apiId", "stage"];
    private static readonly string[] s_routeMembers = ["method", "path", "action", "resource"];

    private readonly string _file;
    private readonly List<GatewayMappingError> _errors = [];

    private GatewayMappingReader(string file) => _file = file;

    /// <summary>Reads a mapping file from disk.</summary>
    /// <param name="path">The file.</param>
    /// <param name="errors">Every fault, located; empty on success.</param>
    /// <returns>The mapping, or null when there are errors.</returns>
    public static GatewayMapping? ReadFile(string path, out ImmutableArray<GatewayMappingError> errors)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors = [new GatewayMappingError(path, JsonPath.Root, default, $"cannot read the file: {e.Message}")];
            return null;
        }

        return Read(bytes, path, out errors);
    }

    /// <summary>Reads a mapping from UTF-8 text.</summary>
    /// <param name="utf8">The text.</param>
    /// <param name="file">The name to report.</param>
    /// <param name="errors">Every fault, located; empty on success.</param>
    /// <returns>The mapping, or null when there are errors.</returns>
    public static GatewayMapping? Read(ReadOnlySpan<byte> utf8, string file, out ImmutableArray<GatewayMappingError> errors)
    {
        var reader = new GatewayMappingReader(file);
        var jsonErrors = new List<PolicyError>();
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        JsonNode? root = JsonTreeReader.Read(utf8, jsonErrors);
        foreach (PolicyError error in jsonErrors)
        {
            reader._errors.Add(new GatewayMappingError(file, error.Path, error.Location, error.Message));
        }

        GatewayMapping? mapping = root is null ? null : reader.ReadRoot(root);
        errors = [.. reader._errors];
        return errors.IsEmpty ? mapping : null;
    }

    private GatewayMapping? ReadRoot(JsonNode root)
    {
        if (!IsKind(root, JsonNodeKind.Object, JsonPath.Root, "the mapping", "an object"))
        {
            return null;
        }

        CheckMembers(root, JsonPath.Root, s_rootMembers, "the mapping");
        GatewayMapping mapping = GatewayMapping.Default;
        if (root.Find("principal") is { } principal)
        {
            mapping = ReadPrincipal(principal.Value, JsonPath.Member(JsonPath.Root, "principal"), mapping);
        }

        if (root.Find("apiGateway") is { } api)
        {
            mapping = mapping with { ApiGateway = ReadApiGateway(api.Value, JsonPath.Member(JsonPath.Root, "apiGateway")) };
        }

        if (root.Find("routes") is { } routes)
        {
            mapping = mapping with { Routes = ReadRoutes(routes.Value, JsonPath.Member(JsonPath.Root, "routes")) };
        }

        if (root.Find("trustedProxies") is { } proxies)
        {
            mapping = mapping with { TrustedProxies = ReadProxies(proxies.Value, JsonPath.Member(JsonPath.Root, "trustedProxies")) };
        }

        if (root.Find("contextHeaders") is { } headers)
        {
            mapping = mapping with { ContextHeaders = ReadContextHeaders(headers.Value, JsonPath.Member(JsonPath.Root, "contextHeaders")) };
        }

        return mapping;
    }

    private GatewayMapping ReadPrincipal(JsonNode node, string path, GatewayMapping mapping)
    {
        if (!IsKind(node, JsonNodeKind.Object, path, "`principal`", "an object"))
        {
            return mapping;
        }

        CheckMembers(node, path, s_principalMembers, "`principal`");
        if (node.Find("header") is { } header)
        {
            string headerPath = JsonPath.Member(path, "header");
            if (header.Value.Kind == JsonNodeKind.Null)
            {
                mapping = mapping with { PrincipalHeader = null };
            }
            else if (RequireString(header.Value, headerPath, "`principal.header`") is { } name)
            {
                mapping = mapping with { PrincipalHeader = name };
            }
        }

        if (node.Find("peers") is { } peers)
        {
            string peersPath = JsonPath.Member(path, "peers");
            if (IsKind(peers.Value, JsonNodeKind.Object, peersPath, "`principal.peers`", "an object of peer identities and principal ARNs"))
            {
                var table = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (JsonMember member in peers.Value.Members!)
                {
                    if (RequireString(member.Value, JsonPath.Member(peersPath, member.Name), "a peer's principal") is { } arn)
                    {
                        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
                        {
                            Error(JsonPath.Member(peersPath, member.Name), member.Value.Location, $"a peer's principal must be an ARN, not `{arn}`");
                        }

                        table[member.Name] = arn;
                    }
                }

                mapping = mapping with { PeerPrincipals = table.ToFrozenDictionary(StringComparer.Ordinal) };
            }
        }

        return mapping;
    }

    private ApiGatewayTarget ReadApiGateway(JsonNode node, string path)
    {
        ApiGatewayTarget defaults = ApiGatewayTarget.Default;
        if (!IsKind(node, JsonNodeKind.Object, path, "`apiGateway`", "an object"))
        {
            return defaults;
        }

        CheckMembers(node, path, s_apiGatewayMembers, "`apiGateway`");
        string Part(string name, string fallback) =>
            node.Find(name) is { } member && RequireString(member.Value, JsonPath.Member(path, name), $"`apiGateway.{name}`") is { } text ? text : fallback;

        return new ApiGatewayTarget(Part("region", defaults.Region), Part("account", defaults.Account), Part("apiId", defaults.ApiId), Part("stage", defaults.Stage));
    }

    private ImmutableArray<RouteRule> ReadRoutes(JsonNode node, string path)
    {
        if (!IsKind(node, JsonNodeKind.Array, path, "`routes`", "a list of rules"))
        {
            return [];
        }

        var rules = ImmutableArray.CreateBuilder<RouteRule>();
        for (int i = 0; i < node.Items!.Count; i++)
        {
            JsonNode item = node.Items[i];
            string itemPath = JsonPath.Item(path, i);
            if (!IsKind(item, JsonNodeKind.Object, itemPath, "a route rule", "an object"))
            {
                continue;
            }

            CheckMembers(item, itemPath, s_routeMembers, "a route rule");
            string? method = null;
            if (item.Find("method") is { } methodMember && RequireString(methodMember.Value, JsonPath.Member(itemPath, "method"), "`method`") is { } methodText)
            {
                method = methodText == "*" ? null : methodText.ToUpperInvariant();
                if (method is not null && !methodText.All(char.IsAsciiLetter))
                {
                    Error(JsonPath.Member(itemPath, "method"), methodMember.Value.Location, $"`{methodText}` is not an HTTP method (or `*` for any)");
                }
            }

            PathTemplate? template = null;
            string? action = Required(item, itemPath, "action");
            string? resource = Required(item, itemPath, "resource");
            if (Required(item, itemPath, "path") is { } pathText)
            {
                if (PathTemplate.TryParse(pathText, out template, out string? problem))
                {
                    CheckNames(item, itemPath, "action", action, template);
                    CheckNames(item, itemPath, "resource", resource, template);
                }
                else
                {
                    Error(JsonPath.Member(itemPath, "path"), item.Find("path")!.Value.Value.Location, problem);
                }
            }

            if (action is not null && !action.Contains(':', StringComparison.Ordinal))
            {
                Error(JsonPath.Member(itemPath, "action"), item.Find("action")!.Value.Value.Location, $"an action is `service:Action`, not `{action}`");
            }

            if (template is not null && action is not null && resource is not null)
            {
                rules.Add(new RouteRule(method, template, action, resource));
            }
        }

        return rules.ToImmutable();
    }

    private void CheckNames(JsonNode item, string itemPath, string member, string? text, PathTemplate template)
    {
        if (text is null)
        {
            return;
        }

        foreach (string name in RouteRule.NamesIn(text))
        {
            if (!template.Variables.Contains(name))
            {
                Error(JsonPath.Member(itemPath, member), item.Find(member)!.Value.Value.Location, $"`{{{name}}}` is not a variable of the path `{template.Text}`");
            }
        }
    }

    private ImmutableArray<IPNetwork> ReadProxies(JsonNode node, string path)
    {
        if (!IsKind(node, JsonNodeKind.Array, path, "`trustedProxies`", "a list of addresses or CIDR ranges"))
        {
            return [];
        }

        var networks = ImmutableArray.CreateBuilder<IPNetwork>();
        for (int i = 0; i < node.Items!.Count; i++)
        {
            string itemPath = JsonPath.Item(path, i);
            if (RequireString(node.Items[i], itemPath, "a trusted proxy") is not { } text)
            {
                continue;
            }

            if (IPNetwork.TryParse(text, out IPNetwork network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(text, out IPAddress? address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                Error(itemPath, node.Items[i].Location, $"`{text}` is neither an IP address nor a CIDR range");
            }
        }

        return networks.ToImmutable();
    }

    private ImmutableArray<HeaderContextRule> ReadContextHeaders(JsonNode node, string path)
    {
        if (!IsKind(node, JsonNodeKind.Object, path, "`contextHeaders`", "an object of header names and context keys"))
        {
            return [];
        }

        var rules = ImmutableArray.CreateBuilder<HeaderContextRule>();
        foreach (JsonMember member in node.Members!)
        {
            string memberPath = JsonPath.Member(path, member.Name);
            if (RequireString(member.Value, memberPath, "a context key") is { } key)
            {
                if (!key.Contains(':', StringComparison.Ordinal))
                {
                    Error(memberPath, member.Value.Location, $"a context key is `prefix:name`, not `{key}`");
                }

                rules.Add(new HeaderContextRule(member.Name, key));
            }
        }

        return rules.ToImmutable();
    }

    private string? Required(JsonNode item, string itemPath, string name)
    {
        if (item.Find(name) is { } member)
        {
            return RequireString(member.Value, JsonPath.Member(itemPath, name), $"`{name}`");
        }

        Error(itemPath, item.Location, $"a route rule needs `{name}`");
        return null;
    }

    private string? RequireString(JsonNode node, string path, string what)
    {
        if (node.Kind == JsonNodeKind.String && !string.IsNullOrEmpty(node.Text))
        {
            return node.Text;
        }

        Error(path, node.Location, node.Kind == JsonNodeKind.String ? $"{what} must not be empty" : $"{what} must be a string, not {node.Describe()}");
        return null;
    }

    private bool IsKind(JsonNode node, JsonNodeKind kind, string path, string what, string expected)
    {
        if (node.Kind == kind)
        {
            return true;
        }

        Error(path, node.Location, $"{what} must be {expected}, not {node.Describe()}");
        return false;
    }

    private void CheckMembers(JsonNode node, string path, string[] known, string what)
    {
        foreach (JsonMember member in node.Members!)
        {
            if (Array.IndexOf(known, member.Name) < 0)
            {
                Error(JsonPath.Member(path, member.Name), member.NameLocation, $"unknown member `{member.Name}` of {what} (known: {string.Join(", ", known.Select(k => $"`{k}`"))})");
            }
        }
    }

    private void Error(string path, SourceLocation location, string message) => _errors.Add(new GatewayMappingError(_file, path, location, message));
}
