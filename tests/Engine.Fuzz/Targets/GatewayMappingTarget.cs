using System.Net;
using System.Text;
using Engine.Compiler.Model;
using Engine.Gateway.Mapping;

namespace Engine.Fuzz.Targets;

/// <summary>
/// The gateways' request mapping (Engine.Gateway's mapping reader and RequestMapper). The input is
/// a mapping file, a NUL byte, then a request: <c>METHOD PATH</c>, the peer's address, and
/// <c>Name: value</c> header lines. A mapping that does not load must say why; a request that
/// maps is decided against the example bundle; one that does not map (no principal, no route)
/// must carry no question — the gateway answers 401/403 for it, never a decision.
/// </summary>
internal sealed class GatewayMappingTarget : IFuzzTarget
{
    public string Name => "gateway";

    public void Run(ReadOnlySpan<byte> input)
    {
        int nul = input.IndexOf((byte)0);
        ReadOnlySpan<byte> mappingText = nul < 0 ? input : input[..nul];
        string requestText = nul < 0 ? "" : Encoding.UTF8.GetString(input[(nul + 1)..]);
        GatewayMapping? mapping = GatewayMappingReader.Read(mappingText, "gateway.json", out var errors);
        if (mapping is null)
        {
            if (errors.IsDefaultOrEmpty)
            {
                throw new OracleViolationException("no mapping and no error");
            }

            return;
        }

        var mapper = new RequestMapper(mapping, TimeProvider.System);
        GatewayRequest request = Parse(requestText);
        _ = mapper.SourceIp(request);
        MappedRequest mapped = mapper.Map(request);
        if (mapped.Status != MappingStatus.Mapped)
        {
            if (mapped.Query is not null)
            {
                throw new OracleViolationException($"a request that did not map ({mapped.Status}) carries a question");
            }

            return;
        }

        AuthorizationQuery query = mapped.Query ?? throw new OracleViolationException("a mapped request carries no question");
        _ = Decisions.Decide(ExampleBundle.Value, query);
    }

    public IEnumerable<FuzzSeed> Seeds(string repository)
    {
        string[] requests =
        [
            "GET /buckets/reports/objects/2026/q1.csv\n10.1.2.3\nX-Principal-Arn: arn:aws:iam::111122223333:user/alice\nX-Forwarded-For: 198.51.100.7, 10.0.0.9\nX-Tenant: blue\nUser-Agent: curl/8",
            "POST /health\n127.0.0.1\nX-Principal-Arn: arn:aws:iam::111122223333:user/bob",
            "GET /pets/1?x=%2F\n::1\nX-Principal-Arn: arn:aws:iam::111122223333:user/alice\nX-Forwarded-Proto: https",
            "DELETE /buckets/a%20b/objects/\n192.0.2.1\n",
        ];
        int i = 0;
        foreach (FuzzSeed mapping in DocumentationJson.Blocks(repository, "docs/gateways.md").Append(new FuzzSeed("empty.json", "{}"u8.ToArray())))
        {
            foreach (string request in requests)
            {
                yield return new FuzzSeed($"gateway-{i++}", [.. mapping.Data, 0, .. Encoding.UTF8.GetBytes(request)]);
            }
        }
    }

    // Line 1 "METHOD PATH", line 2 the peer's address (unparsable: none, as for a Unix socket
    // without credentials), then headers; a header asked for twice answers its first line.
    private static GatewayRequest Parse(string text)
    {
        string[] lines = text.Split('\n');
        string[] first = lines[0].Split(' ', 2);
        string method = first[0];
        string path = first.Length > 1 ? first[1] : "/";
        IPAddress? peer = lines.Length > 1 && IPAddress.TryParse(lines[1], out IPAddress? address) ? address : null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(2))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        return new GatewayRequest(method, path, "http", peer, null, name => headers.GetValueOrDefault(name));
    }
}
