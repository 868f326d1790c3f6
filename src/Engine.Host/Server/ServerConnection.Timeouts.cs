using System.Net.Sockets;

namespace Engine.Host.Server;

// The idle timeout and the frame deadline. The read loop only writes timestamps (Environment.TickCount64,
// milliseconds); the server's periodic sweep compares them, so no timer or token is created per request.
internal sealed partial class ServerConnection
{
    private long _lastActivity;   // when the last read returned
    private long _partialSince;   // when the current incomplete frame started; 0 when none
    private long _flushSince;     // when the pending flush started; 0 when none
    private int _aborted;

    /// <summary>Called by the sweep: aborts the connection when a client is too slow or idle too long.</summary>
    /// <param name="now">The sweep's <see cref="Environment.TickCount64"/>.</param>
    /// <param name="idleMs">The idle timeout in milliseconds, or -1 for none.</param>
    /// <param name="deadlineMs">The frame deadline in milliseconds, or -1 for none.</param>
    public void CheckTimeouts(long now, long idleMs, long deadlineMs)
    {
        long flushSince = Volatile.Read(ref _flushSince);
        long partialSince = Volatile.Read(ref _partialSince);
        if (deadlineMs >= 0 && flushSince != 0 && now - flushSince > deadlineMs)
        {
            Abort("responses not read within the frame deadline");
        }
        else if (deadlineMs >= 0 && partialSince != 0 && now - partialSince > deadlineMs)
        {
            Abort("frame not completed within the frame deadline");
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

    // A deadline runs from when a frame started arriving, not from the last byte: a client that
    // dribbles one byte at a time is still cut off. Any answered frame restarts it.
    private void TrackPartialFrame(BatchEnd end, int answered, long now)
    {
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
