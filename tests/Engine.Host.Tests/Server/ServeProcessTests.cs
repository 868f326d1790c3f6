using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Server;

/// <summary>
/// The README's main job as a user runs it: the real <c>engine serve</c> process, in each socket
/// completion mode (a process-wide setting, so only a separate process can test it), answering
/// pipelined queries and stopping gracefully on SIGTERM.
/// </summary>
public sealed partial class ServeProcessTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(null, "inline")]
    [InlineData("inline", "inline")]
    [InlineData("pool", "pool")]
    public async Task Serves_pipelined_queries_and_stops_on_sigterm(string? io, string expectedMode)
    {
        using var cancel = new CancellationTokenSource(s_timeout);
        using Process server = StartServe(io is null ? [] : ["--io", io]);
        try
        {
            Match line = await ReadStartLine(server, cancel.Token);
            Assert.Equal(expectedMode, line.Groups["io"].Value);

            await using (EngineClient client = await EngineClient.ConnectAsync(line.Groups["address"].Value, cancel.Token))
            {
                // 400 queries in flight at once: half allowed (MFA present), half denied by the MFA guard.
                Task<DecisionResult>[] answers = [.. Enumerable.Range(0, 400).Select(i => client.QueryAsync(
                    i % 2 == 0 ? Alice : Bob,
                    "iam:DeactivateMFADevice",
                    i % 2 == 0 ? "arn:aws:iam::111122223333:user/alice" : "arn:aws:iam::111122223333:user/bob",
                    context: Context(i % 2 == 0 ? "alice" : "bob", mfa: i % 4 < 2),
                    cancellationToken: cancel.Token).AsTask())];
                DecisionResult[] decided = await Task.WhenAll(answers);
                for (int i = 0; i < decided.Length; i++)
                {
                    Assert.Equal(ResponseStatus.Ok, decided[i].Status);
                    Assert.Equal(i % 4 < 2 ? Decision.Allow : Decision.ExplicitDeny, decided[i].Decision);
                }
            }

            SendSigterm(server);
            await server.WaitForExitAsync(cancel.Token);
            Assert.Equal(0, server.ExitCode);
            Assert.Contains("engine serve: stopped", await ReadRest(server.StandardOutput), StringComparison.Ordinal);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task An_unknown_io_mode_is_a_usage_error()
    {
        using Process server = StartServe(["--io", "threads"]);
        using var cancel = new CancellationTokenSource(s_timeout);
        await server.WaitForExitAsync(cancel.Token);
        Assert.Equal(2, server.ExitCode);
        Assert.Contains("--io takes `inline` or `pool`, not `threads`", await ReadRest(server.StandardError), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_bundle_the_first_line_says_it_serves_the_example_bundle()
    {
        // Issue #14, finding 9: the example (which allows alice and bob) used to be served quietly.
        using var cancel = new CancellationTokenSource(s_timeout);
        using Process server = StartServe([]);
        try
        {
            string? first = await server.StandardOutput.ReadLineAsync(cancel.Token);
            Assert.NotNull(first);
            Assert.StartsWith("engine serve: no --bundle given, serving the EXAMPLE bundle ", first, StringComparison.Ordinal);
            Assert.Contains("alice and bob", first, StringComparison.Ordinal);
            await ReadStartLine(server, cancel.Token);
            SendSigterm(server);
            await server.WaitForExitAsync(cancel.Token);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    [GeneratedRegex(@"^engine serve: listening on (?<address>\S+) \(.*, io (?<io>\w+)\)$")]
    private static partial Regex StartLine();

    // Log lines (stdout too) may come before the start line.
    private static async Task<Match> ReadStartLine(Process server, CancellationToken cancel)
    {
        var seen = new List<string>();
        while (await server.StandardOutput.ReadLineAsync(cancel) is { } text)
        {
            Match line = StartLine().Match(text);
            if (line.Success)
            {
                return line;
            }

            seen.Add(text);
        }

        Assert.Fail($"no start line; stdout: {string.Join(" | ", seen)}; stderr: {await ReadRest(server.StandardError)}");
        return Match.Empty;
    }

    private static Process StartServe(IEnumerable<string> extra)
    {
        // The engine apphost is copied next to the tests by the project reference.
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "engine.exe" : "engine"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in (string[])["serve", "--listen", "127.0.0.1:0", "--no-watch", .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        // The server chooses the mode itself; an inherited setting must not decide the test.
        start.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        return Process.Start(start) ?? throw new InvalidOperationException("could not start engine serve");
    }

    private static void SendSigterm(Process process)
    {
        using Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task<string> ReadRest(StreamReader reader)
    {
        using var cancel = new CancellationTokenSource(s_timeout);
        return await reader.ReadToEndAsync(cancel.Token);
    }
}
