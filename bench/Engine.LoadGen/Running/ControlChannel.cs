using System.Buffers;
using System.Net.Sockets;
using Engine.LoadGen.Cli;
using Engine.Protocol;

namespace Engine.LoadGen.Running;

/// <summary>
/// A separate connection for Ping and Stats, so that control traffic never queues behind the load.
/// Not on the hot path: it uses the allocating <see cref="ResponseReader"/>.
/// </summary>
internal sealed class ControlChannel : IDisposable
{
    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly Stream? _tls;
    private readonly ServerAddress _address;
    private readonly byte[] _buffer = new byte[ProtocolLimits.Default.MaxFrameSize];
    private ulong _nextId = 1;

    private ControlChannel(Socket socket, Stream? tls, ServerAddress address)
    {
        _socket = socket;
        _tls = tls;
        _address = address;
    }

    /// <summary>Connects and checks that a server speaking the protocol answers a Ping.</summary>
    /// <param name="address">The server.</param>
    /// <param name="cancellation">Stops the attempt.</param>
    /// <param name="security">TLS and the token (a binary run with <c>--tls</c> or <c>--auth-token-file</c>), or null.</param>
    /// <returns>The channel.</returns>
    public static async Task<ControlChannel> OpenAsync(ServerAddress address, CancellationToken cancellation, LoadSecurity? security = null)
    {
        Socket socket = await address.ConnectAsync(TimeSpan.FromSeconds(5), cancellation).ConfigureAwait(false);
        Stream? tls = null;
        if (security is not null)
        {
            try
            {
                tls = await security.HandshakeAsync(socket, address, cancellation).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var channel = new ControlChannel(socket, tls, address);
        try
        {
            await channel.PingAsync(cancellation).ConfigureAwait(false);
            return channel;
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    /// <summary>Sends a Ping and waits for the Pong.</summary>
    /// <param name="cancellation">Stops the wait.</param>
    /// <returns>The server's policy revision.</returns>
    public async Task<ulong> PingAsync(CancellationToken cancellation)
    {
        ServerResponse response = await AskAsync(FrameType.Ping, cancellation).ConfigureAwait(false);
        return response is PongResponse pong
            ? pong.Revision
            : throw new LoadGenException($"server at `{_address}` answered a ping with {Describe(response)}");
    }

    /// <summary>Asks for the server's counters.</summary>
    /// <param name="cancellation">Stops the wait.</param>
    /// <returns>The counters.</returns>
    public async Task<StatsResponse> GetStatsAsync(CancellationToken cancellation)
    {
        ServerResponse response = await AskAsync(FrameType.StatsRequest, cancellation).ConfigureAwait(false);
        return response as StatsResponse
            ?? throw new LoadGenException($"server at `{_address}` answered a stats request with {Describe(response)}");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _socket.Dispose();
        _tls?.Dispose();
    }

    private static string Describe(ServerResponse response) => response switch
    {
        ErrorResponse e => $"error `{e.Status}`: {e.Message}",
        _ => $"an unexpected `{response.GetType().Name.Replace("Response", string.Empty, StringComparison.Ordinal)}` frame",
    };

    private async Task<ServerResponse> AskAsync(FrameType type, CancellationToken cancellation)
    {
        ulong id = _nextId++;
        var request = new ArrayBufferWriter<byte>(ProtocolConstants.HeaderSize);
        if (type == FrameType.Ping)
        {
            FrameWriter.WritePing(request, id);
        }
        else
        {
            FrameWriter.WriteStatsRequest(request, id);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(s_answerTimeout);
        int filled = 0;
        try
        {
            if (_tls is null)
            {
                await _socket.SendAsync(request.WrittenMemory, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            }
            else
            {
                await _tls.WriteAsync(request.WrittenMemory, deadline.Token).ConfigureAwait(false);
            }

            // Bounded: the buffer holds one largest frame, and every pass adds at least one byte.
            while (filled < _buffer.Length)
            {
                int received = _tls is null
                    ? await _socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None, deadline.Token).ConfigureAwait(false)
                    : await _tls.ReadAsync(_buffer.AsMemory(filled), deadline.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    throw new LoadGenException($"server at `{_address}` closed the connection without answering (is it an engine server?)");
                }

                filled += received;
                if (TryRead(filled, out ServerResponse? response))
                {
                    return response.RequestId == id
                        ? response
                        : throw new LoadGenException($"server at `{_address}` answered request {id} with id {response.RequestId}");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new LoadGenException($"server at `{_address}` did not answer a {(type == FrameType.Ping ? "ping" : "stats request")} within {s_answerTimeout.TotalSeconds:0} s");
        }
        catch (SocketException e)
        {
            throw new LoadGenException($"lost the connection to `{_address}`: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new LoadGenException($"server at `{_address}` does not speak the engine protocol: {e.Message}");
        }

        throw new LoadGenException($"server at `{_address}` sent a response larger than {_buffer.Length} bytes");
    }

    private bool TryRead(int filled, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ServerResponse? response)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(_buffer, 0, filled));
        return ResponseReader.TryReadResponse(ref reader, ProtocolLimits.Default, out response) && response is not null;
    }
}
