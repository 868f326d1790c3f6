using System.Collections.Immutable;
using System.Net.Security;
using Engine.Gateway.Grpc;
using Engine.Gateway.Metrics;
using Engine.Protocol;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Engine.Gateway.Http;

/// <summary>
/// Kestrel with the gateway endpoints on the <c>--http</c> listeners: started and stopped beside the
/// binary server, sharing its bundle, reload and drain.
/// </summary>
public sealed class GatewayHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GatewayHttpOptions _options;
    private readonly GatewayState _state;
    private HealthServiceImpl? _health;

    private GatewayHttpServer(WebApplication app, GatewayHttpOptions options, GatewayState state)
    {
        _app = app;
        _options = options;
        _state = state;
    }

    /// <summary>The addresses bound (a port 0 shows the port the system chose).</summary>
    public ImmutableArray<string> Addresses { get; private set; } = [];

    /// <summary>What each HTTP/1.1 listener (<c>--http</c>) bound, in the order given: a port 0 shows the port the system chose.</summary>
    public ImmutableArray<string> HttpAddresses { get; private set; } = [];

    /// <summary>What each gRPC listener (<c>--grpc</c>) bound, in the order given: a port 0 shows the port the system chose.</summary>
    public ImmutableArray<string> GrpcAddresses { get; private set; } = [];

    /// <summary>Builds and starts Kestrel on the listeners.</summary>
    /// <param name="options">Listeners and limits.</param>
    /// <param name="endpoints">The handler.</param>
    /// <param name="state">Draining state, set on stop.</param>
    /// <param name="loggerFactory">The host's logger factory.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<GatewayHttpServer> StartAsync(GatewayHttpOptions options, GatewayEndpoints endpoints, GatewayState state, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "engine" });
        builder.Services.AddLogging();
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        // Kestrel writes the bound endpoint back into each listener's options (port 0 becomes the
        // chosen port), so a caller that asked for port 0 learns which listener got which port.
        var httpListeners = new List<(ListenOptions Listener, bool Tls)>();
        var grpcListeners = new List<(ListenOptions Listener, bool Tls)>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            KestrelServerLimits limits = kestrel.Limits;
            limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            limits.MaxRequestHeadersTotalSize = options.MaxRequestHeadersTotalBytes;
            limits.MaxRequestHeaderCount = options.MaxRequestHeaderCount;
            limits.MaxConcurrentConnections = options.MaxConnections;
            limits.MaxConcurrentUpgradedConnections = 0;
            limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
            limits.KeepAliveTimeout = options.KeepAliveTimeout;
            foreach (ListenAddress address in options.Http)
            {
                Listen(kestrel, address, HttpProtocols.Http1, endpoints.Metrics, ConnectionListener.Http, options, httpListeners);
            }

            foreach (ListenAddress address in options.Grpc)
            {
                Listen(kestrel, address, HttpProtocols.Http2, endpoints.Metrics, ConnectionListener.Grpc, options, grpcListeners);
            }
        });

        var health = new HealthServiceImpl();
        if (options.Grpc.Count > 0)
        {
            builder.Services.AddRoutingCore();
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(endpoints.Decider);
            builder.Services.AddSingleton(endpoints.Mapper);
            builder.Services.AddSingleton(state);
            builder.Services.AddSingleton(health);
            builder.Services.AddSingleton(endpoints.Metrics);
        }

        WebApplication app = builder.Build();

        // GET /metrics, Prometheus's text format (OpenMetrics when the scraper asks for it), from
        // the one registry every transport records into.
        app.UseMetricServer(settings => settings.Registry = endpoints.Metrics.Registry, "/metrics");
        if (options.Grpc.Count > 0)
        {
            app.UseRouting();
            app.MapGrpcService<ExtAuthzService>();
            app.MapGrpcService<HealthServiceImpl>();

            // A request routing matched goes on to its gRPC endpoint; every other one to the HTTP handler.
            app.Use((context, next) => context.GetEndpoint() is not null ? next(context) : endpoints.HandleAsync(context));
        }
        else
        {
            app.Run(endpoints.HandleAsync);
        }

        var server = new GatewayHttpServer(app, options, state) { _health = health };
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        // SERVING only once a bundle is active (the host loads it before any listener opens).
        health.SetStatus(string.Empty, endpoints.Decider.IsReady ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing);
        server.Addresses = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
        server.HttpAddresses = [.. httpListeners.Select(BoundAddress)];
        server.GrpcAddresses = [.. grpcListeners.Select(BoundAddress)];

        // As the binary listener logs its own: an operator reading the log learns each bound port.
        ILogger log = loggerFactory.CreateLogger("Engine.Gateway");
        foreach ((string kind, ImmutableArray<string> urls) in new[] { ("http", server.HttpAddresses), ("grpc", server.GrpcAddresses) })
        {
            foreach (string url in urls)
            {
                GatewayLog.Listening(log, kind, url);
            }
        }
        return server;
    }

    /// <summary>
    /// Marks the server as draining while it keeps answering: <c>/readyz</c> turns 503 and
    /// <c>grpc.health.v1.Health</c> NOT_SERVING, so a gateway or load balancer polling them stops
    /// sending before the listeners close (<see cref="StopAsync"/>).
    /// </summary>
    public void BeginDrain()
    {
        _state.BeginDrain();
        _health?.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.NotServing);
    }

    /// <summary>Stops: <c>/readyz</c> turns 503 at once (<see cref="BeginDrain"/>), then the listeners close and requests in progress get the drain timeout to finish.</summary>
    public async Task StopAsync()
    {
        BeginDrain();
        using var drain = new CancellationTokenSource(_options.DrainTimeout);
        await _app.StopAsync(drain.Token).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    // The listener's address as a URL (http://127.0.0.1:8080, https://…, http://unix:/path).
    private static string BoundAddress((ListenOptions Listener, bool Tls) bound)
    {
        string scheme = bound.Tls ? "https" : "http";
        return bound.Listener.SocketPath is { } path ? $"{scheme}://unix:{path}" : $"{scheme}://{bound.Listener.IPEndPoint}";
    }

    private static void Listen(KestrelServerOptions kestrel, ListenAddress address, HttpProtocols protocols, EngineMetrics metrics, ConnectionListener listener, GatewayHttpOptions options, List<(ListenOptions Listener, bool Tls)> bound)
    {
        // TLS is for TCP listeners; a Unix-socket listener stays cleartext.
        Func<TlsPeer, SslServerAuthenticationOptions>? tls = address.UnixPath is null ? options.Tls : null;
        void Configure(ListenOptions o)
        {
            bound.Add((o, tls is not null));
            o.Protocols = protocols;

            // engine_connections: a connection counts from accept to close, whatever it carries.
            o.Use(next => async connection =>
            {
                metrics.ConnectionOpened(listener);
                try
                {
                    await next(connection).ConfigureAwait(false);
                }
                finally
                {
                    metrics.ConnectionClosed(listener);
                }
            });

            // After the count, so that a connection refused in its handshake was counted open too.
            // ALPN offers what the listener speaks (h2 for gRPC), from o.Protocols.
            if (tls is not null)
            {
                o.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = context => ValueTask.FromResult(tls(new TlsPeer(context.Connection.RemoteEndPoint?.ToString() ?? "unknown peer", listener))),
                    HandshakeTimeout = options.TlsHandshakeTimeout,
                });
            }
        }

        if (address.UnixPath is { } path)
        {
            // A socket file left by a process that died would make the bind fail.
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            kestrel.ListenUnixSocket(path, Configure);
        }
        else
        {
            kestrel.Listen((System.Net.IPEndPoint)address.EndPoint, Configure);
        }
    }
}
