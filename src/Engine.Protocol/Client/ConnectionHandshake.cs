using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;

namespace Engine.Protocol.Client;

/// <summary>
/// What a new connection does before its first query: the TLS handshake when
/// <see cref="EngineClientOptions.Tls"/> is set, then the Hello frame with
/// <see cref="EngineClientOptions.AuthToken"/> when one is set, waiting for the server's Pong
/// (docs/wire-protocol.md §10). Once per connect, so it may allocate.
/// </summary>
internal static class ConnectionHandshake
{
    // The Hello's request id: any value does; the answer must echo it.
    private const ulong HelloRequestId = 0x48454C4C4F;

    /// <summary>Runs the handshake on a connected socket.</summary>
    /// <returns>The TLS stream to use instead of the socket, or null for a plain connection.</returns>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The TLS handshake failed.</exception>
    /// <exception cref="EngineServerException">The server refused the token (Unauthorized).</exception>
    /// <exception cref="InvalidDataException">The server answered the Hello with something else than a Pong.</exception>
    public static async Task<Stream?> RunAsync(Socket socket, ListenAddress address, EngineClientOptions options, CancellationToken cancellationToken)
    {
        SslStream? tls = null;
        try
        {
            if (options.Tls is { } tlsOptions)
            {
                if (address.IsUnix)
                {
                    throw new IOException("TLS is for TCP addresses; a Unix socket is protected by its file mode and the server's peer allow-list");
                }

                tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(tlsOptions, cancellationToken).ConfigureAwait(false);
            }

            if (!options.AuthToken.IsEmpty)
            {
                Stream stream = tls ?? (Stream)new NetworkStream(socket, ownsSocket: false);
                await SayHelloAsync(stream, options, cancellationToken).ConfigureAwait(false);
            }

            return tls;
        }
        catch
        {
            if (tls is not null)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            throw;
        }
    }

    private static async Task SayHelloAsync(Stream stream, EngineClientOptions options, CancellationToken cancellationToken)
    {
        var hello = new ArrayBufferWriter<byte>(ProtocolConstants.HeaderSize + sizeof(ushort) + options.AuthToken.Length);
        FrameWriter.WriteHello(hello, HelloRequestId, options.AuthToken.Span);
        await stream.WriteAsync(hello.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

        // Exactly one frame: the header, then the body its length names (the limits bound it).
        byte[] header = new byte[ProtocolConstants.HeaderSize];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length < ProtocolConstants.MinLengthPrefixValue || length + ProtocolConstants.LengthPrefixSize > (uint)options.Limits.MaxFrameSize)
        {
            throw new InvalidDataException($"malformed answer to the Hello: frame length {length}");
        }

        byte[] frame = new byte[length + ProtocolConstants.LengthPrefixSize];
        header.CopyTo(frame, 0);
        await stream.ReadExactlyAsync(frame.AsMemory(ProtocolConstants.HeaderSize), cancellationToken).ConfigureAwait(false);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame));
        ResponseReader.TryReadResponse(ref reader, options.Limits, out ServerResponse? response);
        switch (response)
        {
            case PongResponse pong when pong.RequestId == HelloRequestId:
                return;
            case ErrorResponse error:
                throw new EngineServerException(error.Status, error.Message);
            default:
                throw new InvalidDataException($"malformed answer to the Hello: {response?.GetType().Name ?? "nothing"}");
        }
    }
}
