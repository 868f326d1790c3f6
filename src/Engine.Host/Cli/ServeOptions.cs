using Engine.Gateway.Http;
using Engine.Host.Server;

namespace Engine.Host.Cli;

/// <summary>What <c>engine serve</c> was asked for: the server's options and the bundle to serve.</summary>
/// <param name="Server">How the server listens and what it tolerates.</param>
/// <param name="BundlePaths">What <c>--bundle</c> named (a directory, or account files); empty for the bundled default example.</param>
/// <param name="WatchBundle">Whether changes in the bundle directory trigger a (debounced) reload.</param>
/// <param name="DeriveContext">Whether context keys are derived from the bundle's principals.</param>
internal sealed record ServeOptions(ServerOptions Server, IReadOnlyList<string> BundlePaths, bool WatchBundle, bool DeriveContext)
{
    /// <summary>How often the bundle's files are polled once watching them failed, when <c>--reload-interval</c> set no poll.</summary>
    public static readonly TimeSpan FallbackPollInterval = TimeSpan.FromSeconds(10);

    /// <summary>How often the bundle's files are polled for a change (<see cref="Reload.BundlePoller"/>); infinite for never.</summary>
    public TimeSpan ReloadInterval { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Whether the binary protocol listens (<c>--listen</c>, or no listener named at all).</summary>
    public bool ListenBinary { get; init; } = true;

    /// <summary>The HTTP listeners and Kestrel's limits; no listener means no HTTP.</summary>
    public GatewayHttpOptions Http { get; init; } = new();

    /// <summary>TLS for the HTTP and gRPC TCP listeners (<c>--http-tls</c>: the <c>--tls-*</c> options), or null for cleartext.</summary>
    public ServerTlsOptions? HttpTls { get; init; }

    /// <summary>The mapping file (<c>--gateway</c>), or null for the default mapping.</summary>
    public string? GatewayFile { get; init; }

    /// <summary>The folder of customer managed KMS key policies (<c>--key-policies</c>, docs/accounts.md), or null.</summary>
    public string? KeyPolicyDirectory { get; init; }

    /// <summary>Whether every transport but the binary one answers Allow and logs its decision (<c>--dry-run</c>).</summary>
    public bool DryRun { get; init; }

    /// <summary>Whether forward-auth and ext_authz answers carry <c>X-Engine-Reason</c> (<c>--explain-headers</c>).</summary>
    public bool ExplainHeaders { get; init; }
}
