using Microsoft.Extensions.Logging;

namespace Engine.Host.Server;

/// <summary>The server's log lines: one per event that matters, never one per request.</summary>
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
}
