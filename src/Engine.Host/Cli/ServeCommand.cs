using System.Runtime.InteropServices;
using Engine.Protocol;
using Engine.Host.Reload;
using Engine.Host.Server;
using Microsoft.Extensions.Logging;

namespace Engine.Host.Cli;

/// <summary><c>engine serve</c>: runs the decision server until SIGTERM or Ctrl+C; SIGHUP reloads.</summary>
internal static class ServeCommand
{
    public const string Usage = """
        usage: engine serve [--bundle DIR] [--listen ADDR] [limits]

        Answers authorization queries over the binary protocol (docs/wire-protocol.md) for the
        principals of a policy bundle (docs/bundles.md). Without --bundle it serves the bundled
        example: the MFA self-service policy for arn:aws:iam::111122223333:user/alice and
        .../user/bob.

          --bundle PATH            the bundle to serve: a bundle directory, or AWS account files
                                   (`aws iam get-account-authorization-details` output, repeat
                                   for several pages; docs/accounts.md). A change (debounced) or
                                   SIGHUP reloads it off the request path; a broken bundle is
                                   logged with its located errors and the last good one keeps serving
          --derive-context         fill aws:username, aws:PrincipalArn, aws:PrincipalTag/… from
                                   the bundle's principal when a request lacks them
          --listen ADDR            127.0.0.1:7070 (default), [::1]:PORT, or unix:/path/engine.sock
          --no-watch               reload on SIGHUP only, not on file changes (unless --reload-interval)
          --reload-interval S      also poll the bundle's files every S seconds (default 10 while
                                   watching; 0 = never): catches what a watch cannot see — the
                                   directory deleted and recreated, moved, or swapped through a
                                   symlink (a Kubernetes ConfigMap's ..data swap)
          --socket-mode MODE       a unix socket's file mode, in octal (default 0600), whatever the umask
          --allow-uid N            on a unix socket, serve only peers of this uid (SO_PEERCRED;
                                   repeatable); with --allow-gid, a peer on either list is served
          --allow-gid N            on a unix socket, serve only peers of this gid (repeatable)
          --io inline|pool         where socket completions run: `inline` (default) answers on
                                   the socket engine's event thread, saving a thread-pool hand-off
                                   per read (about twice the throughput of unpipelined clients);
                                   `pool` is .NET's default, hands each read to the thread pool

        limits:
          --max-frame-bytes N      largest frame, header included (default 65536; 256 to 16777216)
          --max-connections N      connections at once; more get an Overloaded error and are
                                   closed on accept (default 1024)
          --max-in-flight N        requests one connection gets answered before its responses are
                                   flushed and the flush awaited (default 256)
          --idle-timeout S         close a connection silent for S seconds (default 300; 0 = never)
          --frame-deadline S       abort a client that takes over S seconds to finish a frame or to
                                   read its answers (default 10)
          --drain-timeout S        on stop, time to answer what was received (default 5)

        signals: SIGTERM or Ctrl+C stop gracefully (every received request is answered, exit 0);
        SIGHUP reloads the policy source.

        examples:
          engine serve
          engine serve --bundle ./prod-bundle --listen unix:/run/engine.sock
          engine serve --bundle account.json --derive-context
        """;

    private static readonly HashSet<string> s_options =
    [
        "--bundle", "--listen", "--io", "--socket-mode", "--allow-uid", "--allow-gid", "--reload-interval", "--max-frame-bytes", "--max-connections", "--max-in-flight", "--idle-timeout", "--frame-deadline", "--drain-timeout",
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
        using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true));
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
        CommandLine line = CommandLine.Parse(args, new HashSet<string> { "--no-watch", "--derive-context" }, s_options);
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

        var options = new ServerOptions
        {
            Listen = listen,
            UnixSocketMode = SocketMode(line.One("--socket-mode")),
            AllowedPeerUids = Ids(line, "--allow-uid"),
            AllowedPeerGids = Ids(line, "--allow-gid"),
            SocketCompletions = io,
            Limits = new ProtocolLimits(
                line.Int("--max-frame-bytes", ProtocolConstants.DefaultMaxFrameSize, ProtocolConstants.MinMaxFrameSize, ProtocolConstants.MaxMaxFrameSize),
                ProtocolConstants.DefaultMaxContextEntries,
                ProtocolConstants.DefaultMaxContextValues),
            MaxConnections = line.Int("--max-connections", 1024, 1, 1_000_000),
            MaxInFlight = line.Int("--max-in-flight", 256, 1, 1_000_000),
            IdleTimeout = Seconds(line.Double("--idle-timeout", 300, 0, 86_400)),
            FrameDeadline = Seconds(line.Double("--frame-deadline", 10, 0.001, 3_600)),
            DrainTimeout = Seconds(line.Double("--drain-timeout", 5, 0.001, 3_600)),
        };
        bool watch = !line.Has("--no-watch");
        return new ServeOptions(
            loggerFactory is null ? options : options with { LoggerFactory = loggerFactory },
            [.. line.All("--bundle")],
            WatchBundle: watch,
            DeriveContext: line.Has("--derive-context"))
        {
            ReloadInterval = Seconds(line.Double("--reload-interval", watch ? 10 : 0, 0, 86_400)),
        };
    }

    /// <summary>Serves until <paramref name="stop"/> fires, then stops gracefully; returns the exit code.</summary>
    internal static async Task<int> RunAsync(ServeOptions serve, TextWriter output, Action<DecisionServer> started, CancellationToken stop)
    {
        ServerOptions options = serve.Server;
        IReadOnlyList<string> paths = serve.BundlePaths.Count > 0 ? serve.BundlePaths : [BundleReload.DefaultDirectory];
        PolicySourceHolder policies;
        try
        {
            policies = new PolicySourceHolder(BundleReload.Load(paths, serve.DeriveContext), BundleReload.Rebuilder(paths, serve.DeriveContext));
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

        var server = new DecisionServer(policies, options);
        BundleWatcher[] watchers = serve.WatchBundle
            ? [.. BundleReload.WatchedDirectories(paths).Select(d => new BundleWatcher(d, TimeSpan.FromMilliseconds(500), () => server.Reload()))]
            : [];
        using BundlePoller? poller = serve.ReloadInterval != Timeout.InfiniteTimeSpan && serve.BundlePaths.Count > 0
            ? new BundlePoller(paths, serve.ReloadInterval, () => server.Reload())
            : null;
        try
        {
            server.Start();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new UsageException($"cannot listen on `{options.Listen}`: {e.Message}");
        }

        started(server);
        await output.WriteLineAsync($"engine serve: listening on {server.LocalAddress} (bundle {string.Join(", ", paths)}, revision {policies.Current.Revision}, io {SocketCompletions.Name(options.SocketCompletions)})").ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }

        foreach (BundleWatcher watcher in watchers)
        {
            watcher.Dispose();
        }

        await server.DisposeAsync().ConfigureAwait(false);
        await output.WriteLineAsync("engine serve: stopped").ConfigureAwait(false);
        return 0;
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
