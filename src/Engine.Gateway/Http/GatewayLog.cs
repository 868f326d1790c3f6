using Engine.Runtime.Evaluation;
using Microsoft.Extensions.Logging;

namespace Engine.Gateway.Http;

/// <summary>The gateway's log messages.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "dry run: {Transport} would have answered {Decision} for {Principal} {Action} {Resource} ({Statement})")]
    public static partial void DryRun(ILogger logger, string transport, Decision decision, string principal, string action, string resource, StatementRef? statement);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "dry run: {Transport} would have answered {Outcome}")]
    public static partial void DryRunRefused(ILogger logger, string transport, Engine.Gateway.Mapping.MappingStatus outcome);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "{Transport}: the request failed; answered as a failure (fail closed)")]
    public static partial void Failed(ILogger logger, string transport, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "{Kind} listening on {Address}")]
    public static partial void Listening(ILogger logger, string kind, string address);
}
