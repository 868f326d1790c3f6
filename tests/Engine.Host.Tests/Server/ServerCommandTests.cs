using Engine.Host.Cli;
using Engine.Host.Server;
using Engine.Protocol.Client;

namespace Engine.Host.Tests.Server;

public sealed class ServerCommandTests
{
    [Fact]
    public async Task Query_prints_decision_status_statement_and_revision()
    {
        await using TestServer server = TestServer.Start();
        var output = new StringWriter();
        int exit = await Task.Run(() => QueryCommand.Run(
        [
            "--connect", server.Address.ToString(), "--principal", MfaQueries.Alice, "--action", "iam:DeactivateMFADevice",
            "--resource", "arn:aws:iam::111122223333:user/alice", "--context", "aws:username=alice", "--context", "aws:MultiFactorAuthPresent=false",
        ], output));
        Assert.Equal(0, exit);
        Assert.Equal(
            "decision: ExplicitDeny|status: Ok|statement: Identity[0].Statement[3] (Sid \"DenyAllExceptListedIfNoMFA\")|revision: 1|",
            output.ToString().ReplaceLineEndings("|"));
    }

    [Theory]
    [InlineData("--principal")]
    [InlineData("--resource")]
    [InlineData("--context")]
    public async Task Query_with_a_string_over_65535_bytes_is_a_usage_error_not_a_crash(string option)
    {
        // Issue #14, finding 9: this used to escape as an unhandled ArgumentException (exit 134).
        await using TestServer server = TestServer.Start();
        string huge = new('a', 70_000);
        string[] args =
        [
            "--connect", server.Address.ToString(),
            "--principal", option == "--principal" ? huge : MfaQueries.Alice,
            "--action", "iam:GetUser",
            "--resource", option == "--resource" ? huge : "arn:aws:iam::111122223333:user/alice",
            .. option == "--context" ? (string[])["--context", "aws:username=" + huge] : [],
        ];
        UsageException e = await Assert.ThrowsAsync<UsageException>(() => Task.Run(() => QueryCommand.Run(args, TextWriter.Null)));
        string expected = option == "--context" ? "--context value is 70000 UTF-8 bytes" : $"{option} is 70000 UTF-8 bytes";
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("at most 65535 bytes per string", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_too_large_for_any_server_is_a_usage_error_not_a_crash()
    {
        // 300 values of 60,000 bytes: each string fits its u16, the frame (18 MB) fits no server.
        await using TestServer server = TestServer.Start();
        List<string> args =
        [
            "--connect", server.Address.ToString(), "--principal", MfaQueries.Alice, "--action", "iam:GetUser",
            "--resource", "arn:aws:iam::111122223333:user/alice",
        ];
        string value = new('v', 60_000);
        for (int i = 0; i < 300; i++)
        {
            args.Add("--context");
            args.Add("aws:TagKeys=" + value);
        }

        UsageException e = await Assert.ThrowsAsync<UsageException>(() => Task.Run(() => QueryCommand.Run(args, TextWriter.Null)));
        Assert.Contains("larger than any server accepts", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_prints_json_counters_over_a_unix_socket()
    {
        await using TestServer server = TestServer.Start(unix: true);
        var output = new StringWriter();
        Assert.Equal(0, await Task.Run(() => StatsCommand.Run(["--connect", server.Address.ToString(), "--json"], output)));
        string json = output.ToString();
        Assert.Contains("\"requests\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"current_connections\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"current_revision\": 1", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_text_dates_the_revision_and_says_when_the_last_reload_failed()
    {
        var policies = new PolicySourceHolder(TestSources.Default(), _ => throw new InvalidDataException("bundle `x` was rejected"));
        await using TestServer server = TestServer.Start(policies: policies);
        var output = new StringWriter();
        Assert.Equal(0, await Task.Run(() => StatsCommand.Run(["--connect", server.Address.ToString()], output)));
        Assert.DoesNotContain("the last reload failed", output.ToString(), StringComparison.Ordinal);

        Assert.False(server.Server.Reload());
        output = new StringWriter();
        Assert.Equal(0, await Task.Run(() => StatsCommand.Run(["--connect", server.Address.ToString()], output)));
        string text = output.ToString();
        Assert.Matches(@"revision_loaded_at +\d+ \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)", text);
        Assert.Matches(@"reloads_failed +1\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("the last reload failed (", text, StringComparison.Ordinal);
        Assert.Contains("reload failed`)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_parses_the_fair_use_limits_with_their_defaults()
    {
        ServerOptions defaults = ServeCommand.ParseOptions(["--listen", "127.0.0.1:0"], TextWriter.Null, loggerFactory: null)!.Server;
        Assert.Equal((0, TimeSpan.FromSeconds(1), 240, TimeSpan.FromSeconds(5)), (defaults.MaxConnectionsPerPeer, defaults.EvictIdleAfter, defaults.MinFrameRate, defaults.MinFrameRateGracePeriod));

        ServerOptions options = ServeCommand.ParseOptions(
            ["--listen", "127.0.0.1:0", "--max-connections-per-peer", "16", "--evict-idle-after", "0", "--min-frame-rate", "1024", "--min-frame-rate-grace", "2.5"],
            TextWriter.Null,
            loggerFactory: null)!.Server;
        Assert.Equal((16, Timeout.InfiniteTimeSpan, 1024, TimeSpan.FromSeconds(2.5)), (options.MaxConnectionsPerPeer, options.EvictIdleAfter, options.MinFrameRate, options.MinFrameRateGracePeriod));
        Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(["--max-connections-per-peer", "many"], TextWriter.Null, loggerFactory: null));
    }

    [Fact]
    public async Task Serve_parses_its_limits_listens_and_stops_when_asked()
    {
        ServeOptions serve = ServeCommand.ParseOptions(
            ["--listen", "127.0.0.1:0", "--max-frame-bytes", "4096", "--max-connections", "8", "--max-in-flight", "16", "--idle-timeout", "0", "--frame-deadline", "2.5"],
            TextWriter.Null,
            loggerFactory: null)!;
        ServerOptions options = serve.Server;
        Assert.Equal((4096, 8, 16), (options.Limits.MaxFrameSize, options.MaxConnections, options.MaxInFlight));
        Assert.Equal((Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(2.5)), (options.IdleTimeout, options.FrameDeadline));

        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        DecisionServer? started = null;
        Task<int> run = ServeCommand.RunAsync(serve, output, s => started = s, stop.Token);
        for (int i = 0; i < 200 && started is null; i++)
        {
            await Task.Delay(10);
        }

        await using (EngineClient client = await EngineClient.ConnectAsync(started!.LocalAddress))
        {
            Assert.NotEqual(0UL, (await client.PingAsync()).Revision);
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        // No --bundle: the example notice comes first (issue #14), the listening line right after it.
        string[] lines = output.ToString().Split(Environment.NewLine);
        Assert.StartsWith("engine serve: no --bundle given, serving the EXAMPLE bundle", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"engine serve: listening on {started.LocalAddress}", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_refuses_a_bad_address_or_limit()
    {
        Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(["--listen", "nowhere"], TextWriter.Null, null));
        Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(["--max-frame-bytes", "10"], TextWriter.Null, null));
    }
}
