using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Engine.LoadGen.Cli;

namespace Engine.LoadGen.Running;

/// <summary>
/// An <c>engine serve</c> started for one run (<c>--spawn</c>) on a free loopback port. It is
/// stopped on <see cref="Dispose"/>, which the runner reaches on success, on errors and on Ctrl+C:
/// SIGTERM first, so it answers what it received and exits as in production, then a kill if it
/// has not exited within five seconds; a process-exit hook kills it in every other case.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const int OutputTailLines = 20;
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly Queue<string> _outputTail = new();
    private readonly EventHandler _onExit;
    private bool _disposed;

    private ServerProcess(Process process, ServerAddress address, ServerAddress? gatewayAddress, Uri? metricsUrl)
    {
        _process = process;
        Address = address;
        GatewayAddress = gatewayAddress;
        MetricsUrl = metricsUrl;
        _onExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    /// <summary>Where the server listens for the binary protocol (always: the readiness Ping and the Stats go there).</summary>
    public ServerAddress Address { get; }

    /// <summary>Where the server answers ext_authz (<c>--grpc</c>) or HTTP (<c>--http</c>), or null for a binary run.</summary>
    public ServerAddress? GatewayAddress { get; }

    /// <summary>The server's <c>GET /metrics</c> on a binary run (an <c>--http</c> listener added for it), or null.</summary>
    public Uri? MetricsUrl { get; }

    /// <summary>Starts the server and waits until it answers a Ping (and accepts connections on its gateway listener).</summary>
    /// <param name="enginePath">The engine binary or <c>engine.dll</c>; null: the one next to this program.</param>
    /// <param name="bundle">The <c>--bundle</c> paths, or empty for the server's default.</param>
    /// <param name="protocol">The transport under test: a gateway protocol adds its listener beside the binary one.</param>
    /// <param name="gatewayFile">The mapping file (<c>--gateway</c>) for a gateway protocol, or null.</param>
    /// <param name="cancellation">Stops the wait (and kills the server).</param>
    /// <returns>The running server.</returns>
    public static async Task<ServerProcess> StartAsync(string? enginePath, IReadOnlyList<string> bundle, LoadProtocol protocol, string? gatewayFile, CancellationToken cancellation)
    {
        ProcessStartInfo start = ResolveEngine(enginePath);
        int port = FreeLoopbackPort();
        ServerAddress address = ServerAddress.Loopback(port);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--listen");
        start.ArgumentList.Add(address.Text);
        ServerAddress? gatewayAddress = null;
        Uri? metricsUrl = null;
        if (protocol == LoadProtocol.Binary)
        {
            // For its /metrics only: the run reads the server's own request durations there.
            ServerAddress http = ServerAddress.Loopback(FreeLoopbackPort());
            start.ArgumentList.Add("--http");
            start.ArgumentList.Add(http.Text);
            metricsUrl = new Uri($"http://{http.Text}/metrics");
        }
        else
        {
            gatewayAddress = ServerAddress.Loopback(FreeLoopbackPort());
            start.ArgumentList.Add(protocol == LoadProtocol.ExtAuthz ? "--grpc" : "--http");
            start.ArgumentList.Add(gatewayAddress.Text);
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
        var server = new ServerProcess(process, address, gatewayAddress, metricsUrl);
        try
        {
            process.OutputDataReceived += (_, e) => server.Remember(e.Data);
            process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitUntilReadyAsync(cancellation).ConfigureAwait(false);
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

    private async Task WaitUntilReadyAsync(CancellationToken cancellation)
    {
        long deadline = Stopwatch.GetTimestamp() + RunTimeline.SecondsToTicks(s_startTimeout.TotalSeconds);

        // Bounded in time by the deadline and in count by the poll interval.
        while (true)
        {
            if (_process.HasExited)
            {
                throw new LoadGenException($"the spawned server exited with code {_process.ExitCode} before answering a ping:{OutputTail()}");
            }

            try
            {
                using ControlChannel channel = await ControlChannel.OpenAsync(Address, cancellation).ConfigureAwait(false);
                if (GatewayAddress is not null)
                {
                    // The bundle is active once the Ping is answered; Kestrel's listener may open a moment later.
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

    // Binding port 0 lets the kernel pick a free port; it is released just before the server binds
    // it, a small race that a failed start reports clearly.
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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
