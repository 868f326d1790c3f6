using System.Collections.Concurrent;
using Engine.Host.Cli;
using Engine.Host.Server;
using Microsoft.Extensions.Logging;

namespace Engine.Host.Tests.Server;

/// <summary>
/// What `engine serve` logs about its listeners at start: each bound address, and (issue #14
/// finding 7) a bind other hosts can reach, whose clients need neither a client certificate nor a
/// token, warned about.
/// </summary>
public sealed class ExposureWarningTests
{
    [Fact]
    public async Task Serve_on_a_non_loopback_address_warns_naming_each_exposed_address()
    {
        using var log = new CapturingLoggerFactory();
        (DecisionServer server, _) = await ServeAsync(["--listen", "0.0.0.0:0", "--http", "0.0.0.0:0", "--http", "127.0.0.1:0"], log);

        string[] warnings = [.. log.Lines.Where(l => l.Level == LogLevel.Warning && l.Message.Contains("not a loopback", StringComparison.Ordinal)).Select(l => l.Message)];
        Assert.Equal(2, warnings.Length);
        Assert.StartsWith($"the binary protocol listens on {server.LocalAddress}, which is not a loopback address, with neither TLS nor an auth token", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("HTTP listens on 0.0.0.0:0, which is not a loopback address", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_loopback_and_unix_sockets_does_not_warn()
    {
        using var log = new CapturingLoggerFactory();
        string directory = Directory.CreateTempSubdirectory("engine-test-").FullName;
        try
        {
            await ServeAsync(["--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--grpc", "unix:" + Path.Combine(directory, "grpc.sock")], log);
            Assert.DoesNotContain(log.Lines, l => l.Message.Contains("not a loopback", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Serve_on_a_non_loopback_address_with_an_auth_token_does_not_warn_for_the_binary_protocol()
    {
        using var log = new CapturingLoggerFactory();
        string directory = Directory.CreateTempSubdirectory("engine-test-").FullName;
        try
        {
            string token = Path.Combine(directory, "token");
            File.WriteAllText(token, "a-token-long-enough-to-be-accepted\n");
            File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await ServeAsync(["--listen", "0.0.0.0:0", "--auth-token-file", token], log);
            Assert.DoesNotContain(log.Lines, l => l.Message.Contains("not a loopback", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_logs_the_address_each_listener_bound()
    {
        using var log = new CapturingLoggerFactory();
        (DecisionServer server, string output) = await ServeAsync(["--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--grpc", "127.0.0.1:0"], log);

        // Ours only: this factory also hears Kestrel's own "Now listening on: …", which the host's
        // logging filters out (Microsoft.AspNetCore and Microsoft.Hosting below Warning).
        string[] listening = [.. log.Lines.Where(l => l.Level == LogLevel.Information && l.Message.Contains("listening on", StringComparison.Ordinal) && !l.Message.StartsWith("Now ", StringComparison.Ordinal)).Select(l => l.Message)];
        Assert.Equal(3, listening.Length);
        Assert.StartsWith($"listening on {server.LocalAddress} ", listening[0], StringComparison.Ordinal);

        // The same bound addresses as the start-up line (never the :0 that was asked for).
        var announcement = new Engine.LoadGen.Running.ServeAnnouncement();
        foreach (string line in output.Split(Environment.NewLine))
        {
            announcement.Read(line);
        }

        Assert.Equal($"http listening on {Assert.Single(announcement.Http)}", listening[1]);
        Assert.Equal($"grpc listening on {Assert.Single(announcement.Grpc)}", listening[2]);
        Assert.DoesNotContain(listening, l => l.EndsWith(":0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.0.0.0:7070", true)]
    [InlineData("[::]:7070", true)]
    [InlineData("192.0.2.10:7070", true)]
    [InlineData("127.0.0.1:7070", false)]
    [InlineData("127.0.0.2:7070", false)]
    [InlineData("[::1]:7070", false)]
    [InlineData("unix:/run/engine.sock", false)]
    public void Exposed_means_tcp_on_an_address_that_is_not_loopback(string address, bool exposed) =>
        Assert.Equal(exposed, ListenExposure.IsExposed(Engine.Protocol.ListenAddress.Parse(address)));

    // Starts `engine serve` with ARGS, waits until it has started, stops it; returns the server and its output.
    private static async Task<(DecisionServer Server, string Output)> ServeAsync(string[] args, ILoggerFactory log)
    {
        ServeOptions serve = ServeCommand.ParseOptions([.. args, "--no-watch"], TextWriter.Null, log)!;
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        DecisionServer? started = null;
        Task<int> run = ServeCommand.RunAsync(serve, TextWriter.Synchronized(output), s => started = s, stop.Token);
        for (int i = 0; i < 1000 && started is null && !run.IsCompleted; i++)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        return (started!, output.ToString());
    }

    private sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue((logLevel, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}
