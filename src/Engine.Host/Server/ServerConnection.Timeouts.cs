using System.Net.Sockets;

namespace Engine.Host.Server;

// The idle timeout and the frame deadline. The read loop only writes timestamps (Environment.TickCount64,
// milliseconds); the server's periodic sweep compares them, so no timer or token is created per request.
internal sealed partial class ServerConnection
{
    private long _lastActivity;   // when the last read returned
    private long _partialSince;   // when the current incomplete frame started; 0 when none
    private long _flushSince;     // when the pending flush started; 0 when none
    private long _partialBytes;   // bytes received of the current incomplete frame
    private int _aborted;
    private int _evicted;

    /// <summary>Called by the sweep: aborts the connection when a client is too slow or idle too long.</summary>
    /// <param name="now">The sweep's <see cref="Environment.TickCount64"/>.</param>
    /// <param name="limits">The timeouts and the minimum frame rate, in milliseconds and bytes per second.</param>
    public void CheckTimeouts(long now, in SweepLimits limits)
    {
        long flushSince = Volatile.Read(ref _flushSince);
        long partialSince = Volatile.Read(ref _partialSince);
        long idleMs = limits.IdleMs;
        long deadlineMs = limits.DeadlineMs;
        if (deadlineMs >= 0 && flushSince != 0 && now - flushSince > deadlineMs)
        {
            Abort("responses not read within the frame deadline");
        }
        else if (deadlineMs >= 0 && partialSince != 0 && now - partialSince > deadlineMs)
        {
            Abort("frame not completed within the frame deadline");
        }
        else if (partialSince != 0 && limits.IsTooSlow(now - partialSince, Volatile.Read(ref _partialBytes)))
        {
            Abort("frame arriving slower than the minimum data rate");
        }
        else if (idleMs >= 0 && partialSince == 0 && flushSince == 0 && now - Volatile.Read(ref _lastActivity) > idleMs)
        {
            Abort("idle timeout");
        }
    }

    /// <summary>Closes the socket under the read loop, which then ends (used for timeouts and a stuck drain).</summary>
    /// <param name="reason">Why, for the log.</param>
    public void Abort(string reason)
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        ServerLog.Aborted(_logger, Id, reason);
        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer.
        }

        if (_socket is null)
        {
            // In-memory transport: ending the input stops the read loop.
            _input.CancelPendingRead();
        }

        _socket?.Dispose();
    }

    /// <summary>
    /// How long the connection has been idle — no frame in progress, no response waiting to be
    /// read, not closing — in milliseconds; -1 when it is busy (the eviction skips it).
    /// </summary>
    public long IdleFor(long now)
    {
        if (Volatile.Read(ref _aborted) != 0 || Volatile.Read(ref _evicted) != 0
            || Volatile.Read(ref _partialSince) != 0 || Volatile.Read(ref _flushSince) != 0)
        {
            return -1;
        }

        return now - Volatile.Read(ref _lastActivity);
    }

    /// <summary>Closes the connection to make room (see <see cref="ConnectionRegistry.TryEvictLongestIdle"/>): its loop sends a closing Overloaded Error frame.</summary>
    public void Evict()
    {
        if (Interlocked.Exchange(ref _evicted, 1) == 0)
        {
            _input.CancelPendingRead();
        }
    }

    // A deadline runs from when a frame started arriving, not from the last byte: a client that
    // dribbles one byte at a time is still cut off. Any answered frame restarts it, and the bytes
    // of the frame in progress are what the minimum data rate is measured on.
    private void TrackPartialFrame(BatchEnd end, int answered, long now, long partialBytes)
    {
        Volatile.Write(ref _partialBytes, partialBytes);
        if (end != BatchEnd.Partial)
        {
            Volatile.Write(ref _partialSince, 0);
        }
        else if (answered > 0 || Volatile.Read(ref _partialSince) == 0)
        {
            Volatile.Write(ref _partialSince, now);
        }
    }
}
