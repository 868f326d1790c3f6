using System.Globalization;
using System.Net.Sockets;
using Engine.Host.Cli;
using Engine.Host.Server;
using Engine.Protocol;
using Engine.Protocol.Client;

namespace Engine.Host.Tests.Server;

/// <summary>
/// Issue #14, finding 1: a Unix socket path is never taken from its owner. Each of these failed
/// before the fix (the path was deleted and bound whatever it held, and stop deleted whatever was there).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnixSocketTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("engine-unix-").FullName;

    private string SocketPath => Path.Combine(_directory, "engine.sock");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_regular_file_at_the_path_is_refused_and_left_as_it_was()
    {
        await File.WriteAllTextAsync(SocketPath, "precious");
        await using DecisionServer server = NewServer();
        IOException e = Assert.Throws<IOException>(server.Start);
        Assert.Contains("is not a socket; refusing to replace it", e.Message, StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(SocketPath));
    }

    [Fact]
    public async Task A_second_server_on_the_same_path_is_refused_and_the_first_keeps_serving()
    {
        await using DecisionServer first = NewServer();
        first.Start();
        await using DecisionServer second = NewServer();
        IOException e = Assert.Throws<IOException>(second.Start);
        Assert.Contains("another server holds the lock", e.Message, StringComparison.Ordinal);

        await second.StopAsync();
        await using EngineClient client = await EngineClient.ConnectAsync(first.LocalAddress);
        Assert.Equal(1UL, (await client.PingAsync()).Revision);
    }

    [Fact]
    public async Task A_path_where_a_live_server_answers_is_refused()
    {
        // A listener that takes no lock (another program, or an older engine).
        using var other = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        other.Bind(new UnixDomainSocketEndPoint(SocketPath));
        other.Listen(1);
        await using DecisionServer server = NewServer();
        IOException e = Assert.Throws<IOException>(server.Start);
        Assert.Contains("a server is already listening on", e.Message, StringComparison.Ordinal);
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        probe.Connect(new UnixDomainSocketEndPoint(SocketPath));
    }

    [Fact]
    public async Task A_stale_socket_is_replaced()
    {
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            // Bound so that disposing does not delete the file: a server killed with SIGKILL leaves one so.
            dead.Bind(new UnownedUnixEndPoint(SocketPath));
        }

        Assert.True(File.Exists(SocketPath));
        await using DecisionServer server = NewServer();
        server.Start();
        await using EngineClient client = await EngineClient.ConnectAsync(server.LocalAddress);
        Assert.Equal(1UL, (await client.PingAsync()).Revision);
    }

    [Fact]
    public async Task Stop_leaves_a_socket_that_is_no_longer_its_own()
    {
        DecisionServer server = NewServer();
        server.Start();

        // Someone replaced the socket (the server's file is gone; a new one has its path).
        File.Delete(SocketPath);
        using var replacement = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        replacement.Bind(new UnixDomainSocketEndPoint(SocketPath));
        replacement.Listen(1);

        await server.DisposeAsync();
        Assert.True(File.Exists(SocketPath));
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        probe.Connect(new UnixDomainSocketEndPoint(SocketPath));
    }

    [Fact]
    public async Task Stop_deletes_its_own_socket_and_frees_the_path_for_the_next_server()
    {
        DecisionServer first = NewServer();
        first.Start();
        await first.DisposeAsync();
        Assert.False(File.Exists(SocketPath));

        await using DecisionServer next = NewServer();
        next.Start();
        await using EngineClient client = await EngineClient.ConnectAsync(next.LocalAddress);
        Assert.Equal(1UL, (await client.PingAsync()).Revision);
    }

    [Theory]
    [InlineData(null, UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData("0660", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite)]
    public async Task The_socket_mode_is_set_whatever_the_umask(string? option, UnixFileMode expected)
    {
        string[] args = option is null ? ["--listen", "unix:" + SocketPath] : ["--listen", "unix:" + SocketPath, "--socket-mode", option];
        ServerOptions options = ServeCommand.ParseOptions(args, TextWriter.Null, null)!.Server;
        await using var server = new DecisionServer(new PolicySourceHolder(TestSources.Default()), options);
        server.Start();
        Assert.Equal(expected, File.GetUnixFileMode(SocketPath));
    }

    [Fact]
    public void A_bad_socket_mode_or_id_is_a_usage_error()
    {
        Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(["--socket-mode", "0999"], TextWriter.Null, null));
        Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(["--allow-uid", "-1"], TextWriter.Null, null));
        ServerOptions options = ServeCommand.ParseOptions(["--allow-uid", "0", "--allow-uid", "1000", "--allow-gid", "5"], TextWriter.Null, null)!.Server;
        Assert.Equal([0u, 1000u], options.AllowedPeerUids!.Order());
        Assert.Equal([5u], options.AllowedPeerGids!);
    }

    [Fact]
    public async Task A_peer_not_on_the_uid_gid_lists_is_closed_on_accept_and_one_on_them_is_served()
    {
        uint uid = CurrentId("Uid:");
        uint gid = CurrentId("Gid:");
        await using (DecisionServer refusing = NewServer(o => o with { AllowedPeerUids = new HashSet<uint> { uid + 1 }, AllowedPeerGids = new HashSet<uint> { gid + 1 } }))
        {
            refusing.Start();
            using RawConnection refused = RawConnection.Connect(refusing.LocalAddress);
            // Nothing sent: a close with unread bytes would be a reset, not the end of stream.
            Assert.True(refused.ReadsEndOfStream());
        }

        foreach (ServerOptions allow in (ServerOptions[])[new() { AllowedPeerUids = new HashSet<uint> { uid } }, new() { AllowedPeerGids = new HashSet<uint> { gid } }])
        {
            await using DecisionServer allowing = NewServer(o => o with { AllowedPeerUids = allow.AllowedPeerUids, AllowedPeerGids = allow.AllowedPeerGids });
            allowing.Start();
            await using EngineClient client = await EngineClient.ConnectAsync(allowing.LocalAddress);
            Assert.Equal(1UL, (await client.PingAsync()).Revision);
        }
    }

    // The effective id from /proc/self/status ("Uid:\treal\teffective\tsaved\tfs").
    private static uint CurrentId(string field)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
    }

    private DecisionServer NewServer(Func<ServerOptions, ServerOptions>? configure = null)
    {
        var options = new ServerOptions { Listen = ListenAddress.Unix(SocketPath) };
        return new DecisionServer(new PolicySourceHolder(TestSources.Default()), configure?.Invoke(options) ?? options);
    }
}
