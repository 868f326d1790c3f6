using System.Diagnostics;
using System.Text;
using Engine.LoadGen.Cli;

namespace Engine.LoadGen.Running;

/// <summary>
/// An <c>engine serve</c> started for one run (<c>--spawn</c>) on loopback ports the kernel picks,
/// which the server announces on its output (<see cref="ServeAnnouncement"/>). It is
/// stopped on <see cref="Dispose"/>, which the runner reaches on success, on errors and on Ctrl+C:
/// SIGTERM first, so it answers what it received and exits as in production, then a kill if it
/// has not exited within five seconds; a process-exit hook kills it in every other case.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const int OutputTailLines = 20;
    private const string AnyLoopbackPort = "127.0.0.1:0";
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly Queue<string> _outputTail = new();
    private readonly EventHandler _onExit;
    private readonly ServeAnnouncement _announcement = new();
    private readonly bool _gateway;
    private ServerAddress? _address;
    private bool _disposed;

    private ServerProcess(Process process, bool gateway)
    {
        _process = process;
        _gateway = gateway;
        _onExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    /// <summary>Where the server listens for the binary protocol (always: the readiness Ping and the Stats go there).</summary>
    public ServerAddress Address => _address ?? throw new InvalidOperationException("the server has not announced its address");

    /// <summary>Where the server answers ext_authz (<c>--grpc</c>) or HTTP (<c>--http</c>), or null for a binary run.</summary>
    public ServerAddress? GatewayAddress { get; private set; }

    /// <summary>The server's <c>GET /metrics</c> on a binary run (an <c>--http</c> listener added for it), or null.</summary>
    public Uri? MetricsUrl { get; private set; }

    /// <summary>Starts the server and waits until it answers a Ping (and accepts connections on its gateway listener).</summary>
    /// <param name="enginePath">The engine binary or <c>engine.dll</c>; null: the one next to this program.</param>
    /// <param name="bundle">The <c>--bundle</c> paths, or empty for the server's default.</param>
    /// <param name="protocol">The transport under test: a gateway protocol adds its listener beside the binary one.</param>
    /// <param name="gatewayFile">The mapping file (<c>--gateway</c>) for a gateway protocol, or null.</param>
    /// <param name="cancellation">Stops the wait (and kills the server).</param>
    /// <returns>The running server.</returns>
    public static async Task<ServerProcess> StartAsync(string? enginePath, IReadOnlyList<string> bundle, LoadProtocol protocol, string? gatewayFile, CancellationToken cancellation)
    {
        // Every listener on port 0: the server announces the ports it got (ServeAnnouncement).
        ProcessStartInfo start = ResolveEngine(enginePath);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--listen");
        start.ArgumentList.Add(AnyLoopbackPort);
        if (protocol == LoadProtocol.Binary)
        {
            // For its /metrics only: the run reads the server's own request durations there.
            start.ArgumentList.Add("--http");
            start.ArgumentList.Add(AnyLoopbackPort);
        }
        else
        {
            start.ArgumentList.Add(protocol == LoadProtocol.ExtAuthz ? "--grpc" : "--http");
            start.ArgumentList.Add(AnyLoopbackPort);
            if (gatewayFile is not null)
            {
                start.ArgumentList.Add("--gateway");
                start.ArgumentList.Add(Path.GetFullPath(gatewayFile));
            }
        }

        foreach (string path in bundle)
        {
            start.ArgumentList.Add("--bundle");
            start.ArgumentList.Add(Path.GetFullPath(path));
        }

        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;

        Process process = Process.Start(start) ?? throw new LoadGenException($"could not start `{start.FileName}`");
        var server = new ServerProcess(process, gateway: protocol != LoadProtocol.Binary);
        try
        {
            process.OutputDataReceived += (_, e) => server.Remember(e.Data);
            process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitUntilReadyAsync(protocol, cancellation).ConfigureAwait(false);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        Terminate();
        Kill();
        _process.Dispose();
    }

    // SIGTERM through kill(1): the graceful stop of `engine serve`. Windows has no SIGTERM; Kill follows.
    private void Terminate()
    {
        if (OperatingSystem.IsWindows() || _process.HasExited)
        {
            return;
        }

        try
        {
            using Process? kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
            kill?.WaitForExit(2_000);
            _process.WaitForExit(5_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1) on this machine: Kill follows.
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputTail)
        {
            _announcement.Read(line);
            _outputTail.Enqueue(line);
            if (_outputTail.Count > OutputTailLines)
            {
                _outputTail.Dequeue();
            }
        }
    }

    private string OutputTail()
    {
        lock (_outputTail)
        {
            var text = new StringBuilder();
            foreach (string line in _outputTail)
            {
                text.Append("\n  | ").Append(line);
            }

            return text.ToString();
        }
    }

    private async Task WaitUntilReadyAsync(LoadProtocol protocol, CancellationToken cancellation)
    {
        long deadline = Stopwatch.GetTimestamp() + RunTimeline.SecondsToTicks(s_startTimeout.TotalSeconds);

        // Bounded in time by the deadline and in count by the poll interval.
        while (true)
        {
            if (_process.HasExited)
            {
                throw new LoadGenException($"the spawned server exited with code {_process.ExitCode} before answering a ping:{OutputTail()}");
            }

            if (!TryTakeAnnouncedAddresses(protocol))
            {
                if (Stopwatch.GetTimestamp() >= deadline)
                {
                    throw new LoadGenException($"the spawned server did not announce its listeners within {s_startTimeout.TotalSeconds:0} s:{OutputTail()}");
                }

                await Task.Delay(s_pollInterval, cancellation).ConfigureAwait(false);
                continue;
            }

            try
            {
                using ControlChannel channel = await ControlChannel.OpenAsync(Address, cancellation).ConfigureAwait(false);
                if (GatewayAddress is not null)
                {
                    // Kestrel listens before the line is printed; connecting checks it is reachable from here.
                    using System.Net.Sockets.Socket gateway = await GatewayAddress.ConnectAsync(TimeSpan.FromSeconds(5), cancellation).ConfigureAwait(false);
                }

                return;
            }
            catch (LoadGenException) when (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(s_pollInterval, cancellation).ConfigureAwait(false);
            }
            catch (LoadGenException e)
            {
                throw new LoadGenException($"the spawned server did not answer a ping within {s_startTimeout.TotalSeconds:0} s ({e.Message}):{OutputTail()}");
            }
        }
    }

    // Sets the addresses from the server's start-up lines once every listener this run needs is announced.
    private bool TryTakeAnnouncedAddresses(LoadProtocol protocol)
    {
        lock (_outputTail)
        {
            // Every run has a second listener: the gateway under test, or the HTTP one for /metrics.
            if (_announcement.Binary is not { } binary || !_announcement.GatewayAnnounced)
            {
                return false;
            }

            _address = Parse(binary);
            IReadOnlyList<string> urls = protocol == LoadProtocol.ExtAuthz ? _announcement.Grpc : _announcement.Http;
            if (urls.Count == 0)
            {
                throw new LoadGenException($"the spawned server announced no {(protocol == LoadProtocol.ExtAuthz ? "grpc" : "http")} listener:{OutputTail()}");
            }

            if (_gateway)
            {
                GatewayAddress = Parse(ServeAnnouncement.HostAndPort(urls[0]));
            }
            else
            {
                MetricsUrl = new Uri(new Uri(urls[0]), "/metrics");
            }

            return true;
        }
    }

    private ServerAddress Parse(string text) =>
        ServerAddress.TryParse(text, out ServerAddress? address, out string? error)
            ? address!
            : throw new LoadGenException($"the spawned server announced `{text}`, which is not a loopback address ({error}):{OutputTail()}");

    private static ProcessStartInfo ResolveEngine(string? enginePath)
    {
        // The build copies the engine's whole output into engine-server/ beside this program
        // (Engine.LoadGen.csproj); a test host that references the engine has it beside itself.
        string exe = OperatingSystem.IsWindows() ? "engine.exe" : "engine";
        string path = enginePath
            ?? new[] { Path.Combine("engine-server", exe), Path.Combine("engine-server", "engine.dll"), exe, "engine.dll" }
                .Select(p => Path.Combine(AppContext.BaseDirectory, p))
                .FirstOrDefault(File.Exists)
            ?? Path.Combine(AppContext.BaseDirectory, "engine-server", "engine.dll");
        if (!File.Exists(path))
        {
            throw new LoadGenException($"engine binary `{path}` not found (build src/Engine.Host, or pass --engine PATH)");
        }

        path = Path.GetFullPath(path);
        if (!path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return new ProcessStartInfo(path);
        }

        // A framework-dependent dll runs under the same dotnet host as we do.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet);
        start.ArgumentList.Add(path);
        return start;
    }
}
