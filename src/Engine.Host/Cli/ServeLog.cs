using Microsoft.Extensions.Logging;

namespace Engine.Host.Cli;

/// <summary><c>engine serve</c>'s own log lines (the server's are in <c>Server/ServerLog.cs</c>).</summary>
internal static partial class ServeLog
{
    [LoggerMessage(101, LogLevel.Warning, "{Transport} listens on {Address}, which is not a loopback address, with neither TLS nor an auth token: anyone who can reach it can ask for any principal's decisions, learn which principals and Sids the bundle holds, and read the stats (docs/server.md, \"Running it safely\")")]
    public static partial void ExposedWithoutAuthentication(ILogger logger, string transport, string address);

    [LoggerMessage(102, LogLevel.Warning, "{Transport} listens on {Address}, which is not a loopback address, with TLS but without client authentication (--tls-client-ca; on the binary protocol also --auth-token-file): the traffic is private, but anyone who can reach it can still ask (docs/server.md, \"Running it safely\")")]
    public static partial void ExposedWithTlsOnly(ILogger logger, string transport, string address);
}
