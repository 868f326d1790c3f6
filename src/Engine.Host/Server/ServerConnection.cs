using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Net.Sockets;
using Engine.Gateway.Metrics;
using Engine.Protocol;
using Engine.Runtime.Evaluation;
using Microsoft.Extensions.Logging;

namespace Engine.Host.Server;

/// <summary>
/// One client connection: a read loop over a <see cref="PipeReader"/> that answers every complete
/// frame of a read batch into a <see cref="PipeWriter"/> and flushes once per batch. Everything a
/// request touches (pipe segments, the scratch buffer, the <see cref="AuthorizationRequest"/>, the
/// counters) is owned by the connection and reused, so a warm connection allocates nothing per request.
/// This file holds the lifecycle and the loop; <c>.Frames.cs</c> answers frames, <c>.Timeouts.cs</c>
/// enforces the idle timeout and the frame deadline.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "RunAsync always ends in CloseAsync, which disposes the socket and stream; nothing else owns the connection")]
internal sealed partial class ServerConnection
{
    private readonly DecisionServer _server;
    private readonly Socket? _socket;   // null for an in-memory transport (benchmarks)
    private readonly Stream? _stream;   // NetworkStream, or the SslStream over it (ConnectionAuthenticator)
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly ILogger _logger;
    private readonly ServerMetrics _metrics;
    private readonly PolicySourceHolder _policies;
    private readonly ProtocolLimits _limits;
    private readonly ContextValidator? _contextValidator;
    private readonly BufferedBytesBudget _budget;
    private readonly int _maxInFlight;
    private readonly int _flushThreshold;
    private readonly int _slot;
    private byte[]? _scratch;
    private AuthorizationRequest? _request;
    private Task? _pendingCompile;
    private bool _resumed;
    private volatile bool _draining;
    private bool _finSent;
    private Task _completion = Task.CompletedTask;

    public ServerConnection(DecisionServer server, Socket socket, int slot, long id, string? peer)
        : this(server, slot, id, socket, new NetworkStream(socket, ownsSocket: false), null)
    {
        Peer = peer;
    }

    /// <summary>A connection on a stream that passed the handshakes of <see cref="ConnectionAuthenticator"/> (TLS, token).</summary>
    public ServerConnection(DecisionServer server, Socket socket, Stream stream, int slot, long id, string? peer)
        : this(server, slot, id, socket, stream, null)
    {
        Peer = peer;
    }

    /// <summary>A connection over an in-memory duplex pipe: the whole frame → decision → frame path without a socket (benchmarks).</summary>
    public ServerConnection(DecisionServer server, IDuplexPipe transport, int slot, long id)
        : this(server, slot, id, null, null, transport)
    {
    }

    private ServerConnection(DecisionServer server, int slot, long id, Socket? socket, Stream? stream, IDuplexPipe? transport)
    {
        _server = server;
        _socket = socket;
        _slot = slot;
        Id = id;
        ServerOptions options = server.Options;
        _logger = server.Logger;
        _metrics = server.Metrics;
        _policies = server.Policies;
        _limits = options.Limits;
        _contextValidator = options.ContextValidator;
        _budget = server.BufferedBytes;
        _maxInFlight = options.MaxInFlight;
        _flushThreshold = options.FlushThresholdBytes;
        _stream = stream;
        _input = transport?.Input ?? PipeReader.Create(stream!, new StreamPipeReaderOptions(bufferSize: InputBufferBytes, minimumReadSize: 4 * 1024, leaveOpen: true));
        _output = transport?.Output ?? PipeWriter.Create(stream!, new StreamPipeWriterOptions(minimumBufferSize: OutputBufferBytes, leaveOpen: true));
        // Small whatever the frame limit: a larger frame gets a buffer of its own (.LargeFrames.cs).
        _scratch = ArrayPool<byte>.Shared.Rent(Math.Min(_limits.MaxFrameSize, SmallFrameBytes));
        _request = AuthorizationRequestPool.Rent();
        _lastActivity = Environment.TickCount64;
    }

    /// <summary>A number for log lines.</summary>
    public long Id { get; }

    /// <summary>Who the connection is from, when the per-peer limit counts it (<see cref="PeerConnectionLimit.PeerOf"/>).</summary>
    public string? Peer { get; }

    /// <summary>This connection's counters, indexed by <see cref="StatsCounter"/> up to <see cref="ConnectionRegistry.CountersPerConnection"/>.</summary>
    public long[] Counters { get; } = new long[ConnectionRegistry.CountersPerConnection];

    /// <summary>This connection's query durations (<c>engine_request_duration_seconds</c>), folded in at each scrape.</summary>
    public DurationTally Durations { get; } = new();

    /// <summary>Completes when the connection is closed and its slot released.</summary>
    public Task Completion => _completion;

    public void Start() => _completion = RunAsync();

    /// <summary>Asks the connection to answer what it has received, flush, and close.</summary>
    public void BeginDrain()
    {
        _draining = true;
        _input.CancelPendingRead();
    }

    private async Task RunAsync()
    {
        // Leave the accept loop at once: the first read would otherwise run on its thread.
        await Task.Yield();
        try
        {
            await ProcessAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away or the connection was aborted: nothing to answer any more.
        }
        catch (Exception e)
        {
            ServerLog.ConnectionFailed(_logger, Id, e);
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    private async Task ProcessAsync()
    {
        while (true)
        {
            ReadResult result = await _input.ReadAsync().ConfigureAwait(false);
            if (result.IsCanceled && Volatile.Read(ref _aborted) != 0)
            {
                // Aborted (an in-memory transport has no socket to close under the read). A cancel
                // without an abort is the drain's or the eviction's wake-up.
                return;
            }

            if (result.IsCanceled && Volatile.Read(ref _evicted) != 0)
            {
                // Chosen as idle longest to make room: whatever arrived since is not answered, and
                // the closing Error frame tells the client so.
                _input.AdvanceTo(result.Buffer.End);
                await SendEvictionAsync().ConfigureAwait(false);
                return;
            }

            long now = Environment.TickCount64;
            Volatile.Write(ref _lastActivity, now);
            ReadOnlySequence<byte> buffer = result.Buffer;
            SequencePosition consumed = buffer.Start;
            SequencePosition examined = buffer.End;
            BatchEnd end = BatchEnd.Empty;
            int answered = 0;
            long partialBytes = 0;
            try
            {
                end = AnswerBatch(buffer, out consumed, out answered);
                if (end is BatchEnd.Limit or BatchEnd.Compiling)
                {
                    // Complete frames are left: mark nothing more as examined so the next read returns at once.
                    examined = consumed;
                }
                else if (end == BatchEnd.Partial)
                {
                    // What has arrived of the frame in progress, for the minimum data rate.
                    partialBytes = buffer.Slice(consumed).Length;
                }
            }
            finally
            {
                _input.AdvanceTo(consumed, examined);
            }

            TrackPartialFrame(end, answered, now, partialBytes);
            if (_output.UnflushedBytes > 0)
            {
                // Backpressure: the next read waits until the client has taken these responses.
                Volatile.Write(ref _flushSince, now);
                FlushResult flushed = await _output.FlushAsync().ConfigureAwait(false);
                Volatile.Write(ref _flushSince, 0);
                if (flushed.IsCompleted)
                {
                    return;
                }
            }

            switch (end)
            {
                case BatchEnd.Close:
                    await LingerAsync().ConfigureAwait(false);
                    return;
                case BatchEnd.Limit:
                    continue;
                case BatchEnd.Compiling:
                    await AwaitCompileAsync().ConfigureAwait(false);
                    continue;
            }

            if (result.IsCompleted)
            {
                // The client closed its side; a partial frame left over can never be answered.
                return;
            }

            // Draining: every frame received has been answered; stop once the socket has nothing more.
            if (_draining && (_socket?.Available ?? 0) == 0)
            {
                return;
            }
        }
    }

    // The answers before the deferred query are flushed already; waiting here frees the thread
    // (inline mode: the socket event thread every connection shares) for the compile's duration.
    private async ValueTask AwaitCompileAsync()
    {
        Task compile = _pendingCompile!;
        _pendingCompile = null;
        try
        {
            await compile.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Reported when the query is answered: the blocking resolve throws and it gets InternalError.
        }

        _resumed = true;
    }

    // An Overloaded Error frame, request id 0 and Closing, as a connection refused on accept gets,
    // then the usual linger so that the frame is read before the close.
    private async ValueTask SendEvictionAsync()
    {
        ServerLog.Evicted(_logger, Id, Environment.TickCount64 - Volatile.Read(ref _lastActivity));
        WriteError(0, ResponseStatus.Overloaded, closing: true, "closed to make room for a new connection: idle longest"u8);
        FlushResult flushed = await _output.FlushAsync().ConfigureAwait(false);
        if (!flushed.IsCompleted)
        {
            await LingerAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After a closing Error frame: sends FIN, then reads and discards what the client is still
    /// sending until it closes too, for at most <see cref="LingerTime"/> and <see cref="LingerBytes"/>.
    /// Closing a socket with unread bytes makes the kernel reset the connection, which fails the
    /// client's pending writes and can destroy the Error frame before the client reads it.
    /// </summary>
    private async ValueTask LingerAsync()
    {
        if (_socket is null || Volatile.Read(ref _aborted) != 0)
        {
            return;
        }

        _socket.Shutdown(SocketShutdown.Send);
        _finSent = true;
        using var deadline = new CancellationTokenSource(LingerTime);
        long discarded = 0;
        try
        {
            while (discarded < LingerBytes)
            {
                ReadResult result = await _input.ReadAsync(deadline.Token).ConfigureAwait(false);
                discarded += result.Buffer.Length;
                _input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client kept the connection open past the linger time: close it anyway.
        }
    }

    private async ValueTask CloseAsync()
    {
        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
            await _input.CompleteAsync().ConfigureAwait(false);
            if (Volatile.Read(ref _aborted) == 0 && !_finSent)
            {
                // FIN after the last response, so the client reads every answer before end of stream.
                _socket?.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
        finally
        {
            _socket?.Dispose();
            if (_stream is not null)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
            if (Interlocked.Exchange(ref _scratch, null) is { } scratch)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

            ReleaseLargeFrame();
            if (Interlocked.Exchange(ref _request, null) is { } request)
            {
                AuthorizationRequestPool.Return(request);
            }

            _server.OnConnectionClosed(this, _slot);
        }
    }

    /// <summary>The longest a connection lingers after a closing Error frame.</summary>
    internal static readonly TimeSpan LingerTime = TimeSpan.FromSeconds(2);

    /// <summary>The most bytes a connection discards after a closing Error frame.</summary>
    internal const long LingerBytes = 64L * 1024 * 1024;

    /// <summary>How a batch of frames ended.</summary>
    private enum BatchEnd
    {
        /// <summary>Every byte was consumed.</summary>
        Empty,

        /// <summary>A frame is incomplete: wait for more bytes (within the frame deadline).</summary>
        Partial,

        /// <summary>The in-flight or unflushed-bytes limit was reached with complete frames left.</summary>
        Limit,

        /// <summary>Framing was lost: an Error frame was written; flush and close.</summary>
        Close,

        /// <summary>A query waits for its policy set to compile: flush, wait, then answer it.</summary>
        Compiling,
    }
}
