using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Engine.Protocol;

namespace Engine.Host.Tests.Server;

/// <summary>
/// What the tests' blocking clients share: connecting a socket to a listen address and reading
/// whole response frames from whatever carries the bytes (a socket, or a plain or TLS stream).
/// Reading allocates nothing, for the allocation proofs.
/// </summary>
internal abstract class FrameConnection : IDisposable
{
    /// <summary>Room for one frame of the default size limit.</summary>
    protected byte[] Frame { get; } = new byte[ProtocolConstants.DefaultMaxFrameSize];

    /// <summary>A connected socket with 10 s send and receive timeouts (a hung server fails the test, not the run).</summary>
    public static Socket OpenSocket(ListenAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Socket socket = address.IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.ReceiveTimeout = 10_000;
        socket.SendTimeout = 10_000;
        try
        {
            socket.Connect(address.EndPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes; false on end of stream.</summary>
    public bool TryReceiveExactly(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int read = Read(destination);
            if (read == 0)
            {
                return false;
            }

            destination = destination[read..];
        }

        return true;
    }

    /// <summary>Reads one whole frame and decodes it; null on end of stream.</summary>
    public ServerResponse? ReadResponse()
    {
        if (!TryReceiveExactly(Frame.AsSpan(0, ProtocolConstants.HeaderSize)))
        {
            return null;
        }

        int length = ProtocolConstants.LengthPrefixSize + (int)BinaryPrimitives.ReadUInt32LittleEndian(Frame);
        Assert.True(TryReceiveExactly(Frame.AsSpan(ProtocolConstants.HeaderSize, length - ProtocolConstants.HeaderSize)), "stream ended inside a frame");
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Frame, 0, length));
        Assert.True(ResponseReader.TryReadResponse(ref reader, ProtocolLimits.Default, out ServerResponse? response));
        return response;
    }

    public abstract void Dispose();

    /// <summary>Reads what has arrived into <paramref name="destination"/>; 0 at end of stream.</summary>
    protected abstract int Read(Span<byte> destination);
}
