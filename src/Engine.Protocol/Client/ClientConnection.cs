using System.Buffers;
using System.Net.Sockets;

namespace Engine.Protocol.Client;

/// <summary>
/// One socket of an <see cref="EngineClient"/>: callers append frames to a shared batch under a
/// lock, one sender at a time writes the whole batch with one send, and the receive loop
/// (<c>ClientConnection.Receive.cs</c>) hands each answer to its slot. Once closed it stays closed;
/// the client makes a new one.
/// </summary>
internal sealed partial class ClientConnection : IThreadPoolWorkItem
{
    private readonly EngineClient _owner;
    private readonly Socket _socket;
    private readonly Stream? _tls;   // the TLS stream over the socket; null on a plain connection
    private readonly Lock _writeLock = new();
    private ArrayBufferWriter<byte> _pending = new(4096);
    private ArrayBufferWriter<byte> _spare = new(4096);
    private bool _sendScheduled;
    private bool _closed;
    private Task _receiveLoop = Task.CompletedTask;

    public ClientConnection(EngineClient owner, Socket socket, Stream? tls)
    {
        _owner = owner;
        _socket = socket;
        _tls = tls;
        _buffer = new byte[InitialReceiveBuffer];
    }

    public bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>Ends when the connection has closed and its in-flight requests have failed.</summary>
    public Task Completion => _receiveLoop;

    public void Start() => _receiveLoop = ReceiveLoopAsync();

    /// <summary>Appends a Query frame to the next batch; false when the connection has closed.</summary>
    /// <exception cref="ArgumentException">The query cannot be encoded (nothing is written).</exception>
    public bool TryWriteQuery(ulong id, string principal, string action, string resource, string? resourceAccount, IReadOnlyList<QueryContextEntry>? context)
    {
        lock (_writeLock)
        {
            if (_closed)
            {
                return false;
            }

            FrameWriter.WriteQuery(_pending, id, principal, action, resource, resourceAccount, context);
            ScheduleSend();
            return true;
        }
    }

    /// <summary>Appends a Ping or StatsRequest frame; false when the connection has closed.</summary>
    public bool TryWriteControl(FrameType type, ulong id)
    {
        lock (_writeLock)
        {
            if (_closed)
            {
                return false;
            }

            if (type == FrameType.Ping)
            {
                FrameWriter.WritePing(_pending, id);
            }
            else
            {
                FrameWriter.WriteStatsRequest(_pending, id);
            }

            ScheduleSend();
            return true;
        }
    }

    /// <summary>Closes the socket and fails every request waiting on this connection.</summary>
    public void Close(Exception reason)
    {
        lock (_writeLock)
        {
            if (_closed)
            {
                return;
            }

            Volatile.Write(ref _closed, true);
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        _socket.Dispose();
        _tls?.Dispose();
        _owner.FailInFlight(this, reason);
    }

    // PERF: batched flushes. Frames written while a send is under way wait in _pending and go out
    // together in the next send, so concurrent callers share one syscall instead of one each. The
    // sender is this object queued as a work item (no allocation) and runs one at a time.
    private void ScheduleSend()
    {
        if (!_sendScheduled)
        {
            _sendScheduled = true;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            ArrayBufferWriter<byte> batch;
            lock (_writeLock)
            {
                if (_closed || _pending.WrittenCount == 0)
                {
                    _sendScheduled = false;
                    return;
                }

                batch = _pending;
                _pending = _spare;
                _spare = batch;
            }

            try
            {
                // A blocking send: it returns as soon as the kernel has the bytes, and waits only
                // when the server stops reading, when nothing else could go out anyway.
                ReadOnlySpan<byte> unsent = batch.WrittenSpan;
                if (_tls is not null)
                {
                    _tls.Write(unsent);
                    unsent = default;
                }

                while (!unsent.IsEmpty)
                {
                    unsent = unsent[_socket.Send(unsent, SocketFlags.None)..];
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
            {
                Close(new EngineConnectionException($"the connection to the engine server at `{_owner.Address}` failed while sending", e));
                lock (_writeLock)
                {
                    _sendScheduled = false;
                }

                return;
            }
            finally
            {
                batch.ResetWrittenCount();
            }
        }
    }
}
