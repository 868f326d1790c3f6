using Microsoft.Extensions.Logging;

namespace Engine.Host.Server;

/// <summary>
/// The server's log lines: one per event that matters, never one per request; and never more than
/// <see cref="ServerOptions.LogLinesPerSecond"/> a second of one event (<see cref="RateLimitedLogger"/>).
/// </summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Information, "listening on {Address} (policy revision {Revision})")]
    public static partial void Listening(ILogger logger, string address, ulong revision);

    [LoggerMessage(2, LogLevel.Information, "stopping: answering received requests on {Connections} connections")]
    public static partial void Stopping(ILogger logger, int connections);

    [LoggerMessage(3, LogLevel.Information, "stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(4, LogLevel.Warning, "refused connection from {Remote}: {Limit} connections open")]
    public static partial void ConnectionRefused(ILogger logger, string remote, int limit);

    [LoggerMessage(5, LogLevel.Warning, "connection {Connection}: protocol error {Status}, closing")]
    public static partial void ProtocolError(ILogger logger, long connection, string status);

    [LoggerMessage(6, LogLevel.Warning, "connection {Connection}: {Reason}, aborting")]
    public static partial void Aborted(ILogger logger, long connection, string reason);

    [LoggerMessage(7, LogLevel.Warning, "connection {Connection} failed")]
    public static partial void ConnectionFailed(ILogger logger, long connection, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "accept failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "reloaded policies: revision {Previous} -> {Revision}")]
    public static partial void Reloaded(ILogger logger, ulong previous, ulong revision);

    [LoggerMessage(10, LogLevel.Information, "reload requested: the policy source has nothing to reload (revision {Revision})")]
    public static partial void ReloadNoop(ILogger logger, ulong revision);

    [LoggerMessage(11, LogLevel.Error, "reload failed, keeping revision {Revision}")]
    public static partial void ReloadFailed(ILogger logger, ulong revision, Exception exception);

    [LoggerMessage(12, LogLevel.Error, "connection {Connection}: internal error answering a query")]
    public static partial void InternalError(ILogger logger, long connection, Exception exception);

    [LoggerMessage(13, LogLevel.Warning, "refused connection from {Peer}: not on the allowed uid/gid list")]
    public static partial void PeerRefused(ILogger logger, string peer);

    [LoggerMessage(14, LogLevel.Error, "watching the bundle at {Directory} failed: polling its files every {Seconds} s instead")]
    public static partial void WatchFailed(ILogger logger, string directory, double seconds, Exception exception);

    // Written by RateLimitedLogger straight to the inner logger: never suppressed itself.
    [LoggerMessage(EventId = 15, Message = "suppressed {Count} similar lines ({EventName}, event {EventId}) in the last {Seconds} s")]
    public static partial void Suppressed(ILogger logger, LogLevel level, long count, string eventName, int eventId, double seconds);

    [LoggerMessage(16, LogLevel.Warning, "connection {Connection}: closed to make room for a new connection, idle for {IdleMs} ms")]
    public static partial void Evicted(ILogger logger, long connection, long idleMs);

    [LoggerMessage(17, LogLevel.Warning, "refused connection from {Peer}: {Limit} connections open from it")]
    public static partial void PeerLimitReached(ILogger logger, string peer, int limit);

    [LoggerMessage(18, LogLevel.Warning, "connection {Connection}: refused a frame of {FrameBytes} bytes, closing: the buffered-bytes budget has {ReservedBytes} of {BudgetBytes} bytes in use (--max-buffered-bytes)")]
    public static partial void BufferBudgetSpent(ILogger logger, long connection, int frameBytes, long reservedBytes, long budgetBytes);
}
