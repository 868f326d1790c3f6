using System.Net.Security;
using Engine.Gateway.Metrics;
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

    /// <summary>The HTTP/2 listeners for gRPC (<c>--grpc</c>): ext_authz <c>Check</c> and <c>grpc.health.v1.Health</c>; cleartext unless <see cref="Tls"/>.</summary>
    public IReadOnlyList<ListenAddress> Grpc { get; init; } = [];

    /// <summary>
    /// TLS on the TCP listeners (<c>--http-tls</c>): for each connection, given who connects, the
    /// handshake's options (server certificate; client certificate required and checked when the
    /// server has a client CA). Null: cleartext. Unix-socket listeners stay cleartext (their file
    /// mode protects them), as the binary listener's do.
    /// </summary>
    public Func<TlsPeer, SslServerAuthenticationOptions>? Tls { get; init; }

    /// <summary>Time a client has to finish the TLS handshake: 10 s.</summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

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

/// <summary>Who is starting a TLS handshake on an HTTP or gRPC listener.</summary>
/// <param name="Address">The peer's address, for the log.</param>
/// <param name="Listener">The listener it connected to, for the refusal count.</param>
public readonly record struct TlsPeer(string Address, ConnectionListener Listener);
