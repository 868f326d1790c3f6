using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Engine.Bundles;
using Engine.Gateway.Http;
using Engine.Gateway.Mapping;
using Engine.Gateway.Metrics;
using Engine.Host.Gateway;
using Engine.Host.Reload;
using Engine.Host.Server;
using Engine.Protocol;
using Microsoft.Extensions.Logging;

namespace Engine.Host.Cli;

/// <summary><c>engine serve</c>: runs the decision server until SIGTERM or Ctrl+C; SIGHUP reloads.</summary>
internal static class ServeCommand
{
    public const string Usage = """
        usage: engine serve [--bundle DIR] [--listen ADDR] [--http ADDR] [--gateway FILE] [limits]

        Answers authorization queries for the principals of a policy bundle (docs/bundles.md):
        over the binary protocol (docs/wire-protocol.md), and over HTTP for API gateways
        (forward-auth for nginx, Caddy, Traefik and Envoy's http_service; a JSON API; health;
        docs/gateways.md). Every HTTP listener also answers GET /healthz (live), GET /readyz
        (ready; 503 while draining) and GET /metrics (Prometheus text: decisions by transport
        and outcome, request durations, connections, reloads, bundle revision and age;
        docs/server.md). With no listener named it listens on both 127.0.0.1:7070 (binary) and
        127.0.0.1:7071 (HTTP); name any of --listen and --http to choose. Without --bundle it
        serves the bundled example: the MFA self-service policy for
        arn:aws:iam::111122223333:user/alice and .../user/bob.

          --bundle PATH            the bundle to serve: a bundle directory, or AWS account files
                                   (`aws iam get-account-authorization-details` output, repeat
                                   for several pages; docs/accounts.md). A change (debounced) or
                                   SIGHUP reloads it off the request path; a broken bundle is
                                   logged with its located errors and the last good one keeps serving
          --key-policies DIR       customer managed KMS key policies: DIR/NAME.json is the policy
                                   of the key whose id (or ARN, `/` written %2F) is NAME;
                                   watched and reloaded with the bundle (docs/accounts.md)
          --derive-context         fill aws:username, aws:PrincipalArn, aws:PrincipalTag/… from
                                   the bundle's principal when a request lacks them
          --listen ADDR            the binary protocol: 127.0.0.1:7070 (default), [::1]:PORT, or
                                   unix:/path/engine.sock
          --http ADDR              HTTP/1.1 (repeatable): /v1/forward-auth, POST /v1/authorize,
                                   POST /v1/authorize/batch, /healthz, /readyz, /metrics;
                                   HOST:PORT or unix:PATH, loopback unless an address says otherwise
          --grpc ADDR              HTTP/2 (repeatable; TCP ones over TLS with --http-tls): Envoy's ext_authz v3
                                   envoy.service.auth.v3.Authorization/Check and
                                   grpc.health.v1.Health; HOST:PORT or unix:PATH
          --gateway FILE           how an HTTP request becomes an IAM question (docs/gateways.md):
                                   principal header or peer table, API Gateway's action and
                                   resource or route rules, trusted proxies, header -> context
                                   keys. Default: principal from X-Principal-Arn, action
                                   execute-api:Invoke on arn:aws:execute-api:us-east-1:
                                   111122223333:local/default/METHOD/path, loopback proxies trusted
          --dry-run                HTTP answers Allow on every request and logs what it would have
                                   decided (for rollouts; the binary protocol is not affected)
          --explain-headers        forward-auth and ext_authz answers also carry X-Engine-Reason:
                                   why no statement decided (role-trust-policy-no-allow,
                                   not-controlled-by-policy, …); each such answer is explained by
                                   the reference interpreter, so it costs more than the decision
          --no-watch               reload on SIGHUP only, not on file changes (unless --reload-interval)
          --reload-interval S      also poll the bundle's files every S seconds (default 10 while
                                   watching; 0 = never): catches what a watch cannot see — the
                                   directory deleted and recreated, moved, or swapped through a
                                   symlink (a Kubernetes ConfigMap's ..data swap). A watch that
                                   fails (inotify limits) is logged once and polling takes over
                                   (every 10 s if no interval was set); `engine stats` shows
                                   reload_watch_failures, reloads_failed and when the revision
                                   in use was loaded
          --socket-mode MODE       a unix socket's file mode, in octal (default 0600), whatever the umask
          --allow-uid N            on a unix socket, serve only peers of this uid (SO_PEERCRED;
                                   repeatable); with --allow-gid, a peer on either list is served
          --allow-gid N            on a unix socket, serve only peers of this gid (repeatable)
          --context-check strict|off
                                   strict (default): a query whose context gives a global key a
                                   value of the wrong type (aws:MultiFactorAuthPresent `yes`, `""`,
                                   ["false"] or []; a Date, Numeric, IP or ARN key that does not
                                   parse; a single-valued key sent as an array) is answered
                                   Malformed, naming the key, and never decided (binary: an Error
                                   frame; JSON API: 400; forward-auth and ext_authz: deny).
                                   off: such values are decided as the spec says (they make the
                                   condition false, which can turn a Deny off)
          --io inline|pool         where socket completions run: `inline` (default) answers on
                                   the socket engine's event thread, saving a thread-pool hand-off
                                   per read (about twice the throughput of unpipelined clients);
                                   `pool` is .NET's default, hands each read to the thread pool

        who may ask (docs/server.md, "Running it safely"):
          --tls-cert FILE.pem      TLS on the binary TCP listener: the server's certificate (PEM;
                                   intermediates may follow the leaf in the same file)
          --tls-key FILE.pem       its private key (PEM, unencrypted; chmod 600)
          --tls-client-ca FILE.pem require a client certificate for client authentication signed
                                   by this CA (PEM, may hold several); the system's roots are not used
          --tls-allow-subject DN   serve only a client certificate with this subject, e.g.
                                   "CN=billing, O=Example" (repeatable; with --tls-allow-san, a
                                   certificate on either list is served; none: any the CA signed)
          --tls-allow-san NAME     ... or with this DNS name or URI among its subject alternative
                                   names, e.g. billing.internal or spiffe://example.org/billing
          --http-tls               TLS on the TCP --http and --grpc listeners too, with the same
                                   --tls-cert/--tls-key; with --tls-client-ca, a client (nginx,
                                   Caddy, Traefik, Envoy) must present a certificate the CA
                                   signed and the allow-lists name, or its handshake fails
                                   (probes and /metrics scrapes too; unix-socket listeners stay
                                   cleartext; the token is for the binary protocol only)
          --auth-token-file FILE   a shared secret (16 to 1024 printable bytes; not readable by
                                   other users): every connection, TCP or unix, must send it in a
                                   Hello frame first, or gets an Unauthorized error and is closed.
                                   Re-read on SIGHUP. With it or --tls-client-ca, only peers that
                                   passed are served at all, Stats included. TLS is refused on a
                                   unix --listen (its mode and --allow-uid protect it; with
                                   --http-tls the certificates then serve HTTP and gRPC only)

        limits:
          --max-frame-bytes N      largest frame, header included (default 65536; 256 to 16777216)
          --max-buffered-bytes N   one budget for the bytes of frames over 64 KiB buffered across
                                   all connections; a frame that does not fit gets an Overloaded
                                   error and its connection is closed (default: min(max-frame-bytes
                                   x max-connections, max(4 x max-frame-bytes, 64 MiB)); at least
                                   --max-frame-bytes). See docs/server.md, "Sizing memory"
          --max-connections N      connections at once (default 1024); at the limit a new one
                                   closes the connection idle longest (see --evict-idle-after),
                                   or, when none qualifies, gets an Overloaded error and is closed
          --max-connections-per-peer N
                                   connections one peer may hold: per IP address on TCP, per uid
                                   on a unix socket; more get an Overloaded error (default 0 = no
                                   limit: a sidecar's clients often share 127.0.0.1)
          --evict-idle-after S     at --max-connections, a connection idle this long may be closed
                                   (with a closing Overloaded error) to make room (default 1;
                                   0 = never, refuse the new one instead)
          --max-in-flight N        requests one connection gets answered before its responses are
                                   flushed and the flush awaited (default 256)
          --idle-timeout S         close a connection silent for S seconds (default 300; 0 = never)
          --frame-deadline S       abort a client that takes over S seconds to finish a frame or to
                                   read its answers (default 10)
          --min-frame-rate B       abort a client whose frame in progress arrives slower than B
                                   bytes a second on average, once the grace period is over
                                   (default 240; 0 = off)
          --min-frame-rate-grace S the grace period of --min-frame-rate (default 5)
          --drain-timeout S        on stop, time to answer what was received (default 5): first
                                   the binary connections, while HTTP still answers with /readyz
                                   503 and gRPC health NOT_SERVING; then HTTP's own
          --http-max-body N        largest HTTP request body in bytes (default 4194304; larger get
                                   413). Kestrel's other limits: headers 32 KiB and 100 at most
                                   (431), 1024 connections (--max-connections), 10 s to send the
                                   headers, 120 s keep-alive idle

        signals: SIGTERM or Ctrl+C stop gracefully (every received request is answered, exit 0);
        SIGHUP reloads the policy source.

        logs: at most 10 lines a second of each kind of event; the rest are counted and summed up
        in one "suppressed N similar lines" line when the second ends.

        examples:
          engine serve
          curl -s -X POST 127.0.0.1:7071/v1/authorize -d '{"principal":"arn:aws:iam::111122223333:user/alice","action":"iam:ListMFADevices","resource":"arn:aws:iam::111122223333:user/alice","context":{"aws:username":"alice"}}'
          engine serve --bundle ./prod-bundle --http 127.0.0.1:9191 --gateway gateway.json
          curl -i -H 'X-Principal-Arn: arn:aws:iam::111122223333:user/alice' 127.0.0.1:9191/v1/forward-auth/pets/1
          curl -s 127.0.0.1:7071/metrics | grep '^engine_decisions_total'
          engine serve --bundle ./prod-bundle --listen unix:/run/engine.sock
          engine serve --bundle account.json --derive-context
          engine serve --bundle ./prod-bundle --listen 0.0.0.0:7070 --max-connections 256 --max-connections-per-peer 16
          engine serve --bundle ./prod-bundle --listen 0.0.0.0:7070 --tls-cert server.pem --tls-key server-key.pem \
            --tls-client-ca ca.pem --tls-allow-subject "CN=billing, O=Example" --auth-token-file engine.token
          engine serve --bundle ./prod-bundle --listen unix:/run/engine/engine.sock --auth-token-file engine.token
          engine serve --bundle ./prod-bundle --grpc 0.0.0.0:9001 --http-tls --tls-cert server.pem --tls-key server-key.pem \
            --tls-client-ca ca.pem --tls-allow-san spiffe://example.org/envoy
          engine serve --bundle ./prod-bundle --max-frame-bytes 16777216 --max-buffered-bytes 33554432
        """;

    private static readonly HashSet<string> s_options =
    [
        "--bundle", "--key-policies", "--listen", "--http", "--grpc", "--gateway", "--http-max-body", "--context-check", "--io", "--socket-mode", "--allow-uid", "--allow-gid", "--reload-interval", "--max-frame-bytes", "--max-buffered-bytes", "--max-connections", "--max-connections-per-peer", "--evict-idle-after", "--min-frame-rate", "--min-frame-rate-grace", "--max-in-flight", "--idle-timeout", "--frame-deadline", "--drain-timeout",
        .. ServeAuthOptions.Names,
    ];

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        ServeOptions? options = ParseOptions(args, output, loggerFactory: null);
        if (options is null)
        {
            return 0;
        }

        // Before the first socket exists: .NET reads the mode once.
        SocketCompletions.Use(options.Server.SocketCompletions);
        using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter("Microsoft.Hosting", LogLevel.Warning));
        options = options with { Server = options.Server with { LoggerFactory = loggerFactory } };
        using var stop = new CancellationTokenSource();
        void RequestStop(PosixSignalContext context)
        {
            // Handled here: the process exits after the graceful stop, with code 0.
            context.Cancel = true;
            stop.Cancel();
        }

        DecisionServer? server = null;
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
        using PosixSignalRegistration hangUp = HangUpSignal.Register(context =>
        {
            context.Cancel = true;
            server?.Reload();
        });
        return RunAsync(options, output, s => server = s, stop.Token).GetAwaiter().GetResult();
    }

    /// <summary>Parses the options; null when only the usage was asked for.</summary>
    internal static ServeOptions? ParseOptions(IReadOnlyList<string> args, TextWriter output, ILoggerFactory? loggerFactory)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string> { "--no-watch", "--derive-context", "--dry-run", "--explain-headers", "--http-tls" }, s_options);
        if (line.ShowHelp(Usage, output))
        {
            return null;
        }

        line.RejectPositionals();

        ListenAddress listen = ServerOptions.DefaultListen;
        if (line.One("--listen") is { } text && !ListenAddress.TryParse(text, out listen!))
        {
            throw new UsageException($"--listen takes HOST:PORT or unix:PATH, not `{text}`");
        }

        SocketCompletionMode io = SocketCompletionMode.Inline;
        if (line.One("--io") is { } ioText && !SocketCompletions.TryParse(ioText, out io))
        {
            throw new UsageException($"--io takes `inline` or `pool`, not `{ioText}`");
        }

        ServerTlsOptions? tls = ServeAuthOptions.ParseTls(line);
        bool httpTls = line.Has("--http-tls");
        if (httpTls && tls is null)
        {
            throw new UsageException("--http-tls puts the --http and --grpc listeners behind the server's certificate: add --tls-cert and --tls-key");
        }

        if (tls is not null && listen.IsUnix && !httpTls)
        {
            throw new UsageException("TLS is for a TCP --listen: a unix socket is protected by --socket-mode and --allow-uid/--allow-gid; --auth-token-file works on both");
        }

        var options = new ServerOptions
        {
            Listen = listen,

            // With --http-tls and a unix --listen, the certificate is for the HTTP listeners only.
            Tls = listen.IsUnix ? null : tls,
            AuthToken = ServeAuthOptions.ParseToken(line),
            ContextValidator = line.One("--context-check") switch
            {
                null or "strict" => GlobalContextValidator.Strict,
                "off" => null,
                string other => throw new UsageException($"--context-check takes `strict` or `off`, not `{other}`"),
            },
            UnixSocketMode = SocketMode(line.One("--socket-mode")),
            AllowedPeerUids = Ids(line, "--allow-uid"),
            AllowedPeerGids = Ids(line, "--allow-gid"),
            SocketCompletions = io,
            Limits = new ProtocolLimits(
                line.Int("--max-frame-bytes", ProtocolConstants.DefaultMaxFrameSize, ProtocolConstants.MinMaxFrameSize, ProtocolConstants.MaxMaxFrameSize),
                ProtocolConstants.DefaultMaxContextEntries,
                ProtocolConstants.DefaultMaxContextValues),
            MaxConnections = line.Int("--max-connections", 1024, 1, 1_000_000),
            MaxBufferedBytes = BufferedBytes(line),
            MaxConnectionsPerPeer = line.Int("--max-connections-per-peer", 0, 0, 1_000_000),
            EvictIdleAfter = Seconds(line.Double("--evict-idle-after", 1, 0, 86_400)),
            MinFrameRate = line.Int("--min-frame-rate", 240, 0, int.MaxValue),
            MinFrameRateGracePeriod = Seconds(line.Double("--min-frame-rate-grace", 5, 0.001, 3_600)),
            MaxInFlight = line.Int("--max-in-flight", 256, 1, 1_000_000),
            IdleTimeout = Seconds(line.Double("--idle-timeout", 300, 0, 86_400)),
            FrameDeadline = Seconds(line.Double("--frame-deadline", 10, 0.001, 3_600)),
            DrainTimeout = Seconds(line.Double("--drain-timeout", 5, 0.001, 3_600)),
        };
        // No listener named: both, so that `engine serve` alone can be tried with curl.
        bool noListener = line.One("--listen") is null && line.All("--http").Count == 0 && line.All("--grpc").Count == 0;
        var grpc = new List<ListenAddress>();
        foreach (string grpcText in line.All("--grpc"))
        {
            grpc.Add(ListenAddress.TryParse(grpcText, out ListenAddress? address) ? address! : throw new UsageException($"--grpc takes HOST:PORT or unix:PATH, not `{grpcText}`"));
        }

        var http = new List<ListenAddress>();
        foreach (string httpText in line.All("--http"))
        {
            http.Add(ListenAddress.TryParse(httpText, out ListenAddress? address) ? address! : throw new UsageException($"--http takes HOST:PORT or unix:PATH, not `{httpText}`"));
        }

        if (noListener)
        {
            http.Add(GatewayHttpOptions.DefaultHttp);
        }

        if (httpTls && http.Concat(grpc).All(a => a.IsUnix))
        {
            throw new UsageException("--http-tls: no TCP --http or --grpc listener to put TLS on (unix sockets stay cleartext: --socket-mode protects them)");
        }

        bool watch = !line.Has("--no-watch");
        return new ServeOptions(
            loggerFactory is null ? options : options with { LoggerFactory = loggerFactory },
            [.. line.All("--bundle")],
            WatchBundle: watch,
            DeriveContext: line.Has("--derive-context"))
        {
            ListenBinary = noListener || line.One("--listen") is not null,
            Http = new GatewayHttpOptions
            {
                Http = http,
                Grpc = grpc,
                MaxConnections = options.MaxConnections,
                DrainTimeout = options.DrainTimeout,
                MaxRequestBodyBytes = line.Int("--http-max-body", 4 * 1024 * 1024, 1024, 1 << 30),
            },
            HttpTls = httpTls ? tls : null,
            GatewayFile = line.One("--gateway"),
            KeyPolicyDirectory = line.One("--key-policies") is not { } keys ? null
                : line.All("--bundle").Count > 0 ? keys
                : throw new UsageException("--key-policies adds key policies to a bundle; give --bundle too"),
            DryRun = line.Has("--dry-run"),
            ExplainHeaders = line.Has("--explain-headers"),
            ReloadInterval = Seconds(line.Double("--reload-interval", watch ? 10 : 0, 0, 86_400)),
        };
    }

    /// <summary>Serves until <paramref name="stop"/> fires, then stops gracefully; returns the exit code.</summary>
    internal static async Task<int> RunAsync(ServeOptions serve, TextWriter output, Action<DecisionServer> started, CancellationToken stop)
    {
        // One registry for every transport: GET /metrics on the HTTP listeners shows the binary one too.
        EngineMetrics metrics = serve.Server.Metrics ?? new EngineMetrics();
        ServerOptions options = serve.Server with { Metrics = metrics };
        IReadOnlyList<string> paths = serve.BundlePaths.Count > 0 ? serve.BundlePaths : [BundleReload.DefaultDirectory];
        PolicySourceHolder policies;
        try
        {
            policies = new PolicySourceHolder(
                BundleReload.Load(paths, serve.DeriveContext, serve.KeyPolicyDirectory),
                BundleReload.Rebuilder(paths, serve.DeriveContext, serve.KeyPolicyDirectory));
        }
        catch (BundleLoadException e)
        {
            throw new UsageException(e.Message);
        }

        if (serve.BundlePaths.Count == 0)
        {
            // The first line, before any log line: the example allows alice and bob, and must not
            // be mistaken for the operator's own bundle.
            await output.WriteLineAsync($"engine serve: no --bundle given, serving the EXAMPLE bundle {paths[0]} (it allows the example users alice and bob)").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        GatewayMapping mapping = GatewayMapping.Default;
        if (serve.GatewayFile is { } gatewayFile)
        {
            mapping = GatewayMappingReader.ReadFile(gatewayFile, out ImmutableArray<GatewayMappingError> errors)
                ?? throw new UsageException($"the mapping `{gatewayFile}` has errors:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}");
        }

        var server = new DecisionServer(policies, options);
        metrics.TrackBundle(() => new BundleState(policies.Current.Revision, policies.LoadedTimestamp));
        // The key policy folder is watched and polled like the bundle's own files; the example
        // bundle is not polled (it never changes); a watch that fails falls back to polling.
        IReadOnlyList<string> watched = serve.KeyPolicyDirectory is { } keyPolicies ? [.. paths, keyPolicies] : paths;
        var triggers = new BundleReloadTriggers(
            watched,
            serve.WatchBundle,
            serve.BundlePaths.Count > 0 ? serve.ReloadInterval : Timeout.InfiniteTimeSpan,
            ServeOptions.FallbackPollInterval,
            () => server.Reload(),
            server.OnWatchFailed);
        try
        {
            if (serve.ListenBinary)
            {
                server.Start();
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            triggers.Dispose();
            await server.DisposeAsync().ConfigureAwait(false);
            throw new UsageException($"cannot listen on `{options.Listen}`: {e.Message}");
        }

        var gatewayState = new GatewayState { DryRun = serve.DryRun, ExplainHeaders = serve.ExplainHeaders };
        GatewayHttpServer? http = null;
        if (serve.Http.Http.Count + serve.Http.Grpc.Count > 0)
        {
            ILoggerFactory loggerFactory = options.LoggerFactory;
            var endpoints = new GatewayEndpoints(new PolicyDecider(policies, options.ContextValidator), new RequestMapper(mapping), gatewayState, loggerFactory.CreateLogger("Engine.Gateway"), metrics);
            try
            {
                GatewayHttpOptions httpOptions = serve.HttpTls is { } httpTls
                    ? serve.Http with { Tls = new HttpListenerTls(httpTls, server.Logger, metrics).OptionsFor }
                    : serve.Http;
                http = await GatewayHttpServer.StartAsync(httpOptions, endpoints, gatewayState, loggerFactory, stop).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                triggers.Dispose();
                await server.DisposeAsync().ConfigureAwait(false);
                throw new UsageException($"cannot listen on `{string.Join("`, `", serve.Http.Http.Concat(serve.Http.Grpc))}`: {e.Message}");
            }
        }

        started(server);
        WarnIfExposed(serve, server, options.LoggerFactory.CreateLogger("Engine.Serve"));
        if (serve.ListenBinary)
        {
            await output.WriteLineAsync($"engine serve: listening on {server.LocalAddress} (bundle {string.Join(", ", paths)}, revision {policies.Current.Revision}, io {SocketCompletions.Name(options.SocketCompletions)})").ConfigureAwait(false);
        }

        if (http is not null)
        {
            // The bound addresses, each under its listener's name: a port 0 shows the port chosen
            // (engine-loadgen --spawn reads them from this line).
            string listeners = string.Join("; ", new[] { (Name: "http", Urls: http.HttpAddresses), (Name: "grpc", Urls: http.GrpcAddresses) }
                .Where(l => l.Urls.Length > 0)
                .Select(l => $"{l.Name} on {string.Join(", ", l.Urls)}"));
            await output.WriteLineAsync($"engine serve: {listeners} (bundle {string.Join(", ", paths)}, revision {policies.Current.Revision}{(serve.DryRun ? ", dry run: every request is allowed" : "")})").ConfigureAwait(false);
        }

        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }

        triggers.Dispose();

        // One drain for every transport. /readyz turns 503 and gRPC health NOT_SERVING at once, and
        // the HTTP listeners keep answering (health, metrics, decisions) while the binary
        // connections drain, so a gateway polling health sees the drain instead of a refused
        // connection; then Kestrel stops, with its own drain timeout for requests in progress.
        gatewayState.BeginDrain();
        http?.BeginDrain();
        await server.DisposeAsync().ConfigureAwait(false);
        if (http is not null)
        {
            await http.DisposeAsync().ConfigureAwait(false);
        }

        await output.WriteLineAsync("engine serve: stopped").ConfigureAwait(false);
        return 0;
    }

    // Issue #14 finding 7: a bind other hosts can reach is said out loud at start, unless its
    // clients must prove who they are (a token or a client certificate on the binary listener; a
    // client certificate on HTTP and gRPC with --http-tls).
    private static void WarnIfExposed(ServeOptions serve, DecisionServer server, ILogger logger)
    {
        bool authenticated = server.Options.AuthToken is not null || server.Options.Tls?.RequiresClientCertificate == true;
        if (serve.ListenBinary && ListenExposure.IsExposed(server.LocalAddress) && !authenticated)
        {
            Warn("the binary protocol", server.LocalAddress, server.Options.Tls is not null);
        }

        foreach (ListenAddress http in serve.Http.Http.Where(ListenExposure.IsExposed))
        {
            WarnHttp("HTTP", http);
        }

        foreach (ListenAddress grpc in serve.Http.Grpc.Where(ListenExposure.IsExposed))
        {
            WarnHttp("gRPC", grpc);
        }

        void WarnHttp(string transport, ListenAddress address)
        {
            if (serve.HttpTls?.RequiresClientCertificate != true)
            {
                Warn(transport, address, serve.HttpTls is not null);
            }
        }

        void Warn(string transport, ListenAddress address, bool tlsOnly)
        {
            if (tlsOnly)
            {
                ServeLog.ExposedWithTlsOnly(logger, transport, address.ToString());
            }
            else
            {
                ServeLog.ExposedWithoutAuthentication(logger, transport, address.ToString());
            }
        }
    }

    // At least one frame of the largest size, else such frames could never be answered.
    private static long? BufferedBytes(CommandLine line)
    {
        if (line.One("--max-buffered-bytes") is null)
        {
            return null;
        }

        int maxFrame = line.Int("--max-frame-bytes", ProtocolConstants.DefaultMaxFrameSize, ProtocolConstants.MinMaxFrameSize, ProtocolConstants.MaxMaxFrameSize);
        return line.Long("--max-buffered-bytes", 0, maxFrame, long.MaxValue);
    }

    private static UnixFileMode SocketMode(string? text)
    {
        if (text is null)
        {
            return UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            int mode = Convert.ToInt32(text, 8);
            if (mode is >= 0 and <= 0x1FF)
            {
                return (UnixFileMode)mode;
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            // Reported below.
        }

        throw new UsageException($"--socket-mode takes an octal mode from 0 to 0777, not `{text}`");
    }

    private static HashSet<uint>? Ids(CommandLine line, string option)
    {
        IReadOnlyList<string> texts = line.All(option);
        if (texts.Count == 0)
        {
            return null;
        }

        var ids = new HashSet<uint>();
        foreach (string text in texts)
        {
            if (!uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint id))
            {
                throw new UsageException($"{option} takes a numeric id, not `{text}`");
            }

            ids.Add(id);
        }

        return ids;
    }

    private static TimeSpan Seconds(double seconds) => seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
}
