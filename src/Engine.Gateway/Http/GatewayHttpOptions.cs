using Engine.Protocol;

namespace Engine.Gateway.Http;

/// <summary>
/// The HTTP listeners and Kestrel's limits (docs/gateways.md, "Limits"). Every limit has a default
/// that a sidecar on loopback can live with; each is enforced by Kestrel before a handler runs.
/// </summary>
public sealed record GatewayHttpOptions
{
    /// <summary>Where <c>engine serve</c> answers HTTP when it is given no listener at all.</summary>
    public static ListenAddress DefaultHttp { get; } = ListenAddress.Parse("127.0.0.1:7071");

    /// <summary>The HTTP/1.1 listeners (<c>--http</c>).</summary>
    public IReadOnlyList<ListenAddress> Http { get; init; } = [];

    /// <summary>The HTTP/2 cleartext listeners for gRPC (<c>--grpc</c>): ext_authz <c>Check</c> and <c>grpc.health.v1.Health</c>.</summary>
    public IReadOnlyList<ListenAddress> Grpc { get; init; } = [];

    /// <summary>Largest request body (the JSON API's batches): 4 MiB; larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest total size of a request's headers: 32 KiB; larger get 431.</summary>
    public int MaxRequestHeadersTotalBytes { get; init; } = 32 * 1024;

    /// <summary>Most headers in one request: 100.</summary>
    public int MaxRequestHeaderCount { get; init; } = 100;

    /// <summary>Most connections at once over all HTTP listeners: 1024; more are refused.</summary>
    public long MaxConnections { get; init; } = 1024;

    /// <summary>Time a client has to send a request's headers: 10 s.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time a kept-alive connection may stay idle: 120 s.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>On stop, time for requests in progress to finish: 5 s.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
