using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Engine.Protocol.Client;

/// <summary>
/// A client of the decision server over one connection. Thread-safe and pipelined: any number of
/// callers may have requests outstanding at once; each response is matched to its request by the
/// request id. When the connection ends, every outstanding request fails with an <see cref="IOException"/>.
/// This file holds connecting and sending; <c>EngineClient.Receive.cs</c> holds the response loop.
/// </summary>
public sealed partial class EngineClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeWriter _output;
    private readonly PipeReader _input;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<ServerResponse>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiveLoop;
    private long _nextRequestId;

    private EngineClient(Socket socket, ProtocolLimits limits)
    {
        _socket = socket;
        Limits = limits;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _receiveLoop = ReceiveLoopAsync();
    }

    /// <summary>The largest response frame accepted.</summary>
    public ProtocolLimits Limits { get; }

    /// <summary>Requests sent and not yet answered.</summary>
    public int Outstanding => _pending.Count;

    /// <summary>Connects to a server.</summary>
    /// <param name="address"><c>HOST:PORT</c> or <c>unix:PATH</c>.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connected client.</returns>
    public static Task<EngineClient> ConnectAsync(string address, CancellationToken cancellationToken = default) =>
        ConnectAsync(ListenAddress.Parse(address), null, cancellationToken);

    /// <summary>Connects to a server.</summary>
    /// <param name="address">Where the server listens.</param>
    /// <param name="limits">The largest response frame to accept; the protocol default when null.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connected client.</returns>
    public static async Task<EngineClient> ConnectAsync(ListenAddress address, ProtocolLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        Socket socket = address.IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address.EndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new EngineClient(socket, limits ?? ProtocolLimits.Default);
    }

    /// <summary>Asks for a decision.</summary>
    /// <param name="principal">The caller's ARN.</param>
    /// <param name="action"><c>service:Action</c>.</param>
    /// <param name="resource">The resource ARN or <c>*</c>.</param>
    /// <param name="resourceAccount">The resource's account, or null to let the server derive it.</param>
    /// <param name="context">Context entries, or null.</param>
    /// <param name="cancellationToken">Stops waiting for the answer (the request may still be decided).</param>
    /// <returns>The decision; a non-Ok status always comes with ImplicitDeny.</returns>
    /// <exception cref="IOException">The connection ended before the answer came.</exception>
    /// <exception cref="EngineServerException">The server answered with an Error frame.</exception>
    public async Task<DecisionResponse> QueryAsync(
        string principal,
        string action,
        string resource,
        string? resourceAccount = null,
        IReadOnlyList<QueryContextEntry>? context = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(resource);
        ServerResponse response = await SendAsync(
            (output, id) => FrameWriter.WriteQuery(output, id, principal, action, resource, resourceAccount, context),
            cancellationToken).ConfigureAwait(false);
        return Expect<DecisionResponse>(response);
    }

    /// <summary>Checks the server is alive and asks which policy revision it serves.</summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The pong.</returns>
    public async Task<PongResponse> PingAsync(CancellationToken cancellationToken = default) =>
        Expect<PongResponse>(await SendAsync(FrameWriter.WritePing, cancellationToken).ConfigureAwait(false));

    /// <summary>Reads the server's counters.</summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The counters.</returns>
    public async Task<StatsResponse> StatsAsync(CancellationToken cancellationToken = default) =>
        Expect<StatsResponse>(await SendAsync(FrameWriter.WriteStatsRequest, cancellationToken).ConfigureAwait(false));

    /// <summary>Closes the connection; outstanding requests fail.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_closing.IsCancellationRequested)
        {
            await _closing.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        await _receiveLoop.ConfigureAwait(false);
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
        _closing.Dispose();
    }

    private async Task<ServerResponse> SendAsync(Action<PipeWriter, ulong> write, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closing.IsCancellationRequested, this);
        ulong id = (ulong)Interlocked.Increment(ref _nextRequestId);
        var pending = new TaskCompletionSource<ServerResponse>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Registered before the frame is written, so even an instant answer finds its caller.
        _pending[id] = pending;
        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                write(_output, id);
                FlushResult flushed = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    throw new IOException("the connection to the engine server is closed");
                }
            }
            finally
            {
                _writeLock.Release();
            }

            using (cancellationToken.Register(static state => ((TaskCompletionSource<ServerResponse>)state!).TrySetCanceled(), pending))
            {
                return await pending.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private static T Expect<T>(ServerResponse response)
        where T : ServerResponse => response switch
        {
            T expected => expected,
            ErrorResponse error => throw new EngineServerException(error.Status, error.Message),
            _ => throw new InvalidDataException($"the server answered with an unexpected {response.GetType().Name}"),
        };
}
