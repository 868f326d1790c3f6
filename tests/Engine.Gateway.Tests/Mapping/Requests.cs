using System.Net;
using Engine.Gateway.Mapping;

namespace Engine.Gateway.Tests.Mapping;

/// <summary>Builds <see cref="GatewayRequest"/>s for the tests.</summary>
internal static class Requests
{
    public static GatewayRequest Make(string method, string path, string? peer = "127.0.0.1", string scheme = "http", string? peerPrincipal = null, params (string Name, string Value)[] headers)
    {
        var table = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, string value) in headers)
        {
            table[name] = table.TryGetValue(name, out string? before) ? before + "," + value : value;
        }

        return new GatewayRequest(method, path, scheme, peer is null ? null : IPAddress.Parse(peer), peerPrincipal, name => table.TryGetValue(name, out string? v) ? v : null);
    }

    public static string? Context(this Engine.Compiler.Model.AuthorizationQuery query, string key) =>
        query.Context.FirstOrDefault(e => e.Key == key) is { } entry ? string.Join("|", entry.Values) : null;
}
