using System.Net;
using Engine.Gateway.Http;
using Engine.LoadGen.Cli;
using Engine.LoadGen.Workload;

namespace Engine.LoadGen.Running;

/// <summary>
/// One HTTP/1.1 keep-alive connection (a <see cref="SocketsHttpHandler"/> allowed one connection)
/// asking forward-auth questions. Direct: <c>GET /v1/forward-auth</c> with the original request
/// in <c>X-Forwarded-Method</c> and <c>X-Forwarded-Uri</c>, as Caddy and Traefik send it.
/// Proxied (<c>--proxied</c>): the original request itself, for a gateway in front that asks
/// the engine (nginx <c>auth_request</c>). 200 is an allow, 403 a deny, anything else an error.
/// </summary>
internal sealed class ForwardAuthClient : IGatewayClient
{
    private readonly HttpMessageInvoker _http;
    private readonly Uri[] _uris;
    private readonly GatewayWorkload _workload;
    private readonly bool _proxied;

    /// <summary>Creates the client; the connection opens with the first request.</summary>
    /// <param name="address">The server (or the gateway in front of it).</param>
    /// <param name="workload">The requests.</param>
    /// <param name="proxied">Send the original requests rather than forward-auth questions.</param>
    public ForwardAuthClient(ServerAddress address, GatewayWorkload workload, bool proxied)
    {
        _workload = workload;
        _proxied = proxied;
        var handler = new SocketsHttpHandler
        {
            // One connection: a lane is one keep-alive connection, as in the binary protocol.
            MaxConnectionsPerServer = 1,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectCallback = async (_, cancellation) =>
                new System.Net.Sockets.NetworkStream(await address.ConnectAsync(TimeSpan.FromSeconds(5), cancellation).ConfigureAwait(false), ownsSocket: true),
        };
        _http = new HttpMessageInvoker(handler, disposeHandler: true);
        string origin = address.IsUnix ? "http://localhost" : "http://" + address.Text;
        _uris = [.. workload.Cases.Select(c => new Uri(origin + (proxied ? c.Path : GatewayEndpoints.ForwardAuthPath)))];
    }

    /// <inheritdoc/>
    public async ValueTask<GatewayAnswer> SendAsync(int caseIndex, CancellationToken cancellation)
    {
        GatewayCase request = _workload.Cases[caseIndex];
        using var message = new HttpRequestMessage(HttpMethod.Get, _uris[caseIndex])
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (!_proxied)
        {
            message.Headers.TryAddWithoutValidation("X-Forwarded-Method", GatewayWorkload.Method);
            message.Headers.TryAddWithoutValidation("X-Forwarded-Uri", request.Path);
        }

        using HttpResponseMessage response = await _http.SendAsync(message, cancellation).ConfigureAwait(false);

        // Read the (small) body so the connection goes back to the pool at once.
        await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
        string? decision = response.Headers.TryGetValues(GatewayHeaders.Decision, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
        return response.StatusCode switch
        {
            HttpStatusCode.OK => GatewayAnswer.Decided(allowed: true, decision),
            HttpStatusCode.Forbidden => GatewayAnswer.Decided(allowed: false, decision),
            _ => GatewayAnswer.Failed($"HTTP {(int)response.StatusCode}"),
        };
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}
