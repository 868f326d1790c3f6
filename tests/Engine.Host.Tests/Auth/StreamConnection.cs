using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Engine.Protocol;

namespace Engine.Host.Tests.Auth;

/// <summary>
/// A blocking client over a plain or TLS stream that sends raw frames and reads whole ones, for the
/// tests that must see exactly what a refused connection is sent (and that it is never a Decision).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class StreamConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _frame = new byte[ProtocolConstants.DefaultMaxFrameSize];

    private StreamConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        Stream = stream;
    }

    public Stream Stream { get; }

    public static StreamConnection Plain(ListenAddress address) => Open(address, null);

    /// <summary>Connects and runs the TLS handshake, trusting <paramref name="authority"/> for the server.</summary>
    public static StreamConnection Tls(ListenAddress address, X509Certificate2 authority, X509Certificate2? clientCertificate) =>
        Open(address, stream =>
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            tls.AuthenticateAsClient(WhoMayAskTests.ClientTls(authority, clientCertificate));
            return tls;
        });

    public void Send(ReadOnlySpan<byte> bytes)
    {
        Stream.Write(bytes);
        Stream.Flush();
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes; false on end of stream.</summary>
    public bool TryReceiveExactly(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int read = Stream.Read(destination);
            if (read == 0)
            {
                return false;
            }

            destination = destination[read..];
        }

        return true;
    }

    /// <summary>One whole frame, decoded; null at end of stream.</summary>
    public ServerResponse? ReadResponse()
    {
        if (!TryReceiveExactly(_frame.AsSpan(0, ProtocolConstants.HeaderSize)))
        {
            return null;
        }

        int length = ProtocolConstants.LengthPrefixSize + (int)BinaryPrimitives.ReadUInt32LittleEndian(_frame);
        Assert.True(TryReceiveExactly(_frame.AsSpan(ProtocolConstants.HeaderSize, length - ProtocolConstants.HeaderSize)), "stream ended inside a frame");
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(_frame, 0, length));
        Assert.True(ResponseReader.TryReadResponse(ref reader, ProtocolLimits.Default, out ServerResponse? response));
        return response;
    }

    /// <summary>Every frame until the server closes (a reset or a TLS failure counts as the close).</summary>
    public List<ServerResponse> ReadUntilClosed()
    {
        var responses = new List<ServerResponse>();
        try
        {
            while (ReadResponse() is { } response)
            {
                responses.Add(response);
            }
        }
        catch (IOException)
        {
            // Reset, or the TLS layer's alert: closed.
        }

        return responses;
    }

    public void Dispose()
    {
        Stream.Dispose();
        _socket.Dispose();
    }

    private static StreamConnection Open(ListenAddress address, Func<Stream, Stream>? wrap)
    {
        Socket socket = address.IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.ReceiveTimeout = 10_000;
        socket.SendTimeout = 10_000;
        try
        {
            socket.Connect(address.EndPoint);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            return new StreamConnection(socket, wrap?.Invoke(stream) ?? stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
