using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Engine.Compiler.Cases;
using Engine.Compiler.Model;
using Engine.LoadGen.Cli;

namespace Engine.LoadGen.Workload;

/// <summary>
/// Decision cases turned into gateway requests, with the mapping file (<c>engine serve --gateway</c>)
/// under which the server asks exactly the case's question (docs/loadgen.md, "Gateway protocols"):
/// a route <c>/loadgen/{service}/{action}/{resource}</c> gives the action and resource, the
/// principal travels in <c>X-Principal-Arn</c>, and each context key the cases use gets its own
/// header through <c>contextHeaders</c>. A case the gateway cannot express exactly is refused
/// with the reason, so a run never checks an answer to a different question.
/// </summary>
internal sealed class GatewayWorkload
{
    /// <summary>The header the principal travels in (the mapping's default).</summary>
    public const string PrincipalHeader = "X-Principal-Arn";

    /// <summary>The first segment of every request path.</summary>
    public const string PathRoot = "loadgen";

    /// <summary>The method of every original request.</summary>
    public const string Method = "GET";

    private const string ContextHeaderPrefix = "X-Loadgen-Context-";

    // Keys the gateway fills from the request itself; a case sets them through the request's own headers.
    private static readonly Dictionary<string, string> s_requestKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["aws:SourceIp"] = "X-Forwarded-For",
        ["aws:SecureTransport"] = "X-Forwarded-Proto",
        ["aws:UserAgent"] = "User-Agent",
        ["aws:Referer"] = "Referer",
    };

    // Keys the gateway fills from its own clock: no request can set them.
    private static readonly HashSet<string> s_clockKeys = new(StringComparer.OrdinalIgnoreCase) { "aws:CurrentTime", "aws:EpochTime" };

    private GatewayWorkload(ImmutableArray<GatewayCase> cases, ImmutableArray<string> contextKeys, int casesWithPolicies)
    {
        Cases = cases;
        ContextKeys = contextKeys;
        CasesWithPolicies = casesWithPolicies;
    }

    /// <summary>The requests, in case order.</summary>
    public ImmutableArray<GatewayCase> Cases { get; }

    /// <summary>The context keys carried in <c>X-Loadgen-Context-N</c> headers; key N in header N.</summary>
    public ImmutableArray<string> ContextKeys { get; }

    /// <summary>How many cases carry <c>policies</c>, which the server ignores.</summary>
    public int CasesWithPolicies { get; }

    /// <summary>Builds the gateway requests; throws <see cref="LoadGenException"/> naming the cases a gateway cannot express.</summary>
    /// <param name="cases">The cases.</param>
    /// <returns>The workload.</returns>
    public static GatewayWorkload FromCases(IReadOnlyList<DecisionCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0)
        {
            throw new LoadGenException("the case files hold no cases");
        }

        // One header per distinct key, in first-seen order, so the mapping file is stable for a case set.
        var keys = new List<string>();
        var headerOfKey = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var built = ImmutableArray.CreateBuilder<GatewayCase>(cases.Count);
        var refused = new List<string>();
        foreach (DecisionCase c in cases)
        {
            if (TryBuild(c, keys, headerOfKey, out GatewayCase? request, out string? why))
            {
                built.Add(request);
            }
            else
            {
                refused.Add($"  case `{c.Name}` ({c.Source}): {why}");
            }
        }

        if (refused.Count > 0)
        {
            throw new LoadGenException(
                $"{refused.Count} case(s) cannot be asked exactly through a gateway (docs/loadgen.md, \"Gateway protocols\"); use --protocol binary for them:{Environment.NewLine}"
                + string.Join(Environment.NewLine, refused.Take(10))
                + (refused.Count > 10 ? $"{Environment.NewLine}  … and {refused.Count - 10} more" : string.Empty));
        }

        return new GatewayWorkload(built.MoveToImmutable(), [.. keys], cases.Count(c => c.Policies is not null));
    }

    /// <summary>
    /// The mapping file for <c>engine serve --gateway</c> under which the server asks each case's
    /// question: one route, the principal header, and one context header per key.
    /// </summary>
    /// <returns>The file's JSON text.</returns>
    public string MappingJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("principal");
            json.WriteString("header", PrincipalHeader);
            json.WriteEndObject();
            json.WriteStartArray("routes");
            json.WriteStartObject();
            json.WriteString("method", Method);
            json.WriteString("path", $"/{PathRoot}/{{service}}/{{action}}/{{resource}}");
            json.WriteString("action", "{service}:{action}");
            json.WriteString("resource", "{resource}");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("contextHeaders");
            for (int i = 0; i < ContextKeys.Length; i++)
            {
                json.WriteString(ContextHeader(i), ContextKeys[i]);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string ContextHeader(int index) => ContextHeaderPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool TryBuild(DecisionCase c, List<string> keys, Dictionary<string, string> headerOfKey, [NotNullWhen(true)] out GatewayCase? request, out string? why)
    {
        request = null;
        AuthorizationQuery q = c.Query;
        int colon = q.Action.IndexOf(':', StringComparison.Ordinal);
        why = q.ResourceAccount is not null ? "it names a `resourceAccount`, which a gateway request cannot carry"
            : colon <= 0 || colon == q.Action.Length - 1 ? $"its action `{q.Action}` is not `service:Action`"
            : q.Resource.Length == 0 ? "its resource is empty"
            : !IsHeaderValue(q.Principal) ? $"its principal `{q.Principal}` cannot travel in a header (empty, padded or not printable ASCII)"
            : null;
        if (why is not null)
        {
            return false;
        }

        var headers = new List<KeyValuePair<string, string>> { new(PrincipalHeader, q.Principal) };
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (ContextEntry entry in q.Context)
        {
            if (!seen.Add(entry.Key))
            {
                why = $"it gives the context key `{entry.Key}` twice";
                return false;
            }

            if (s_clockKeys.Contains(entry.Key))
            {
                why = $"it sets `{entry.Key}`, which the gateway takes from its own clock";
                return false;
            }

            if (!TryHeaderValue(entry, out string? value, out why))
            {
                return false;
            }

            if (s_requestKeys.TryGetValue(entry.Key, out string? requestHeader))
            {
                if (entry.IsMultivalued)
                {
                    why = $"`{entry.Key}` comes from the request's `{requestHeader}` and holds one value";
                    return false;
                }

                if (requestHeader == "X-Forwarded-For" && !System.Net.IPAddress.TryParse(value, out _))
                {
                    why = $"`aws:SourceIp` `{value}` is not an IP address, so a forwarded header cannot carry it";
                    return false;
                }

                if (requestHeader == "X-Forwarded-Proto")
                {
                    // aws:SecureTransport is the forwarded scheme.
                    value = value switch
                    {
                        _ when string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) => "https",
                        _ when string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) => "http",
                        _ => null,
                    };
                    if (value is null)
                    {
                        why = "`aws:SecureTransport` other than true or false cannot be sent as a scheme";
                        return false;
                    }
                }

                headers.Add(new(requestHeader, value!));
                continue;
            }

            if (!headerOfKey.TryGetValue(entry.Key, out string? header))
            {
                header = ContextHeader(keys.Count);
                headerOfKey[entry.Key] = header;
                keys.Add(entry.Key);
            }

            headers.Add(new(header, value!));
        }

        string path = $"/{PathRoot}/{Uri.EscapeDataString(q.Action[..colon])}/{Uri.EscapeDataString(q.Action[(colon + 1)..])}/{Uri.EscapeDataString(q.Resource)}";
        request = new GatewayCase(c.Name, c.Expect, path, headers);
        return true;
    }

    // The gateway splits a context header at commas into a multivalued key, and a single value stays single-valued.
    private static bool TryHeaderValue(ContextEntry entry, out string? value, out string? why)
    {
        value = null;
        why = null;
        if (entry.IsMultivalued && entry.Values.Length < 2)
        {
            why = $"`{entry.Key}` is a list of {entry.Values.Length} value(s); a header makes a list only of two or more";
            return false;
        }

        foreach (string v in entry.Values)
        {
            if (!IsHeaderValue(v) || v.Contains(',', StringComparison.Ordinal))
            {
                why = $"the value `{v}` of `{entry.Key}` cannot travel in a header (empty, padded, a comma, or not printable ASCII)";
                return false;
            }
        }

        value = string.Join(",", entry.Values);
        return true;
    }

    private static bool IsHeaderValue(string text) =>
        text.Length > 0 && text[0] != ' ' && text[^1] != ' ' && text.All(ch => ch is >= ' ' and <= '~');
}
