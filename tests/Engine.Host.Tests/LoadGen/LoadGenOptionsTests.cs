using Engine.LoadGen.Cli;
using Engine.Protocol;

namespace Engine.Host.Tests.LoadGen;

public class LoadGenOptionsTests
{
    [Fact]
    public void Defaults_are_a_closed_loop_of_ten_seconds_after_two_of_warmup()
    {
        LoadGenOptions options = LoadGenOptions.Parse(["--connect", "127.0.0.1:7070"]);
        Assert.Equal("127.0.0.1:7070", options.Connect!.Text);
        Assert.False(options.IsOpenLoop);
        Assert.Equal(1, options.Connections);
        Assert.Equal(1, options.Pipeline);
        Assert.Equal(10, options.Seconds);
        Assert.Equal(2, options.Warmup);
        Assert.Empty(options.Cases);
        Assert.Equal(SocketCompletionMode.Inline, options.Io);
    }

    [Fact]
    public void The_pacer_spins_unless_told_to_sleep_and_refuses_other_modes()
    {
        Assert.Equal(PacerMode.Spin, LoadGenOptions.Parse(["--spawn", "--rate", "100"]).Pacer);
        Assert.Contains("`spin` or `sleep`", Assert.Throws<UsageException>(() => LoadGenOptions.Parse(["--spawn", "--pacer", "busy"])).Message, StringComparison.Ordinal);
        if (Engine.LoadGen.Running.PreciseSleep.IsAvailable)
        {
            Assert.Equal(PacerMode.Sleep, LoadGenOptions.Parse(["--spawn", "--rate", "100", "--pacer", "sleep"]).Pacer);
        }
    }

    [Fact]
    public void Io_pool_selects_thread_pool_completions() =>
        Assert.Equal(SocketCompletionMode.ThreadPool, LoadGenOptions.Parse(["--spawn", "--io", "pool"]).Io);

    [Fact]
    public void Open_loop_options_parse_with_both_spellings()
    {
        LoadGenOptions options = LoadGenOptions.Parse(["--spawn", "--bundle", "b", "--rate=2500.5", "--connections", "4", "--seconds", "0.5", "--warmup=0", "--json", "--histogram", "x.hgrm", "--cases", "a.json", "--cases", "dir"]);
        Assert.True(options.Spawn);
        Assert.Equal(["b"], options.Bundle);
        Assert.Equal(2500.5, options.Rate);
        Assert.Equal(4, options.Connections);
        Assert.Equal(256, options.Pipeline);
        Assert.Equal(0.5, options.Seconds);
        Assert.Equal(0, options.Warmup);
        Assert.True(options.Json);
        Assert.Equal("x.hgrm", options.HistogramPath);
        Assert.Equal(["a.json", "dir"], options.Cases);
    }

    [Theory]
    [InlineData("unix:/tmp/engine.sock")]
    [InlineData("[::1]:7070")]
    [InlineData("localhost:7070")]
    [InlineData("127.0.0.2:1")]
    public void Loopback_addresses_are_accepted(string address) =>
        Assert.NotNull(LoadGenOptions.Parse(["--connect", address]).Connect);

    [Theory]
    [InlineData(new[] { "--connect", "10.0.0.1:7070" }, "not a loopback address")]
    [InlineData(new[] { "--connect", "example.com:7070" }, "is not an IP address")]
    [InlineData(new[] { "--connect", "127.0.0.1" }, "bad address `127.0.0.1`")]
    [InlineData(new[] { "--connect", "127.0.0.1:70000" }, "bad address")]
    [InlineData(new[] { "--connect", "unix:" }, "needs a socket path")]
    [InlineData(new string[0], "say where the server is")]
    [InlineData(new[] { "--spawn", "--connect", "127.0.0.1:1" }, "not both")]
    [InlineData(new[] { "--connect", "127.0.0.1:1", "--engine", "e" }, "`--engine` only applies with `--spawn`")]
    [InlineData(new[] { "--connect", "127.0.0.1:1", "--bundle", "b", "--cases", "c" }, "give `--cases` or `--bundle`, not both")]
    [InlineData(new[] { "--spawn", "--pipeline", "0" }, "option `--pipeline` takes a whole number from 1")]
    [InlineData(new[] { "--spawn", "--rate", "fast" }, "option `--rate` takes a number")]
    [InlineData(new[] { "--spawn", "--seconds", "1", "--seconds", "2" }, "given 2 times")]
    [InlineData(new[] { "--spawn", "--bogus" }, "unknown option `--bogus`")]
    [InlineData(new[] { "--spawn", "--io", "threads" }, "option `--io` takes `inline` or `pool`, not `threads`")]
    [InlineData(new[] { "--spawn", "stray" }, "unexpected argument `stray`")]
    [InlineData(new[] { "--spawn", "--connections" }, "needs a value")]
    [InlineData(new[] { "--spawn", "--protocol", "grpc" }, "option `--protocol` takes `binary`, `ext-authz` or `http`, not `grpc`")]
    [InlineData(new[] { "--spawn", "--protocol", "http", "--pipeline", "4" }, "one request at a time on a connection")]
    [InlineData(new[] { "--spawn", "--protocol", "http", "--proxied" }, "`--proxied` sends the original requests")]
    [InlineData(new[] { "--connect", "127.0.0.1:1", "--proxied" }, "needs `--protocol http`")]
    [InlineData(new[] { "--connect", "127.0.0.1:1", "--stats", "127.0.0.1:2" }, "`--stats ADDR` names the binary listener")]
    [InlineData(new[] { "--print-gateway" }, "prints the mapping file of `--protocol ext-authz` or `--protocol http`")]
    public void Mistakes_are_reported_in_the_users_terms(string[] args, string message)
    {
        UsageException e = Assert.Throws<UsageException>(() => LoadGenOptions.Parse(args));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_protocols_parse()
    {
        LoadGenOptions options = LoadGenOptions.Parse(["--connect", "127.0.0.1:8000", "--protocol", "http", "--proxied", "--only-allowed", "--rate", "1000", "--pipeline", "8"]);
        Assert.Equal(LoadProtocol.Http, options.Protocol);
        Assert.True(options.Proxied);
        Assert.True(options.OnlyAllowed);
        Assert.Equal(8, options.Pipeline);
        Assert.Equal(LoadProtocol.ExtAuthz, LoadGenOptions.Parse(["--connect", "127.0.0.1:7072", "--protocol", "ext-authz", "--stats", "127.0.0.1:7070"]).Protocol);
        Assert.Equal(LoadProtocol.Binary, LoadGenOptions.Parse(["--spawn"]).Protocol);
        Assert.True(LoadGenOptions.Parse(["--protocol", "ext-authz", "--print-gateway"]).PrintGateway);
    }

    [Fact]
    public void Help_needs_nothing_else() => Assert.True(LoadGenOptions.Parse(["--help"]).Help);
}
