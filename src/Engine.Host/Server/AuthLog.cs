using Microsoft.Extensions.Logging;

namespace Engine.Host.Server;

/// <summary>
/// Log lines of the TLS handshake and the token handshake (<see cref="ConnectionAuthenticator"/>).
/// Their own event ids, so that a flood of refusals is rate-limited apart from other warnings.
/// </summary>
internal static partial class AuthLog
{
    [LoggerMessage(40, LogLevel.Warning, "refused connection from {Peer}: TLS handshake failed: {Reason}")]
    public static partial void TlsFailed(ILogger logger, string peer, string reason);

    [LoggerMessage(41, LogLevel.Warning, "refused connection from {Peer}: client certificate `{Subject}` is not on the allow-list")]
    public static partial void CertificateNotAllowed(ILogger logger, string peer, string subject);

    [LoggerMessage(42, LogLevel.Warning, "refused connection from {Peer}: {Reason}")]
    public static partial void Unauthorized(ILogger logger, string peer, string reason);

    [LoggerMessage(43, LogLevel.Information, "reloaded the auth token from {Path}")]
    public static partial void TokenReloaded(ILogger logger, string path);

    [LoggerMessage(44, LogLevel.Error, "reloading the auth token from {Path} failed: keeping the token in use")]
    public static partial void TokenReloadFailed(ILogger logger, string path, Exception exception);
}
