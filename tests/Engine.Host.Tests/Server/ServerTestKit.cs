using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Engine.Host.Server;
using Engine.Protocol;
using Engine.Protocol.Client;

namespace Engine.Host.Tests.Server;

/// <summary>An in-process server on an ephemeral loopback port (or a Unix socket in a temp dir).</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly string? _tempDirectory;

    private TestServer(DecisionServer server, string? tempDirectory)
    {
        Server = server;
        _tempDirectory = tempDirectory;
    }

    public DecisionServer Server { get; }

    public ListenAddress Address => Server.LocalAddress;

    public static TestServer Start(
        Func<ServerOptions, ServerOptions>? configure = null,
        bool unix = false,
        PolicySourceHolder? policies = null)
    {
        string? temp = null;
        ListenAddress listen = ListenAddress.Tcp(new IPEndPoint(IPAddress.Loopback, 0));
        if (unix)
        {
            temp = Directory.CreateTempSubdirectory("engine-test-").FullName;
            listen = ListenAddress.Unix(Path.Combine(temp, "engine.sock"));
        }

        var options = new ServerOptions { Listen = listen };
        options = configure?.Invoke(options) ?? options;
        var server = new DecisionServer(policies ?? new PolicySourceHolder(TestSources.Default()), options);
        server.Start();
        return new TestServer(server, temp);
    }

    public Task<EngineClient> ConnectAsync() => EngineClient.ConnectAsync(Address);

    public RawConnection ConnectRaw() => RawConnection.Connect(Address);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Server.StopAsync(timeout.Token);
        await Server.DisposeAsync();
        if (_tempDirectory is not null)
        {
            Directory.Delete(_tempDirectory, recursive: true);
        }
    }
}

/// <summary>
/// A blocking socket client that sends raw bytes and reads whole frames. Used where the test needs
/// control of the bytes (half frames, garbage) or must not allocate (the allocation proof).
/// </summary>
internal sealed class RawConnection : FrameConnection
{
    private RawConnection(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public static RawConnection Connect(ListenAddress address) => new(OpenSocket(address));

    /// <summary>Takes over a socket the test connected itself (for example from a chosen source address).</summary>
    public static RawConnection Wrap(Socket socket) => new(socket);

    public void Send(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[Socket.Send(bytes)..];
        }
    }

    /// <summary>True when the server has closed the connection (end of stream or reset) within the socket timeout.</summary>
    public bool ReadsEndOfStream()
    {
        try
        {
            return Socket.Receive(Frame) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset)
        {
            return true;
        }
    }

    public override void Dispose() => Socket.Dispose();

    protected override int Read(Span<byte> destination) => Socket.Receive(destination);
}

/// <summary>Queries of the default (MFA self-service) policy with their expected answers.</summary>
internal static class MfaQueries
{
    public const string Alice = "arn:aws:iam::111122223333:user/alice";
    public const string Bob = "arn:aws:iam::111122223333:user/bob";

    public static QueryContextEntry[] Context(string user, bool mfa) =>
    [
        QueryContextEntry.SingleValue("aws:username", user),
        QueryContextEntry.SingleValue("aws:MultiFactorAuthPresent", mfa ? "true" : "false"),
    ];

    public static byte[] Encode(ulong id, string principal, string action, string resource, QueryContextEntry[] context)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteQuery(buffer, id, principal, action, resource, null, context);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Alice deactivating her own MFA device with MFA: allowed by AllowManageOwnUserMFA.</summary>
    public static byte[] AliceAllowed(ulong id) =>
        Encode(id, Alice, "iam:DeactivateMFADevice", "arn:aws:iam::111122223333:user/alice", Context("alice", mfa: true));

    public static byte[] Frame(FrameType type, FrameFlags flags, ulong id, ReadOnlySpan<byte> body)
    {
        byte[] frame = new byte[ProtocolConstants.HeaderSize + body.Length];
        FrameHeader.Write(frame, type, flags, id, body.Length);
        body.CopyTo(frame.AsSpan(ProtocolConstants.HeaderSize));
        return frame;
    }
}
